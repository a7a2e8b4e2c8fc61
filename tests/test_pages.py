"""Every page type of the sample site exists and shows what a reader needs on it."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml
from conftest import ROOT

from plugins.languages.interface.interface import translations_for

DIRECTORATES = [
    "allied-healthcare-professions",
    "nursing-services",
    "cancer-care-pathways",
    "health-informatics",
    "dar-kenn-ghal-sahhtek",
]
STANDING_PAGES = ["contact", "visiting", "accessibility", "privacy", "about-this-site"]
SMART_HEALTH = "news/2019/smart-health-working-session/"


def office():
    return yaml.safe_load((ROOT / "content/office.yaml").read_text(encoding="utf-8"))


def mandate_items():
    data = yaml.safe_load((ROOT / "content/mandate.yaml").read_text(encoding="utf-8"))
    return data["responsibilities"]


def article_urls(site):
    return sorted(
        site.url_of(path)
        for path in site.root.glob("news/*/*/index.html")
        if re.fullmatch(r"news/\d{4}/[^/]+/index.html", path.relative_to(site.root).as_posix())
    )


def test_home_shows_office_urgent_help_tasks_mandate_latest_news_directorates_and_contact(site):
    home = site.page("")
    assert home.h1.get_text(strip=True) == office()["name"]
    main = home.find("main")
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    assert headings == ["Need help now?", "Most used", "What we do", "Latest news",
                        "Our directorates", "Is this page useful?"]  # fmt: skip
    latest = main.find(id="latest-heading").find_parent("section").select(".news-list__item")
    assert len(latest) == 4
    newest = site.page("news/").select_one(".news-list__title a")
    assert latest[0].a.get_text(strip=True) == newest.get_text(strip=True)
    assert len(main.select(".card")) == len(DIRECTORATES)
    assert home.find("footer").find("a", href="mailto:" + office()["contact"]["email"])


def test_office_page_lists_the_full_mandate_in_order_with_its_directorates(site):
    page = site.page("office/")
    items = page.select("ol.mandate-list > li")
    expected = mandate_items()
    assert len(items) == len(expected) == 12
    for item, source in zip(items, expected, strict=True):
        assert item.get_text(" ", strip=True).startswith(source["text"].strip()[:40])
        link = item.find("a")
        if source.get("directorate"):
            assert link["href"].endswith(f"directorates/{source['directorate']}/")
        else:
            assert link is None


def test_directorates_index_lists_all_five_in_their_order(site):
    page = site.page("directorates/")
    links = [a["href"] for a in page.select("main .card__title a")]
    assert [link.rstrip("/").rsplit("/", 1)[-1] for link in links] == DIRECTORATES


@pytest.mark.parametrize("slug", DIRECTORATES)
def test_each_directorate_page_shows_head_functions_contact_and_its_news(site, slug):
    page = site.page(f"directorates/{slug}/")
    main = page.find("main")
    assert main.h1.get_text(strip=True)
    assert main.select("h2") and "What the directorate does" in main.get_text()
    assert len(main.select(".grid__main .list-bullets li")) >= 3
    assert main.find("a", href=re.compile("^mailto:"))
    news = main.find(id="news-heading").find_parent("section").select(".news-list__item a")
    assert news, f"{slug} lists no news"
    for link in news:
        article = site.page(link["href"].replace("../", ""))
        concerned = [a["href"] for a in article.select(".article__about .inline-list a")]
        assert any(href.endswith(f"directorates/{slug}/") for href in concerned)
    assert main.find("a", href=re.compile(rf"feeds/directorates/{slug}\.atom\.xml$"))


def test_dar_kenn_ghal_sahhtek_keeps_its_maltese_letters(site):
    page = site.page("directorates/dar-kenn-ghal-sahhtek/")
    assert "Dar Kenn Għal Saħħtek" in page.h1.get_text()
    assert any("Dar Kenn Għal Saħħtek" in site.text(path) for path in article_urls_files(site))


def article_urls_files(site):
    return [url + "index.html" for url in article_urls(site)]


def test_news_index_is_paginated_newest_first(site):
    first = site.page("news/")
    dates = [t["datetime"] for t in first.select("main .news-list time")]
    assert dates == sorted(dates, reverse=True)
    total = len(article_urls(site))
    assert total >= 12
    assert len(dates) == min(total, 10)
    if total > 10:
        second = site.page("news/page/2/")
        assert second.h1.get_text(strip=True) == "News, page 2"
        assert first.find("a", rel="next")["href"].endswith("news/page/2/")
        assert second.find("a", rel="prev")


def test_year_archive_lists_each_year_with_only_that_years_news(site):
    years = site.page("news/archive/").select("main .year-list a")
    assert len(years) >= 2
    for link in years:
        year = link.get_text(strip=True)
        page = site.page(f"news/{year}/")
        stamps = [t["datetime"] for t in page.select("main .news-list time")]
        assert stamps and all(stamp.startswith(year) for stamp in stamps)


def test_article_page_shows_every_part(site):
    page = site.page(SMART_HEALTH)
    main = page.find("main")
    assert main.h1.get_text(strip=True)
    published = main.select_one(".article__meta time")
    assert published["datetime"] == "2019-09-13T08:06:00+02:00"
    assert "08:06" in published.get_text()
    assert "By " in main.select_one(".article__meta").get_text()
    figure = main.select_one("figure.figure--lead")
    assert figure.img["alt"].strip() and figure.figcaption.get_text(strip=True)
    assert main.select(".tag-list a")
    for figure_text in ["122", "54,200", "98.11%", "113", "70", "4.41", "95.18%"]:
        assert figure_text in main.get_text(), figure_text
    assert "Lương y như từ mẫu" in main.get_text()
    assert page.find(id="latest-heading") and page.find(id="related-heading")
    assert page.find("nav", attrs={"aria-label": "Older and newer news"}).find("a")


def test_article_links_the_directorates_it_concerns(site):
    linked = 0
    for url in article_urls(site):
        for link in site.page(url).select(".article__about .inline-list a"):
            assert site.exists(link["href"].replace("../", ""))
            linked += 1
    assert linked >= len(DIRECTORATES)


def test_tag_pages_list_only_news_with_that_tag(site):
    tags = site.page("news/tags/").select("main .year-list a")
    assert tags
    for link in tags:
        slug = link["href"].rstrip("/").rsplit("/", 1)[-1]
        listed = site.page(f"news/tags/{slug}/").select("main .news-list__title a")
        assert listed
        article = site.page(listed[0]["href"].replace("../", ""))
        assert any(a["href"].endswith(f"news/tags/{slug}/") for a in article.select(".tag-list a"))


@pytest.mark.parametrize("slug", STANDING_PAGES)
def test_standing_pages_show_review_dates(site, slug):
    page = site.page(f"{slug}/")
    review = page.select_one("dl.review-dates")
    assert review is not None
    labels = [dt.get_text(strip=True) for dt in review.find_all("dt")]
    assert labels == ["Last reviewed", "Next review due"]
    for time in review.find_all("time"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", time["datetime"])


def test_contact_and_visiting_pages_show_the_office_details(site):
    contact = site.page("contact/").find("main")
    assert contact.find("a", href="mailto:" + office()["contact"]["email"])
    visiting = site.page("visiting/").find("main")
    assert visiting.select("dl.hours dt")
    assert visiting.find(id="getting-there")


def test_not_found_page(site):
    page = site.page("404.html")
    assert page.h1.get_text(strip=True) == "Page not found"
    assert page.find("a", href=re.compile(r"news/$"))


def test_breadcrumbs_on_every_page_below_home(site):
    for path in site.html_files():
        url = site.url_of(path)
        if url in ("", "mt/", "404.html"):  # each language's home
            continue
        page = site.page(url)
        crumbs = page.select("nav.breadcrumbs li")
        assert crumbs, f"/{url} has no breadcrumbs"
        # "Home" in the page's own language (plugins/languages/interface).
        home = translations_for(ROOT / "theme", page.html["lang"]).gettext("Home")
        assert crumbs[0].a.get_text(strip=True) == home
        assert crumbs[-1].get("aria-current") == "page"


def test_article_breadcrumbs_lead_through_news_and_its_year(site):
    crumbs = site.page(SMART_HEALTH).select("nav.breadcrumbs li a")
    assert [a.get_text(strip=True) for a in crumbs] == ["Home", "News", "2019"]


def test_every_page_has_one_h1_and_headings_in_order(site):
    for path in site.html_files():
        soup = site.page(site.url_of(path))
        assert len(soup.find_all("h1")) == 1, path
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path}: heading h{before} followed by h{after}"
