"""The A to Z: one page per letter, every page of the site but the news items (and where the
news is instead), pages that stay small however much news there is, and a reader's way
through it in Chromium at 320 and 1280 px."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from conftest import ROOT, build, open_page
from gates import axe_findings, reflow_findings

sys.path.insert(0, str(ROOT / "tools"))

import corpus

LETTERS = [*"abcdefghijklmnopqrstuvwxyz", "other"]
# The largest a letter's page may be, uncompressed, at 10,000 news items.
MAX_PAGE_BYTES = 30_000
NEWS_ITEM = re.compile(r"^news/\d{4}/[^/]+/$")


def entries_of(site, letter: str) -> list[tuple[str, str]]:
    """(title, link) of each entry of a letter's page, in order."""
    page = site.page(f"a-z/{letter}/")
    return [(link.get_text(strip=True), link["href"]) for link in page.select("main ul.a-to-z a")]


def addresses_of(site, letter: str) -> list[str]:
    """The site-relative address of each entry of a letter's page."""
    prefix = "../../"  # a letter's page is two folders down; links are relative
    return [href.removeprefix(prefix) for _, href in entries_of(site, letter)]


def test_every_letter_has_a_page_that_lists_its_titles_in_order(site):
    for letter in LETTERS:
        titles = [title for title, _ in entries_of(site, letter)]
        assert titles == sorted(titles, key=str.casefold), letter
        for title in titles:
            first = unicodedata.normalize("NFKD", title[:1].lower())[:1]
            assert first == letter if letter != "other" else not ("a" <= first <= "z"), title


def test_the_a_to_z_lists_every_page_but_the_news_and_says_where_the_news_is(site):
    listed = {address for letter in LETTERS for address in addresses_of(site, letter)}
    directorates = {
        f"directorates/{p.parent.name}/" for p in site.root.glob("directorates/*/index.html")
    }
    topics = {f"news/tags/{p.parent.name}/" for p in site.root.glob("news/tags/*/index.html")}
    standing = {"contact/", "visiting/", "accessibility/", "privacy/", "about-this-site/"}
    assert directorates | topics | standing | {"office/", "news/", "news/archive/"} <= listed
    assert "contact/#complaints-about-a-health-service" in listed  # sections of pages too
    assert not [address for address in listed if NEWS_ITEM.match(address)]
    assert "directorates/nursing-services/" in addresses_of(site, "n")  # "Nursing Services"
    for url in ["a-z/", "a-z/n/", "a-z/q/"]:
        note = site.page(url).select_one("main #a-to-z-news").parent
        hrefs = [link["href"] for link in note.select("a")]
        assert any(href.endswith("news/archive/") for href in hrefs), url
        assert any(href.endswith("news/tags/") for href in hrefs), url


def test_a_letters_page_stays_small_however_much_news_there_is(tmp_path):
    content = tmp_path / "content"
    corpus.generate(content, 400, seed=2)
    site = build(content, tmp_path / "output")
    sizes = {
        letter: len((site.root / f"a-z/{letter}/index.html").read_bytes()) for letter in LETTERS
    }
    assert max(sizes.values()) < MAX_PAGE_BYTES, sizes
    for letter in LETTERS:
        assert not [a for a in addresses_of(site, letter) if NEWS_ITEM.match(a)], letter


@pytest.mark.parametrize("width", [320, 1280])
def test_a_reader_goes_from_letter_to_letter_and_to_a_page(served, browser, width):
    context, page = open_page(browser, width=width)
    page.goto(served + "a-z/")
    letters = page.locator("main nav[aria-label=Letters]")
    assert letters.locator(".letter-list__empty").count() > 0  # letters with no title
    assert letters.locator("span.letter-list__empty").first.get_attribute("href") is None
    letters.get_by_role("link", name="C", exact=True).click()
    page.wait_for_url(re.compile(r"/a-z/c/$"))
    current = page.locator("main nav[aria-label=Letters] [aria-current=page]")
    assert current.inner_text() == "C"
    findings = axe_findings(page, f"/a-z/c/ ({width}px)") + reflow_findings(page, "/a-z/c/")
    assert not findings, "\n".join(findings)
    page.locator("main .a-to-z").get_by_role(
        "link", name="Complaints about a health service"
    ).click()
    page.wait_for_url(re.compile(r"/contact/#complaints-about-a-health-service$"))
    context.close()
