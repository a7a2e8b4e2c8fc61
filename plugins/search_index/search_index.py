"""Site search: writes the split lunr index of every public page into `search/` in the output
(see index_files.py for its layout) and copies lunr.js, pinned by package-lock.json, beside
the theme's scripts.

What is indexed: the office with its mandate, the directorates, the standing pages and every
news article that is published and not dated in the future. Drafts and hidden pages never
are. Fields: title, summary and full text, boosted as `SEARCH_FIELD_BOOSTS` says.

No published plugin does this: `pelican-search` runs Stork or Pagefind, not lunr, and lunr
plugins write one monolithic index.

Signals: `all_generators_finalized` (all content is read: the index is built in its own
process while Pelican writes the pages, see index_process.py) and `finalized` (wait for it; a
failed index fails the build). This plugin must come before any plugin whose `finalized`
step reads the output (fingerprint, precompress): PLUGINS keeps that order.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pelican import signals

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
    cache: str | None = None  # where the index process keeps its analysed pages between builds
    previous: Path | None = None  # the last build's index, when this build writes a new folder


def search_settings(settings: dict) -> SearchSettings:
    return SearchSettings(
        output=Path(settings["OUTPUT_PATH"]),
        index_dir=settings["SEARCH_INDEX_DIR"],
        boosts=dict(settings["SEARCH_FIELD_BOOSTS"]),
        shard_bytes=int(settings["SEARCH_SHARD_BYTES"]),
        lunr_js=Path(settings["LUNR_JS"]),
        lunr_js_save_as=settings["LUNR_JS_SAVE_AS"],
        office_url=settings["OFFICE_URL"],
        cache=index_cache_path(settings),
        previous=previous_index(settings),
    )


def previous_index(settings: dict) -> Path | None:
    """The last build's index, if this build writes into a new folder that then replaces
    FINAL_OUTPUT_PATH (tools/build.py)."""
    final = settings.get("FINAL_OUTPUT_PATH")
    if not final or Path(final) == Path(settings["OUTPUT_PATH"]):
        return None
    return Path(final) / settings["SEARCH_INDEX_DIR"]


def index_cache_path(settings: dict) -> str | None:
    """One cache for each output folder (the folder the output ends up in), as
    plugins/quick_rebuild keeps one record for each: its quick path takes the cache's pages
    as the last build's."""
    if not settings.get("CACHE_CONTENT"):
        return None  # caching is off: every build analyses every page
    final = settings.get("FINAL_OUTPUT_PATH") or settings["OUTPUT_PATH"]
    key = hashlib.sha256(os.path.abspath(final).encode()).hexdigest()[:12]
    return os.path.join(settings["CACHE_PATH"], f"search-index-{key}.pickle")


def text_html(content) -> str:
    """Return a copy of the HTML of a page's text as read. Pelican's `content` is the same
    HTML with internal links rewritten, kept in memory for every page once asked for: the
    index needs only the text, which the links do not change. A copy, because pickling a
    string that is not all ASCII makes CPython keep a UTF-8 copy of it inside the string for
    as long as it lives (3.8 MB at 1,000 articles, until the build ends); the copy goes once
    it is handed over."""
    return (content._content + " ")[:-1]


def office_page(office: dict, mandate: dict, url: str) -> tuple:
    responsibilities = " ".join(item["text"] for item in mandate.get("responsibilities", []))
    body = f"{office.get('about', '')} {mandate.get('intro', '')} {responsibilities}"
    return ("office", office["name"], url, office.get("description"), body)


def directorate_page(page) -> tuple:
    head = getattr(page, "head", None) or {}
    functions = " ".join(getattr(page, "functions", None) or [])
    body = f"{text_html(page)} {functions} {head.get('name', '')} {head.get('role', '')}"
    return ("directorate", page.title, page.url, page.summary, body)


def standing_page(page) -> tuple:
    return ("page", page.title, page.url, page.summary, text_html(page))


def news_page(article) -> tuple:
    return ("news", article.title, article.url, article.summary, text_html(article),
            article.date.isoformat())  # fmt: skip


def is_public_now(content, now: datetime) -> bool:
    date = getattr(content, "date", None)
    return content.status == "published" and (date is None or date <= now)


def site_pages(generators, now: datetime) -> Iterator[tuple]:
    """Yield what is indexed of each page, in a stable order: office, directorates, pages,
    news. Each is (kind, title, address, summary, text as HTML, ISO date or None):
    index_process.search_document makes the document from it."""
    context = generators[0].context
    yield office_page(context["OFFICE"], context["MANDATE"], context["OFFICE_URL"])
    for page in context.get("DIRECTORATES", []):
        yield directorate_page(page)
    pages = [page for page in context.get("pages", []) if getattr(page, "kind", "") == "pages"]
    for page in sorted(pages, key=lambda page: page.url):
        if is_public_now(page, now):
            yield standing_page(page)
    for article in context.get("articles", []):
        if is_public_now(article, now):
            yield news_page(article)


# What each kind of item (PATH_METADATA's `kind`) is indexed as, if it is indexed.
PAGE_OF_KIND = {"directorates": directorate_page, "pages": standing_page, "news": news_page}


def copy_lunr_js(config: SearchSettings) -> None:
    if not config.lunr_js.is_file():
        raise SearchBuildError(
            f"{config.lunr_js}: lunr.js not found — run `npm ci` in the project folder "
            "(`make html` does it for you)"
        )
    target = config.output / config.lunr_js_save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(config.lunr_js, target)


class IndexProcess:
    """index_process.py in its own process. Started with the index's settings, it loads its
    cache while the build gets the pages ready; then it is given every page (`feed_pages`:
    a thread of the build hands them over while Pelican writes the pages), or only those
    that changed since the last build (`feed_changes`, for plugins/quick_rebuild)."""

    def __init__(self, config: SearchSettings, pages: Iterator[tuple] | None = None):
        plugins = str(Path(__file__).resolve().parent.parent)
        environment = {**os.environ, "PYTHONPATH": plugins}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "search_index.index_process"], env=environment,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.failure: Exception | None = None  # what stopped the feeding, raised by finish()
        self.feeder: threading.Thread | None = None
        # Where the process writes its new cache before renaming it: stop() removes it.
        self.temporary = f"{config.cache}.{self.process.pid}.tmp" if config.cache else None
        header = {"output": str(config.output), "index_dir": config.index_dir,
                  "boosts": config.boosts, "shard_bytes": config.shard_bytes,
                  "cache": config.cache, "cache_temporary": self.temporary,
                  "previous": str(config.previous) if config.previous else None}  # fmt: skip
        with contextlib.suppress(BrokenPipeError):  # the process failed: finish() says why
            pickle.dump(header, self.process.stdin)
            self.process.stdin.flush()
        if pages is not None:
            self.feed_pages(pages)

    def feed_pages(self, pages: Iterator[tuple]) -> None:
        self.feeder = threading.Thread(target=self.feed, args=(pages,), daemon=True)
        self.feeder.start()

    def feed(self, pages: Iterable) -> None:
        try:
            with self.process.stdin as pipe:
                for page in pages:
                    pickle.dump(page, pipe)
                pickle.dump(None, pipe)
        except BrokenPipeError:
            pass  # the process failed: finish() reports why
        except Exception as error:  # reading a page failed: the build must say so
            self.failure = error
        finally:
            self.process.stdin = None  # closed: communicate() has nothing more to send

    def feed_changes(self, changes: dict[str, tuple]) -> None:
        """Give the pages that changed, by their address (the process reads nothing after)."""
        self.feed([{"changed": changes}])

    def stop(self) -> None:
        """End the process without an index (the build does not need it after all, or
        failed)."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
            if self.temporary:  # half written
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.temporary)

    def wait_until_fed(self) -> None:
        """Wait until every page is handed over (the thread needs the interpreter's lock to
        pickle them: a build that has other work to do lets it finish first)."""
        if self.feeder is not None:
            self.feeder.join()

    def finish(self) -> dict:
        """Wait for the index; return its figures, or raise SearchBuildError."""
        self.wait_until_fed()
        out, errors = self.process.communicate()
        if self.failure is not None:
            raise self.failure
        if self.process.returncode != 0:
            raise SearchBuildError(
                "the search index was not written:\n" + errors.decode("utf-8", "replace")
            )
        return json.loads(out)


_index: IndexProcess | None = None


def start_search_index(generators) -> None:
    global _index
    config = search_settings(generators[0].settings)
    copy_lunr_js(config)
    _index = IndexProcess(config, site_pages(generators, datetime.now(UTC)))


def finish_search_index(_pelican) -> None:
    global _index
    index, _index = _index, None
    if index is not None:
        log_figures(index.finish())


def log_figures(figures: dict) -> None:
    log.info("Search index: %(documents)d documents, %(terms)d terms, %(shards)d shards",
             figures)  # fmt: skip


# --- For plugins/quick_rebuild: the index after a change to some pages' text -------------------


def start_index_of_changes(settings: dict) -> IndexProcess:
    """Start the index process early: it loads its cache while the build reads the changes."""
    return IndexProcess(search_settings(settings))


def changed_pages(items) -> dict[str, tuple]:
    """Return the index pages of changed items, by address (the other pages are as in the
    last build; an item the last build did not index is left out again)."""
    pages = {}
    for item in items:
        page_of = PAGE_OF_KIND.get(getattr(item, "kind", ""))
        if page_of:
            page = page_of(item)
            pages[page[2]] = page
    return pages


def finish_index_of_changes(index: IndexProcess, generators) -> dict:
    """Wait for the index; if its cache could not serve (another build or other code wrote
    it), index every page. lunr.js is in place already. Return the index's figures: its
    files, under SEARCH_INDEX_DIR, are in "files", those written anew in "replaced"."""
    figures = index.finish()
    if figures.get("needs_pages"):
        config = search_settings(generators[0].settings)
        figures = IndexProcess(config, site_pages(generators, datetime.now(UTC))).finish()
    log_figures(figures)
    return figures


def register():
    signals.all_generators_finalized.connect(start_search_index)
    signals.finalized.connect(finish_search_index)
