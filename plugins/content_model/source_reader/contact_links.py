"""Phone numbers and e-mail addresses in texts, as readers need them:

- a phone number written the international way (+356 2000 1450) becomes a `tel:` link, so
  that a reader on a phone can call it by tapping it (a short number such as 112 is linked
  by writing the link: [112](tel:112));
- an e-mail address becomes a `mailto:` link, and the text of every e-mail link may break
  only after its "@" and before its dots (<wbr>), never in the middle of a word.

Why our own: no Python-Markdown extension does either. A treeprocessor, after the inline
patterns: text inside code is left alone, and so are numbers and addresses already linked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

PHONE_NUMBER = r"(?<![\w+])\+\d{1,3}(?:[ \u00a0-]?\d){6,14}(?![\w-])"
EMAIL_ADDRESS = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<!\.)"
CONTACT = re.compile(f"(?P<phone>{PHONE_NUMBER})|(?P<email>{EMAIL_ADDRESS})")
LEFT_ALONE = {"a", "code", "pre", "kbd", "samp", "script", "style"}


def breakable(link: etree.Element, address: str) -> None:
    """Put `address` into `link` as text with <wbr> after "@" and before each dot."""
    pieces = re.split(r"(?<=@)|(?=\.)", address)
    link.text = AtomicString(pieces[0])
    for piece in pieces[1:]:
        opportunity = etree.SubElement(link, "wbr")
        opportunity.tail = AtomicString(piece)


def contact_link(match: re.Match, tail: str) -> etree.Element:
    text = match.group()
    if match["phone"]:
        link = etree.Element("a", {"href": "tel:" + re.sub(r"[^\d+]", "", text)})
        link.text = AtomicString(text)
    else:
        link = etree.Element("a", {"href": "mailto:" + text})
        breakable(link, text)
    link.tail = tail
    return link


def split_contacts(text: str) -> tuple[str, list[etree.Element]] | None:
    """The text before the first number or address, and a link for each (each with the
    text after it as its tail); None if the text has none."""
    matches = list(CONTACT.finditer(text))
    if not matches:
        return None
    links = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        links.append(contact_link(match, text[match.end() : end]))
    return text[: matches[0].start()], links


class ContactLinkTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.link_contacts(root)

    def link_contacts(self, element: etree.Element) -> None:
        if element.tag == "a" and element.get("href", "").startswith("mailto:"):
            if len(element) == 0 and element.text and "@" in element.text:
                breakable(element, element.text)
            return
        if element.tag in LEFT_ALONE:
            return
        children = list(element)
        if element.text and not isinstance(element.text, AtomicString):
            found = split_contacts(element.text)
            if found:
                element.text, links = found
                for position, link in enumerate(links):
                    element.insert(position, link)
        for child in children:
            self.link_contacts(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                found = split_contacts(child.tail)
                if found:
                    child.tail, links = found
                    position = list(element).index(child) + 1
                    for offset, link in enumerate(links):
                        element.insert(position + offset, link)


class ContactLinkExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After "inline" (20) and "prettify" (10), before typography (5).
        md.treeprocessors.register(ContactLinkTreeprocessor(md), "contact_links", 6)
