"""The checks of readers' comments (content/comments/<page>.yaml, written by `make comments`):
each file is well formed, names the news item the comments were left on, and every comment
has its id (once in all the files), name, date, language code and text. The files come from
the feedback service, but they reach the site through a pull request like any content, and
an editor may change them (to take one out): the check holds them to the same rules."""

from __future__ import annotations

from pathlib import Path

from .checks import (
    Problem,
    Site,
    field_name,
    label_of,
    line_of,
    published,
    read_item,
    schema_problems,
)
from .schemas import COMMENTS


def comment_files(content: Path, settings: dict) -> list[Path]:
    return sorted((content / settings.get("COMMENTS_PATH", "comments")).glob("*.yaml"))


def comment_problems(site: Site) -> list[Problem]:
    """Every comments file's problems, and those between them and the news."""
    news = {item.url for kind, item in published(site.items) if kind == "news"}
    problems, seen = [], {}
    for path in comment_files(site.content, site.settings):
        label = label_of(site.content, path)
        item = read_item(path, label, markdown=False)
        if isinstance(item, Problem):
            problems.append(item)
            continue
        own = schema_problems(item, COMMENTS)
        problems += own
        if own or not isinstance(item.data, dict):
            continue
        page = item.data["page"]
        if page not in news:
            problems.append(Problem(label, line_of(item.lines, ["page"], 1), "page",
                                    "comment-page-unknown", {"value": page}))  # fmt: skip
        # A comment's language is its words' (the schema checks it is a code), not one the site
        # must still publish: a comment in Maltese stays Maltese if the site drops Maltese.
        for index, comment in enumerate(item.data["comments"]):
            if comment["id"] in seen:
                details = {"value": comment["id"], "other": seen[comment["id"]]}
                problems.append(comment_problem(item, index, "id", "comment-duplicate-id",
                                                details))  # fmt: skip
            seen.setdefault(comment["id"], label)
    return problems


def comment_problem(item, index: int, name: str, kind: str, details: dict) -> Problem:
    """A problem with one field of the comment at `index`, at its line."""
    path = ["comments", index, name]
    return Problem(item.label, line_of(item.lines, path, 1), field_name(path), kind, details)
