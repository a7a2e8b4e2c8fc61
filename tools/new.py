"""`make news`, `make page`, `make directorate`: start a new content file with its fields filled
in, and TODO placeholders where an editor must write. The content check refuses a file that
still holds a placeholder, so nothing half-written is published.

A news file lists, in YAML comments above `tags` and `directorates`, the topics news already
uses and the directorates it can name (their file names, with their titles); a directorate
file lists the directorates and their `order`. Comments are not fields: they may stay.

`--translate FILE --language mt` starts a translation of an existing item instead: the file
`name.mt.md` beside it, a copy of it with a TODO at the top of the text, so the check refuses
it until it is translated.

Usage: python tools/new.py news|page|directorate "The title"
       python tools/new.py news|page|directorate --translate content/pages/contact.md --language mt
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402
from pelican.utils import slugify  # noqa: E402

from plugins.checks.content_check.checks import (  # noqa: E402
    LINK,
    Site,
    name_and_language,
    read_site,
    translation_language,
)
from plugins.checks.content_check.messages import PLACEHOLDER  # noqa: E402
from plugins.content_model.source_reader.originals import (  # noqa: E402
    SAME_IN_EVERY_LANGUAGE,
    SAME_PICTURE_FIELDS,
)
from plugins.content_model.source_reader.parse import ParseError, parse_source  # noqa: E402

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))

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
    """(file name, title, order) of each directorate news can name: those not drafts (their
    originals: a translation is named after its original)."""
    found = []
    for path in sorted((content / "directorates").glob("*.md")):
        data = fields_of(path)
        if data.get("status") != "draft" and translation_language(path, SETTINGS) is None:
            name = name_and_language(path)[0]
            found.append((name, one_line(data.get("title", "")), data.get("order")))
    return found


def topics(content: Path) -> list[str]:
    """The topics (`tags`) of the news in the default language, once each, in alphabetical
    order (each language has its own topics)."""
    used = set()
    for path in (content / "news").rglob("*.md"):
        original = translation_language(path, SETTINGS) is None
        tags = fields_of(path).get("tags") if original else None
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


def pages_by_address(content: Path, settings: dict) -> dict[str, Path]:
    """Every item of the site by its address, as the content check finds them."""
    site = Site(content, settings, dt.date.today())
    read_site(site)
    return {item.url: item.path for kind, item in site.items if kind != "data"}


def linked_by_file(text: str, original: Path, lang: str, content: Path, settings: dict) -> str:
    """The text with each relative link to a page of the site written as a link to its
    file ({filename}/pages/privacy.mt.md): a translation is at another address than its
    original, where the same relative link would lead elsewhere. The file is the page's
    translation into `lang` where there is one."""
    by_address = pages_by_address(content, settings)
    here = next((url for url, path in by_address.items() if path == original), "")

    def by_file(link: re.Match) -> str:
        target = link["target"]
        if re.match(r"[a-z][a-z0-9+.-]*:|[#{/<]", target):
            return link[0]
        address, _, anchor = urljoin("/" + here, target).lstrip("/").partition("#")
        path = by_address.get(address)
        if path is None:
            return link[0]
        translated = path.with_name(f"{name_and_language(path)[0]}.{lang}.md")
        path = translated if translated.exists() else path
        file = "{filename}/" + path.relative_to(content).as_posix()
        return link[0].replace(f"({target}", f"({file}" + (f"#{anchor}" if anchor else ""), 1)

    return LINK.sub(by_file, text)


def translation(original: Path, lang: str, content: Path, settings: dict) -> tuple[Path, str]:
    """The path and first text of a translation of `original` into `lang`: the original's
    fields and text, to translate in place, below a note saying what to keep."""
    name = settings["LANGUAGE_NAMES"].get(lang, lang)
    text = linked_by_file(original.read_text(encoding="utf-8"), original, lang, content,
                          settings)  # fmt: skip
    front, separator, body = text.partition("\n---\n")
    front = without_fields_left_to_the_original(front)
    note = (f"# The translation into {name} of {original.name}.\n"
            "# Translate every value here and the text. The date, authors, directorates,\n"
            "# the picture's file and the other fields that are not words are the\n"
            "# original's: they are left out. Give it its own address in this language\n"
            f"# with a slug field if you wish (slug: a-name-in-{lang}).\n")  # fmt: skip
    todo = f"{PLACEHOLDER}: translate this file into {name}, then delete this line.\n\n"
    first, _, rest = front.partition("\n")
    return original.with_name(f"{name_and_language(original)[0]}.{lang}.md"), (
        f"{first}\n{note}{rest}{separator}{todo}{body}"
    )


def without_fields_left_to_the_original(front: str) -> str:
    """The original's fields, as written, without those a translation takes from it
    (originals.py): each such top-level field with its indented lines, and the picture's
    file and size."""
    lines = front.split("\n")
    kept, dropping = [], False
    for line in lines:
        top = re.match(r"([A-Za-z_]\w*):", line)
        if top:
            dropping = top[1] in SAME_IN_EVERY_LANGUAGE
        elif dropping and (line[:1] in (" ", "\t") or line.startswith("- ")):
            continue
        if dropping or re.match(rf"[ \t]+({'|'.join(SAME_PICTURE_FIELDS)}):", line):
            continue
        kept.append(line)
    return "\n".join(kept)


def start_translation(args, settings: dict) -> int:
    original = Path(args.translate)
    languages = settings["LANGUAGES"][1:]
    if args.language not in languages:
        print(f"--language: use one of {', '.join(languages)}", file=sys.stderr)
        return 2
    if not original.is_file() or translation_language(original, settings) is not None:
        print(f"{original}: give the original's file, like content/pages/contact.en.md",
              file=sys.stderr)  # fmt: skip
        return 2
    path, text = translation(original, args.language, Path(args.content), settings)
    if path.exists():
        print(f"{path} already exists: edit that file.", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"Created {path}: translate it and delete the TODO line, then run `make devserver`.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Start a new content file.")
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("title", nargs="?", default="")
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--translate", help="the original of a translation to start")
    parser.add_argument("--language", help="the language of the translation, like mt")
    args = parser.parse_args(argv)
    if args.translate:
        return start_translation(args, SETTINGS)
    if not args.title.strip():
        print('Give a title: make news TITLE="The title"', file=sys.stderr)
        return 2
    settings = SETTINGS
    now = dt.datetime.now(ZoneInfo(settings["TIMEZONE"]))
    content = Path(args.content)
    relative, text = KINDS[args.kind](args.title.strip(), now, content)
    # Named with its language, as the browser editor names files (docs/cms.md).
    path = content / f"{relative.removesuffix('.md')}.{settings['DEFAULT_LANG']}.md"
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
