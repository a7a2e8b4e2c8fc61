"""Drafts stay off the public site; editors' reference mistakes stop the build with a message
that names the file and the fix."""

from __future__ import annotations

from conftest import build, run_pelican

DRAFT_TOKEN = "Zanzibarquokka"


def add_drafts(content):
    (content / "news/2026/2026-11-01-draft-announcement.md").write_text(
        f"""---
title: {DRAFT_TOKEN} announcement
date: 2026-11-01 10:00
status: draft
authors: [Test Editor]
summary: "Not ready, {DRAFT_TOKEN}."
tags: [{DRAFT_TOKEN.lower()}]
directorates: [nursing-services]
---
Body with {DRAFT_TOKEN}.
""",
        encoding="utf-8",
    )
    (content / "pages/draft-page.md").write_text(
        f"""---
title: {DRAFT_TOKEN} page
status: draft
summary: Not ready.
last_reviewed: 2026-10-01
next_review: 2027-04-01
---
Body with {DRAFT_TOKEN}.
""",
        encoding="utf-8",
    )


def test_drafts_appear_nowhere_in_the_published_site(content_copy, tmp_path):
    add_drafts(content_copy)
    site = build(content_copy, tmp_path / "output", "publishconf.py")
    assert DRAFT_TOKEN not in site.all_text()
    assert DRAFT_TOKEN.lower() not in site.all_text()
    assert not (site.root / "drafts").exists()


def test_drafts_are_previewed_with_a_banner_but_listed_nowhere(content_copy, tmp_path):
    add_drafts(content_copy)
    site = build(content_copy, tmp_path / "output")
    preview = site.page("drafts/draft-announcement/")
    assert "Draft." in preview.select_one(".draft-banner").get_text()
    assert site.page("drafts/pages/draft-page/").select_one(".draft-banner")
    for path in site.root.rglob("*"):
        name = path.relative_to(site.root).as_posix()
        if path.is_file() and not name.startswith("drafts/") and path.suffix in {".html", ".xml"}:
            assert DRAFT_TOKEN not in site.text(name), f"draft listed in {name}"


def test_unknown_directorate_in_news_fails_with_file_and_choices(content_copy, tmp_path):
    item = content_copy / "news/2026/2026-11-02-typo.md"
    item.write_text(
        "---\ntitle: Typo\ndate: 2026-11-02 10:00\nsummary: S.\n"
        "directorates: [nursing-service]\n---\nBody.\n",
        encoding="utf-8",
    )
    result = run_pelican(content_copy, tmp_path / "output")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "news/2026/2026-11-02-typo.md:5: directorates: no directorate 'nursing-service'" in (
        " ".join(message.split())
    )
    assert "nursing-services" in message


def test_yaml_mistake_in_office_file_names_the_line(content_copy, tmp_path):
    office = content_copy / "office.yaml"
    lines = office.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "contact: [unclosed")
    office.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_pelican(content_copy, tmp_path / "output")
    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert "content/office.yaml:3: contact: this list is never closed with ]" in message
