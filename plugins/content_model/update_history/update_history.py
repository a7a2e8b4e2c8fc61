"""Update history: turns a news item's `updates` (corrections made after publication, each a
`date` and a `note`) into dated entries, newest first, and makes the newest one the item's
`modified` date, which the page shows as "Updated" and the feeds and search engines read.

Pelican has `modified` but no list of changes, and no published plugin keeps one.

Signal: `content_object_init` (each item as it is read).
"""

from __future__ import annotations

from pelican import signals
from pelican.utils import get_date, set_date_tzinfo

RUNS_AFTER = ("plugins.content_model.source_reader",)


def dated_updates(updates, timezone: str) -> list[dict]:
    """Return the updates with their dates as datetimes in the site's zone, newest first."""
    entries = [
        {"date": set_date_tzinfo(get_date(str(update["date"])), timezone), "note": update["note"]}
        for update in updates or []
    ]
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)


def add_update_history(content) -> None:
    updates = getattr(content, "updates", None)
    if not updates:
        return
    content.updates = dated_updates(updates, content.settings["TIMEZONE"])
    newest = content.updates[0]["date"]
    if not getattr(content, "modified", None) or newest > content.modified:
        content.modified = newest
        content.locale_modified = newest.strftime(content.settings["DEFAULT_DATE_FORMAT"])


def register():
    signals.content_object_init.connect(add_update_history)
