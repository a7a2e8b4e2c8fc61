"""A to Z: the list of every public page of the site by title, grouped by first letter, for
the `/a-z/` page. It is how readers without JavaScript find what search would find for them.

Adds to the context: `A_TO_Z`, a list of (letter, entries), each entry a dict with `title`,
`url` and `kind`, made when the A to Z page is written. Pelican has archives of articles
only; no published plugin lists pages, directorates and topics together.

Signal: `all_generators_finalized` (every page, article and tag is known by then).
"""

from __future__ import annotations

import unicodedata
from itertools import groupby

from pelican import signals

from ...on_demand import OnDemand

RUNS_AFTER = ("plugins.content_model.directorates",)

OTHER = "#"


def letter_of(title: str) -> str:
    """Return the letter a title is filed under: its first letter without accents, or '#'."""
    first = unicodedata.normalize("NFKD", title.strip()[:1].upper())[:1]
    return first if "A" <= first <= "Z" else OTHER


def sort_key(entry: dict) -> tuple:
    letter = letter_of(entry["title"])
    return (letter == OTHER, letter, unicodedata.normalize("NFKD", entry["title"]).casefold())


def grouped(entries: list[dict]) -> list[tuple[str, list[dict]]]:
    """Return the entries sorted by title and grouped by the letter each is filed under."""
    ordered = sorted(entries, key=sort_key)
    return [
        (letter, list(items)) for letter, items in groupby(ordered, lambda e: letter_of(e["title"]))
    ]


def site_entries(context: dict) -> list[dict]:
    """Return an entry for every public page: office, directorates, standing pages, news,
    topics and the news listings."""
    entries = [
        {
            "title": "The office and its responsibilities",
            "url": context["OFFICE_URL"],
            "kind": "Office",
        },
        {"title": "Directorates", "url": context["DIRECTORATES_URL"], "kind": "Directorates"},
        {"title": "News", "url": context["INDEX_URL"], "kind": "News"},
        {"title": "News archive by year", "url": context["ARCHIVES_URL"], "kind": "News"},
        {"title": "News by topic", "url": context["TAGS_URL"], "kind": "News"},
    ]
    entries += [
        {"title": page.title, "url": page.url, "kind": "Directorate"}
        for page in context.get("DIRECTORATES", [])
    ]
    entries += [
        {"title": page.title, "url": page.url, "kind": "Page"}
        for page in context.get("pages", [])
        if getattr(page, "kind", "") == "pages"
    ]
    entries += [
        {"title": f"News about {tag.name}", "url": tag.url, "kind": "Topic"}
        for tag, _ in context.get("tags", [])
    ]
    entries += [
        {"title": article.title, "url": article.url, "kind": f"News, {article.date.year}"}
        for article in context.get("articles", [])
    ]
    return entries


def add_a_to_z(generators) -> None:
    context = generators[0].context
    context["A_TO_Z"] = OnDemand(lambda: grouped(site_entries(context)))


def register():
    signals.all_generators_finalized.connect(add_a_to_z)
