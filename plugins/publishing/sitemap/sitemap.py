"""Sitemap: the list of every public page with the date it last changed, for the template
`sitemap.html`, which the direct template `sitemap` writes to `sitemap.xml`.

Why our own rather than pelican-sitemap: it dates listings with the time of the build (two
builds of one commit would differ) and writes the file itself, outside Pelican's writer (the
preview could not serve it); docs/upstream.md has both.

Adds to the context: `SITEMAP`, a list of (address, last change as a datetime), sorted by
address, made when the sitemap is written. Drafts, the 404 page, robots.txt and the pages
after the first of a listing are left out.

Signal: `all_generators_finalized` (every item, topic and archive is known).
"""

from __future__ import annotations

from pelican import signals

from ...on_demand import OnDemand

RUNS_AFTER = ("plugins.content_model.content_dates",)
NOT_PAGES = {"404", "robots", "sitemap"}


def changed(item):
    return getattr(item, "modified", None) or getattr(item, "date", None)


def newest(items, default=None):
    dates = [date for date in map(changed, items) if date]
    return max(dates) if dates else default


def sitemap_entries(context: dict) -> list[tuple[str, object]]:
    articles = list(context.get("articles", []))
    pages = list(context.get("pages", [])) + list(context.get("hidden_pages", []))
    site_newest = newest(articles + pages)
    entries = {}
    for name in context["DIRECT_TEMPLATES"]:
        url = context.get(f"{name.upper()}_URL")
        if name not in NOT_PAGES and url is not None:
            entries[url] = site_newest
    for item in articles + pages:
        entries[item.url] = changed(item) or site_newest
    for directorate in context.get("DIRECTORATES", []):
        entries[directorate.url] = newest([directorate, *directorate.news], site_newest)
    for tag, tagged in context.get("tags", []):
        entries[tag.url] = newest(tagged, site_newest)
    for archive in context.get("period_archives", {}).get("year", []):
        entries[archive["url"]] = newest(archive["articles"], site_newest)
    return sorted(entries.items())


def add_sitemap(generators) -> None:
    context = generators[0].context
    context["SITEMAP"] = OnDemand(lambda: sitemap_entries(context))


def register():
    signals.all_generators_finalized.connect(add_sitemap)
