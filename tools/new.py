"""`make news`, `make page`, `make directorate`: start a new content file with its fields filled
in, and TODO placeholders where an editor must write. The content check refuses a file that
still holds a placeholder, so nothing half-written is published.

Usage: python tools/new.py news|page|directorate "The title"
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent.parent
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


def news(title: str, now: dt.datetime) -> tuple[str, str]:
    path = f"news/{now:%Y}/{now:%Y-%m-%d}-{slug_of(title)}.md"
    return (
        path,
        f"""---
title: {quoted(title)}
date: {now:%Y-%m-%d %H:%M}
authors: [TODO your name]
summary: TODO one or two sentences that say what happened and why it matters.
tags: []
directorates: []
---
TODO the text of the news. Start headings at "## ".
""",
    )


def page(title: str, now: dt.datetime) -> tuple[str, str]:
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


def directorate(title: str, now: dt.datetime) -> tuple[str, str]:
    return (
        f"directorates/{slug_of(title)}.md",
        f"""---
title: {quoted(title)}
order: 99
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


KINDS = {"news": news, "page": page, "directorate": directorate}


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
    relative, text = KINDS[args.kind](args.title.strip(), now)
    path = Path(args.content) / relative
    if path.exists():
        print(f"{path} already exists: choose another title, or edit that file.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Created {path}: replace every TODO, then run `make devserver` to preview it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
