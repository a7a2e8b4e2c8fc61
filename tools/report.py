"""`make report`: what editors should look at. Lists the standing pages whose review is due
(or due within the next 30 days) and the news items changed since publication, with their
update notes.

Usage: python tools/report.py [content folder] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from plugins.checks.content_check.checks import Site, is_date_safe, read_site  # noqa: E402

SOON = dt.timedelta(days=30)


def review_lines(site: Site) -> list[str]:
    due = []
    for kind, item in site.items:
        value = item.data.get("next_review")
        if kind == "pages" and isinstance(value, str) and is_date_safe(value):
            date = dt.date.fromisoformat(value)
            if date <= site.today + SOON:
                state = "overdue since" if date < site.today else "due on"
                due.append((date, f"- {item.label}: review {state} {value} "
                                  f"(last reviewed {item.data.get('last_reviewed')})"))  # fmt: skip
    return [line for _, line in sorted(due)] or ["- none"]


def update_lines(site: Site) -> list[str]:
    changed = []
    for kind, item in site.items:
        if kind != "news":
            continue
        updates = item.data.get("updates") or []
        modified = item.data.get("modified")
        if updates or modified:
            notes = "; ".join(f"{u.get('date')}: {u.get('note')}" for u in updates
                              if isinstance(u, dict))  # fmt: skip
            changed.append(f"- {item.label} (published {item.data.get('date')}): "
                           + (notes or f"modified {modified}"))  # fmt: skip
    return changed or ["- none"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Pages due for review and corrected news.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    site = Site(Path(args.content), read_settings(str(ROOT / "pelicanconf.py")), args.today)
    read_site(site)
    print(f"Standing pages due for review by {args.today + SOON} (today is {args.today}):")
    print("\n".join(review_lines(site)))
    print("\nNews changed since publication:")
    print("\n".join(update_lines(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
