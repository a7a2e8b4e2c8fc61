"""Search as a reader uses it, in Chromium with the production Content-Security-Policy: typing,
highlighted results, filters, "Show more", a shareable address, the keyboard alone, misspelt
words and "Did you mean", the office's data, snippets, words left out, and the page without
JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import open_page
from gates import PageWatch, axe_findings
from test_search_index import indexed_documents

WIDTHS = [320, 1280]


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


def search_from_the_header(page, served, query: str, width: int) -> None:
    """Search as a reader does from a page of the site: in the header's box, or, on a small
    screen, where the header's "Search" link leads."""
    page.goto(served + "office/")
    if width >= 1280:
        page.fill("#header-search-input", query)
        page.press("#header-search-input", "Enter")
    else:
        page.locator("header").get_by_role("link", name="Search").click()
        page.wait_for_url(re.compile(r"/search/$"))
        page.fill("#search-input", query)
        page.press("#search-input", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_a_search_leads_to_the_a_to_z_at_the_first_letter(
    served, browser, width
):
    context, page = open_page(browser, width=width, javascript=False)
    search_from_the_header(page, served, "nursing", width)
    assert parse_qs(urlparse(page.url).query)["q"] == ["nursing"]  # kept in the address
    panel = page.locator("main .search__letters")
    assert "Search needs JavaScript" in panel.inner_text()
    panel.get_by_role("link", name="N", exact=True).click()
    page.wait_for_url(re.compile(r"/a-z/n/$"))
    assert page.locator("h1").inner_text() == "A to Z: N"
    entries = page.locator("main .a-to-z a")
    assert "Nursing Services" in entries.all_inner_texts()
    assert "news archive" in page.locator("main").inner_text()  # where the news is
    entries.get_by_text("Nursing Services", exact=True).click()
    page.wait_for_url(re.compile(r"/directorates/nursing-services/$"))
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_misspelt_word_finds_the_right_spelling(served, browser, width):
    context, page = open_page(browser, width=width)
    page.goto(served + "search/?q=nursng")
    wait_for_status(page, r"results? for “nursng”")
    first = results(page).first
    assert first.locator("h2 a").inner_text() == "Directorate Nursing Services"
    assert first.locator("h2 mark").inner_text() == "Nursing"
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_results_offers_did_you_mean_and_where_else_to_look(served, browser, width):
    context, page = open_page(browser, width=width)
    watch = PageWatch(page, served, "/search/?q=nrusign")
    page.goto(served + "search/?q=nrusign")
    wait_for_status(page, "No results for “nrusign”")
    suggestions = page.locator("#search-suggestions a")
    suggestions.first.wait_for()
    assert suggestions.all_inner_texts() == ["nursing"]
    onward = page.locator(".search__onward a")
    assert {"the A to Z of this site", "the news", "our contact page"} <= set(
        onward.all_inner_texts()
    )
    assert onward.get_by_text("our contact page").get_attribute("href").endswith("/contact/")
    findings = axe_findings(page, f"/search/?q=nrusign ({width}px)")
    assert not findings, "\n".join(findings)
    suggestions.first.click()
    page.wait_for_url(re.compile(r"/search/\?q=nursing$"))
    wait_for_status(page, r"\d+ results? for “nursing”")
    assert page.locator("#search-none").is_hidden()
    assert not watch.findings
    context.close()


def test_a_search_with_results_offers_no_suggestions(served, browser):
    context, page = open_page(browser)
    page.goto(served + "search/?q=zqxjv")
    wait_for_status(page, "No results for “zqxjv”")
    page.locator("#search-none").wait_for()
    assert page.locator("#search-suggest").is_hidden()  # nothing near enough to suggest
    page.fill("#search-input", "nursing")
    wait_for_status(page, r"\d+ results? for “nursing”")
    assert page.locator("#search-none").is_hidden()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_offices_data_is_found_and_snippets_end_at_a_sentence_or_block(served, browser, width):
    context, page = open_page(browser, width=width)
    page.goto(served + "search/?q=shuttle")
    wait_for_status(page, r"results? for “shuttle”")
    office = results(page).filter(has=page.locator("h2 a", has_text="Office of the Director"))
    snippet = office.locator(".search-results__snippet").inner_text()
    # From the start of the sentence that matches to the end of its paragraph, not into
    # the sentence before it or the next paragraph ("The main entrance has a ramp.")
    assert snippet == (
        "The nearest car park is at the entrance to the city, and a free electric shuttle runs"
        " from there to Merchants Street."
    )
    page.fill("#search-input", "safe ward")
    wait_for_status(page, r"results? for “safe ward”")
    survey = results(page).filter(has=page.locator("h2 a", has_text="Patient experience survey"))
    assert survey.locator(".search-results__snippet").inner_text() == (
        "84% said they felt safe on the ward"
    )
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_title_match_comes_first_and_a_minus_sign_leaves_pages_out(site, served, browser, width):
    context, page = open_page(browser, width=width)
    page.goto(served + "search/")
    hint = page.locator("#search-hint").inner_text()
    assert "minus sign" in hint and "nursing -student" in hint
    page.fill("#search-input", "nursing")
    wait_for_status(page, r"results? for “nursing”")
    titles = results(page).locator("h2 a").all_inner_texts()
    assert titles[0] == "Directorate Nursing Services"
    page.fill("#search-input", "nursing -student")
    wait_for_status(page, r"results? for “nursing -student”")
    kept = results(page).locator("h2 a")
    assert 0 < kept.count() < len(titles) and set(kept.all_inner_texts()) < set(titles)
    indexed = {document["url"]: document for document in indexed_documents(site)}
    for href in [link.get_attribute("href") for link in kept.all()]:
        document = indexed[urlparse(href).path.lstrip("/")]
        text = " ".join([document["title"], document["summary"], document["text"]]).lower()
        assert not re.search(r"\bstudents?\b", text), href
    context.close()
