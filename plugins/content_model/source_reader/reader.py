"""The reader of content/*.md: the fields with the one front-matter parser (parse.py), the
text with Python-Markdown and the site's MARKDOWN settings plus typographic punctuation
(typography.py), then sanitised (safe_html.py).

Why our own rather than pelican-yaml-metadata: the content check must read a file exactly
as the build does (the same end of the fields, the same YAML, aliases refused), so both use
one parser; and `summary` is plain text in our content model, escaped here rather than
rendered as Markdown.
"""

from __future__ import annotations

import datetime as dt

import markdown
from markupsafe import Markup, escape
from pelican.contents import Category, Tag
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from .contact_links import ContactLinkExtension
from .parse import parse_source
from .safe_html import sanitise
from .typography import TypographyExtension, smarten, typeset

# Fields whose text readers see as typeset prose: curly quotes and dashes.
TYPESET_FIELDS = ("title",)
# Fields that hold a day (YYYY-MM-DD), as dates.
DATE_FIELDS = ("last_reviewed", "next_review")


def markdown_of(settings: dict) -> markdown.Markdown:
    """A Markdown converter with the site's MARKDOWN settings and typographic punctuation.
    Office data (plugins/content_model/office_data) renders its Markdown fields with it too."""
    config = settings.get("MARKDOWN", {})
    extension_configs = config.get("extension_configs", {})
    return markdown.Markdown(
        extensions=[*extension_configs, ContactLinkExtension(), TypographyExtension()],
        extension_configs=extension_configs,
        output_format=config.get("output_format", "html5"),
    )


def date_of(text: str) -> SafeDatetime:
    """A checked 'YYYY-MM-DD HH:MM[:SS]' as Pelican's datetime (the time zone is added by
    Pelican from TIMEZONE, as for any date it reads)."""
    return SafeDatetime.fromisoformat(str(text).strip())


def metadata_of(data: dict, settings: dict) -> dict:
    """Pelican's metadata from a file's checked fields."""
    metadata = {}
    for name, value in data.items():
        name = name.lower()
        if value is None:
            continue
        if name == "tags":
            value = [Tag(smarten(str(tag).strip()), settings) for tag in as_list(value)]
        elif name == "authors":
            # Shown as the byline; not Pelican's authors, whose pages the site does not
            # have (every item's Pelican author is the office, AUTHOR).
            name, value = "byline", [smarten(str(author).strip()) for author in as_list(value)]
        elif name == "category":
            value = Category(str(value).strip(), settings)
        elif name in ("date", "modified"):
            value = date_of(value)
        elif name in DATE_FIELDS:
            value = dt.date.fromisoformat(str(value).strip())
        elif name == "summary":
            # Plain text: escaped once here, so feeds and templates receive safe HTML.
            value = Markup(escape(smarten(str(value).strip())))
        elif name in TYPESET_FIELDS:
            value = smarten(str(value).strip())
        elif name in ("slug", "status", "save_as", "url", "lang", "template"):
            value = str(value).strip()
        else:
            value = typeset(value, name)  # the other fields' prose (head, functions, image…)
        metadata[name] = value
    return metadata


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


class SourceReader(BaseReader):
    """Reads a Markdown file with YAML fields."""

    enabled = True
    file_extensions = ("md",)

    def __init__(self, settings):
        super().__init__(settings)
        self.markdown = markdown_of(settings)

    def read(self, source_path):
        with open(source_path, "rb") as source_file:
            source = parse_source(source_file.read())
        content = sanitise(self.markdown.reset().convert(source.body))
        metadata = metadata_of(source.data, self.settings)
        # The text as read, before Pelican rewrites its links for each page that shows it:
        # for plugins that need its words (the search index). The same string, not a copy.
        metadata["text_html"] = content
        # The text's sections, for a contents list on long pages.
        metadata["sections"] = [
            {"id": token["id"], "name": token["name"]}
            for token in self.markdown.toc_tokens
            if token["level"] == 2
        ]
        return content, metadata
