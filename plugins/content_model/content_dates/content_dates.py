"""Content dates: every date the built site shows comes from the content, never from the
clock, so two builds of the same commit are byte-identical.

A standing page's `modified` date is its `last_reviewed` date when it has no other: the day
someone last confirmed it (the sitemap's <lastmod> reads it). Listings are dated by their
newest item (plugins/publishing/sitemap). An item held back until its date is marked
`scheduled`.

Signal: `all_generators_finalized` (all content is read, nothing is written yet).
"""

from __future__ import annotations

import datetime as dt

from pelican import signals
from pelican.utils import set_date_tzinfo

RUNS_AFTER = ("plugins.content_model.update_history",)


def as_datetime(value, timezone: str):
    """Return a date or datetime as a datetime in the site's zone."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else set_date_tzinfo(value, timezone)
    return set_date_tzinfo(dt.datetime.combine(value, dt.time()), timezone)


def date_standing_pages(pages, timezone: str) -> None:
    for page in pages:
        reviewed = getattr(page, "last_reviewed", None)
        if reviewed and not getattr(page, "modified", None):
            page.modified = as_datetime(reviewed, timezone)


def date_pages(generators) -> None:
    context = generators[0].context
    pages = list(context.get("pages", [])) + list(context.get("hidden_pages", []))
    date_standing_pages(pages, generators[0].settings["TIMEZONE"])


def mark_scheduled(drafts) -> None:
    """A news item that is a draft only because its date is still to come is `scheduled`:
    the preview says when it appears (Pelican keeps it as a draft until a build after its
    date)."""
    for draft in drafts:
        draft.scheduled = draft.metadata.get("status", "published") != "draft"


def date_items(generators) -> None:
    date_pages(generators)
    mark_scheduled(generators[0].context.get("drafts", []))


def register():
    signals.all_generators_finalized.connect(date_items)
