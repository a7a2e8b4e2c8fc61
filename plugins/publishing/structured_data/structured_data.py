"""Structured data: gives templates the functions that write schema.org JSON-LD, so search
engines and news readers understand the office (GovernmentOrganization), each news article
(NewsArticle) and where a page sits in the site (BreadcrumbList).

The `pelican-seo` package writes only Article and BreadcrumbList from its own settings, not a
government organisation from our office data, so the few dictionaries are built here.

Template globals: `organization_jsonld(office, siteurl)`,
`article_jsonld(article, office, siteurl)`, `breadcrumb_jsonld(crumbs, siteurl)`, each
returning a ready `<script type="application/ld+json">` element.

Signal: `generator_init` (register the globals on each generator's Jinja environment).
"""

from __future__ import annotations

import json

from markupsafe import Markup
from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()

SCHEMA = "https://schema.org"


def absolute(siteurl: str, path: str) -> str:
    """Return the absolute address of a site-relative `path`."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def organization(office: dict, siteurl: str) -> dict:
    """Return the office as a schema.org GovernmentOrganization."""
    contact = office.get("contact", {})
    data = {
        "@type": "GovernmentOrganization",
        "name": office["name"],
        "url": absolute(siteurl, ""),
        "description": office.get("description", ""),
    }
    if office.get("short_name"):
        data["alternateName"] = office["short_name"]
    if contact.get("email"):
        data["email"] = contact["email"]
    if contact.get("phone"):
        data["telephone"] = str(contact["phone"])
    if contact.get("address"):
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line.strip() for line in str(contact["address"]).splitlines() if line.strip()
            ),
        }
    return data


def news_article(article, office: dict, siteurl: str) -> dict:
    """Return a news article as a schema.org NewsArticle."""
    data = {
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute(siteurl, article.url),
        "mainEntityOfPage": absolute(siteurl, article.url),
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "description": Markup(getattr(article, "summary", "") or "").striptags(),
        "author": [
            {"@type": "Person", "name": name} for name in getattr(article, "byline", None) or []
        ]
        or [{"@type": "GovernmentOrganization", "name": office["name"]}],
        "publisher": {"@type": "GovernmentOrganization", "name": office["name"]},
        "inLanguage": getattr(article, "lang", "en"),
    }
    image = getattr(article, "image", None)
    if isinstance(image, dict) and image.get("src"):
        data["image"] = absolute(siteurl, image["src"])
    return data


def breadcrumb_list(crumbs: list[dict], siteurl: str) -> dict:
    """Return a trail of `{"name", "url"}` items as a schema.org BreadcrumbList."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["name"],
                "item": absolute(siteurl, crumb["url"]),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def script_element(data: dict) -> Markup:
    """Return `data` as a JSON-LD script element that cannot break out of its element."""
    text = json.dumps({"@context": SCHEMA, **data}, ensure_ascii=False, sort_keys=True)
    # A "</script>" inside a string value would end the element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def organization_jsonld(office, siteurl):
    return script_element(organization(office, siteurl))


def article_jsonld(article, office, siteurl):
    return script_element(news_article(article, office, siteurl))


def breadcrumb_jsonld(crumbs, siteurl):
    return script_element(breadcrumb_list(crumbs, siteurl))


def add_template_globals(generator) -> None:
    generator.env.globals.update(
        organization_jsonld=organization_jsonld,
        article_jsonld=article_jsonld,
        breadcrumb_jsonld=breadcrumb_jsonld,
    )


def register():
    signals.generator_init.connect(add_template_globals)
