"""Readers answer back, in Chromium: the sample site built to post to a real feedback service
(both on 127.0.0.1; each page enforces the site's Content-Security-Policy from its <meta>),
and each form sent with JavaScript on (the ALTCHA widget solves its challenge from the
service, unseen) and off (the service asks its small sum instead, keeping what was written).
What the service stored is read from its database. The service's own pages pass axe-core
and reflow at 320 px, in Maltese."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack

import pytest
from conftest import ROOT, open_page
from feedback_service import QUESTION, Services
from gates import PageWatch, axe_findings, reflow_findings

from tools.static_server import serve

ARTICLE = "mt/news/2026/kliniki-tal-fizjoterapija-is-sibt/"
PAGE = "contact/"
JS = [pytest.param(True, id="javascript"), pytest.param(False, id="no-javascript")]


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    """(the site's address, the service): the sample site served, built to post to a
    service whose pages lead back to it. The folder is served before the site is built
    into it: the service must know the site's address, and the build the service's."""
    folder = tmp_path_factory.mktemp("feedback-site")
    output = folder / "output"
    output.mkdir()
    with ExitStack() as stack:
        base = stack.enter_context(serve(output))
        service = stack.enter_context(Services(folder)).start(site_url=base.rstrip("/"))
        command = [sys.executable, "-m", "pelican", str(ROOT / "content"),
                   "-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--fatal", "errors",
                   "-e", f'CACHE_PATH="{folder / "cache"}"']  # fmt: skip
        env = {**os.environ, "FEEDBACK_URL": service.url("/feedback")}
        built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert built.returncode == 0, built.stdout + built.stderr
        yield base, service


def answer_the_question(page) -> None:
    """On the service's "one more step" page: do the sum, as a person would, and send."""
    first, second = QUESTION.search(page.content()).groups()
    page.fill("#answer", str(int(first) + int(second)))
    page.click("main form button[type=submit]")


def sent(page, javascript: bool, button: str) -> None:
    """Send the form of `button`; without JavaScript, answer the service's question."""
    with page.expect_navigation():
        page.click(button)
    if not javascript:
        assert page.locator("#answer").count() == 1, page.content()
        with page.expect_navigation():
            answer_the_question(page)


def watched(browser, base: str, javascript: bool):
    context, page = open_page(browser, width=320, javascript=javascript)
    watch = PageWatch(page, base, "feedback")
    return context, page, watch


def rows_since(service, before: int) -> list:
    return service.rows("WHERE id > ?", (before,))


@pytest.mark.parametrize("javascript", JS)
def test_is_this_page_useful_yes_and_no(reader_site, browser, javascript):
    base, service = reader_site
    before = len(service.rows())
    # Other pages each time: a second answer from one address about one page within minutes
    # is the same answer (a double-click), and stores nothing new.
    useful, not_useful = (ARTICLE, PAGE) if javascript else ("mt/", "visiting/")
    context, page, _ = watched(browser, base, javascript)
    page.goto(base + useful)
    with page.expect_navigation():
        page.click(".page-feedback button[value=yes]")
    assert page.url.startswith(service.url("/feedback/thanks/"))
    assert page.locator("html").get_attribute("lang") == "mt"
    page.goto(base + not_useful)
    with page.expect_navigation():
        page.click(".page-feedback button[value=no]")
    # "No" asks what was wrong, on the thanks page, with the problem form.
    assert page.locator("textarea[name=text]").count() == 1
    stored = [(row["kind"], row["page"], row["language"], row["useful"])
              for row in rows_since(service, before)]  # fmt: skip
    assert stored == [("useful", useful, "mt", 1), ("useful", not_useful, "en", 0)]
    context.close()


@pytest.mark.parametrize("javascript", JS)
def test_report_a_problem_with_this_page(reader_site, browser, javascript):
    base, service = reader_site
    before = len(service.rows())
    context, page, watch = watched(browser, base, javascript)
    page.goto(base + PAGE)
    page.click(".page-feedback summary")
    text = f"The opening hours on this page are out of date ({javascript})."
    page.fill("#problem-text", text)
    page.fill("#problem-email", "reader@example.org")
    sent(page, javascript, ".page-feedback form.feedback-form button[type=submit]")
    assert page.url.startswith(service.url("/feedback/thanks/"))
    rows = rows_since(service, before)
    assert [(r["kind"], r["page"], r["text"], r["email"], r["status"]) for r in rows] == [
        ("problem", PAGE, text, "reader@example.org", "new")
    ]
    assert rows[0]["receipt"] in page.locator("main").inner_text()
    assert not [f for f in watch.findings if "console error" in f or "script error" in f]
    context.close()


@pytest.mark.parametrize("javascript", JS)
def test_a_comment_on_news_waits_for_an_editor(reader_site, browser, javascript):
    base, service = reader_site
    before = len(service.rows())
    context, page, watch = watched(browser, base, javascript)
    page.goto(base + ARTICLE)
    text = "Grazzi.\nIl-klinika ta' Għawdex se tiftaħ ukoll? <b>Nistaqsi biss</b>"
    page.fill("#comment-name", "Rita Żammit")
    page.fill("#comment-phone", "+356 7912 3456")
    page.fill("#comment-text", text)
    sent(page, javascript, ".comments form button[type=submit]")
    assert page.url.startswith(service.url("/feedback/thanks/"))
    rows = rows_since(service, before)
    assert [(r["kind"], r["page"], r["language"], r["name"], r["phone"], r["text"], r["status"])
            for r in rows] == [("comment", ARTICLE, "mt", "Rita Żammit", "+356 7912 3456", text,
                                "new")]  # fmt: skip
    # Back to the news item: the comment is not there until an editor approves it.
    with page.expect_navigation():
        page.locator("main a[href$='" + ARTICLE + "']").first.click()
    assert page.url == base + ARTICLE
    assert "Nistaqsi biss" not in page.locator(".comments").inner_text()
    assert not [f for f in watch.findings if "console error" in f or "script error" in f]
    context.close()


def test_a_double_click_sends_one_comment(reader_site, browser):
    base, service = reader_site
    before = len(service.rows())
    context, page, _ = watched(browser, base, True)
    page.goto(base + ARTICLE)
    page.fill("#comment-name", "Double Click")
    page.fill("#comment-text", "Sent with two quick clicks.")
    with page.expect_navigation():
        page.dblclick(".comments form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert [r["name"] for r in rows_since(service, before)] == ["Double Click"]
    context.close()


def test_the_services_pages_are_accessible_at_320_px(reader_site, browser):
    base, service = reader_site
    # With JavaScript: axe-core runs in the page (the service's pages have no script).
    context, page, _ = watched(browser, base, True)
    findings = []
    page.goto(base + ARTICLE)
    page.fill("#comment-text", "Without a name.")
    with page.expect_navigation():
        page.click(".comments form button[type=submit]")
    # The refusal keeps the words and says what to fix, in Maltese.
    assert page.locator("html").get_attribute("lang") == "mt"
    assert page.locator("#text").input_value() == "Without a name."
    assert page.locator("#name[aria-invalid=true]").count() == 1
    findings += axe_findings(page, "refusal") + reflow_findings(page, "refusal")
    page.fill("#name", "Name Given")
    answer_the_question(page)
    page.wait_for_load_state()
    assert page.url.startswith(service.url("/feedback/thanks/"))
    findings += axe_findings(page, "thanks") + reflow_findings(page, "thanks")
    assert not findings, "\n".join(findings)
    context.close()
