"""The site in more than one language: translations at their own addresses, each language's
own listings and feed, hreflang versions in the pages and the sitemap, the check's rules for
translations, the report of missing and outdated ones, and the scaffold that starts one."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build, open_page, production_csp
from pelican.settings import read_settings
from test_search_languages import without_maltese

from plugins.checks.content_check.checks import check_site
from tools.static_server import serve

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
TODAY = dt.date(2026, 11, 24)
LISTINGS = ["", "news/", "news/archive/", "news/tags/", "news/2026/", "office/", "directorates/",
            "search/", "a-z/", "a-z/d/"]  # fmt: skip


def problem_lines(content: Path) -> list[str]:
    return [str(problem) for problem in check_site(content, SETTINGS, TODAY)]


def lang_of(site, url: str) -> str:
    return site.page(url).select_one("html")["lang"]


def test_a_translation_is_published_under_its_language_with_its_own_slug(site):
    assert lang_of(site, "mt/kuntatt/") == "mt"
    assert site.page("mt/kuntatt/").select_one("h1").get_text(strip=True) == "Ikkuntattjana"
    # a directorate's translation keeps its original's name in its address
    assert lang_of(site, "mt/directorates/nursing-services/") == "mt"
    assert lang_of(site, "contact/") == "en"
    assert not site.exists("contact.mt/")


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_has_its_maltese_counterpart(site, listing):
    assert lang_of(site, listing) == "en"
    assert lang_of(site, f"mt/{listing}") == "mt"


def test_a_languages_news_shows_its_translations_and_the_originals_of_the_rest(site):
    english = [a["href"] for a in site.page("news/").select("main h2 a, main h3 a")]
    maltese = [a["href"] for a in site.page("mt/news/").select("main h2 a, main h3 a")]
    assert len(english) == len(maltese)
    assert any("/mt/news/2026/" in href for href in maltese)
    assert any("/mt/" not in href and "news/2025/" in href for href in maltese)  # untranslated
    assert not any("/mt/" in href for href in english)


def test_a_languages_topics_are_its_own(site):
    topics = site.page("mt/news/tags/").select("main a[href*='news/tags/']")
    assert topics and all("mt/news/tags/" in a["href"] for a in topics)
    assert site.exists("mt/news/tags/kura-tal-kancer/")
    assert not site.exists("news/tags/kura-tal-kancer/")


def test_the_office_and_its_mandate_in_maltese(site):
    office = site.page("mt/office/")
    assert "Uffiċċju tad-Direttur Ġenerali" in office.select_one("h1").get_text()
    mandate_links = [a["href"] for a in office.select(".mandate-list a")]
    assert mandate_links and all("mt/directorates/" in href for href in mandate_links)


def test_each_language_has_a_feed_in_it_that_says_so(site):
    maltese = feedparser.parse(site.text("feeds/mt/news.atom.xml"))
    english = feedparser.parse(site.text("feeds/news.atom.xml"))
    assert maltese.feed.language == "mt" and english.feed.language == "en"
    assert maltese.feed.title.startswith("Uffiċċju")
    assert len(maltese.entries) == 4
    assert all("/mt/news/" in entry.link for entry in maltese.entries)
    assert not any("/mt/" in entry.link for entry in english.entries)
    assert maltese.feed.id != english.feed.id


def sitemap_versions(site) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup(site.text("sitemap.xml"), "xml")
    versions = {}
    for url in soup.find_all("url"):
        links = url.find_all("link")
        versions[url.loc.text] = {link["hreflang"]: link["href"] for link in links}
    return versions


def test_the_sitemaps_language_versions_are_reciprocal_and_name_a_default(site):
    versions = sitemap_versions(site)
    translated = {loc: links for loc, links in versions.items() if links}
    assert len(translated) > 30
    for loc, links in translated.items():
        assert links[next(lang for lang, href in links.items() if href == loc)] == loc
        assert links["x-default"] == links["en"]
        for lang, href in links.items():
            assert versions[href] == links, (loc, lang)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("pages/nothing.mt.md", "---\ntitle: X\nsummary: Y.\nlast_reviewed: 2026-01-01\n"
         "next_review: 2027-01-01\n---\nText.\n",
         "content/pages/nothing.mt.md:1: a translation of content/pages/nothing.md, which does "
         "not exist — give the translation the same name as its original, followed by the "
         "language (like contact.mt.md beside contact.md), or create the original first"),
        ("pages/contact.fr.md", None,
         "content/pages/contact.fr.md:1: the file name ends in '.fr.md', but 'fr' is not a "
         "language the site is published in — name a translation after its original and one of "
         "these languages: en, mt (like contact.mt.md beside contact.md)"),
    ],
    ids=["translation of nothing", "language not in LANGUAGES"],
)  # fmt: skip
def test_the_check_refuses_a_translation_it_cannot_place(content_copy, name, text, expected):
    path = content_copy / name
    path.write_text(text or (content_copy / "pages/contact.en.md").read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    assert expected in problem_lines(content_copy)


def test_the_check_refuses_two_versions_of_one_item_in_one_language(content_copy):
    original = content_copy / "pages/privacy.en.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("---\n", "---\nlang: mt\n", 1), encoding="utf-8")
    lines = problem_lines(content_copy)
    assert any(line.startswith("content/pages/privacy.") and "a second version of this item "
               "in 'mt'" in line for line in lines), lines  # fmt: skip


def test_the_check_refuses_a_lang_field_that_contradicts_the_file_name(content_copy):
    path = content_copy / "pages/contact.mt.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nlang: en\n", 1),
                    encoding="utf-8")  # fmt: skip
    assert ("content/pages/contact.mt.md:2: lang: 'en' is not the language of the file's name "
            "('mt') — delete the lang field: a translation's language is the end of its file "
            "name") in problem_lines(content_copy)  # fmt: skip


def test_the_check_refuses_a_data_translation_into_another_language(content_copy):
    office = content_copy / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("\n  mt:\n", "\n  fr:\n"),
                      encoding="utf-8")  # fmt: skip
    assert any(line.startswith("content/office.yaml:") and "'fr' is not a language" in line
               for line in problem_lines(content_copy))  # fmt: skip


def test_a_broken_link_in_a_translation_says_how_to_link_by_file(content_copy):
    path = content_copy / "pages/visiting.mt.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[Kuntatt](../contact/)\n",
                    encoding="utf-8")  # fmt: skip
    expected = ("the link '../contact/' points to no page of this site — in a translation, "
                "link to a page by its file")  # fmt: skip
    assert any(expected in line for line in problem_lines(content_copy))


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin", "HOME": str(folder)})  # fmt: skip


def report(content: Path) -> str:
    result = subprocess.run([sys.executable, "tools/report.py", str(content)], cwd=ROOT,
                            capture_output=True, text=True, check=True)  # fmt: skip
    return result.stdout


def test_the_report_lists_missing_translations_and_those_older_than_their_original(
    content_copy,
):
    git(content_copy, "init", "-q")
    git(content_copy, "add", ".")
    git(content_copy, "commit", "-qm", "content", "--date", "2026-01-01T10:00:00")
    text = report(content_copy)
    missing = text.split("Not translated into Malti (mt):")[1].split("\n\n")[0]
    assert "content/news/2019/2019-03-14-new-family-rooms-at-dar-kenn.en.md" in missing
    assert "content/pages/contact.en.md" not in missing
    assert text.split("older than their original:")[1].strip() == "- none"
    contact = content_copy / "pages/contact.en.md"
    contact.write_text(contact.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                       encoding="utf-8")  # fmt: skip
    outdated = report(content_copy).split("older than their original:")[1]
    assert "- content/pages/contact.mt.md: content/pages/contact.en.md changed after it" in outdated


def test_a_scaffold_starts_a_translation_that_links_by_file_and_waits_for_its_text(
    content_copy, tmp_path
):
    (content_copy / "pages/contact.mt.md").unlink()
    result = subprocess.run(
        [sys.executable, "tools/new.py", "page", "--translate",
         str(content_copy / "pages/contact.en.md"), "--language", "mt", "--content",
         str(content_copy)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    started = (content_copy / "pages/contact.mt.md").read_text(encoding="utf-8")
    assert "({filename}/pages/privacy.mt.md)" in started
    assert "content/pages/contact.mt.md:" in "\n".join(problem_lines(content_copy))  # the TODO
    (content_copy / "pages/contact.mt.md").write_text(
        started.replace("TODO: translate this file into Malti, then delete this line.\n", ""),
        encoding="utf-8",
    )
    assert problem_lines(content_copy) == []
    built = build(content_copy, tmp_path / "output")
    assert lang_of(built, "mt/contact/") == "mt"


def hreflang_links(site, url: str) -> dict[str, str]:
    links = site.page(url).select('head link[rel="alternate"][hreflang]')
    return {link["hreflang"]: link["href"].removeprefix(SETTINGS["SITEURL"] + "/")
            for link in links}  # fmt: skip


def test_every_page_says_its_language_and_its_versions_link_back_to_it(site):
    checked = 0
    for file in site.html_files():
        url = site.url_of(file)
        if url.startswith("drafts/") or url == "404.html":
            continue
        expected = "mt" if url.startswith("mt/") else "en"
        assert lang_of(site, url) == expected, url
        links = hreflang_links(site, url)
        if not links:
            continue
        checked += 1
        assert links.get(expected) == url, (url, links)
        assert links["x-default"] == links["en"]
        for lang, href in links.items():
            assert hreflang_links(site, href) == links, (url, lang)
    assert checked > 60


CONTACT_IN_VIETNAMESE = """---
title: Liên hệ với chúng tôi
slug: lien-he
template: contact
summary: Gọi điện hoặc viết thư cho văn phòng về câu hỏi, khiếu nại và yêu cầu thông tin.
last_reviewed: 2026-10-05
next_review: 2027-04-05
---
Hãy gọi cho chúng tôi trong giờ làm việc.
Đọc [thông báo về quyền riêng tư]({filename}/pages/privacy.en.md).
"""


@pytest.fixture(scope="module")
def vietnamese_site(tmp_path_factory):
    """The sample site published in English and Vietnamese (the second seed's city health
    department writes in both), with its contact page and one news item in Vietnamese."""
    folder = tmp_path_factory.mktemp("vietnamese")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    without_maltese(content)
    (content / "pages/contact.vi.md").write_text(CONTACT_IN_VIETNAMESE, encoding="utf-8")
    news = content / "news/2026/2026-03-04-saturday-physiotherapy-clinics.en.md"
    fields = news.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    fields = re.sub(r"(?m)^title: .*$", "title: Phòng khám vật lý trị liệu mở cửa thứ Bảy", fields)
    body = "Các phòng khám vật lý trị liệu nay mở cửa vào sáng thứ Bảy.\n"
    translation = news.with_name(news.name.replace(".en.md", ".vi.md"))
    translation.write_text(f"{fields}\n---\n{body}", encoding="utf-8")
    return build(content, folder / "output", "pelicanconf.py", 'LANGUAGES=["en", "vi"]')


def test_a_third_language_works_dates_switcher_versions_and_feed(vietnamese_site):
    site = vietnamese_site
    assert lang_of(site, "vi/lien-he/") == "vi" and lang_of(site, "vi/") == "vi"
    article = next(site.root.glob("vi/news/2026/*/index.html"))
    page = site.page(site.url_of(article))
    assert page.select_one("time").get_text(strip=True).startswith("4 tháng 3, 2026")
    switcher = site.page("contact/").select_one(".language-switcher")
    assert [item.get_text(" ", strip=True) for item in switcher.select("li")] == [
        "English",
        "Tiếng Việt",
    ]
    assert switcher.select_one("a")["href"].endswith("vi/lien-he/")
    assert hreflang_links(site, "vi/lien-he/") == {
        "en": "contact/", "vi": "vi/lien-he/", "x-default": "contact/"
    }  # fmt: skip
    assert feedparser.parse(site.text("feeds/vi/news.atom.xml")).feed.language == "vi"
    assert not site.exists("mt/")


# --- Every letter drawn by a font that has it ---------------------------------------------------

MARK_TEXT = """() => {
  const marked = [];
  document.querySelectorAll("body *").forEach((element) => {
    const own = [...element.childNodes].filter((node) => node.nodeType === 3)
      .map((node) => node.textContent).join("").replace(/\\s+/g, "");
    if (own && element.getClientRects().length) {
      element.setAttribute("data-font-check", marked.length);
      marked.push(own);
    }
  });
  return marked;
}"""


def fonts_drawing(page) -> list[tuple[set[str], str]]:
    """For each element with text of its own: the fonts Chromium drew it with, and its
    letters."""
    texts = page.evaluate(MARK_TEXT)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-font-check]"})
    drawn = []
    for node, text in zip(nodes["nodeIds"], texts, strict=True):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        drawn.append(({font["familyName"] for font in fonts}, text))
    return drawn


def family_has(family: str, letters: str) -> bool:
    """Whether fontconfig's font `family` has a glyph for every one of `letters`."""
    charset = " ".join(f"{ord(letter):x}" for letter in sorted(set(letters)))
    found = subprocess.run(["fc-list", f"{family}:charset={charset}", "family"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return bool(found.stdout.strip())


@pytest.fixture(scope="module")
def served_vietnamese(vietnamese_site):
    with serve(vietnamese_site.root, {"Content-Security-Policy": production_csp()}) as base:
        yield base


@pytest.mark.parametrize("width", [320, 1280])
def test_every_maltese_and_vietnamese_letter_has_a_glyph_in_the_font_that_draws_it(
    served, served_vietnamese, browser, width, tmp_path
):
    """No letter falls back to a box: each element's text is in the fonts Chromium chose
    for it (the system font stack; Debian's Liberation Sans has no Vietnamese). The
    screenshots are kept in the test's folder to look at."""
    assert not family_has("DejaVu Sans", "\ue000")  # the check can fail: a letter no font has
    missing = []
    pages = [(served, "mt/"), (served, "mt/kuntatt/"), (served_vietnamese, "vi/lien-he/"),
             (served_vietnamese, "vi/")]  # fmt: skip
    for base, address in pages:
        context, page = open_page(browser, width=width)
        page.goto(base + address, wait_until="networkidle")
        # Every disclosure open ("Report a problem with this page"): its text is drawn too.
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => d.open = true)")
        page.screenshot(path=tmp_path / f"{address.replace('/', '_')}{width}.png", full_page=True)
        for families, text in fonts_drawing(page):
            if not any(family_has(family, text) for family in families):
                missing.append(f"/{address}: {text[:40]!r} drawn with {sorted(families)}")
        context.close()
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_switcher_leads_to_the_same_page_in_the_other_language_and_back(served, browser, width):
    context, page = open_page(browser, width=width)
    page.goto(served + "contact/")
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Malti").click()
    assert page.url == served + "mt/kuntatt/"
    assert page.locator("html").get_attribute("lang") == "mt"
    page.get_by_role("navigation", name="Lingwi").get_by_role("link", name="English").click()
    assert page.url == served + "contact/"
    # a page with no translation says so, in Maltese, and leads to the Maltese home page
    page.goto(served + "news/2019/mentors-for-student-nurses/")
    link = page.get_by_role("navigation", name="Languages").get_by_role("link")
    assert "għadha mhix bil-Malti" in link.inner_text()
    link.click()
    assert page.url == served + "mt/"
    context.close()


def test_a_draft_translation_is_only_in_the_preview_and_its_original_stands_in(
    content_copy, tmp_path
):
    news = content_copy / "news/2025/2025-10-15-radiography-extended-hours.en.md"
    fields, body = news.read_text(encoding="utf-8").split("\n---\n", 1)
    fields = re.sub(r"(?m)^title: .*$", "title: Abbozz bil-Malti tar-radjografija", fields)
    news.with_name(news.name.replace(".en.md", ".mt.md")).write_text(
        f"{fields}\nstatus: draft\n---\n{body}", encoding="utf-8"
    )
    public = build(content_copy, tmp_path / "public", "publishconf.py")
    assert "Abbozz bil-Malti" not in public.all_text()
    maltese_news = [a["href"] for a in public.page("mt/news/").select("main h2 a")]
    assert any(href.endswith("news/2025/radiography-extended-hours/") for href in maltese_news)
    preview = build(content_copy, tmp_path / "preview")
    assert preview.exists("drafts/mt/radiography-extended-hours/")


# --- Translations hold only words; every file's name carries its language ---------------------

PHYSIOTHERAPY = "news/2026/2026-03-04-saturday-physiotherapy-clinics"


def test_a_translation_takes_what_is_not_words_from_its_original(content_copy, tmp_path):
    translation = (content_copy / f"{PHYSIOTHERAPY}.mt.md").read_text(encoding="utf-8")
    for field in ("date:", "authors:", "directorates:", "  src:"):
        assert f"\n{field}" not in translation  # the sample translation leaves them out
    original = content_copy / f"{PHYSIOTHERAPY}.en.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("date: 2026-03-04 10:30", "date: 2026-03-04 11:45"),
                        encoding="utf-8")  # fmt: skip
    assert problem_lines(content_copy) == []
    site = build(content_copy, tmp_path / "output")
    english = site.page("news/2026/saturday-physiotherapy-clinics/")
    maltese = site.page("mt/news/2026/kliniki-tal-fizjoterapija-is-sibt/")
    for page in (english, maltese):
        assert page.select_one(".article__meta time")["datetime"].startswith("2026-03-04T11:45")
    picture = english.select_one("figure img")["src"].rsplit("/", 1)[1]
    assert maltese.select_one("figure img")["src"].endswith(picture)
    assert maltese.select_one("figure img")["alt"].startswith("Illustrazzjoni")
    assert "Kevin Grech" in maltese.select_one(".article__meta").get_text()


def test_a_translation_without_a_field_its_original_lacks_too_is_refused(content_copy):
    path = content_copy / "pages/contact.mt.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^summary:.*\n(?:  .*\n)*", "", text), encoding="utf-8")
    assert "content/pages/contact.mt.md:1: summary: required field missing" in "\n".join(
        problem_lines(content_copy)
    )


def test_a_translation_not_yet_written_is_not_published_and_the_check_warns(content_copy, tmp_path):
    # What the browser editor saves for a language nobody wrote: only the copied fields.
    name = "news/2025/2025-10-15-radiography-extended-hours"
    (content_copy / f"{name}.mt.md").write_text("---\ndate: 2025-10-15 14:30\n---\n", "utf-8")
    problems = check_site(content_copy, SETTINGS)
    assert [str(problem) for problem in problems] == [
        f"content/{name}.mt.md:1: warning: a translation with no title and no text yet (the "
        "browser editor saves a file for every language); it is not published, and readers "
        "see the original — write its title and text, in the editor or in this file, when it "
        "is translated"
    ]
    site = build(content_copy, tmp_path / "output")
    assert not site.exists("mt/news/2025/radiography-extended-hours/")
    listed = site.page("mt/news/").find("a", href=re.compile("radiography-extended-hours"))
    assert listed is not None  # the original stands in, marked as English
    report = subprocess.run([sys.executable, "tools/report.py", str(content_copy)], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert f"content/{name}.en.md" in report.stdout.split("Not translated into Malti")[1]


def test_a_name_without_a_language_is_the_default_language_but_not_beside_one_with_it(
    content_copy, tmp_path
):
    contact = content_copy / "pages/contact.en.md"
    shutil.copyfile(contact, content_copy / "pages/contact.md")
    assert any("a second version of this item in 'en'" in line
               for line in problem_lines(content_copy))  # fmt: skip
    (content_copy / "pages/contact.md").unlink()
    contact.rename(content_copy / "pages/contact.md")
    assert problem_lines(content_copy) == []
    site = build(content_copy, tmp_path / "output")
    assert site.page("contact/").h1.get_text() == "Contact us"
    assert lang_of(site, "mt/kuntatt/") == "mt"
