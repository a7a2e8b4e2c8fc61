"""Sitemap: the list of every public page with the date it last changed, for the template
`sitemap.html`, which the direct template `sitemap` writes to `sitemap.xml`.

Why our own rather than pelican-sitemap: it dates listings with the time of the build (two
builds of one commit would differ) and writes the file itself, outside Pelican's writer (the
preview could not serve it); docs/upstream.md has both.

Adds to the context: `SITEMAP`, a list of (address, last change as a datetime, versions),
sorted by address, made when the sitemap is written; `versions` are the (language, address)
of the page in every language it is in, for the sitemap's hreflang links (pelican-sitemap
writes them wrongly: docs/upstream.md). A language's topics have no versions in others.
Each publication's page and the publications' register, with its filters' pages, are listed
in every language. Drafts, the 404 page,
robots.txt and the pages after the first of a listing are left out.

Signal: `all_generators_finalized` (every item, topic and archive is known).
"""

from __future__ import annotations

from pelican import signals

from ...content_model.publications.publications import filter_pages
from ...languages.translations.translations import (
    in_language,
    in_language_or_original,
    other_languages,
    tags_of,
)
from ...on_demand import OnDemand

RUNS_AFTER = (
    "plugins.content_model.content_dates",
    "plugins.languages.translations",
    "plugins.content_model.publications",
)
NOT_PAGES = {"404", "robots", "sitemap"}


def changed(item):
    return getattr(item, "modified", None) or getattr(item, "date", None)


def newest(items, default=None):
    dates = [date for date in map(changed, items) if date]
    return max(dates) if dates else default


def published_versions(item) -> list:
    """The item and its translations that are published or hidden (as the item: hidden
    pages are listed here, though not in the site's lists)."""
    return [item, *(other for other in getattr(item, "translations", [])
                    if other.status != "draft")]  # fmt: skip


def item_entries(item, site_newest) -> dict:
    """An entry for the item and for each of its published translations, each with the
    others as its alternates."""
    versions = published_versions(item)
    alternates = sorted((version.lang, version.url) for version in versions)
    return {version.url: (changed(version) or site_newest, alternates) for version in versions}


def listing_entries(url: str, changed_at, settings: dict) -> dict:
    """An entry for a listing in every language, each with the others as its alternates."""
    languages = settings.get("LANGUAGES", [settings["DEFAULT_LANG"]])
    alternates = sorted((lang, in_language(url, lang, settings)) for lang in languages)
    return {address: (changed_at, alternates) for _, address in alternates}


def languages_topics(context: dict) -> list[tuple]:
    """The topics of every other language than the default, each with its items."""
    topics = []
    for lang in other_languages(context):
        in_lang = [in_language_or_original(item, lang) for item in context.get("articles", [])]
        topics += tags_of(in_lang, lang)
    return topics


def sitemap_entries(context: dict) -> list[tuple[str, object, list]]:
    """(address, last change, [(language, address) of each version]) of every public page."""
    articles = list(context.get("articles", []))
    pages = list(context.get("pages", [])) + list(context.get("hidden_pages", []))
    site_newest = newest(articles + pages)
    entries = {}
    for name in context["DIRECT_TEMPLATES"]:
        url = context.get(f"{name.upper()}_URL")
        if name not in NOT_PAGES and url is not None:
            entries.update(listing_entries(url, site_newest, context))
    for item in articles + pages:
        entries.update(item_entries(item, site_newest))
    for directorate in context.get("DIRECTORATES", []):
        newest_news = newest([directorate, *directorate.news], site_newest)
        for url, (_, alternates) in item_entries(directorate, site_newest).items():
            entries[url] = (newest_news, alternates)
    for tag, tagged in context.get("tags", []) + languages_topics(context):
        entries[tag.url] = (newest(tagged, site_newest), [])
    publications = context.get("PUBLICATIONS", [])
    if publications:
        newest_publication = max(item.date for item in publications)
        entries.update(listing_entries(context["PUBLICATIONS_URL"], newest_publication, context))
    for publication in publications:
        url = publication.in_language(context["DEFAULT_LANG"]).url
        entries.update(listing_entries(url, publication.date, context))
    for url, shown in filter_pages(publications, context).items():
        entries.update(listing_entries(url, max(item.date for item in shown), context))
    for archive in context.get("period_archives", {}).get("year", []):
        entries.update(listing_entries(archive["url"], newest(archive["articles"], site_newest),
                                       context))  # fmt: skip
    return sorted((url, changed_at, alternates)
                  for url, (changed_at, alternates) in entries.items())  # fmt: skip


def add_sitemap(generators) -> None:
    context = generators[0].context
    context["SITEMAP"] = OnDemand(lambda: sitemap_entries(context))


def register():
    signals.all_generators_finalized.connect(add_sitemap)
