"""Readers' quality gates on the built sample site, in Debian's Chromium: accessibility
(axe-core, WCAG 2.x A/AA at 320 and 1280 px), valid HTML, links, keyboard, no JavaScript, the
strict Content-Security-Policy, no third parties, and reflow at 320 px."""

from __future__ import annotations

from conftest import open_page
from gates import (
    PageWatch,
    axe_findings,
    html_findings,
    keyboard_findings,
    link_findings,
    no_js_findings,
    reflow_findings,
)
from test_pages import SMART_HEALTH

WIDTHS = [320, 1280]


def page_types(site) -> dict[str, str]:
    """One address of each kind of page, found from the site itself, in English and in
    Maltese."""
    return english_page_types(site) | maltese_page_types(site)


def maltese_page_types(site) -> dict[str, str]:
    article = site.page("mt/news/").select_one("main .news-list__title a[href*='mt/news/']")
    tag = site.page("mt/news/tags/").select_one("main .year-list a")["href"]
    return {
        "Maltese home": "mt/",
        "Maltese office": "mt/office/",
        "Maltese directorate": "mt/directorates/nursing-services/",
        "Maltese news index": "mt/news/",
        "Maltese article": "mt/" + article["href"].split("/mt/", 1)[1],
        "Maltese tag": "mt/news/tags/" + tag.rstrip("/").rsplit("/", 1)[-1] + "/",
        "Maltese contact page": "mt/kuntatt/",
        "Maltese search with results": "mt/search/?q=infermiera",
        "Maltese a to z": "mt/a-z/",
        "Maltese publications": "mt/publications/",
        "Maltese publication": "mt/" + publication_address(site, "mt/publications/"),
    }


def english_page_types(site) -> dict[str, str]:
    tags = site.page("news/tags/").select_one("main .year-list a")["href"]
    return {
        "home": "",
        "office": "office/",
        "directorates index": "directorates/",
        "directorate": "directorates/nursing-services/",
        "news index": "news/",
        "news year": "news/2019/",
        "news archive": "news/archive/",
        "article with image": SMART_HEALTH,
        # Readers' comments (one in Maltese) above the comment form.
        "article with comments": "news/2026/saturday-physiotherapy-clinics/",
        "tag": "news/tags/" + tags.rstrip("/").rsplit("/", 1)[-1] + "/",
        "standing page": "accessibility/",
        "contact page": "contact/",
        "visiting page": "visiting/",
        "404": "404.html",
        "search with results": "search/?q=nurse",
        "a to z": "a-z/",
        "publications": "publications/",
        "publications of one kind": "publications/kind/form/",
        "publication": publication_address(site, "publications/"),
        "article with an attachment": "news/2026/annual-health-statistics-report-2025/",
    }


def publication_address(site, register: str) -> str:
    """The first publication the register lists (the default language's address)."""
    link = site.page(register).select_one("main .publication-list__title a")["href"]
    return "publications/" + link.split("publications/", 1)[1]


def test_axe_finds_no_wcag_violation_on_any_page_type_at_320_and_1280(site, served, browser):
    findings = []
    for name, address in page_types(site).items():
        for width in WIDTHS:
            context, page = open_page(browser, width=width)
            page.goto(served + address, wait_until="networkidle")
            findings += axe_findings(page, f"/{address} ({name}, {width}px)")
            context.close()
    assert not findings, "\n".join(findings)


def test_every_html_file_is_valid(site):
    findings = html_findings(site.root)
    assert not findings, "\n".join(findings)


def test_link_checker_finds_no_broken_link_anchor_or_image(served):
    findings = link_findings(served)
    assert not findings, "\n".join(findings)


def test_keyboard_reaches_everything_from_the_skip_link(site, served, browser):
    findings = []
    for name, address in page_types(site).items():
        context, page = open_page(browser)
        page.goto(served + address, wait_until="networkidle")
        findings += keyboard_findings(page, f"/{address} ({name})")
        context.close()
    assert not findings, "\n".join(findings)


def test_every_page_type_works_without_javascript(site, served, browser):
    findings = []
    for name, address in page_types(site).items():
        context, page = open_page(browser, javascript=False)
        page.goto(served + address, wait_until="networkidle")
        findings += no_js_findings(page, f"/{address} ({name})")
        context.close()
    assert not findings, "\n".join(findings)


def test_strict_csp_no_console_errors_and_no_third_party_requests(site, served, browser):
    findings = []
    for path in site.html_files():
        address = site.url_of(path)
        context, page = open_page(browser)
        watch = PageWatch(page, served, f"/{address}")
        page.goto(served + address, wait_until="load")
        findings += watch.findings
        context.close()
    assert not findings, "\n".join(findings)


def test_no_page_scrolls_sideways_at_320px(site, served, browser):
    findings = []
    context, page = open_page(browser, width=320)
    for path in site.html_files():
        address = site.url_of(path)
        page.goto(served + address, wait_until="networkidle")
        findings += reflow_findings(page, f"/{address}")
    context.close()
    assert not findings, "\n".join(findings)
