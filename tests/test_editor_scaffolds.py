"""`make news` and `make directorate` (tools/new.py) list what the new file may name: the
directorates news can name, by file name with their titles, and the topics news already uses;
the directorates and their order. The lists are YAML comments, so the file passes the check
once its TODOs are replaced, with the lists left in."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import ROOT
from pelican.settings import read_settings

from plugins.checks.content_check.checks import (
    check_site,
    name_and_language,
    translation_language,
)
from plugins.content_model.source_reader.parse import parse_source

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
DRAFT = "---\ntitle: A directorate in the making\norder: 9\nsummary: S.\nstatus: draft\n---\nT.\n"


def new(content: Path, kind: str, title: str) -> tuple[Path, str]:
    """Run the scaffold; return the file it made and what it printed."""
    before = set(content.rglob("*.md"))
    made = subprocess.run([sys.executable, "tools/new.py", kind, title, "--content",
                           str(content)], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (path,) = set(content.rglob("*.md")) - before
    return path, made.stdout


def fields(path: Path) -> dict:
    return parse_source(path.read_bytes()).data


def listed_above(text: str, field: str) -> list[str]:
    """The items listed in the comment just above a field (the comment's indented lines)."""
    lines = text.split("\n")
    end = next(index for index, line in enumerate(lines) if line.startswith(f"{field}:"))
    start = end
    while lines[start - 1].startswith("#"):
        start -= 1
    return [line[4:] for line in lines[start:end] if line.startswith("#   ")]


def problems_of(content: Path, path: Path) -> list[str]:
    today = dt.datetime.now(ZoneInfo(SETTINGS["TIMEZONE"])).date()
    label = f"content/{path.relative_to(content).as_posix()}"
    return [str(problem) for problem in check_site(content, SETTINGS, today)
            if problem.path == label]  # fmt: skip


def originals(folder: Path) -> list[Path]:
    """The Markdown files under `folder` that are not translations (`name.mt.md`): the
    scaffolds list what the default language has."""
    return sorted(path for path in folder.rglob("*.md")
                  if translation_language(path, SETTINGS) is None)  # fmt: skip


def name_of(path: Path) -> str:
    return name_and_language(path)[0]


def test_a_new_news_file_lists_directorates_and_topics_and_passes_once_filled(content_copy):
    (content_copy / "directorates/in-the-making.md").write_text(DRAFT, encoding="utf-8")
    path, printed = new(content_copy, "news", "Saturday clinics open")
    text = path.read_text(encoding="utf-8")
    named = listed_above(text, "directorates")
    for directorate in originals(content_copy / "directorates"):
        title = fields(directorate)["title"]
        name = name_of(directorate)
        listed = any(re.fullmatch(rf"{name}\s+{re.escape(title)}", line) for line in named)
        assert listed == (name != "in-the-making"), (name, named)
    used = {tag for news in originals(content_copy / "news") if news != path
            for tag in fields(news).get("tags") or []}  # fmt: skip
    listing = " ".join(listed_above(text, "tags"))
    assert set(listing.split(", ")) == used
    assert "listed in the file" in printed
    filled = (text.replace("TODO your name", "Maria Borg")
              .replace("TODO one or two", "One or two").replace("TODO the text", "The text")
              .replace("tags: []", f"tags: [{', '.join(sorted(used)[:2])}]")
              .replace("directorates: []", "directorates: [nursing-services]"))  # fmt: skip
    path.write_text(filled, encoding="utf-8")
    assert problems_of(content_copy, path) == []
    assert fields(path)["directorates"] == ["nursing-services"]


def test_a_new_directorate_lists_the_others_with_their_order_and_comes_last(content_copy):
    path, printed = new(content_copy, "directorate", "Directorate Mental Health Services")
    text = path.read_text(encoding="utf-8")
    orders = {name_of(directorate): fields(directorate)["order"]
              for directorate in originals(content_copy / "directorates")
              if directorate != path}  # fmt: skip
    listed = [line.split()[:2] for line in listed_above(text, "order")]
    assert listed == [
        [str(order), stem] for stem, order in sorted(orders.items(), key=lambda item: item[1])
    ]
    assert fields(path)["order"] == max(orders.values()) + 1
    assert "order" in printed
    filled = re.sub(r"TODO(?= what| a few| one)", "In short,", text)
    filled = filled.replace("TODO name", "Anna Vella").replace("TODO role", "Director")
    filled = filled.replace("email: TODO", "email: mh@example.org")
    path.write_text(filled.replace("phone: TODO", 'phone: "+356 2000 0000"'), encoding="utf-8")
    assert problems_of(content_copy, path) == []
