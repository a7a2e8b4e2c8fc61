"""Typographic punctuation: curly quotes and apostrophes, en and em dashes, the ellipsis, so
that one quotation style runs through titles, summaries and texts.

Why our own: Python-Markdown's `smarty` extension does this with inline patterns, which
Python-Markdown tries one after another at every position of every paragraph; it made
Markdown about three times slower. Here one regular expression goes once over each piece of
text after the inline patterns have run, and code (`code`, `pre`, `kbd`, `samp`) is left as
written. The characters themselves are written, not HTML entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

LEFT_SINGLE, RIGHT_SINGLE, LEFT_DOUBLE, RIGHT_DOUBLE = "\u2018", "\u2019", "\u201c", "\u201d"
EN_DASH, EM_DASH, ELLIPSIS = "\u2013", "\u2014", "\u2026"

# What a quote opens after: the start, a space, an opening bracket or a dash.
OPENS_AFTER = set(" \t\n\u00a0([{<\u2013\u2014-/" + LEFT_SINGLE + LEFT_DOUBLE)
PUNCTUATION = re.compile(r"---|--|\.\.\.|['\"]")
CODE = {"code", "pre", "kbd", "samp", "script", "style"}


def smarten(text: str, before: str = " ") -> str:
    """Return `text` with typographic punctuation. `before` is the character that comes
    before the text on the page (a space at the start of a paragraph)."""
    if not PUNCTUATION.search(text):
        return text
    out = []
    position = 0
    for match in PUNCTUATION.finditer(text):
        start = match.start()
        out.append(text[position:start])
        previous = text[start - 1] if start else before
        out.append(replacement(match.group(), previous))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def replacement(mark: str, previous: str) -> str:
    if mark == "---":
        return EM_DASH
    if mark == "--":
        return EN_DASH
    if mark == "...":
        return ELLIPSIS
    opening = previous in OPENS_AFTER
    if mark == "'":
        return LEFT_SINGLE if opening else RIGHT_SINGLE
    return LEFT_DOUBLE if opening else RIGHT_DOUBLE


# Fields that are names of files, addresses, numbers or codes, not prose: never typeset.
NOT_PROSE = {
    "url", "link", "src", "email", "phone", "number", "slug", "status", "lang", "template",
    "save_as", "directorate", "directorates", "date", "modified", "last_reviewed",
    "next_review", "width", "height",
}  # fmt: skip


def typeset(value, key: str = ""):
    """Data (a file's fields) with typographic punctuation in its prose: every text but
    those under NOT_PROSE. Markup (rendered Markdown) is typeset already."""
    if isinstance(value, dict):
        return {name: typeset(inner, name) for name, inner in value.items()}
    if isinstance(value, list):
        return [typeset(inner, key) for inner in value]
    if isinstance(value, str) and not isinstance(value, Markup) and key not in NOT_PROSE:
        return smarten(value)
    return value


class TypographyTreeprocessor(Treeprocessor):
    """Smartens every text node outside code, after the inline patterns."""

    def run(self, root: etree.Element) -> None:
        self.smarten_element(root, " ")

    def smarten_element(self, element: etree.Element, before: str) -> str:
        """Smarten the element's text, its children and their tails; return the last
        character written (what the next text comes after)."""
        if element.tag in CODE:
            return "x"  # code ends in a character: a quote after it closes
        if element.text and not isinstance(element.text, AtomicString):
            element.text = smarten(element.text, before)
        last = element.text[-1] if element.text else before
        for child in element:
            last = self.smarten_element(child, last)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail = smarten(child.tail, last)
            last = child.tail[-1] if child.tail else last
        return last


class TypographyExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After "inline" (20) and "prettify" (10): the text is final.
        md.treeprocessors.register(TypographyTreeprocessor(md), "typography", 5)
