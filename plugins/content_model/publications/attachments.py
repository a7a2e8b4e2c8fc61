"""Attachments: a paragraph of a news item or page that holds nothing but a link to a
document (`[Annual report 2025]({static}/documents/annual-report-2025.pdf)`) is shown as an
attachment block, as GOV.UK shows them: the link, then the document's type, size and pages,
read from the file itself (an editor never types a size by hand).

A Python-Markdown tree processor, given to the reader's Markdown (source_reader): the block
is part of the text as read, so the feeds, the search index and the preview show it as a
whole build does. A link to a document that does not exist is the content check's error.

The words of the facts line ("6 pages") come from the theme's catalogues in the item's
language, as the templates' words do; templates show the same line with the
`document_facts` filter (registered at `generator_init`).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from xml.etree import ElementTree

from jinja2 import pass_context
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from pelican import signals

from ...languages.interface.interface import Interface, page_language_of
from .documents import TYPES, DocumentFacts, FactsCache

# A link to a document as the content model writes it: from the content folder.
DOCUMENT_LINK = re.compile(r"^\{static\}/(?P<path>[a-z0-9][a-z0-9._/-]*)$")


def facts_line(facts: DocumentFacts, lang: str, interface: Interface) -> str:
    """ "PDF, 412 KB, 6 pages" in `lang`: the type, the size and, where the type has pages,
    how many."""
    _ = partial(interface.gettext, lang)
    ngettext = partial(interface.ngettext, lang)
    number = partial(interface.number, lang)
    size = facts.size
    if size < 1024:
        size_text = ngettext("%(num)s byte", "%(num)s bytes", size) % {"num": number(size)}
    elif size < 1024 * 1024:
        size_text = _("%(num)s KB") % {"num": number(round(size / 1024))}
    else:
        size_text = _("%(num)s MB") % {"num": number(round(size / (1024 * 1024), 1))}
    parts = [facts.type, size_text]
    if facts.pages:
        pages = ngettext("%(num)s page", "%(num)s pages", facts.pages)
        parts.append(pages % {"num": number(facts.pages)})
    return ", ".join(parts)


class AttachmentProcessor(Treeprocessor):
    def __init__(self, md, extension: AttachmentExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        for paragraph in list(root.iter("p")):  # blocks add paragraphs of their own
            facts = self.extension.linked_facts(paragraph)
            if facts is not None:
                self.make_block(paragraph, facts)

    def make_block(self, paragraph: ElementTree.Element, facts: DocumentFacts) -> None:
        link = paragraph[0]
        paragraph.remove(link)
        link.tail = None
        paragraph.tag = "div"
        paragraph.set("class", "attachment")
        title = ElementTree.SubElement(paragraph, "p", {"class": "attachment__title"})
        title.append(link)
        line = ElementTree.SubElement(paragraph, "p", {"class": "attachment__facts"})
        line.text = facts_line(facts, self.extension.lang, self.extension.interface)


class AttachmentExtension(Extension):
    """The reader sets `lang` to the language of the item it converts next."""

    def __init__(self, settings: dict):
        super().__init__()
        self.content = Path(settings["PATH"])
        self.folder = settings.get("PUBLICATIONS_PATH", "documents")
        self.cache = FactsCache(Path(settings["CACHE_PATH"], "publications"))
        self.interface = Interface(settings)
        self.lang = settings["DEFAULT_LANG"]

    def extendMarkdown(self, md) -> None:
        # After the inline patterns (priority 20) have made the links.
        md.treeprocessors.register(AttachmentProcessor(md, self), "attachments", 5)

    def linked_facts(self, paragraph: ElementTree.Element) -> DocumentFacts | None:
        """The facts of the document a paragraph links to, if the link is all it holds."""
        if len(paragraph) != 1 or paragraph[0].tag != "a":
            return None
        if (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
            return None
        match = DOCUMENT_LINK.match(paragraph[0].get("href", ""))
        if not match or not match["path"].startswith(self.folder + "/"):
            return None
        path = self.content / match["path"]
        if path.suffix.lower() not in TYPES or not path.is_file():
            return None  # the content check reports a link to nothing
        facts = self.cache.facts_of(path)
        return None if facts.problem else facts


def add_filter(generator) -> None:
    """`document_facts`: a publication's facts line in the page's language."""
    interface = Interface(generator.settings)

    def document_facts(context, facts: DocumentFacts) -> Markup:
        lang = page_language_of(context, generator.settings["DEFAULT_LANG"])
        return Markup(escape(facts_line(facts, lang, interface)))

    generator.env.filters["document_facts"] = pass_context(document_facts)


def register():
    signals.generator_init.connect(add_filter)
