"""A to Z: every page of the site but the news items, and the sections of the standing pages
and directorates, by title, one page per letter (`/a-z/a/` …, and `/a-z/other/` for titles
that start with anything else) under an index (`/a-z/`). It is how readers without
JavaScript find what search would find for them. News items are left out (10,000 of them
would make a letter's page far too long) and each page says where they are: in the news
archive by year and by topic, which the A to Z lists.

Each letter's page is a direct template of its own (`a_to_z/<slug>`, in `DIRECT_TEMPLATES`;
each `theme/templates/a_to_z/<slug>.html` is one line that extends `a_to_z/letter.html`), so
that Pelican writes it, the preview serves it and the sitemap lists it as it does every other
page. `a_to_z_of(context)` makes the A to Z of any context: plugins/languages makes each
language's from its own.

Adds to the context: `A_TO_Z`, a list of `Letter`s (every letter, with its entries, made when
a page of the A to Z is first written). An entry is a dict with `title`, `url`, `kind` (a key
the templates name: office, directorates, news, directorate, page, topic, section) and, for a
section, `page` (the title of the page it is part of). Pelican has archives of articles only;
no published plugin lists pages, directorates and topics together.

Signal: `all_generators_finalized` (every page, article and tag is known by then).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby

from markupsafe import Markup
from pelican import signals

from ...languages.interface.interface import Interface, page_language_of
from ...on_demand import OnDemand

RUNS_AFTER = ("plugins.content_model.directorates",)

OTHER = "other"
# A section of a page: a second-level heading with an address (Markdown's toc extension
# gives every heading one).
SECTION = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


@dataclass
class Letter:
    """One page of the A to Z: its letter ("A", or "other"), its address, the name Pelican
    gives its page (`page_name`, which tells its template which letter it is), and its
    entries in order."""

    slug: str
    name: str
    url: str
    page_name: str
    entries: list[dict] = field(default_factory=list)


def letter_of(title: str) -> str:
    """Return the slug of the letter a title is filed under: its first letter without
    accents, lower-cased, or OTHER."""
    first = unicodedata.normalize("NFKD", title.strip()[:1].lower())[:1]
    return first if "a" <= first <= "z" else OTHER


def sort_key(entry: dict) -> tuple:
    return (unicodedata.normalize("NFKD", entry["title"]).casefold(), entry["url"])


def letters(settings: dict) -> list[Letter]:
    """Return the A to Z's letters, empty, in order, as the settings name them."""
    return [
        Letter(
            slug=slug,
            name=slug.upper() if slug != OTHER else OTHER,
            url=settings[f"A_TO_Z/{slug.upper()}_URL"],
            page_name=os.path.splitext(settings[f"A_TO_Z/{slug.upper()}_SAVE_AS"])[0],
        )
        for slug in settings["A_TO_Z_LETTERS"]
    ]


def filed(entries: list[dict], settings: dict) -> list[Letter]:
    """Return every letter with the entries filed under it, sorted by title."""
    by_slug = {letter.slug: letter for letter in letters(settings)}
    ordered = sorted(entries, key=sort_key)
    for slug, group in groupby(ordered, lambda entry: letter_of(entry["title"])):
        by_slug[slug].entries.extend(group)
    return list(by_slug.values())


def sections_of(page) -> list[dict]:
    """Return an entry for each section of a page (its second-level headings)."""
    return [
        {"title": Markup(heading).striptags(), "url": f"{page.url}#{anchor}", "kind": "section",
         "page": page.title}
        for anchor, heading in SECTION.findall(getattr(page, "text_html", "") or "")
    ]  # fmt: skip


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def by_distinctive_words(directorates: list) -> list[dict]:
    """Return a second entry for each directorate whose title starts with a word that other
    directorates' titles start with too ("Directorate Nursing Services"), filed under the
    words after it ("Nursing Services"): a reader looks for nursing under N."""
    first_words = [page.title.split(" ", 1)[0] for page in directorates]
    entries = []
    for page, first in zip(directorates, first_words, strict=True):
        rest = page.title.split(" ", 1)[1:]
        if rest and first_words.count(first) > 1:
            entries.append({"title": capitalised(rest[0]), "url": page.url, "kind": "directorate"})
    return entries


def words_of(context: dict):
    """gettext in the language of `context`, from the theme's catalogues."""
    lang = page_language_of(context, context["DEFAULT_LANG"])
    return partial(Interface(context).gettext, lang)


def site_entries(context: dict) -> list[dict]:
    """Return an entry for every public page but the news items: office, directorates (also
    by their distinctive words), standing pages, topics (by name) and the news listings;
    and for the sections of the directorates and standing pages. The site's own pages'
    titles are in the context's language."""
    _ = words_of(context)
    entries = [
        {
            "title": _("The office and its responsibilities"),
            "url": context["OFFICE_URL"],
            "kind": "office",
        },
        {"title": _("Directorates"), "url": context["DIRECTORATES_URL"], "kind": "directorates"},
        {"title": _("News"), "url": context["INDEX_URL"], "kind": "news"},
        {"title": _("News archive by year"), "url": context["ARCHIVES_URL"], "kind": "news"},
        {"title": _("News by topic"), "url": context["TAGS_URL"], "kind": "news"},
    ]
    directorates = list(context.get("DIRECTORATES", []))
    standing = [page for page in context.get("pages", []) if getattr(page, "kind", "") == "pages"]
    entries += [
        {"title": page.title, "url": page.url, "kind": "directorate"} for page in directorates
    ]
    entries += by_distinctive_words(directorates)
    entries += [{"title": page.title, "url": page.url, "kind": "page"} for page in standing]
    for page in directorates + standing:
        entries += sections_of(page)
    entries += [
        {"title": capitalised(tag.name), "url": tag.url, "kind": "topic"}
        for tag, _ in context.get("tags", [])
    ]
    return entries


def a_to_z_of(context: dict) -> OnDemand:
    """The A to Z of the pages and addresses of `context`, made when first read."""
    return OnDemand(lambda: filed(site_entries(context), context))


def add_a_to_z(generators) -> None:
    generators[0].context["A_TO_Z"] = a_to_z_of(generators[0].context)


def register():
    signals.all_generators_finalized.connect(add_a_to_z)
