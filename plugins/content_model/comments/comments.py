"""Comments: gives each news item `comments`, the readers' comments an editor approved, oldest
first, from the files `make comments` writes in COMMENTS_PATH (content/comments/<page>.yaml:
the page's address, then each comment's id, name, date, language and text).

A comment left on any language's version of an item shows on every version, marked with
its own language. The content check (plugins/checks/content_check/comments.py) has read
and checked every file before this runs; the theme escapes every field.

Signal: `article_generator_finalized` (every item and its translations are known; the
preview sends it again after each change, so an edited file is read again).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import yaml
from pelican import signals

RUNS_AFTER = ("plugins.content_model.source_reader", "plugins.languages.translations")


class Comment(NamedTuple):
    id: str
    name: str
    date: dt.datetime
    language: str
    text: str


def comment_files(content: Path, settings: dict) -> list[Path]:
    return sorted((content / settings.get("COMMENTS_PATH", "comments")).glob("*.yaml"))


def comments_by_page(content: Path, settings: dict) -> dict[str, list[Comment]]:
    """Every approved comment, by the address of the page it was left on."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    pages: dict[str, list[Comment]] = {}
    for path in comment_files(content, settings):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pages.setdefault(data["page"], []).extend(
            Comment(str(entry["id"]), entry["name"], local_time(entry["date"], zone),
                    entry["language"], entry["text"])
            for entry in data.get("comments") or []
        )  # fmt: skip
    return pages


def local_time(text: str, zone: ZoneInfo) -> dt.datetime:
    """A comment's date as written ("2026-12-02 09:30", the site's time) as an aware time."""
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=zone)


def add_comments(generator) -> None:
    # Every news item with a page of its own: published, hidden (unlisted) and drafts (their
    # previews), in every language.
    lists = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
             "drafts_translations")  # fmt: skip
    items = [item for name in lists for item in getattr(generator, name, [])]
    by_url = {item.url: item for item in items}
    for item in items:
        item.comments = []
    for page, comments in comments_by_page(Path(generator.path), generator.settings).items():
        item = by_url.get(page)
        if item is None:
            continue  # the check reports a file whose page is not a news item
        for version in [item, *getattr(item, "translations", [])]:
            version.comments = sorted([*version.comments, *comments], key=lambda c: c.date)


def register():
    signals.article_generator_finalized.connect(add_comments)
