"""Content dates: every date the built site shows comes from the content, never from the
clock, so two builds of the same commit are byte-identical.

- A standing page's `modified` date is its `last_reviewed` date when it has no other: the
  day someone last confirmed it (the sitemap's <lastmod> reads it).
- `pelican-sitemap` dates the pages that have no date of their own (listings, directorates)
  with the time of the build; we give it the date of the newest content instead. It has no
  setting for this, so we set its `now`, the one value it reads.

Signal: `all_generators_finalized` (all content is read, nothing is written yet).
"""

from __future__ import annotations

import datetime as dt

from pelican import signals
from pelican.utils import set_date_tzinfo


def as_datetime(value, timezone: str):
    """Return a date or datetime as a datetime in the site's zone."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else set_date_tzinfo(value, timezone)
    return set_date_tzinfo(dt.datetime.combine(value, dt.time()), timezone)


def newest_date(contents):
    """Return the newest `modified` or `date` among the contents, or None."""
    dates = [getattr(item, "modified", None) or getattr(item, "date", None) for item in contents]
    dates = [date for date in dates if date]
    return max(dates) if dates else None


def date_standing_pages(pages, timezone: str) -> None:
    for page in pages:
        reviewed = getattr(page, "last_reviewed", None)
        if reviewed and not getattr(page, "modified", None):
            page.modified = as_datetime(reviewed, timezone)


def fix_build_dates(generators) -> None:
    context = generators[0].context
    settings = generators[0].settings
    pages = list(context.get("pages", [])) + list(context.get("hidden_pages", []))
    date_standing_pages(pages, settings["TIMEZONE"])
    newest = newest_date(list(context.get("articles", [])) + pages)
    if newest is None:
        return
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # the sitemap plugin is not installed: nothing else reads the clock
        return
    sitemap.generator.now = newest


def register():
    signals.all_generators_finalized.connect(fix_build_dates)
