"""What a new reader meets first: urgent help that cannot be missed, whose website this is,
the tasks most readers come for, numbers a phone can dial, no dead ends, no block shown twice,
one quotation style, pages that say when they were last updated, a contents list on long
pages, a header that leaves the screen to the page, and a page that prints without the site
around it. In Chromium at 320 and 1280 px where it is about what a reader sees."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, build, open_page

PHONE_IN_TEXT = re.compile(r"\+\d{1,3}(?:[ \u00a0-]?\d){6,14}")


def every_page(site):
    return [(site.url_of(path), site.page(site.url_of(path))) for path in site.html_files()]


def test_urgent_help_is_on_the_home_page_the_contact_page_and_at_the_foot_of_every_page(site):
    homes_and_contact = {"": "emergenc", "contact/": "emergenc", "mt/": "emerġenza",
                         "mt/kuntatt/": "emerġenza"}  # fmt: skip
    for address, emergency in homes_and_contact.items():
        main = site.page(address).select_one("main")
        numbers = [link["href"] for link in main.select(".urgent-help a")]
        assert numbers[:2] == ["tel:112", "tel:153"], address
        assert emergency in main.select_one(".urgent-help").get_text().lower()
    for address, page in every_page(site):
        if address in (*homes_and_contact, "404.html"):
            continue
        footer = page.select_one("footer .urgent-help")
        assert footer is not None, address
        assert [link["href"] for link in footer.select("a")][:2] == ["tel:112", "tel:153"]


def test_every_phone_number_on_every_page_is_a_link_a_phone_can_dial(site):
    for address, page in every_page(site):
        for script in page.select("script"):
            script.decompose()
        for link in page.select('a[href^="tel:"]'):
            assert re.fullmatch(r"tel:\+?\d+", link["href"]), (address, link)
            link.decompose()
        assert not PHONE_IN_TEXT.search(page.get_text(" ")), address


def test_the_site_says_whose_it_is_at_the_top_and_the_foot(site):
    page = site.page("news/")
    banner = page.select_one(".official-banner")
    assert "official website" in banner.get_text()
    assert {link["href"] for link in banner.select("a")} == {
        "https://www.gov.mt/", "https://health.gov.mt/"}  # fmt: skip
    footer = page.select_one(".footer__meta").get_text(" ")
    assert "Ministry for Health" in footer and "Government of Malta" in footer


def test_the_home_page_leads_straight_to_the_top_tasks(site):
    tasks = site.page("").select(".top-tasks__link")
    assert [task.get_text() for task in tasks][:3] == ["Contact us", "Visiting the office",
                                                       "Make a complaint"]  # fmt: skip
    for task in tasks:
        target, _, fragment = task["href"].removeprefix("./").partition("#")
        page = site.page(target)
        assert fragment == "" or page.find(id=fragment), task["href"]


def test_no_text_promises_a_page_that_is_not_there(site):
    for address, page in every_page(site):
        assert "publications page" not in page.get_text(), address
    say = site.page("news/2026/have-your-say-dar-kenn/")
    link = say.find("a", string=re.compile("questionnaire"))
    assert link and site.page("dar-kenn-questionnaire/").select_one("h1")
    dar_kenn = site.page("directorates/dar-kenn-ghal-sahhtek/")
    headings = [heading.get_text() for heading in dar_kenn.select("h2")]
    assert "Where it is" in headings and "Who may stay" in headings


def test_the_office_and_the_directorates_say_when_they_were_last_updated(site):
    assert "Last updated 10 November 2026" in site.page("office/").select_one(
        ".last-updated").get_text()  # fmt: skip
    maltese = site.page("mt/office/").select_one(".last-updated").get_text()
    assert maltese == "L-aħħar aġġornament: 10 ta\u2019 Novembru 2026"
    for path in (ROOT / "content/directorates").glob("*.md"):
        name, _, lang = path.stem.partition(".")
        other = lang if lang != "en" else ""
        page = site.page(f"{other}/directorates/{name}/" if other else f"directorates/{name}/")
        assert page.select_one(".last-updated time")["datetime"], path.stem


def test_long_pages_have_a_contents_list_that_leads_to_their_sections(site):
    page = site.page("contact/")
    links = page.select(".contents-list a")
    assert len(links) >= 4
    for link in links:
        assert page.find(id=link["href"][1:]) is not None, link
    assert (
        site.page("news/2019/smart-health-working-session/").select_one(".contents-list") is None
    )  # fmt: skip (a short text has none)


def test_no_block_is_shown_twice_on_a_page(site):
    for address, page in every_page(site):
        texts = [" ".join(block.get_text(" ").split())
                 for block in page.select("address, section, aside")]  # fmt: skip
        repeated = {text for text in texts if len(text) > 40 and texts.count(text) > 1}
        assert not repeated, (address, repeated)
        assert len(page.select("address.contact")) <= 1, address
        assert len(page.select(".urgent-help")) <= 1, address


def test_one_quotation_style_throughout(site):
    for address, page in every_page(site):
        # Readers' comments are left as they wrote them, straight quotes and all.
        for element in page.select("script, code, pre, input, textarea, .comment"):
            element.decompose()
        text = page.select_one("body").get_text(" ")
        assert '"' not in text and "'" not in text, (address, re.findall(r".{20}['\"].{20}", text))


def test_a_scheduled_item_is_labelled_with_its_time_in_the_preview(content_copy, tmp_path):
    folder = content_copy / "news/2099"
    folder.mkdir()
    (folder / "2099-01-02-in-the-future.md").write_text(
        "---\ntitle: Later\ndate: 2099-01-02 09:30\nauthors: [A]\nsummary: S.\n---\nText.\n",
        encoding="utf-8",
    )
    site = build(content_copy, tmp_path / "output")
    banner = site.page("drafts/in-the-future/").select_one(".draft-banner").get_text(" ")
    assert "Scheduled for 2 January 2099, 09:30" in " ".join(banner.split())


# The links of `selector` broken inside a word: the pieces of their text between two places a
# line may break (<wbr>) each stay on one line.
WRAPPED = """(selector) => [...document.querySelectorAll(selector)].filter((link) =>
    [...link.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).some((text) => {
      const range = document.createRange();
      range.selectNodeContents(text);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      return lines.size > 1;
    })).map((link) => link.textContent)"""


@pytest.mark.parametrize("width", [320, 1280])
def test_phone_numbers_never_break_and_addresses_wrap_only_where_a_reader_expects(
    served, browser, width
):
    context, page = open_page(browser, width=width)
    for address in ("", "directorates/dar-kenn-ghal-sahhtek/", "contact/"):
        page.goto(served + address)
        broken = page.evaluate(WRAPPED, 'a[href^="tel:"], a[href^="mailto:"]')
        assert not broken, (width, address, broken)
    context.close()


def test_the_header_leaves_a_small_screen_to_the_page_and_puts_search_beside_the_name(
    served, browser
):
    context, page = open_page(browser, width=320)
    page.goto(served)
    header = page.evaluate("() => document.querySelector('.header').getBoundingClientRect()")
    assert header["bottom"] < 160
    assert page.get_by_role("link", name="Menu").is_visible()
    context.close()
    context, page = open_page(browser, width=1280)
    page.goto(served)
    name = page.locator(".header__name").bounding_box()
    search = page.locator(".header .header-search").bounding_box()
    assert search["y"] < name["y"] + name["height"] and search["x"] > name["x"] + name["width"]
    context.close()


def test_a_printed_page_leaves_out_the_navigation_the_search_and_other_news(served, browser):
    context, page = open_page(browser)
    page.goto(served + "news/2026/nursing-graduation-2026/")
    page.emulate_media(media="print")
    for selector in (".header__nav", ".header-search", ".related-and-latest", ".footer__section",
                     ".official-banner", ".breadcrumbs"):  # fmt: skip
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible()
    context.close()


def test_make_serve_answers_an_unknown_address_with_the_sites_404_page(site):
    port_probe = subprocess.run([sys.executable, "-c", "import socket; s=socket.socket(); "
                                 "s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"],
                                capture_output=True, text=True)  # fmt: skip
    port = port_probe.stdout.strip()
    server = subprocess.Popen([sys.executable, "tools/static_server.py", "--root", str(site.root),
                               "--port", port], cwd=ROOT)  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page/")
            except urllib.error.HTTPError as answer:
                assert answer.code == 404
                assert answer.read() == (site.root / "404.html").read_bytes()
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serving_and_testing_install_only_lunr_from_npm():
    dry_run = subprocess.run(["make", "-n", "-B", "node_modules/.installed"], cwd=ROOT,
                             capture_output=True, text=True)  # fmt: skip
    assert "npm ci --omit=dev" in dry_run.stdout
