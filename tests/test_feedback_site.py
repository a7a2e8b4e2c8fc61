"""Readers' forms and comments on the built site: "Is this page useful?" and "Report a problem"
on every page, comments under every news item, the Content-Security-Policy that lets them post
to the feedback service and nothing else, the e-mail fallback of a site with no service, and
approved comments (content/comments/) checked, and escaped on the page.

The service itself has its own tests (tests/feedback/); the forms driven in a browser are in
tests/test_feedback_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, build, run_pelican
from pelican.settings import read_settings

from feedback import comments as comment_files
from feedback.storage import Limits, SQLiteStorage, Submission

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
SERVICE = SETTINGS["FEEDBACK_URL"]
NEWS = "news/2026/saturday-physiotherapy-clinics/"
MALTESE_NEWS = "mt/news/2026/kliniki-tal-fizjoterapija-is-sibt/"


def pages_of(site):
    """Every reader's page but the error page, as (address, parsed page)."""
    for path in site.html_files():
        url = site.url_of(path)
        if url != "404.html" and not url.startswith("drafts/"):
            yield url, site.page(url)


def test_every_page_asks_if_it_is_useful_and_takes_problem_reports(site):
    checked = 0
    for url, page in pages_of(site):
        lang = page.html["lang"]
        useful = page.select_one("main .page-feedback form.page-feedback__answer")
        assert useful is not None, f"/{url}: no 'Is this page useful?'"
        assert useful["action"] == f"{SERVICE}/useful?lang={lang}", url
        assert useful.select_one("input[name=page]")["value"] == url, url
        assert {b["value"] for b in useful.select("button[name=useful]")} == {"yes", "no"}
        problem = page.select_one("main .page-feedback details form")
        assert problem["action"] == f"{SERVICE}/problem?lang={lang}", url
        assert problem.select_one("input[name=page]")["value"] == url, url
        assert problem["data-challenge"] == f"{SERVICE}/challenge"
        for name in ("text", "email", "website"):
            field = problem.select_one(f"[name={name}]")
            assert page.select_one(f"label[for={field['id']}]"), f"/{url}: {name} has no label"
        checked += 1
    assert checked > 60
    # The error page is no page anyone meant to find: nothing to rate or report there.
    assert not site.page("404.html").select(".page-feedback")


def test_every_news_item_has_its_comment_form_and_no_other_page_has_one(site):
    for url, page in pages_of(site):
        form = page.select_one("main .comments form")
        is_news = page.select_one("meta[property='og:type']")["content"] == "article"
        assert (form is not None) == is_news, url
        if form is not None:
            assert form["action"] == f"{SERVICE}/comment?lang={page.html['lang']}"
            assert form.select_one("input[name=page]")["value"] == url
            for field in form.select("input[name=name], input[name=phone], textarea"):
                assert page.select_one(f"label[for={field['id']}]"), f"/{url}: no label"


def test_the_widget_is_served_from_the_site_as_npm_installed_it(site):
    form = site.page(NEWS).select_one(".comments form")
    for attribute, source in (("data-widget", "external/altcha.min.js"),
                              ("data-worker", "workers/pbkdf2.js")):  # fmt: skip
        served = (site.root / NEWS / form[attribute]).resolve()
        assert served.read_bytes() == (Path(SETTINGS["ALTCHA_DIST"]) / source).read_bytes()
    version = json.loads((Path(SETTINGS["ALTCHA_DIST"]).parent / "package.json").read_text())
    assert f"altcha-{version['version']}/" in form["data-widget"]
    script = site.page(NEWS).select_one("script[type=module]")
    assert script["src"].endswith("theme/js/feedback.js")


def test_the_policy_lets_forms_post_to_the_service_and_nowhere_else(site):
    meta = site.page("").select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    directives = dict(part.strip().split(" ", 1) for part in meta.split(";"))
    origin = "/".join(SERVICE.split("/")[:3])
    assert directives["form-action"] == f"'self' {origin}"
    assert directives["connect-src"] == f"'self' {origin}"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"


def test_without_a_service_the_forms_are_prefilled_emails_and_comments_are_closed(
    published_site,
):
    office = yaml.safe_load((ROOT / "content" / "office.yaml").read_text())["contact"]["email"]
    for url, page in pages_of(published_site):
        assert not page.select("form[action*='feedback']"), url
        links = page.select(".page-feedback a[href^='mailto:']")
        assert len(links) == 3, url
        title = page.title.get_text().split(" \N{EN DASH} ")[0]
        for link in links:
            parts = urlsplit(link["href"])
            assert parts.path == office
            query = parse_qs(parts.query)
            assert query["subject"][0].endswith(": " + title), url
            assert query["body"][0].startswith(f"https://healthservices.example.org/{url}")
    article = published_site.page(NEWS)
    assert "Comments are closed." in article.select_one(".comments").get_text()
    assert article.select(".comments .comment"), "approved comments still show"
    assert not published_site.page(NEWS).select("script[src*='feedback']")
    assert not (published_site.root / "theme" / "vendor").exists()
    headers = (published_site.root / "_headers").read_text()
    assert "form-action 'self';" in headers and "connect-src 'self';" in headers


def test_a_service_beside_the_site_needs_nothing_more_in_the_policy(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://health.example.org")
    monkeypatch.setenv("FEEDBACK_URL", "https://health.example.org/feedback")
    site = build(ROOT / "content", tmp_path / "output", "publishconf.py")
    headers = (site.root / "_headers").read_text()
    assert "form-action 'self';" in headers and "connect-src 'self';" in headers
    form = site.page(NEWS).select_one(".comments form")
    assert form["action"] == "https://health.example.org/feedback/comment?lang=en"


# --- Approved comments -----------------------------------------------------------------------


def test_approved_comments_show_on_every_language_version_in_their_own_language(site):
    for url in (NEWS, MALTESE_NEWS):
        comments = site.page(url).select(".comments .comment")
        assert [c["lang"] for c in comments] == ["en", "mt"], url
        assert comments[0].select_one(".comment__name").get_text() == "Carmen Vella"
        assert comments[0].select_one("time")["datetime"] == "2026-03-05T18:42:00+01:00"
        assert "\nWill the clinic in Gozo" in comments[0].select_one(".comment__text").get_text()


def approved(storage: SQLiteStorage, page: str, name: str, text: str, lang="en") -> str:
    """A comment sent to the queue and approved, as the service and a moderator would."""
    submission = Submission(kind="comment", page=page, language=lang, fingerprint=text,
                            name=name, phone="+356 2123 4567", text=text,
                            challenge=f"test:{text}")  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    receipt = storage.add(submission, Limits(100, 100), now).receipt
    assert storage.decide([receipt], "approved", now) == 1
    return receipt


def test_an_approved_comment_with_markup_reaches_the_page_escaped(content_copy, tmp_path):
    storage = SQLiteStorage(tmp_path / "feedback.sqlite3")
    hostile = '<script>alert("x")</script> <b>bold</b> <a href="https://spam.example">win</a>'
    approved(storage, NEWS, "Anna Camilleri", hostile)
    approved(storage, MALTESE_NEWS, "Ġużeppi", "Nota\n\nb'żewġ paragrafi & aktar", "mt")
    written = comment_files.export(storage, content_copy / "comments", dt.datetime.now(dt.UTC))
    assert len(written) == 2
    assert not comment_files.export(storage, content_copy / "comments", dt.datetime.now(dt.UTC))
    site = build(content_copy, tmp_path / "output")
    section = site.page(NEWS).select_one(".comments")
    texts = [c.get_text() for c in section.select(".comment__text")]
    assert hostile in texts
    assert "Nota\n\nb'żewġ paragrafi & aktar" in texts
    assert not section.select("script, b, a[href^='https://spam']")
    raw = site.text(NEWS + "index.html")
    assert "&lt;script&gt;alert(" in raw and "<script>alert" not in raw
    assert "2123 4567" not in site.all_text(), "a phone number is never published"


def write_comments(content: Path, name: str, text: str) -> Path:
    path = content / "comments" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BAD_COMMENTS = {
    "unknown-page": (
        "page: news/2026/no-such-item/\ncomments:\n- id: 0123456789ab\n  name: A\n"
        "  date: 2026-03-05 10:00\n  language: en\n  text: Hi\n",
        "content/comments/bad.yaml:1: page: no published news item is at the address "
        "'news/2026/no-such-item/'",
    ),
    "missing-text": (
        f"page: {NEWS}\ncomments:\n- id: 0123456789ab\n  name: A\n"
        "  date: 2026-03-05 10:00\n  language: en\n",
        "content/comments/bad.yaml:3: comments, first entry, text: required field missing",
    ),
    "language-not-a-code": (
        f"page: {NEWS}\ncomments:\n- id: 0123456789ab\n  name: A\n"
        "  date: 2026-03-05 10:00\n  language: French\n  text: Salut\n",
        "content/comments/bad.yaml:6: comments, first entry, language: ",
    ),
    "duplicate-id": (
        f"page: {NEWS}\ncomments:\n- id: 4be1d07a93c2\n  name: A\n"
        "  date: 2026-03-05 10:00\n  language: en\n  text: Again\n",
        "content/comments/news-2026-saturday-physiotherapy-clinics.yaml:4: comments, first "
        "entry, id: the comment '4be1d07a93c2' is here twice (first in "
        "content/comments/bad.yaml)",
    ),
    "bad-date": (
        f"page: {NEWS}\ncomments:\n- id: 0123456789ab\n  name: A\n"
        "  date: yesterday\n  language: en\n  text: Hi\n",
        "content/comments/bad.yaml:5: comments, first entry, date: 'yesterday' is not a real "
        "date and time",
    ),
    "broken-yaml": (
        f'page: {NEWS}\ncomments:\n- id: "0123456789ab\n  name: A\n',
        "content/comments/bad.yaml:3:",
    ),
}


@pytest.mark.parametrize("mistake", sorted(BAD_COMMENTS))
def test_a_comments_file_with_a_mistake_stops_the_check_and_the_build(
    content_copy, tmp_path, mistake
):
    text, expected = BAD_COMMENTS[mistake]
    write_comments(content_copy, "bad.yaml", text)
    check = subprocess.run([sys.executable, "tools/check.py", str(content_copy)], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode != 0
    assert expected in check.stdout + check.stderr, check.stdout
    build_result = run_pelican(content_copy, tmp_path / "output")
    assert build_result.returncode != 0
    assert expected in build_result.stdout + build_result.stderr


def test_an_editor_may_take_a_comment_out_and_the_page_follows(content_copy, tmp_path):
    path = content_copy / "comments" / "news-2026-saturday-physiotherapy-clinics.yaml"
    data = yaml.safe_load(path.read_text())
    comment_files.write_file(path, data["page"], data["comments"][1:])
    site = build(content_copy, tmp_path / "output")
    names = [n.get_text() for n in site.page(NEWS).select(".comment__name")]
    assert names == ["Ġorġ Borg"]
    assert "Carmen" not in site.page(MALTESE_NEWS).get_text()


def test_make_report_counts_the_answers_to_is_this_page_useful(tmp_path):
    """`make report` reads the service's database without changing it (a copy of the
    server's, or the server's own): each page's no and yes, the pages with most "no" first."""
    storage = SQLiteStorage(tmp_path / "feedback.sqlite3")
    now = dt.datetime.now(dt.UTC)
    answers = [("contact/", 1), ("contact/", 0), ("visiting/", 0), ("visiting/", 0), ("", 1)]
    for number, (page, useful) in enumerate(answers):
        storage.add(Submission(kind="useful", page=page, language="en", useful=useful,
                               fingerprint=str(number), status="recorded",
                               client=f"reader-{number}"), Limits(100, 100), now)  # fmt: skip
    before = (tmp_path / "feedback.sqlite3").read_bytes()
    report = subprocess.run(
        [sys.executable, "tools/report.py", "--feedback", str(tmp_path / "feedback.sqlite3")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    section = report.stdout.split('Answers to "Is this page useful?":\n', 1)[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- /visiting/: 2 no, 0 yes",
        "- /contact/: 1 no, 1 yes",
        "- /: 0 no, 1 yes",
    ]
    assert (tmp_path / "feedback.sqlite3").read_bytes() == before
    missing = subprocess.run(
        [sys.executable, "tools/report.py", "--feedback", str(tmp_path / "none.sqlite3")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert "- no feedback database at" in missing.stdout
    assert not (tmp_path / "none.sqlite3").exists()
