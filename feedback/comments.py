"""`make comments`: approved comments written into content/comments/ as YAML.

One file per page the comments were left on, `news-2026-<slug>.yaml` for `news/2026/<slug>/`,
each comment with its id (the reader's receipt), name, date, language and text. The files
reach the public site the way any content does: a pull request, the content check
(plugins/checks/content_check), CI and the build, which escapes every character of them.
A comment already in a file is not written again; `erase` takes it out (a reader's request).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .storage import Storage, Submission

HEADER = "# Readers' comments on {page}, approved by an editor. Written by `make comments`.\n"


class Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing a text of several lines as a `|` block, as editors do."""


def represent_text(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


Dumper.add_representer(str, represent_text)


def file_for(folder: Path, page: str) -> Path:
    return folder / (page.strip("/").replace("/", "-") + ".yaml")


def entry_of(comment: Submission, zone: ZoneInfo) -> dict:
    received = dt.datetime.strptime(comment.received_at, "%Y-%m-%dT%H:%M:%S.%fZ")
    local = received.replace(tzinfo=dt.UTC).astimezone(zone)
    return {
        "id": comment.receipt,
        "name": comment.name,
        # As editors write dates: the site's local time, to the minute (schemas.py).
        "date": local.strftime("%Y-%m-%d %H:%M"),
        "language": comment.language,
        "text": comment.text,
    }


def read_file(path: Path) -> dict:
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def write_file(path: Path, page: str, comments: list[dict]) -> None:
    if not comments:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump({"page": page, "comments": comments}, Dumper=Dumper, allow_unicode=True,
                     sort_keys=False, width=100)  # fmt: skip
    path.write_text(HEADER.format(page=page) + body, encoding="utf-8")


def export(storage: Storage, folder: Path, now: dt.datetime,
           timezone: str = "Europe/Malta") -> list[Path]:  # fmt: skip
    """Write every approved comment not yet written; returns the files changed."""
    zone = ZoneInfo(timezone)
    by_page: dict[str, list[Submission]] = {}
    for comment in storage.approved_comments(exported=False):
        by_page.setdefault(comment.page, []).append(comment)
    changed = []
    for page, comments in sorted(by_page.items()):
        path = file_for(folder, page)
        existing = read_file(path).get("comments") or []
        known = {entry.get("id") for entry in existing}
        added = [entry_of(c, zone) for c in comments if c.receipt not in known]
        write_file(path, page, existing + added)
        storage.mark_exported([c.receipt for c in comments], now)
        changed.append(path)
    return changed


def remove(folder: Path, receipts: set[str]) -> list[Path]:
    """Take the comments with these ids out of the files; returns the files changed."""
    changed = []
    for path in sorted(folder.glob("*.yaml")):
        data = read_file(path)
        comments = data.get("comments") or []
        kept = [entry for entry in comments if entry.get("id") not in receipts]
        if len(kept) != len(comments):
            write_file(path, data.get("page", ""), kept)
            changed.append(path)
    return changed
