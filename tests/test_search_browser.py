"""Search as a reader uses it, in Chromium with the production Content-Security-Policy: typing,
highlighted results, filters, "Show more", a shareable address, the keyboard alone, and the
page without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from conftest import open_page
from gates import PageWatch, axe_findings


def results(page):
    return page.locator("#search-results .search-results__item")


def wait_for_status(page, pattern: str):
    page.wait_for_function(
        "(pattern) => new RegExp(pattern).test(document.getElementById('search-status')"
        ".textContent)",
        arg=pattern,
    )


def test_typing_shows_highlighted_results_and_announces_their_count(served, browser):
    context, page = open_page(browser)
    watch = PageWatch(page, served, "/search/")
    page.goto(served + "search/")
    page.locator("#search-input").press_sequentially("sahhtek", delay=30)
    wait_for_status(page, r"^\d+ results? for “sahhtek”")
    assert page.locator("#search-status").get_attribute("role") == "status"
    first = results(page).first
    assert "Saħħtek" in first.locator("h2 a").inner_text()
    assert first.locator("mark").first.inner_text() == "Saħħtek"
    assert parse_qs(urlparse(page.url).query)["q"] == ["sahhtek"]
    assert not watch.findings
    context.close()


def test_more_words_narrow_and_a_miss_says_what_to_do(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/?q=cancer")
    wait_for_status(page, "results? for")
    cancer = results(page).count()
    page.fill("#search-input", "cancer nurse navigator")
    wait_for_status(page, "“cancer nurse navigator”")
    assert 0 < results(page).count() < cancer
    page.fill("#search-input", "zqxjv")
    wait_for_status(page, "No results for “zqxjv”. Check the spelling")
    assert results(page).count() == 0
    context.close()


def test_filters_by_kind_and_year_and_remember_them_in_the_address(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/?q=nurses")
    wait_for_status(page, "results? for")
    everything = results(page).count()
    kind = page.locator("#search-kind")
    assert re.search(r"News \(\d+\)", kind.inner_text())
    kind.select_option("news")
    news = results(page)
    assert 0 < news.count() < everything
    for meta in news.locator(".search-results__meta").all_inner_texts():
        assert meta.startswith("News")
    year = page.locator("#search-year")
    year.select_option(year.locator("option").nth(1).get_attribute("value"))
    chosen = year.input_value()
    for meta in results(page).locator(".search-results__meta").all_inner_texts():
        assert meta.endswith(chosen)
    query = parse_qs(urlparse(page.url).query)
    assert query == {"q": ["nurses"], "kind": ["news"], "year": [chosen]}
    context.close()


def test_a_shared_address_restores_the_query_and_filters(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/?q=nursing&kind=directorate")
    wait_for_status(page, "results? for “nursing”")
    assert page.locator("#search-input").input_value() == "nursing"
    assert page.locator("#search-kind").input_value() == "directorate"
    metas = results(page).locator(".search-results__meta").all_inner_texts()
    assert metas and all(meta == "Directorate" for meta in metas)
    context.close()


def test_show_more_adds_results_and_moves_focus_to_the_first_new_one(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/?q=health")
    wait_for_status(page, "results? for")
    total = int(page.locator("#search-status").inner_text().split()[0])
    assert total > 10, "the sample site should have more than one page of results for 'health'"
    assert results(page).count() == 10
    page.locator("#search-more").click()
    page.wait_for_function("() => document.querySelectorAll('.search-results__item').length > 10")
    assert results(page).count() == min(total, 20)
    focused = page.evaluate("() => document.activeElement.closest('li') && "
                            "[...document.querySelectorAll('.search-results__item')]"
                            ".indexOf(document.activeElement.closest('li'))")  # fmt: skip
    assert focused == 10
    assert page.locator("#search-more").is_hidden() == (total <= 20)
    context.close()


def test_keyboard_alone_searches_from_any_page_and_opens_a_result(served, browser):
    context, page = open_page(browser)
    page.goto(served + "office/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "header-search-input":
            break
    else:
        raise AssertionError("Tab never reached the search box in the header")
    page.keyboard.type("physiotherapy")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=physiotherapy$"))
    wait_for_status(page, "results? for “physiotherapy”")
    page.locator("#search-input").focus()
    target = None
    for _ in range(6):
        page.keyboard.press("Tab")
        target = page.evaluate("() => document.activeElement.closest('.search-results__item')")
        if target is not None:
            break
    assert target is not None, "Tab never reached a result"
    href = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert "physiotherap" in page.locator("main").inner_text().lower()
    context.close()


def test_enter_in_the_search_page_box_searches_without_leaving_the_page(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/")
    page.fill("#search-input", "dar kenn")
    page.press("#search-input", "Enter")
    wait_for_status(page, "results? for “dar kenn”")
    assert urlparse(page.url).path.endswith("/search/")
    context.close()


def test_without_javascript_the_search_page_points_to_the_a_to_z(site, served, browser):
    context, page = open_page(browser, javascript=False)
    page.goto(served + "search/?q=nurse")
    message = page.locator("main").inner_text()
    assert "Search needs JavaScript" in message
    page.get_by_role("link", name="A to Z of this site").first.click()
    page.wait_for_url(re.compile(r"/a-z/$"))
    titles = page.locator("main .a-to-z a").all_inner_texts()
    for path in site.root.glob("news/*/*/index.html"):
        article = site.page(site.url_of(path))
        if article.select_one("article.article"):
            assert article.h1.get_text(strip=True) in titles
    assert "Dar Kenn Għal Saħħtek" in titles
    context.close()


def test_search_page_with_results_has_no_axe_violation_at_320px(served, browser):
    context, page = open_page(browser, width=320)
    page.goto(served + "search/?q=care")
    wait_for_status(page, "results? for")
    page.locator("#search-more").click()
    page.wait_for_function("() => document.querySelectorAll('.search-results__item').length > 10")
    findings = axe_findings(page, "/search/?q=care (320px, after Show more)")
    assert not findings, "\n".join(findings)
    context.close()
