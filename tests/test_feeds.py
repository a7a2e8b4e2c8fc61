"""Atom feeds for all news and for each directorate, the sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
from test_pages import DIRECTORATES, article_urls

PUBLIC = "https://healthservices.example.org"


def test_news_feed_lists_every_article_newest_first(published_site):
    feed = feedparser.parse(published_site.text("feeds/news.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    expected = {f"{PUBLIC}/{url}" for url in article_urls(published_site)}
    assert set(links) == expected
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)


def test_each_directorate_has_a_feed_of_exactly_its_news(published_site):
    for slug in DIRECTORATES:
        feed = feedparser.parse(published_site.text(f"feeds/directorates/{slug}.atom.xml"))
        assert not feed.bozo, (slug, feed.bozo_exception)
        page = published_site.page(f"directorates/{slug}/")
        listed = {a["href"] for a in page.select("#news-heading ~ .news-list .news-list__title a")}
        assert {entry.link for entry in feed.entries} == listed
        assert feed.feed.title.endswith(page.h1.get_text(strip=True))


def test_pages_announce_their_feeds(published_site):
    home = published_site.page("")
    assert home.find("link", type="application/atom+xml")["href"] == (
        f"{PUBLIC}/feeds/news.atom.xml"
    )
    directorate = published_site.page(f"directorates/{DIRECTORATES[0]}/")
    hrefs = [link["href"] for link in directorate.find_all("link", type="application/atom+xml")]
    assert f"{PUBLIC}/feeds/directorates/{DIRECTORATES[0]}.atom.xml" in hrefs


def test_sitemap_lists_every_public_page_and_nothing_else(published_site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(published_site.text("sitemap.xml"))
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    for path in published_site.html_files():
        url = published_site.url_of(path)
        if url == "404.html" or "/page/" in url:
            assert f"{PUBLIC}/{url}" not in locations
        else:
            assert f"{PUBLIC}/{url}" in locations, url
    assert all(loc.startswith(PUBLIC + "/") for loc in locations)


def test_robots_txt_points_at_the_sitemap(published_site):
    robots = published_site.text("robots.txt")
    assert "User-agent: *" in robots
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
