"""Site search: writes the split lunr index of every public page into `search/` in the output
(see index_files.py for its layout) and copies lunr.js, pinned by package-lock.json, beside
the theme's scripts.

What is indexed: the office with its mandate, the directorates, the standing pages and every
news article that is published and not dated in the future. Drafts and hidden pages never
are. Fields: title, summary and full text, boosted as `SEARCH_FIELD_BOOSTS` says.

No published plugin does this: `pelican-search` runs Stork or Pagefind, not lunr, and lunr
plugins write one monolithic index.

Signals: `all_generators_finalized` (all content is read: the index is built in a child
process while Pelican writes the pages, see background.py) and `finalized` (wait for it; a
failed index fails the build). This plugin must come before any plugin whose `finalized`
step reads the output (fingerprint, precompress): PLUGINS keeps that order.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from .background import BackgroundJob
from .index_files import write_index

log = logging.getLogger(__name__)


class SearchBuildError(Exception):
    """The search index cannot be built; the message says what to do."""


@dataclass(frozen=True)
class SearchSettings:
    output: Path
    index_dir: str
    boosts: dict
    shard_bytes: int
    lunr_js: Path
    lunr_js_save_as: str
    office_url: str


def search_settings(settings: dict) -> SearchSettings:
    return SearchSettings(
        output=Path(settings["OUTPUT_PATH"]),
        index_dir=settings["SEARCH_INDEX_DIR"],
        boosts=dict(settings["SEARCH_FIELD_BOOSTS"]),
        shard_bytes=int(settings["SEARCH_SHARD_BYTES"]),
        lunr_js=Path(settings["LUNR_JS"]),
        lunr_js_save_as=settings["LUNR_JS_SAVE_AS"],
        office_url=settings["OFFICE_URL"],
    )


def plain_text(html) -> str:
    """Return the readable text of an HTML fragment, white space collapsed."""
    return Markup(str(html or "")).striptags()


def search_document(kind, title, url, summary, body, date=None) -> dict:
    """Return one document: its indexed fields and what its search result shows."""
    summary_text = plain_text(summary)
    body_text = plain_text(body)
    return {
        "kind": kind,
        "year": date.year if date else None,
        "title": title,
        "summary": summary_text,
        "body": body_text,
        "result": {
            "title": title,
            "url": url,
            "kind": kind,
            "date": date.isoformat() if date else "",
            "dateText": f"{date.day} {date:%B %Y}" if date else "",
            "summary": summary_text,
            "text": body_text,
        },
    }


def text_html(content) -> str:
    """Return the HTML of a page's text as read. Pelican's `content` is the same HTML with
    internal links rewritten, kept in memory for every page once asked for: the index needs
    only the text, which the links do not change."""
    return content._content


def office_document(office: dict, mandate: dict, url: str) -> dict:
    responsibilities = " ".join(item["text"] for item in mandate.get("responsibilities", []))
    body = f"{office.get('about', '')} {mandate.get('intro', '')} {responsibilities}"
    return search_document("office", office["name"], url, office.get("description"), body)


def directorate_document(page) -> dict:
    head = getattr(page, "head", None) or {}
    functions = " ".join(getattr(page, "functions", None) or [])
    body = f"{text_html(page)} {functions} {head.get('name', '')} {head.get('role', '')}"
    return search_document("directorate", page.title, page.url, page.summary, body)


def is_public_now(content, now: datetime) -> bool:
    date = getattr(content, "date", None)
    return content.status == "published" and (date is None or date <= now)


def site_documents(generators, now: datetime) -> Iterator[dict]:
    """Yield the documents to index, in a stable order: office, directorates, pages, news
    (one at a time: at 10,000 articles, all their text at once is tens of megabytes)."""
    context = generators[0].context
    yield office_document(context["OFFICE"], context["MANDATE"], context["OFFICE_URL"])
    for page in context.get("DIRECTORATES", []):
        yield directorate_document(page)
    pages = [page for page in context.get("pages", []) if getattr(page, "kind", "") == "pages"]
    for page in sorted(pages, key=lambda page: page.url):
        if is_public_now(page, now):
            yield search_document("page", page.title, page.url, page.summary, text_html(page))
    for article in context.get("articles", []):
        if is_public_now(article, now):
            yield search_document(
                "news", article.title, article.url, article.summary, text_html(article),
                article.date,
            )  # fmt: skip


def copy_lunr_js(config: SearchSettings) -> None:
    if not config.lunr_js.is_file():
        raise SearchBuildError(
            f"{config.lunr_js}: lunr.js not found — run `npm ci` in the project folder "
            "(`make html` does it for you)"
        )
    target = config.output / config.lunr_js_save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(config.lunr_js, target)


def write_search_index(config: SearchSettings, generators, now: datetime) -> None:
    documents = site_documents(generators, now)
    out = config.output / config.index_dir
    shutil.rmtree(out, ignore_errors=True)
    figures = write_index(documents, config.boosts, out, config.shard_bytes)
    log.info("Search index: %(documents)d documents, %(terms)d terms, %(shards)d shards", figures)


_index_job: BackgroundJob | None = None


def start_search_index(generators) -> None:
    global _index_job
    config = search_settings(generators[0].settings)
    copy_lunr_js(config)
    _index_job = BackgroundJob(
        write_search_index, config, generators, datetime.now(UTC), failure=SearchBuildError
    )


def finish_search_index(_pelican) -> None:
    global _index_job
    job, _index_job = _index_job, None
    if job is not None:
        job.wait()


def register():
    signals.all_generators_finalized.connect(start_search_index)
    signals.finalized.connect(finish_search_index)
