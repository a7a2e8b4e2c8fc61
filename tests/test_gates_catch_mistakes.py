"""Each readers' gate fails on a deliberately broken fixture, with a message that names the
page, the rule and the element."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_page, production_csp
from gates import (
    PageWatch,
    axe_findings,
    html_findings,
    keyboard_findings,
    link_findings,
    no_js_findings,
    reflow_findings,
)

from tools.static_server import serve

BROKEN = Path(__file__).parent / "fixtures" / "broken-site"


@pytest.fixture(scope="module")
def served_broken():
    with serve(BROKEN, {"Content-Security-Policy": production_csp()}) as base_url:
        yield base_url


def joined(findings):
    return "\n".join(findings)


def test_axe_reports_missing_alt_and_low_contrast(served_broken, browser):
    context, page = open_page(browser)
    page.goto(served_broken + "index.html")
    findings = joined(axe_findings(page, "/index.html"))
    context.close()
    assert "/index.html: image-alt (critical)" in findings
    assert 'element img[src$="picture.svg"]' in findings
    assert "/index.html: color-contrast (serious)" in findings and 'class="faint"' in findings


def test_html_checker_reports_the_duplicate_id(tmp_path):
    findings = joined(html_findings(BROKEN))
    assert "index.html:12: Duplicate ID 'twice'." in findings
    assert "broken.css" not in findings


def test_link_checker_reports_the_broken_link_and_anchor(served_broken):
    findings = joined(link_findings(served_broken))
    assert ":9: broken link missing-page.html — 404" in findings
    assert "broken anchor index.html#nowhere" in findings


def test_keyboard_gate_reports_missing_skip_link_and_invisible_focus(served_broken, browser):
    context, page = open_page(browser)
    page.goto(served_broken + "index.html")
    findings = joined(keyboard_findings(page, "/index.html"))
    context.close()
    assert "/index.html: keyboard: the first Tab stop is not a skip link" in findings
    assert '/index.html: keyboard: no visible focus on <a href="missing-page.html">' in findings


def test_no_js_gate_reports_a_page_that_needs_javascript(served_broken, browser):
    context, page = open_page(browser, javascript=False)
    page.goto(served_broken + "js-only.html")
    findings = joined(no_js_findings(page, "/js-only.html"))
    context.close()
    assert "/js-only.html: no JavaScript: the page shows no main heading" in findings
    assert "/js-only.html: no JavaScript: the navigation has no links" in findings


def test_csp_gate_reports_the_inline_script_and_the_third_party(served_broken, browser):
    context, page = open_page(browser)
    watch = PageWatch(page, served_broken, "/index.html")
    page.goto(served_broken + "index.html", wait_until="load")
    context.close()
    findings = joined(watch.findings)
    assert "/index.html: console error: Executing inline script violates" in findings or (
        "/index.html: console error: Refused to execute inline script" in findings
    )
    assert "/index.html: request to another origin: https://cdn.example.com/tracker.png" in findings


def test_reflow_gate_reports_the_wide_element(served_broken, browser):
    context, page = open_page(browser, width=320)
    page.goto(served_broken + "index.html")
    findings = joined(reflow_findings(page, "/index.html"))
    context.close()
    assert '/index.html: reflow: wider than the screen: <div class="too-wide">' in findings
