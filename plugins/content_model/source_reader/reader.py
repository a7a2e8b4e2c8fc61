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
import glob
import os
import re
from pathlib import Path

import markdown
from markupsafe import Markup, escape
from pelican.contents import Category, Tag
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime, slugify

from ..publications.attachments import AttachmentExtension
from .contact_links import ContactLinkExtension
from .originals import original_fields, original_of, with_original_fields
from .parse import parse_source
from .safe_html import sanitise
from .typography import TypographyExtension, smarten, typeset

# Fields whose text readers see as typeset prose: curly quotes and dashes.
TYPESET_FIELDS = ("title",)
# Fields that hold a day (YYYY-MM-DD), as dates.
DATE_FIELDS = ("last_reviewed", "next_review")


# How a heading's id is made from its words, as addresses are (tools/new.py).
HEADING_ID_RULES = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's id: its words in ASCII letters, lowercase, joined by hyphens ("Ilmenti
    dwar is-saħħa" -> "ilmenti-dwar-is-sahha"). The toc extension's own drops every letter
    that Unicode does not write as a plain letter and an accent: ħ, għ, đ."""
    return slugify(text, regex_subs=HEADING_ID_RULES, use_unicode=False)


def markdown_of(settings: dict, *extensions) -> markdown.Markdown:
    """A Markdown converter with the site's MARKDOWN settings and typographic punctuation.
    Office data (plugins/content_model/office_data) renders its Markdown fields with it too."""
    config = settings.get("MARKDOWN", {})
    extension_configs = dict(config.get("extension_configs", {}))
    toc = "markdown.extensions.toc"
    if toc in extension_configs:
        extension_configs[toc] = {**extension_configs[toc], "slugify": heading_id}
    return markdown.Markdown(
        extensions=[*extension_configs, ContactLinkExtension(), TypographyExtension(), *extensions],
        extension_configs=extension_configs,
        output_format=config.get("output_format", "html5"),
    )


def date_of(text: str) -> SafeDatetime:
    """A checked 'YYYY-MM-DD HH:MM[:SS]' as Pelican's datetime (the time zone is added by
    Pelican from TIMEZONE, as for any date it reads)."""
    return SafeDatetime.fromisoformat(str(text).strip())


# A translation's file name: the original's name, then the language's code (`contact.mt.md`).
# The original's own name may carry the default language's code (`contact.en.md`).
TRANSLATION_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>[a-z]{2,3})$")


def names_of(source_path: str, settings: dict) -> dict:
    """The metadata a file's name gives: `translation_key` (the original's path under the
    content folder, without the language; one for the original and all its translations,
    by which plugins/languages/translations groups the news and Pelican the pages,
    PAGE_TRANSLATION_ID) and, for a translation
    (`name.<lang>.md`), its `lang` and the original's slug, which the translation's own
    `slug` field may replace. An original may carry the default language's code too
    (`name.en.md`): the browser editor names every language's file so (docs/cms.md)."""
    relative = os.path.relpath(source_path, settings["PATH"])
    stem = os.path.splitext(relative)[0]
    translation = TRANSLATION_NAME.match(os.path.basename(stem))
    if not translation:
        return {"translation_key": stem.replace(os.sep, "/")}
    name = translation["name"]
    key = os.path.join(os.path.dirname(stem), name).replace(os.sep, "/")
    by_name = re.match(settings.get("FILENAME_METADATA") or "(?!)", name)
    slug = by_name.groupdict().get("slug") if by_name else None
    slug = slug or slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return {"translation_key": key, "lang": translation["lang"], "slug": slug}


def item_name(path: Path) -> str:
    """A source's name without its language and `.md` ("contact" for contact.mt.md)."""
    stem = path.name.removesuffix(".md")
    match = TRANSLATION_NAME.match(stem)
    return match["name"] if match else stem


def files_of_item(path: Path) -> set[Path]:
    """Every file there is of the item the source at `path` is a version of, in any
    language, beside it (name.md, name.en.md, name.mt.md…): a translation is read with its
    original's fields, so a change to one is a change to all (the preview reads and checks
    them again)."""
    name = item_name(path)
    candidates = [path.with_name(f"{name}.md"), *path.parent.glob(f"{glob.escape(name)}.*.md")]
    return {candidate for candidate in candidates
            if item_name(candidate) == name and candidate.is_file()}  # fmt: skip


def translation_not_started(data: dict, body: str) -> bool:
    """Whether a translation's file holds no translation yet: no title and no text, only the
    fields the browser editor copies from the original (date, directorates…) when it saves
    an item in every language. Such a file is not published (Pelican's status `skip`); the
    content check warns and `make report` lists its item as not translated."""
    return not data.get("title") and not body.strip()


def tag_settings(settings: dict, lang: str | None) -> dict:
    """The settings a tag of an item in `lang` is made with: a language's topics have their
    own pages, under the language's folder (`mt/news/tags/…`)."""
    if not lang or lang == settings["DEFAULT_LANG"]:
        return settings
    return {**settings, "TAG_URL": f"{lang}/{settings['TAG_URL']}",
            "TAG_SAVE_AS": f"{lang}/{settings['TAG_SAVE_AS']}"}  # fmt: skip


def metadata_of(data: dict, settings: dict) -> dict:
    """Pelican's metadata from a file's checked fields."""
    metadata = {}
    for name, value in data.items():
        name = name.lower()
        if value is None:
            continue
        if name == "tags":
            in_language = tag_settings(settings, str(data.get("lang") or "") or None)
            value = [Tag(smarten(str(tag).strip()), in_language) for tag in as_list(value)]
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
        # Links to documents alone in a paragraph become attachment blocks (publications).
        self.attachments = AttachmentExtension(settings)
        self.markdown = markdown_of(settings, self.attachments)

    def read(self, source_path):
        with open(source_path, "rb") as source_file:
            source = parse_source(source_file.read())
        names = names_of(source_path, self.settings)
        default = self.settings["DEFAULT_LANG"]
        data = source.data
        if names.get("lang", default) != default:  # a translation
            if translation_not_started(source.data, source.body):
                return "", {**names, "status": "skip"}
            original = original_of(source_path, item_name(Path(source_path)), default)
            data = with_original_fields(data, original_fields(original))
        data = {**data, "lang": names["lang"]} if "lang" in names else data
        self.attachments.lang = str(data.get("lang") or default)
        content = sanitise(self.markdown.reset().convert(source.body))
        metadata = {**names, **metadata_of(data, self.settings)}
        # The text as read, before Pelican rewrites its links for each page that shows it:
        # for plugins that need its words (the search index). The same string, not a copy.
        metadata["text_html"] = content
        # The text's sections, for a contents list on long pages.
        metadata["sections"] = [
            {"id": token["id"], "name": smarten(token["name"])}
            for token in self.markdown.toc_tokens
            if token["level"] == 2
        ]
        return content, metadata
