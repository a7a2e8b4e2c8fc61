"""What search engines, social networks and news readers read from every page: a unique
title, a description, a canonical address, Open Graph tags and schema.org JSON-LD."""

from __future__ import annotations

from collections import Counter

import yaml
from conftest import ROOT
from sitecheck import json_ld, json_ld_of_type
from test_pages import SMART_HEALTH

PUBLIC = "https://healthservices.example.org"


def pages(site):
    return [(site.url_of(path), site.page(site.url_of(path))) for path in site.html_files()]


def test_every_page_has_a_unique_title_and_a_description(site):
    titles = Counter()
    for url, soup in pages(site):
        titles[soup.title.get_text()] += 1
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), f"/{url} has no description"
        assert "<" not in description["content"]
    repeated = [title for title, count in titles.items() if count > 1]
    assert not repeated, f"titles used twice: {repeated}"


def test_canonical_and_open_graph_use_the_public_address(published_site):
    for url, soup in pages(published_site):
        if url == "404.html":
            continue
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == f"{PUBLIC}/{url}", url
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:url"] == canonical
        assert og["og:title"] and og["og:description"] and og["og:site_name"]


def test_article_open_graph_is_an_article_with_its_image(published_site):
    soup = published_site.page(SMART_HEALTH)
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:image"].startswith(PUBLIC + "/images/")
    assert og["og:image:alt"]
    assert published_site.exists(og["og:image"].removeprefix(PUBLIC + "/"))


def test_every_page_describes_the_office_as_a_government_organization(site):
    office = yaml.safe_load((ROOT / "content/office.yaml").read_text(encoding="utf-8"))
    names = {"en": office["name"], "mt": office["translations"]["mt"]["name"]}
    for url, soup in pages(site):
        organization = json_ld_of_type(soup, "GovernmentOrganization")
        assert organization["@context"] == "https://schema.org"
        assert organization["name"] == names[soup.html["lang"]], url


def test_news_articles_carry_news_article_json_ld(published_site):
    article = json_ld_of_type(published_site.page(SMART_HEALTH), "NewsArticle")
    assert article["datePublished"] == "2019-09-13T08:06:00+02:00"
    assert article["url"] == f"{PUBLIC}/{SMART_HEALTH}"
    assert article["author"] and article["author"][0]["@type"] == "Person"
    assert article["publisher"]["@type"] == "GovernmentOrganization"
    assert article["image"].startswith(PUBLIC + "/images/")


def test_breadcrumb_list_matches_the_visible_breadcrumbs(published_site):
    for url, soup in pages(published_site):
        visible = soup.select("nav.breadcrumbs li")
        found = [item for item in json_ld(soup) if item["@type"] == "BreadcrumbList"]
        if not visible:
            assert not found, url
            continue
        items = found[0]["itemListElement"]
        assert [i["name"] for i in items] == [li.get_text(strip=True) for li in visible]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert items[-1]["item"] == f"{PUBLIC}/{url}"


def test_json_ld_cannot_close_its_script_element():
    from plugins.publishing.structured_data.structured_data import script_element

    element = str(script_element({"name": "</script><script>alert(1)</script>"}))
    assert element.count("</script>") == 1
    assert "\\u003c/script\\u003e" in element
