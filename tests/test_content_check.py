"""Editors' mistakes: one broken file per class of mistake, each reported with the exact file,
line, field and fix; every problem in one run; the build refuses them and leaves the last good
site in place; scaffolds, scheduled news and the review report."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, build, run_pelican
from pelican.settings import read_settings

from plugins.checks.content_check.checks import check_site

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
TODAY = dt.date(2026, 11, 24)
NEWS = "news/2026/2026-03-04-saturday-physiotherapy-clinics.en.md"


def news_item(front: str, body: str = "Some text.\n") -> str:
    return f"---\n{front}---\n{body}"


GOOD_FRONT = (
    "title: A title\ndate: 2026-05-06 10:00\nauthors: [Maria Borg]\n"
    "summary: A summary.\ndirectorates: [nursing-services]\n"
)

# (what is wrong, file, its new text, the exact line expected)
UNSAFE = (
    "is not allowed: the site would remove it — remove it: the site allows no scripts, "
    "styles, frames, forms or event handlers; write the text in Markdown, and ask the web "
    "team if you need an embed"
)

CASES = [
    ("yaml syntax", "news/2026/2026-05-06-a.md",
     news_item("title: A: b\n" + GOOD_FRONT.split("\n", 1)[1]),
     "content/news/2026/2026-05-06-a.md:2: title: the value holds ': ' (a colon and a space), "
     "which YAML reads as the start of a field — put the whole value in double quotes: "
     'title: "A: b"'),
    ("missing field", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("summary: A summary.\n", "")),
     "content/news/2026/2026-05-06-a.md:1: summary: required field missing — add it: "
     "summary: …"),
    ("unknown field", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT + "tgas: [nursing]\n"),
     "content/news/2026/2026-05-06-a.md:7: tgas: unknown field — did you mean 'tags'?"),
    ("wrong type", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("authors: [Maria Borg]", "authors: Maria Borg")),
     "content/news/2026/2026-05-06-a.md:4: authors: must be a list, not text — write it like "
     "this: authors: [Maria Borg]"),
    ("not a real date", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("2026-05-06 10:00", "2026-05-36 10:00")),
     "content/news/2026/2026-05-06-a.md:3: date: '2026-05-36 10:00' is not a real date and "
     "time — write it as YYYY-MM-DD HH:MM, like 2026-03-04 10:30"),
    ("date without a time", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("2026-05-06 10:00", "2026-05-06")),
     "content/news/2026/2026-05-06-a.md:3: date: '2026-05-06' is not a real date and time — "
     "write it as YYYY-MM-DD HH:MM, like 2026-03-04 10:30"),
    ("page date", "pages/new-page.md",
     "---\ntitle: T\nsummary: S.\nlast_reviewed: 2026-13-01\nnext_review: 2027-01-01\n---\nText\n",
     "content/pages/new-page.md:4: last_reviewed: '2026-13-01' is not a real date — write it "
     "as YYYY-MM-DD, like 2026-11-10"),
    ("duplicate address", "pages/copy.md",
     "---\ntitle: T\nslug: contact\nsummary: S.\nlast_reviewed: 2026-11-01\n"
     "next_review: 2027-01-01\n---\nText\n",
     "content/pages/copy.md:3: its address contact/ is already taken by "
     "content/pages/contact.en.md — rename the file, or give it another `slug`"),
    ("unknown directorate", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("[nursing-services]", "[nursing-service]")),
     "content/news/2026/2026-05-06-a.md:6: directorates: no directorate 'nursing-service' — use "
     "one of: allied-healthcare-professions, cancer-care-pathways, dar-kenn-ghal-sahhtek, "
     "health-informatics, nursing-services"),
    ("missing image", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT + "image:\n  src: images/news/nope.svg\n  alt: A drawing.\n"),
     "content/news/2026/2026-05-06-a.md:8: image, src: 'images/news/nope.svg' does not exist — "
     "put the file under content/ or correct the path"),
    ("image without alt", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT + "image:\n  src: images/news/smart-health-working-session.svg\n"),
     "content/news/2026/2026-05-06-a.md:7: image, alt: required field missing — add it: alt: …"),
    ("picture in text without alt", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "Text.\n\n![](../../../images/news/smart-health-working-session.svg)\n"),
     "content/news/2026/2026-05-06-a.md:10: text: the picture "
     "'../../../images/news/smart-health-working-session.svg' has no alt text — describe what "
     "it shows between the brackets: ![A nurse taking a blood sample](…)"),
    ("broken internal link", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "See [our contact page](../../../contacts/).\n"),
     "content/news/2026/2026-05-06-a.md:8: text: the link '../../../contacts/' points to no "
     "page of this site — correct the address; links to pages are relative, like ../contact/ "
     "from a standing page; links to documents are written {static}/documents/annual-report.pdf"),
    ("heading that skips a level", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "Intro.\n\n## Part\n\n#### Detail\n"),
     "content/news/2026/2026-05-06-a.md:12: text: heading level 4 follows level 2 — do not "
     "skip levels: use '### '"),
    ("level-1 heading", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "# Big\n"),
     "content/news/2026/2026-05-06-a.md:8: text: a level-1 heading ('# ') in the text — start "
     "headings at '## ': the title is already the page's level-1 heading"),
    ("script", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "Text.\n<script>alert(1)</script>\n"),
     f"content/news/2026/2026-05-06-a.md:9: text: the HTML <script> {UNSAFE}"),
    ("iframe", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, '<iframe src="https://video.example.org/x"></iframe>\n'),
     f"content/news/2026/2026-05-06-a.md:8: text: the HTML <iframe> {UNSAFE}"),
    ("event handler", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, '<p onclick="go()">Text</p>\n'),
     f"content/news/2026/2026-05-06-a.md:8: text: the HTML <p onclick=…> {UNSAFE}"),
    ("inline style", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, '<p style="color:red">Text</p>\n'),
     f"content/news/2026/2026-05-06-a.md:8: text: the HTML <p style=…> {UNSAFE}"),
    ("javascript: link", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "[Click](javascript:alert(1))\n"),
     "content/news/2026/2026-05-06-a.md:8: text: 'javascript:alert(1)' is not a web, e-mail or "
     "phone address: the site would remove the link — link to https://…, mailto:… or tel:…, "
     "or to a page of this site"),
    ("empty body", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT, "\n"),
     "content/news/2026/2026-05-06-a.md:7: text: the text is empty — write the text below the "
     "closing '---'"),
    ("placeholder left", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT.replace("A summary.", "TODO write it")),
     "content/news/2026/2026-05-06-a.md:5: summary: still holds the placeholder 'TODO' — "
     "replace it with the real text"),
    ("not utf-8", "pages/latin1.md",
     "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
     "content/pages/latin1.md:2: the file is not UTF-8 text — save it as UTF-8 in your editor"),
    ("file name without a date", "news/2026/no-date.md",
     news_item(GOOD_FRONT),
     "content/news/2026/no-date.md:1: the file name does not start with the date — name news "
     "files YYYY-MM-DD-short-name.md, in the folder of their year"),
    ("mandate names no directorate", "mandate.yaml",
     "responsibilities:\n  - text: Do things.\n    directorate: nursing\n",
     "content/mandate.yaml:3: responsibilities, first entry, directorate: no directorate "
     "'nursing' — use "
     "one of: allied-healthcare-professions, cancer-care-pathways, dar-kenn-ghal-sahhtek, "
     "health-informatics, nursing-services"),
    ("office field typo", "office.yaml",
     None,  # filled in below: the real file with one key misspelt
     "content/office.yaml:2: short_nam: unknown field — did you mean 'short_name'?"),
    ("field written twice", "news/2026/2026-05-06-a.md",
     news_item(GOOD_FRONT + "summary: Again.\n"),
     "content/news/2026/2026-05-06-a.md:7: summary: the field is written twice, here and above; "
     "only this one would count — keep one of them and delete the other"),
    ("data file missing", "mandate.yaml", False,
     "content/mandate.yaml:1: the file is missing — restore it from the last version (see "
     "docs/content-model.md)"),
]  # fmt: skip


def write_case(content: Path, relative: str, text) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is False:
        path.unlink()
        return
    if text is None:
        text = path.read_text(encoding="utf-8").replace("short_name:", "short_nam:", 1)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def problem_lines(content: Path, today=TODAY) -> list[str]:
    return [str(problem) for problem in check_site(content, SETTINGS, today)]


def test_the_sample_content_has_no_problem():
    assert problem_lines(ROOT / "content") == []


def test_a_byte_order_mark_or_windows_line_endings_are_no_problem(content_copy):
    page = content_copy / "pages/privacy.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert problem_lines(content_copy) == []


@pytest.mark.parametrize(
    ("mistake", "relative", "text", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_each_mistake_is_reported_with_file_line_field_and_fix(
    content_copy, mistake, relative, text, expected
):
    write_case(content_copy, relative, text)
    lines = problem_lines(content_copy)
    assert expected in lines, "\n".join(lines)


def test_a_top_task_that_leads_nowhere_is_reported_at_its_line(content_copy):
    office = content_copy / "office.yaml"
    lines = office.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if "link: visiting/" in line)
    lines[number - 1] = lines[number - 1].replace("visiting/", "visting/")
    office.write_text("".join(lines), encoding="utf-8")
    assert problem_lines(content_copy) == [
        f"content/office.yaml:{number}: top_tasks, second entry, link: 'visting/' is not a "
        "page of this site — write the page's address as it is seen from the home page, like "
        "contact/ or contact/#complaints (open the page in the preview and copy the end of its "
        "address)"
    ]


def test_all_problems_are_reported_in_one_run_and_the_command_fails(content_copy):
    for number, (_, relative, text, _) in enumerate(CASES[:3] + CASES[8:10]):
        write_case(content_copy, relative.replace("2026-05-06-a", f"2026-05-06-n{number}"), text)
    result = subprocess.run(
        [sys.executable, "tools/check.py", str(content_copy)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    reported = result.stdout.splitlines()
    files = {line.split(":")[0] for line in reported if line.startswith("content/")}
    assert len(files) == 5, reported
    assert reported[-1].startswith("5 error(s), 0 warning(s)")


def test_review_due_and_long_titles_are_warnings_that_do_not_fail(content_copy):
    lines = problem_lines(content_copy, today=dt.date(2027, 6, 1))
    assert "content/pages/about-this-site.en.md:6: next_review: warning: next review was due on " \
        "2027-01-01 — check the page, then set last_reviewed to today and next_review to a " \
        "later date" in lines  # fmt: skip
    result = subprocess.run([sys.executable, "tools/check.py", str(content_copy)], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0


def test_the_build_refuses_broken_content_and_names_every_problem(content_copy, tmp_path):
    write_case(content_copy, *CASES[1][1:3])
    write_case(content_copy, "news/2026/2026-05-06-b.md", CASES[2][2])
    result = run_pelican(content_copy, tmp_path / "output")
    message = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "2026-05-06-a.md:1: summary: required field missing" in message
    assert "2026-05-06-b.md:7: tgas: unknown field — did you mean 'tags'?" in message


def test_scaffolds_give_clean_addresses_and_placeholders_the_check_refuses(content_copy):
    created = subprocess.run(
        [sys.executable, "tools/new.py", "news", "Lương y: Għargħur's new clinic!",
         "--content", str(content_copy)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    now = dt.datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    path = content_copy / f"news/{now:%Y}/{now:%Y-%m-%d}-luong-y-gharghurs-new-clinic.en.md"
    assert path.exists(), created.stdout
    text = path.read_text(encoding="utf-8")
    assert 'title: "Lương y: Għargħur\'s new clinic!"' in text
    lines = problem_lines(content_copy, today=now.date())
    label = f"content/{path.relative_to(content_copy).as_posix()}"
    assert any(
        line.startswith(f"{label}:4: authors, first entry: still holds") for line in lines
    ), lines
    assert any(line.startswith(f"{label}:5: summary: still holds") for line in lines), lines
    filled = text.replace("TODO your name", "Maria Borg").replace("TODO one", "One")
    path.write_text(filled.replace("TODO the text", "The text"), encoding="utf-8")
    assert [line for line in problem_lines(content_copy, today=now.date()) if label in line] == []
    for kind in ["page", "directorate"]:
        made = subprocess.run(
            [sys.executable, "tools/new.py", kind, "Ħidma ġdida", "--content", str(content_copy)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        assert made.returncode == 0
        folder = "pages" if kind == "page" else "directorates"
        assert (content_copy / folder / "hidma-gdida.en.md").exists()


def test_news_dated_in_the_future_is_held_back_then_published(content_copy, tmp_path):
    zone = ZoneInfo(SETTINGS["TIMEZONE"])
    soon = dt.datetime.now(zone) + dt.timedelta(seconds=6)
    path = content_copy / f"news/{soon:%Y}/{soon:%Y-%m-%d}-scheduled.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        news_item(GOOD_FRONT.replace("2026-05-06 10:00", f"{soon:%Y-%m-%d %H:%M:%S}")),
        encoding="utf-8",
    )
    early = build(content_copy, tmp_path / "early", "publishconf.py")
    assert not (early.root / f"news/{soon:%Y}/scheduled").exists()
    assert "scheduled" not in early.text("feeds/news.atom.xml")
    time.sleep(max(0.0, (soon - dt.datetime.now(zone)).total_seconds()) + 1)
    late = build(content_copy, tmp_path / "late", "publishconf.py")
    assert (late.root / f"news/{soon:%Y}/scheduled/index.html").exists()
    assert "scheduled" in late.text("feeds/news.atom.xml")


def test_report_lists_reviews_due_and_corrected_news():
    result = subprocess.run(
        [sys.executable, "tools/report.py", "--today", "2027-03-01"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0
    assert "content/pages/about-this-site.en.md: review overdue since 2027-01-01" in result.stdout
    assert "content/pages/visiting.en.md: review due on 2027-03-14" in result.stdout
    assert "infection-prevention-standards.en.md" in result.stdout
    assert "Corrected the date the standards were last updated" in result.stdout


def test_the_editors_reference_is_up_to_date():
    result = subprocess.run([sys.executable, "tools/reference.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout
