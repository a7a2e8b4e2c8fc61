"""The YAML mistakes editors make, each in a real file: every one is reported once, at the line
where it is, with its field and its fix in plain words; `make check` (tools/check.py) prints
each message once, and so does the build (tools/build.py), which then stops."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pelican.settings import read_settings

from plugins.checks.content_check.checks import check_site
from plugins.checks.content_check.messages import KINDS

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))

# A correct news item. Its lines: 1 ---, 2 title, 3 date, 4 authors, 5 summary, 6 image,
# 7 src, 8 alt, 9 ---, 10 the text.
GOOD = """---
title: Clinics open on Saturdays
date: 2026-05-06 10:00
authors: [Maria Borg]
summary: Three health centres now open on Saturday mornings.
image:
  src: images/news/online-appointment-reminders.svg
  alt: A phone showing an appointment reminder.
---
Text.
"""
SUMMARY = "Three health centres now open on Saturday mornings."
NOT_CLOSED = ("this quote is never closed — end the value with the same quote mark it starts "
              "with, on the same line")  # fmt: skip
LIST_DASH = ("this line is in a list but does not start with '- ' — start each item with '- ' "
             "(a hyphen and a space), lined up with the other items")  # fmt: skip
TOO_FAR = ("this line is indented more than the line above it — line it up with the field "
           "above; if it is the rest of the value above, put that whole value on one line, in "
           "double quotes")  # fmt: skip
DATE_TIME = "is not a real date and time — write it as YYYY-MM-DD HH:MM, like 2026-03-04 10:30"


def changed(*replacements: str) -> str:
    """The correct item with each (old, new) pair of `replacements` made once."""
    text = GOOD
    for old, new in zip(replacements[::2], replacements[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# (name, the file's text, the one message expected: line, field and what follows them)
MISTAKES = [
    ("unclosed quote", changed("title: Clinics", 'title: "Clinics'),
     f"2: title: {NOT_CLOSED}"),
    ("quote closed by the next field's quote",
     changed("title: Clinics open on Saturdays", 'title: "Clinics open on Saturdays',
             f"summary: {SUMMARY}", f'summary: "{SUMMARY}"'),
     f"2: title: {NOT_CLOSED}"),
    ("unclosed quote, Windows line ends", changed("title: Clinics", "title: 'Clinics")
     .replace("\n", "\r\n"), f"2: title: {NOT_CLOSED}"),
    ("apostrophe inside single quotes",
     changed("title: Clinics open on Saturdays", "title: 'Children's clinics open'"),
     "2: title: there is more text after the closing quote — quote the whole value, or none of "
     "it: title: \"Children's clinics open\""),
    ("colon and space in a value",
     changed("title: Clinics open on Saturdays", "title: Saturday clinics: what changes"),
     "2: title: the value holds ': ' (a colon and a space), which YAML reads as the start of a "
     'field — put the whole value in double quotes: title: "Saturday clinics: what changes"'),
    ("field indented too far", changed("  alt:", "   alt:"), f"8: image, alt: {TOO_FAR}"),
    ("field indented under the one above", changed("date:", "  date:"), f"3: date: {TOO_FAR}"),
    ("field not lined up", changed("  alt:", " alt:"),
     "8: image, alt: this line is not lined up with the lines above it — indent it exactly as "
     "much as the other fields of its group: two spaces deeper than the group's name"),
    ("tab", changed("  src:", "\tsrc:"),
     "7: image, src: a tab on this line — use spaces, not tabs, to indent"),
    ("list item without '- '",
     changed("authors: [Maria Borg]", "authors:\n  - Maria Borg\n  Mark Farrugia"),
     f"6: authors: {LIST_DASH}"),
    ("list item without a space after '-'",
     changed("authors: [Maria Borg]", "authors:\n  -Maria Borg"),
     "5: authors: the list's items need a space after the '-' — write '- ' (a hyphen and a "
     "space) before each item, like - Maria Borg"),
    ("no space after the colon", changed("summary: Three", "summary:Three"),
     f"5: summary: there is no space after the colon — write a space after it: summary: {SUMMARY}"),
    ("value starting with @ (at sign)",
     changed("summary: Three", "summary: @healthservices: three"),
     '5: summary: a value that starts with @ must be in quotes — put the whole value in double '
     'quotes, like "@…"'),
    ("value starting with ` (backtick)", changed("title: Clinics", "title: `Saturday` clinics"),
     '2: title: a value that starts with ` must be in quotes — put the whole value in double '
     'quotes, like "`…"'),
    ("value starting with # (hash)",
     changed("title: Clinics open on Saturdays", "title: #1 for clinics"),
     "2: title: the value starts with #, which YAML reads as a comment, so the field is empty — "
     'put the whole value in double quotes: title: "#1 for clinics"'),
    ("value starting with [ (bracket)",
     changed("title: Clinics open on Saturdays", "title: [Update] Clinics open"),
     "2: title: there is more text after the list's closing ] — if the value is text, put all "
     'of it in double quotes: title: "[Update] Clinics open"'),
    ("list never closed", changed("[Maria Borg]", "[Maria Borg"),
     "4: authors: this list is never closed with ] — end it on the same line, like [Maria "
     "Borg, Mark Farrugia]; if the value is text that starts with [, put all of it in double "
     "quotes"),
    ("block of text not indented", changed("summary: Three", "summary: >-\nThree"),
     "6: summary: the text after | or > is not indented — indent each of its lines two spaces "
     "deeper than the field's name"),
    ("line without a colon", changed("summary: Three", "summary Three"),
     "5: this line is not a field: there is no ': ' after a name — write it as name: value (a "
     "colon and a space after the name); if it continues the line above, indent it"),
    ("field written twice", changed("---\nText", "title: Again\n---\nText"),
     "9: title: the field is written twice, here and above; only this one would count — keep "
     "one of them and delete the other"),
    ("empty file", "",
     "1: the file is empty — write its fields (docs/content-model.md has a full example of each "
     "kind of file), or restore it from the last version"),
    ("fields without the closing ---", changed("---\nText", "Text"),
     "9: no '---' line ends the fields before this line — put a line holding only '---' between "
     "the last field and the text"),
    ("fields without the opening ---", GOOD.removeprefix("---\n"),
     "1: the file's first line is not '---' — start the file with a line holding only '---', "
     "then the fields, then another '---' line, then the text"),
    ("no fields", "---\n---\nText.\n",
     "1: there are no fields between the two '---' lines — write the fields there: title, "
     "summary and the others (docs/content-model.md has a full example)"),
    ("date that does not exist", changed("2026-05-06 10:00", "2026-05-36 10:00"),
     f"3: date: '2026-05-36 10:00' {DATE_TIME}"),
    ("date written another way", changed("2026-05-06 10:00", "06/05/2026 10:00"),
     f"3: date: '06/05/2026 10:00' {DATE_TIME}"),
    ("date that YAML reads as a number", changed("2026-05-06 10:00", "2026"),
     f"3: date: '2026' {DATE_TIME}"),
    ("number meant as text", changed("title: Clinics open on Saturdays", "title: 2026"),
     '2: title: must be text, not a whole number — write it like this: title: "2026"'),
    ("date of a later correction",
     changed("---\nText", "updates:\n  - date: 2026-05-06 12:00\n    note: One.\n"
                          "  - date: 2026-05-07\n    note: Two.\n---\nText"),
     f"12: updates, second entry, date: '2026-05-07' {DATE_TIME}"),
]  # fmt: skip


def file_of(name: str) -> str:
    """The news file of a mistake, named after it (every mistake has a file of its own)."""
    return f"news/2026/2026-05-06-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.md"


def write(content: Path, name: str, text: str) -> str:
    """Write the mistake's file; return its label, as messages begin."""
    relative = file_of(name)
    (content / relative).write_bytes(text.encode("utf-8"))
    return f"content/{relative}"


@pytest.mark.parametrize(("name", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_yaml_mistake_gets_one_message_at_its_line(content_copy, name, text, expected):
    label = write(content_copy, name, text)
    said = [str(problem) for problem in check_site(content_copy, SETTINGS)]
    assert [line for line in said if line.startswith(label + ":")] == [f"{label}:{expected}"]


def test_a_mistake_in_a_data_file_is_at_its_line(content_copy):
    mandate = content_copy / "mandate.yaml"
    lines = mandate.read_text(encoding="utf-8").split("\n")
    number = lines.index("    directorate: health-informatics") + 1
    lines[number - 1] = '    directorate: "health-informatics'
    mandate.write_text("\n".join(lines), encoding="utf-8")
    said = [str(problem) for problem in check_site(content_copy, SETTINGS)]
    assert said == [f"content/mandate.yaml:{number}: responsibilities, directorate: {NOT_CLOSED}"]


def test_check_and_build_each_print_every_message_once(content_copy, tmp_path):
    assert len({file_of(name) for name, _, _ in MISTAKES}) == len(MISTAKES)
    expected = [f"{write(content_copy, name, text)}:{message}" for name, text, message in MISTAKES]
    checked = subprocess.run([sys.executable, "tools/check.py", str(content_copy)], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    built = subprocess.run(
        [sys.executable, "tools/build.py", "--content", str(content_copy),
         "--output", str(tmp_path / "output"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"'],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    for result in (checked, built):
        said = (result.stdout + result.stderr).splitlines()
        assert result.returncode == 1, said
        assert "Traceback" not in result.stderr
        assert sorted(line for line in said if line.startswith("content/")) == sorted(expected)
    assert checked.stdout.splitlines()[-1].startswith(f"{len(MISTAKES)} error(s), 0 warning(s)")
    assert not (tmp_path / "output").exists()


def test_every_mistake_the_parser_names_can_be_told_without_the_check():
    """office_data reports a data file's parse error from its kind and detail alone."""
    parser = (ROOT / "plugins/content_model/source_reader/parse.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'"([a-z0-9-]+)"', parser)) & set(KINDS)
    assert len(kinds) >= 15
    for kind in kinds:
        KINDS[kind].what.format(detail="x")
        KINDS[kind].fix.format(detail="x")
