"""Site search: writes the split lunr index of every public page into `search/` in the output
(see index_files.py for its layout) and copies lunr.js, pinned by package-lock.json, beside
the theme's scripts.

What is indexed: the office with its mandate, the directorates, the standing pages, every
news article that is published and not dated in the future, and every publication with the
words of its document (plugins/content_model/publications), in every language: each item and
its translations, each in the index of its own language (`lang`), and the office in each
language of LANGUAGES that has its data (`OFFICE` for the default language, `OFFICE_BY_LANG`
for the others). Drafts and hidden pages never are. Fields: title, summary and full text,
boosted as `SEARCH_FIELD_BOOSTS` says; each document is boosted by its kind as
`SEARCH_KIND_BOOSTS` says. What readers see of the office's data (office.yaml: address,
telephone, e-mail, opening hours, how to get there) is in the office's document, and in those
of the pages that show it (`OFFICE_DATA_SHOWN_BY`).

No published plugin does this: `pelican-search` runs Stork or Pagefind, not lunr, and lunr
plugins write one monolithic index.

Signals: `all_generators_finalized` (all content is read: the index is built in its own
process, index_process.py, while Pelican writes the pages) and `finalized` (wait for it; a
failed index fails the build). With `SEARCH_INDEX_DEFERRED` (the preview sets it) the index
is built only when `wait_for_index()` asks for it, which the preview does when a reader
searches: an editor's saves are not slowed by an index nobody reads.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from pathlib import Path

from markupsafe import Markup, escape
from pelican import signals

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[3]


class SearchBuildError(Exception):
    """The search index cannot be built; the message says what to do."""


@dataclass(frozen=True)
class SearchSettings:
    output: Path
    index_dir: str
    boosts: dict
    kind_boosts: dict
    shard_bytes: int
    lunr_js: Path
    lunr_js_save_as: str
    cache: str  # where the index process keeps each page's analysis between builds
    languages: list  # the default first
    language_names: dict


def search_settings(settings: dict) -> SearchSettings:
    return SearchSettings(
        output=Path(settings["OUTPUT_PATH"]),
        index_dir=settings["SEARCH_INDEX_DIR"],
        boosts=dict(settings["SEARCH_FIELD_BOOSTS"]),
        kind_boosts=dict(settings.get("SEARCH_KIND_BOOSTS") or {}),
        shard_bytes=int(settings["SEARCH_SHARD_BYTES"]),
        lunr_js=Path(settings["LUNR_JS"]),
        lunr_js_save_as=settings["LUNR_JS_SAVE_AS"],
        cache=os.path.join(settings["CACHE_PATH"], "search-analysis.pickle"),
        languages=languages_of(settings),
        language_names=dict(settings.get("LANGUAGE_NAMES") or {}),
    )


def languages_of(settings: dict) -> list[str]:
    """The site's languages, the default first (DEFAULT_LANG if LANGUAGES does not say)."""
    default = settings.get("DEFAULT_LANG") or "en"
    languages = list(settings.get("LANGUAGES") or [default])
    return [default, *(lang for lang in languages if lang != default)]


def paragraph(*parts) -> str:
    """Return the parts, escaped, as one paragraph of HTML: one block of the indexed text."""
    return f"<p>{escape(' '.join(str(part) for part in parts if part))}</p>"


def address_of(contact: dict) -> str:
    """Return an address on one line, as the pages show it."""
    lines = str(contact.get("address") or "").splitlines()
    return ", ".join(line.strip() for line in lines if line.strip())


def english(message: str) -> str:
    """The templates' words as they write them (English): what `say` is without catalogues."""
    return message


def contact_html(contact: dict, say: Callable[[str], str] = english) -> str:
    """Return contact details (the office's or a directorate's) as their pages show them, as
    HTML. The labels are those of the pages (partials/contact-details.html), in the page's
    language (`say`), so that "telephone" or "telefon" finds them."""
    address = address_of(contact)
    blocks = [paragraph(address)] if address else []
    if contact.get("phone"):
        blocks.append(paragraph(say("Telephone"), contact["phone"]))
    hotline = contact.get("hotline") or {}
    if hotline.get("number"):
        hours = f"({hotline['hours']})" if hotline.get("hours") else ""
        blocks.append(paragraph(say("Hotline"), hotline["number"], hours))
    if contact.get("email"):
        blocks.append(paragraph(say("Email"), contact["email"]))
    return "".join(blocks)


def office_contact_html(office: dict, say: Callable[[str], str] = english) -> str:
    """Return what the contact page shows of the office: the numbers for urgent help, and
    the office's contact details."""
    urgent = [paragraph(f"{item.get('number', '')} {item.get('name', '')}:", item.get("for"),
                        item.get("hours"))
              for item in office.get("urgent_help") or []]  # fmt: skip
    return "".join(urgent) + contact_html(office.get("contact") or {}, say)


def visiting_html(office: dict, say: Callable[[str], str] = english) -> str:
    """Return the opening hours and how to get to the office, as the visiting page shows
    them (partials/visitor-information.html), as HTML."""
    visitor = office.get("visitor_information") or {}
    hours = "; ".join(f"{slot.get('days', '')}: {slot.get('hours', '')}"
                      for slot in visitor.get("opening_hours") or [])  # fmt: skip
    blocks = [paragraph(f"{say('Opening hours')}:", hours)] if hours else []
    if visitor.get("getting_there"):
        blocks.append(f"<h2>{escape(say('Getting here'))}</h2>{Markup(visitor['getting_there'])}")
    return "".join(blocks)


def visiting_page_html(office: dict, say: Callable[[str], str] = english) -> str:
    """Return what the visiting page shows of the office: opening hours, how to get there
    and the address."""
    address = address_of(office.get("contact") or {})
    return visiting_html(office, say) + (paragraph(say("Address"), address) if address else "")


# The standing pages whose templates show the office's data, by template: their documents
# hold it too.
OFFICE_DATA_SHOWN_BY = {"contact": office_contact_html, "visiting": visiting_page_html}


def office_page(office: dict, mandate: dict, url: str, lang: str,
                say: Callable[[str], str] = english) -> tuple:  # fmt: skip
    responsibilities = " ".join(f"<p>{item['text']}</p>"
                                for item in mandate.get("responsibilities", []))  # fmt: skip
    body = (f"<div>{office.get('about', '')}</div><div>{mandate.get('intro', '')}</div>"
            f"{responsibilities}{office_contact_html(office, say)}"
            f"{visiting_html(office, say)}")  # fmt: skip
    return ("office", office["name"], url, office.get("description"), body, None, lang)


def summary_of(item) -> str:
    """The item's summary as its file gives it (Pelican's `summary` would make one from the
    text if there were none; our content model requires it)."""
    return item.metadata.get("summary", "")


def directorate_page(page, say: Callable[[str], str] = english) -> tuple:
    head = getattr(page, "head", None) or {}
    functions = "".join(f"<p>{function}</p>" for function in getattr(page, "functions", None) or [])
    contact = contact_html(getattr(page, "contact", None) or {}, say)
    body = f"{page.text_html}{functions}{paragraph(head.get('name'), head.get('role'))}{contact}"
    return ("directorate", page.title, page.url, summary_of(page), body, None, page.lang)


def standing_page(page, office: dict, say: Callable[[str], str] = english) -> tuple:
    shown = OFFICE_DATA_SHOWN_BY.get(getattr(page, "template", ""))
    body = f"{page.text_html}{shown(office, say) if shown else ''}"
    return ("page", page.title, page.url, summary_of(page), body, None, page.lang)


def news_page(article) -> tuple:
    return ("news", article.title, article.url, summary_of(article), article.text_html,
            article.date.isoformat(), article.lang)  # fmt: skip


def publication_page(publication, languages: list[str], text_chars: int) -> tuple:
    """A publication in the index of the language it is written in (the default language's
    if the site is not in it), at its page in that language: its title and summary, and the
    words of its document as far as SEARCH_PUBLICATION_TEXT_CHARS. Once, like a news item
    without translations: a reader searching in another language finds it with "all
    languages", and the index does not hold a long document's words once per language."""
    lang = publication.lang if publication.lang in languages else languages[0]
    page = publication.in_language(lang)
    text = publication.facts.text[:text_chars]
    body = f"<p>{escape(publication.reference)}</p><p>{escape(text)}</p>"
    return ("publication", page.title, page.url, escape(page.summary), body,
            publication.date.isoformat(), lang)  # fmt: skip


def is_public_now(content, now: datetime) -> bool:
    date = getattr(content, "date", None)
    return content.status == "published" and (date is None or date <= now)


def with_translations(items) -> list:
    """The items and each one's translations (Pelican lists only the originals), once each."""
    seen: set[int] = set()
    every = []
    for item in items:
        for version in [item, *(getattr(item, "translations", None) or [])]:
            if id(version) not in seen:
                seen.add(id(version))
                every.append(version)
    return every


def office_pages(context: dict, languages: list[str], words) -> list[tuple]:
    """The office's document in each language that has the office's data: `OFFICE` and
    `MANDATE` in the default language, `OFFICE_BY_LANG` and `MANDATE_BY_LANG` in the
    others (at /<lang>/ + OFFICE_URL, where the other languages' pages are)."""
    default, *others = languages
    pages = [office_page(context["OFFICE"], context["MANDATE"], context["OFFICE_URL"], default,
                         words(default))]  # fmt: skip
    offices = context.get("OFFICE_BY_LANG") or {}
    mandates = context.get("MANDATE_BY_LANG") or {}
    for lang in others:
        if offices.get(lang):
            url = f"{lang}/{context['OFFICE_URL']}"
            pages.append(office_page(offices[lang], mandates.get(lang) or {}, url, lang,
                                     words(lang)))  # fmt: skip
    return pages


def interface_words(settings: dict) -> Callable[[str], Callable[[str], str]]:
    """Return, for a language, the function that gives a template's word in it, from the
    theme's catalogues (plugins/languages/interface), so that the labels a page shows are
    indexed as it shows them; English words where there is no catalogue."""
    try:
        from plugins.languages.interface.interface import Interface
    except ImportError:  # a site without the languages plugin shows the words as written
        return lambda lang: english
    interface = Interface(settings)
    return lambda lang: partial(interface.gettext, lang)


def site_pages(generators, now: datetime, languages: list[str]) -> Iterator[tuple]:
    """Return what is indexed of each page, in a stable order: the office, directorates,
    pages, news, each followed by its translations, then the publications.
    Each is (kind, title, address, summary, text as HTML, ISO date or None, language):
    index_process.search_document makes the document from it. The lists are taken now and
    read as the pages are sent (the build meanwhile writes its pages; the preview, which makes
    new lists after a change, leaves these as they are)."""
    context = generators[0].context
    words = interface_words(generators[0].settings)
    default_office = context["OFFICE"]
    offices = context.get("OFFICE_BY_LANG") or {}

    def office_data_in(lang: str) -> dict:
        # A page in a language without its own office data shows the default's.
        return default_office if lang == languages[0] else offices.get(lang) or default_office

    directorates = [page for page in with_translations(context.get("DIRECTORATES", []))
                    if is_public_now(page, now)]  # fmt: skip
    standing = [page for page in context.get("pages", []) if getattr(page, "kind", "") == "pages"]
    standing.sort(key=lambda page: page.url)
    standing = with_translations(standing)
    articles = with_translations(context.get("articles", []))
    text_chars = generators[0].settings.get("SEARCH_PUBLICATION_TEXT_CHARS", 20_000)
    return chain(
        office_pages(context, languages, words),
        (directorate_page(page, words(page.lang)) for page in directorates),
        (standing_page(page, office_data_in(page.lang), words(page.lang)) for page in standing
         if is_public_now(page, now)),
        (news_page(article) for article in articles if is_public_now(article, now)),
        (publication_page(publication, languages, text_chars)
         for publication in context.get("PUBLICATIONS", [])),
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


def copied(page: tuple) -> tuple:
    """The page with copies of its texts. Pickling a string that is not all ASCII makes
    CPython keep a UTF-8 copy inside the string for as long as it lives; the site's texts
    live until the build ends, the copies only until they are sent."""
    return tuple((value + " ")[:-1] if isinstance(value, str) else value for value in page)


class IndexProcess:
    """index_process.py in its own process, given every page by a thread of the build while
    Pelican writes the pages. `finish` may be called from several threads; `stop` from any."""

    def __init__(self, config: SearchSettings, pages: Iterator[tuple]):
        environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plugins.search.search_index.index_process"],
            env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        self.failure: Exception | None = None  # what stopped the feeding, raised by finish()
        self.outcome: dict | Exception | None = None
        self.finishing = threading.Lock()
        # Where the process writes its new cache before renaming it: stop() removes it.
        self.temporary = f"{config.cache}.{self.process.pid}.tmp"
        header = {"output": str(config.output), "index_dir": config.index_dir,
                  "boosts": config.boosts, "kind_boosts": config.kind_boosts,
                  "shard_bytes": config.shard_bytes, "languages": config.languages,
                  "language_names": config.language_names,
                  "cache": config.cache, "cache_temporary": self.temporary}  # fmt: skip
        self.feeder = threading.Thread(target=self.feed, args=(header, pages), daemon=True)
        self.feeder.start()

    def feed(self, header: dict, pages: Iterator[tuple]) -> None:
        try:
            with self.process.stdin as pipe:
                pickle.dump(header, pipe)
                for page in pages:
                    pickle.dump(copied(page), pipe)
                pickle.dump(None, pipe)
        except (BrokenPipeError, ValueError):
            pass  # the process failed or was stopped: finish() reports why
        except Exception as error:  # a page could not be sent: the build must say so
            self.failure = error
        finally:
            self.process.stdin = None  # closed: communicate() has nothing more to send

    def stop(self) -> None:
        """End the process without an index, and reap it in the background."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        threading.Thread(target=self.reap, daemon=True).start()

    def reap(self) -> None:
        with contextlib.suppress(Exception):
            self.finish()
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.temporary)  # half written

    def finish(self) -> dict:
        """Wait for the index; return its figures, or raise SearchBuildError."""
        with self.finishing:
            if self.outcome is None:
                self.outcome = self.outcome_of_process()
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    def outcome_of_process(self) -> dict | Exception:
        self.feeder.join()
        out, errors = self.process.communicate()
        if self.failure is not None:
            return self.failure
        if self.process.returncode != 0:
            return SearchBuildError(
                "the search index was not written:\n" + errors.decode("utf-8", "replace")
            )
        return json.loads(out)


class RunningIndex:
    """The index of the current build: its process, or, with SEARCH_INDEX_DEFERRED (the
    preview, which makes new lists after every change), the pages to index when a reader
    first searches. One at a time in a process: a new one stops the one it replaces."""

    process: IndexProcess | None = None
    pending: tuple[SearchSettings, Iterator[tuple]] | None = None
    lock = threading.Lock()


def remove_stale_temporaries(cache: str) -> None:
    """Remove the half-written caches of index processes that were killed and are gone."""
    for temporary in Path(cache).parent.glob(Path(cache).name + ".*.tmp"):
        pid = temporary.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not process_exists(int(pid)):
            temporary.unlink(missing_ok=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_search_index(generators) -> None:
    config = search_settings(generators[0].settings)
    copy_lunr_js(config)
    pages = site_pages(generators, datetime.now(UTC), config.languages)
    with RunningIndex.lock:
        if RunningIndex.process is not None:
            RunningIndex.process.stop()
            RunningIndex.process = None
        RunningIndex.pending = (config, pages)
        if not generators[0].settings.get("SEARCH_INDEX_DEFERRED"):
            start_pending()


def start_pending() -> None:
    """Start the index process of the pages waiting to be indexed (with the lock held)."""
    config, pages = RunningIndex.pending
    RunningIndex.pending = None
    remove_stale_temporaries(config.cache)
    RunningIndex.process = IndexProcess(config, pages)


def wait_for_index() -> dict:
    """Wait for the current index to be written (starting it if it waits); return its
    figures (empty if there is no index). Raises SearchBuildError if it could not be
    written."""
    while True:
        with RunningIndex.lock:
            if RunningIndex.pending is not None:
                start_pending()
            index = RunningIndex.process
        if index is None:
            return {}
        try:
            figures = index.finish()
        except Exception:
            with RunningIndex.lock:
                if RunningIndex.process is not index:
                    continue  # stopped for a newer one: wait for that
            raise
        with RunningIndex.lock:
            if RunningIndex.process is index:
                return figures


def finish_search_index(pelican) -> None:
    if pelican.settings.get("SEARCH_INDEX_DEFERRED"):
        return
    figures = wait_for_index()
    log.info("Search index: %(documents)d documents in %(languages)d languages, %(terms)d "
             "terms, %(shards)d shards, %(word_files)d files of words", figures)  # fmt: skip


def register():
    signals.all_generators_finalized.connect(start_search_index)
    signals.finalized.connect(finish_search_index)
