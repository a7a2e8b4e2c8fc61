"""The editors' guides and the check agree on every limit: the lengths and the picture size the
check warns about are the ones docs/content-model.md, docs/editing.md and docs/reference.md
state, and the check warns just beyond them, not before."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from pelican.settings import read_settings

from plugins.checks.content_check.checks import LIMITS, PICTURE_LIMIT_KB, check_site

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
GUIDES = ["docs/content-model.md", "docs/editing.md", "docs/reference.md"]
NEWS = "news/2026/2026-05-06-limits.md"


def stated_lengths(text: str) -> set[tuple[str, int]]:
    """(field, number) for each "N characters" a guide states: the field is the last one
    named in backquotes before it."""
    stated = set()
    for number in re.finditer(r"(\d+)\s+characters", text):
        names = re.findall(r"`(\w+)`", text[max(0, number.start() - 200) : number.start()])
        stated.add((names[-1] if names else "", int(number[1])))
    return stated


@pytest.mark.parametrize("guide", GUIDES)
def test_every_length_a_guide_states_is_the_checks(guide):
    stated = stated_lengths((ROOT / guide).read_text(encoding="utf-8"))
    assert stated, f"{guide} states no length"
    assert stated <= set(LIMITS.items()), f"{guide} states {stated}, the check has {LIMITS}"
    assert {name for name, _ in stated} == set(LIMITS), f"{guide} leaves a limit out"


@pytest.mark.parametrize("guide", GUIDES)
def test_every_picture_size_a_guide_states_is_the_checks(guide):
    sizes = re.findall(r"(\d+)\s*KB", (ROOT / guide).read_text(encoding="utf-8"))
    assert sizes and set(sizes) == {str(PICTURE_LIMIT_KB)}, (guide, sizes)


def news_with(title: str, summary: str) -> str:
    return (f'---\ntitle: "{title}"\ndate: 2026-05-06 10:00\nauthors: [Maria Borg]\n'
            f'summary: "{summary}"\n---\nText.\n')  # fmt: skip


def warnings_for(content, title: str, summary: str) -> list[str]:
    (content / NEWS).write_text(news_with(title, summary), encoding="utf-8")
    return [str(problem) for problem in check_site(content, SETTINGS) if NEWS in problem.path]


def test_the_check_warns_just_beyond_each_length(content_copy):
    title, summary = LIMITS["title"], LIMITS["summary"]
    assert warnings_for(content_copy, "t" * title, "s" * summary) == []
    assert warnings_for(content_copy, "t" * (title + 1), "s" * (summary + 1)) == [
        f"content/{NEWS}:2: title: warning: the title is {title + 1} characters long — keep "
        f"titles to {title} characters or fewer",
        f"content/{NEWS}:5: summary: warning: the summary is {summary + 1} characters long — "
        f"keep it to {summary} characters or fewer",
    ]


def test_the_check_warns_about_a_large_photograph_only(content_copy):
    pictures = content_copy / "images/news"
    (pictures / "small.jpg").write_bytes(b"\xff\xd8" + b"x" * (PICTURE_LIMIT_KB * 1024 - 2))
    (pictures / "large.jpg").write_bytes(b"\xff\xd8" + b"x" * ((PICTURE_LIMIT_KB + 1) * 1024))
    (pictures / "large-drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">' + " " * ((PICTURE_LIMIT_KB + 1) * 1024)
        + "</svg>", encoding="utf-8")  # fmt: skip
    said = [str(problem) for problem in check_site(content_copy, SETTINGS)]
    assert said == [
        f"content/images/news/large.jpg:1: warning: the picture is {PICTURE_LIMIT_KB + 1} KB — "
        f"keep photographs under {PICTURE_LIMIT_KB} KB: export it again smaller, about 1200 "
        "pixels wide"
    ]
