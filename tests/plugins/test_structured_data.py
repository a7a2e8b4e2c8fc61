"""Unit tests for plugins/structured_data: the schema.org dictionaries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from plugins.publishing.structured_data.structured_data import (
    absolute,
    breadcrumb_list,
    news_article,
    organization,
)

SITE = "https://example.org"
OFFICE = {
    "name": "Office",
    "short_name": "O",
    "description": "D",
    "contact": {"email": "o@example.org", "phone": "+356 1", "address": "1 Street\nValletta\n"},
}


def test_absolute_joins_once_and_keeps_absolute_addresses():
    assert absolute(SITE + "/", "/news/") == "https://example.org/news/"
    assert absolute(SITE, "") == "https://example.org/"
    assert absolute(SITE, "https://other.example/x") == "https://other.example/x"


def test_organization_carries_contact_points():
    data = organization(OFFICE, SITE)
    assert data["@type"] == "GovernmentOrganization"
    assert data["alternateName"] == "O"
    assert data["address"]["streetAddress"] == "1 Street, Valletta"
    assert data["telephone"] == "+356 1"


def test_news_article_dates_byline_and_image():
    malta = timezone(timedelta(hours=2))
    item = SimpleNamespace(
        title="T",
        url="news/2026/t/",
        date=datetime(2026, 5, 1, 9, 30, tzinfo=malta),
        summary="<p>Short &amp; clear</p>",
        byline=["Ana"],
        image={"src": "images/a.svg", "alt": "A"},
        lang="en",
    )
    data = news_article(item, OFFICE, SITE)
    assert data["datePublished"] == "2026-05-01T09:30:00+02:00"
    assert data["dateModified"] == data["datePublished"]
    assert data["description"] == "Short & clear"
    assert data["author"] == [{"@type": "Person", "name": "Ana"}]
    assert data["image"] == "https://example.org/images/a.svg"


def test_breadcrumb_positions_start_at_one():
    data = breadcrumb_list([{"name": "Home", "url": ""}, {"name": "News", "url": "news/"}], SITE)
    assert [(i["position"], i["item"]) for i in data["itemListElement"]] == [
        (1, "https://example.org/"),
        (2, "https://example.org/news/"),
    ]
