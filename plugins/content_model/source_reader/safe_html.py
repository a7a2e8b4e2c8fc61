"""The HTML that content may publish: an allow-list of elements, attributes, classes and
address schemes, applied by nh3 (the Python binding of the Rust sanitiser ammonia) to every
piece of HTML made from what an editor wrote: each text, and the Markdown fields of the data
files. Anything else (scripts, styles, frames, forms, meta refreshes, event handlers, `data:`
and `javascript:` addresses, however encoded) is removed. The content check reports, with
its line, what would be removed (`removed`), so editors learn; the build never publishes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# What our content model needs: text, headings below the page's own h1, lists, links,
# pictures, tables, quotations, code, and what Markdown's footnotes and contents list make.
TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "em", "strong", "b", "i", "code", "pre", "kbd", "samp", "blockquote", "q", "cite",
    "abbr", "sub", "sup", "small", "mark", "del", "ins", "s", "span", "time",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "col", "colgroup",
    "img", "figure", "figcaption", "div", "wbr",
}  # fmt: skip
EVERYWHERE = {"lang", "dir", "title", "id"}
ATTRIBUTES = {
    "*": EVERYWHERE,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
}
# The classes Markdown's footnotes, contents list and attachment blocks set (ammonia then
# allows `class` on these elements, with these values only).
CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote", "toc", "attachment"},
    "p": {"attachment__title", "attachment__facts"},
    "sup": {"footnote-ref"},
}
# Addresses without a scheme (this site's own pages and files) are kept.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed with everything inside them, not just their tags.
REMOVED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "svg",
                        "math", "select", "textarea"}  # fmt: skip


def sanitise(html: str) -> str:
    """The HTML with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=URL_SCHEMES,
        allowed_classes=CLASSES,
        link_rel=None,
        strip_comments=True,
    )


@dataclass(frozen=True)
class Removal:
    """Something the sanitiser removes: an element, or an attribute of one."""

    tag: str
    attribute: str = ""

    def __str__(self) -> str:
        if self.attribute.startswith("class "):
            return f'<{self.tag} class="{self.attribute[6:]}">'
        return f"<{self.tag} {self.attribute}=…>" if self.attribute else f"<{self.tag}>"


class StartTags(HTMLParser):
    """The elements of an HTML fragment and the attributes each has (classes one by one)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: Counter = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found[Removal(tag)] += 1
        for name, value in attrs:
            if name == "class":
                for one in (value or "").split():
                    self.found[Removal(tag, f"class {one}")] += 1
            else:
                self.found[Removal(tag, name)] += 1

    handle_startendtag = handle_starttag


def removed(html: str) -> list[Removal]:
    """What `sanitise` removes from `html`: each element once, and each attribute of the
    elements it keeps, in the order they come."""
    kept = StartTags(sanitise(html)).found
    found = StartTags(html).found
    gone = [removal for removal, count in found.items() if kept[removal] < count]
    elements = {removal.tag for removal in gone if not removal.attribute}
    return [removal for removal in gone if not removal.attribute or removal.tag not in elements]
