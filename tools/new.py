"""`make news`, `make page`, `make directorate`: start a new content file with its fields filled
in, and TODO placeholders where an editor must write. The content check refuses a file that
still holds a placeholder, so nothing half-written is published.

A news file lists, in YAML comments above `tags` and `directorates`, the topics news already
uses and the directorates it can name (their file names, with their titles); a directorate
file lists the directorates and their `order`. Comments are not fields: they may stay.

Usage: python tools/new.py news|page|directorate "The title"
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402
from pelican.utils import slugify  # noqa: E402

from plugins.content_model.source_reader.parse import ParseError, parse_source  # noqa: E402

SLUG_RULES = [
    (r"[^\w\s-]", ""),  # drop punctuation
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]


def slug_of(title: str) -> str:
    """Return a web address name for a title: ASCII, lowercase, words joined by hyphens.
    Letters of any script are transliterated ("Għal" -> "ghal", "Lương" -> "luong")."""
    return slugify(title, regex_subs=SLUG_RULES, use_unicode=False)[:60].strip("-") or "item"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- What the site already has: directorates and topics --------------------------------------


def fields_of(path: Path) -> dict:
    """The fields of a content file, or none if it cannot be read (the check says why)."""
    try:
        return parse_source(path.read_bytes()).data
    except (OSError, ParseError):
        return {}


def one_line(value) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


def directorates(content: Path) -> list[tuple[str, str, object]]:
    """(file name, title, order) of each directorate news can name: those not drafts."""
    found = []
    for path in sorted((content / "directorates").glob("*.md")):
        data = fields_of(path)
        if data.get("status") != "draft":
            found.append((path.stem, one_line(data.get("title", "")), data.get("order")))
    return found


def topics(content: Path) -> list[str]:
    """The topics (`tags`) of the news, once each, in alphabetical order."""
    used = set()
    for path in (content / "news").rglob("*.md"):
        tags = fields_of(path).get("tags")
        if isinstance(tags, list):
            used.update(one_line(tag) for tag in tags if isinstance(tag, str) and tag.strip())
    return sorted(used, key=str.casefold)


def comment(text: str, items: list[str]) -> str:
    """YAML comment lines: `text`, then the items, wrapped and indented."""
    lines = textwrap.wrap(text, 92) + ["  " + item for item in items]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def news_comments(content: Path) -> tuple[str, str]:
    """The comments above `tags` and `directorates` of a new news file."""
    used = topics(content)
    about_tags = comment(
        "tags: the topics of the news, lowercase, like [nursing, training]. Reuse the topics "
        "already used where they fit" + (":" if used else "."),
        in_lines(used),
    )
    names = directorates(content)
    about_directorates = comment(
        "directorates: the file names of the directorates the news concerns, like "
        "[nursing-services]" + (". You can use:" if names else "; there are none yet."),
        in_columns([(name, title) for name, title, _ in names]),
    )
    return about_tags, about_directorates


def in_lines(words: list[str], width: int = 88) -> list[str]:
    """`words` joined by commas into lines of at most `width` characters, never splitting
    one (a topic may hold spaces)."""
    lines = [""]
    for word in words:
        joined = f"{lines[-1]}, {word}" if lines[-1] else word
        if len(joined) + 1 > width and lines[-1]:
            lines[-1] += ","
            lines.append(word)
        else:
            lines[-1] = joined
    return [line for line in lines if line]


def in_columns(rows: list[tuple]) -> list[str]:
    """Rows of text, each column as wide as its widest cell."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(*rows, strict=True)]
    return ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]  # fmt: skip


# --- The new files ------------------------------------------------------------------------------


def news(title: str, now: dt.datetime, content: Path) -> tuple[str, str]:
    path = f"news/{now:%Y}/{now:%Y-%m-%d}-{slug_of(title)}.md"
    about_tags, about_directorates = news_comments(content)
    return (
        path,
        f"""---
title: {quoted(title)}
date: {now:%Y-%m-%d %H:%M}
authors: [TODO your name]
summary: TODO one or two sentences that say what happened and why it matters.
{about_tags}tags: []
{about_directorates}directorates: []
---
TODO the text of the news. Start headings at "## ".
""",
    )


def page(title: str, now: dt.datetime, content: Path) -> tuple[str, str]:
    review = now.date() + dt.timedelta(days=365)
    return (
        f"pages/{slug_of(title)}.md",
        f"""---
title: {quoted(title)}
summary: TODO one sentence that says what the page is for.
last_reviewed: {now:%Y-%m-%d}
next_review: {review:%Y-%m-%d}
---
TODO the text of the page. Start headings at "## ".
""",
    )


def directorate(title: str, now: dt.datetime, content: Path) -> tuple[str, str]:
    existing = sorted(directorates(content), key=order_of)
    orders = [order for _, _, order in existing if isinstance(order, int)]
    rows = [(order if isinstance(order, int) else "?", name, heading)
            for name, heading, order in existing]  # fmt: skip
    about_order = comment(
        "order: its place in lists of directorates, 1 first. The directorates now:",
        in_columns(rows),
    )
    return (
        f"directorates/{slug_of(title)}.md",
        f"""---
title: {quoted(title)}
{about_order}order: {max(orders, default=0) + 1}
summary: TODO one or two sentences that say what the directorate does.
head:
  name: TODO name
  role: TODO role
contact:
  email: TODO
  phone: TODO
functions:
  - TODO what it does, one line each
---
TODO a few paragraphs about the directorate.
""",
    )


def order_of(directorate: tuple) -> tuple:
    order = directorate[2]
    return (0, order) if isinstance(order, int) else (1, 0)


KINDS = {"news": news, "page": page, "directorate": directorate}
AFTERWARDS = {
    "news": "The topics and directorates you can use are listed in the file, above `tags` and "
    "`directorates`.",
    "directorate": "Change `order` to its place among the directorates listed above it.",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Start a new content file.")
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("title")
    parser.add_argument("--content", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    if not args.title.strip():
        print('Give a title: make news TITLE="The title"', file=sys.stderr)
        return 2
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    now = dt.datetime.now(ZoneInfo(settings["TIMEZONE"]))
    content = Path(args.content)
    relative, text = KINDS[args.kind](args.title.strip(), now, content)
    path = content / relative
    if path.exists():
        print(f"{path} already exists: choose another title, or edit that file.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Created {path}: replace every TODO, then run `make devserver` to preview it.")
    if args.kind in AFTERWARDS:
        print(AFTERWARDS[args.kind])
    return 0


if __name__ == "__main__":
    sys.exit(main())
