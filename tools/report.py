"""`make report`: what editors should look at. Lists the standing pages whose review is due
(or due within the next 30 days), the news items changed since publication, with their
update notes, and for each language but the default one the items with no translation in
it and the translations older than their original (git says when each file last changed:
the original changed in a later commit than the translation, or has changes not yet
committed while its translation has none), and the documents that assistive technology may
not read well (a PDF without tags, a title or a language: docs/publications.md), and the
answers readers gave to "Is this page useful?" (from the feedback service's database, where
it can be read: on the server, or a copy of it; docs/feedback.md).

Usage: python tools/report.py [content folder] [--today YYYY-MM-DD] [--feedback FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from feedback.config import from_environment  # noqa: E402
from feedback.storage import SQLiteStorage  # noqa: E402
from plugins.checks.content_check.checks import (  # noqa: E402
    Site,
    is_date_safe,
    read_site,
    versions_by_original,
)

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


# The content check's warnings about what a document lacks for assistive technology.
ACCESSIBILITY_KINDS = ("pdf-untagged", "pdf-no-title", "pdf-no-language")


def accessibility_lines(site: Site) -> list[str]:
    found = [problem for problem in site.problems if problem.kind in ACCESSIBILITY_KINDS]
    return [f"- {problem}" for problem in sorted(found, key=str)] or ["- none"]


def versions_by_item(site: Site) -> dict[Path, dict[str, Path]]:
    """Every Markdown item's versions by language, keyed by the original's path."""
    return {original: {lang: item.path for lang, _, item in found}
            for original, found in versions_by_original(site).items()}  # fmt: skip


def last_change(path: Path) -> str:
    """When git last saw the file change: "now" if it has changes not yet committed, else
    its last commit's time (ISO 8601, sortable), or "" if git cannot tell."""
    folder = path.parent
    status = subprocess.run(["git", "status", "--porcelain", "--", path.name], cwd=folder,
                            capture_output=True, text=True)  # fmt: skip
    if status.returncode != 0:
        return ""
    if status.stdout.strip():
        return "now"
    log = subprocess.run(["git", "log", "-1", "--format=%cI", "--", path.name], cwd=folder,
                         capture_output=True, text=True)  # fmt: skip
    return log.stdout.strip()


def is_older(translation: Path, original: Path) -> bool:
    """Whether the original changed after the translation did."""
    original_at, translation_at = last_change(original), last_change(translation)
    if not original_at or translation_at == "now":
        return False
    return original_at == "now" or original_at > translation_at


def translation_lines(site: Site, lang: str) -> tuple[list[str], list[str]]:
    """The items with no translation in `lang`, and the translations older than their
    original."""
    missing, outdated = [], []
    for key, versions in sorted(versions_by_item(site).items()):
        # The original's own file: `name.en.md` or `name.md` (the key is the latter).
        original = versions.get(site.settings["DEFAULT_LANG"], key)
        label = f"content/{original.relative_to(site.content).as_posix()}"
        if lang not in versions:
            missing.append(f"- {label}")
        elif site.settings["DEFAULT_LANG"] in versions and is_older(versions[lang], original):
            translated = versions[lang].relative_to(site.content).as_posix()
            outdated.append(f"- content/{translated}: {label} changed after it")
    return missing or ["- none"], outdated or ["- none"]


def useful_lines(database: Path) -> list[str]:
    """Each page's yes and no, the pages with the most "no" first."""
    if not database.is_file():
        return [f"- no feedback database at {database} (run this on the feedback service's "
                "server, or give a copy with --feedback FILE)"]  # fmt: skip
    counts = SQLiteStorage(database, read_only=True).useful_counts()
    ordered = sorted(counts.items(), key=lambda entry: (-entry[1][1], entry[0]))
    return [f"- /{page}: {no} no, {yes} yes" for page, (yes, no) in ordered] or ["- none yet"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Pages due for review and corrected news.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument(
        "--feedback",
        type=Path,
        default=from_environment().database,
        help="the feedback database (where FEEDBACK_DATA_DIR says)",
    )
    args = parser.parse_args(argv)
    site = Site(Path(args.content), read_settings(str(ROOT / "pelicanconf.py")), args.today)
    read_site(site)
    print(f"Standing pages due for review by {args.today + SOON} (today is {args.today}):")
    print("\n".join(review_lines(site)))
    print("\nNews changed since publication:")
    print("\n".join(update_lines(site)))
    print("\nDocuments that assistive technology may not read well:")
    print("\n".join(accessibility_lines(site)))
    print('\nAnswers to "Is this page useful?":')
    print("\n".join(useful_lines(args.feedback)))
    for lang in site.settings.get("LANGUAGES", [])[1:]:
        missing, outdated = translation_lines(site, lang)
        name = site.settings["LANGUAGE_NAMES"].get(lang, lang)
        print(f"\nNot translated into {name} ({lang}):")
        print("\n".join(missing))
        print(f"\nTranslations into {name} ({lang}) older than their original:")
        print("\n".join(outdated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
