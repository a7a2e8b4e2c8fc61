"""docs/editing.md works as written: every `make` command it gives is a target of the Makefile,
its example message is what the check says for that mistake, and every message in its table of
common mistakes is one the check gives."""

from __future__ import annotations

import re

from conftest import ROOT
from pelican.settings import read_settings

from plugins.checks.content_check.checks import check_site
from plugins.checks.content_check.messages import KINDS

GUIDE = (ROOT / "docs/editing.md").read_text(encoding="utf-8")
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {target for line in re.findall(r"^([\w .-]+):(?!=)", text, re.M)
            for target in line.split()}  # fmt: skip


def test_every_make_command_in_the_guide_is_a_target():
    commands = set(re.findall(r"(?:`|^)make (\w[\w-]*)", GUIDE, re.M))
    assert {"devserver", "check", "news", "page", "directorate", "report"} <= commands
    assert commands <= makefile_targets()


def test_the_guides_example_message_is_the_checks(content_copy):
    example = re.search(r"```text\n(content/(\S+?):\d+:.*)\n```", GUIDE)
    path = content_copy / example[2].removeprefix("content/")
    path.write_text("---\ntitle: \"Clinics open\ndate: 2026-03-04 10:00\nauthors: [Maria Borg]\n"
                    "summary: S.\n---\nText.\n", encoding="utf-8")  # fmt: skip
    said = [str(problem) for problem in check_site(content_copy, SETTINGS)]
    assert said == [example[1]]


def test_the_guides_common_mistakes_are_messages_of_the_check():
    section = GUIDE.split("The mistakes made\nmost often:")[1]
    rows = re.findall(r"^\| (?!the check says|---)([^|]+) \|", section, re.M)
    assert len(rows) >= 5
    for said in rows:
        assert any(kind.what.startswith(said) for kind in KINDS.values()), said
