"""Publications: each document under `PUBLICATIONS_PATH` (`content/documents/`: PDF, ODT,
DOCX, XLSX or CSV), with the facts an editor may write beside it in `<name>.yaml`, becomes a
publication: its own page in every language, the register at `/publications/` with a page
for each kind, year, directorate and language (the register's filters, which need no
JavaScript), a place on its directorates' pages, and links from the news that link to it.

Pelican's StaticGenerator copies the documents themselves (they are under STATIC_PATHS);
this plugin notes each facts file as a source it read, so that StaticGenerator, which runs
last, does not publish it. No published plugin makes pages from documents.

Adds to the context: `PUBLICATIONS` (newest first). Adds to each directorate page (and its
translations): `publications`. Each publication gets `news`: the published news whose text
links to its document.

Signals: `get_generators` (PublicationsGenerator: reads the documents in `generate_context`,
writes the pages in `generate_output`), `all_generators_finalized` (the joins to directorates
and news, made again each time the preview sends it).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ...languages.translations.translations import (
    in_language,
    in_language_or_original,
    language_context,
)
from ..source_reader.parse import ParseError, parse_data_file
from ..source_reader.typography import smarten
from . import attachments
from .documents import TYPES, DocumentFacts, FactsCache

RUNS_AFTER = (
    "plugins.content_model.source_reader",
    "plugins.content_model.directorates",
    "plugins.languages.translations",
)

# What a publication's kind may be, in the order the register lists them (the content
# model: plugins/checks/content_check/schemas.py refuses any other; the theme names each).
KINDS = ("report", "statistics", "circular", "guideline", "form", "policy", "other")
FACETS = ("kind", "year", "directorate", "language")


class PublicationError(Exception):
    """A document cannot be published; `make check` says why, with the fix."""


class Publication:
    """One document and its facts, in the default language."""

    def __init__(self, document: str, facts: DocumentFacts, data: dict, settings: dict):
        self.document = document  # its path under content/, as Pelican's static file
        self.slug = posixpath.splitext(posixpath.basename(document))[0]
        self.facts = facts
        self.title = smarten(
            str(data.get("title") or facts.title or self.slug.replace("-", " ").capitalize())
        )
        self.summary = smarten(str(data.get("summary") or ""))
        self.date = date_of(data.get("date") or facts.date, document)
        self.kind = str(data.get("kind") or "other")
        self.reference = str(data.get("reference") or "")
        self.directorates = [str(slug) for slug in data.get("directorates") or []]
        self.topics = [str(topic) for topic in data.get("topics") or []]
        self.lang = str(data.get("language") or facts.lang[:2].lower() or settings["DEFAULT_LANG"])
        self.translations = data.get("translations") or {}
        self.download_url = settings["STATIC_URL"].format(path=document)
        self.url_pattern = settings["PUBLICATION_URL"]
        self.save_as_pattern = settings["PUBLICATION_SAVE_AS"]
        self.news: list = []  # the published news that link to it (join_publications)
        self.directorate_originals: list = []  # its directorates' pages (join_publications)
        self.settings = settings

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def accessible(self) -> bool:
        """Whether assistive technology can read it as it is: a PDF must be tagged, with a
        title and a language; the other types are structured text already."""
        facts = self.facts
        return facts.tagged is not False and (
            facts.type != "PDF" or bool(facts.title and facts.lang)
        )

    def in_language(self, lang: str) -> PublicationPage:
        return PublicationPage(self, lang)


class PublicationPage:
    """A publication as a page in the language `lang` shows it: its address under the
    language's folder, its title and summary in that language where its facts file gives
    them (`translations`), and its news in that language or their originals."""

    def __init__(self, publication: Publication, lang: str):
        self.publication = publication
        self.page_lang = lang
        settings = publication.settings
        self.url = in_language(
            publication.url_pattern.format(slug=publication.slug), lang, settings
        )
        self.save_as = in_language(
            publication.save_as_pattern.format(slug=publication.slug), lang, settings
        )
        words = publication.translations.get(lang) or {}
        self.title = smarten(str(words["title"])) if words.get("title") else publication.title
        self.summary = (smarten(str(words["summary"])) if words.get("summary")
                        else publication.summary)  # fmt: skip
        # The language the title and summary are written in (for their `lang` attribute).
        self.words_lang = lang if words.get("title") else publication.lang
        self.news = [in_language_or_original(article, lang) for article in publication.news]
        self.directorate_pages = [in_language_or_original(page, lang)
                                  for page in publication.directorate_originals]  # fmt: skip
        self.topic_links: list[dict] = []

    def with_topic_pages(self, topic_urls: dict[str, str]) -> PublicationPage:
        """Its topics, each with the address of its news topic page in the page's language
        where there is one (None where no news has the topic)."""
        self.topic_links = [{"name": name, "url": topic_urls.get(name)} for name in self.topics]
        return self

    def __getattr__(self, name):
        return getattr(self.publication, name)


def date_of(value, document: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PublicationError(
            f"{document}: no date — write `date: YYYY-MM-DD` in its facts file"
        ) from None


# --- Reading ------------------------------------------------------------------------------


def document_paths(folder: Path) -> list[Path]:
    """The documents in `folder` and below, by name; facts files are not documents."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and path.suffix.lower() in TYPES)  # fmt: skip


def facts_file_of(document: Path) -> Path:
    return document.with_suffix(".yaml")


def facts_data(path: Path) -> dict:
    """The fields of a document's facts file ({} without one), read by the one parser."""
    if not path.is_file():
        return {}
    try:
        data = parse_data_file(path.read_bytes()).data
    except ParseError as error:
        raise PublicationError(f"{path}: cannot be read — run make check") from error
    return data if isinstance(data, dict) else {}


def facts_cache(settings: dict) -> FactsCache:
    return FactsCache(Path(settings["CACHE_PATH"], "publications"))


def read_publications(content: Path, settings: dict, cache: FactsCache) -> list[Publication]:
    """Every publication, newest first (then by file, for a stable order)."""
    publications = []
    for path in document_paths(content / settings["PUBLICATIONS_PATH"]):
        facts = cache.facts_of(path)
        document = path.relative_to(content).as_posix()
        if facts.problem:
            raise PublicationError(f"{document}: the document is {facts.problem} — run make check")
        publications.append(Publication(document, facts, facts_data(facts_file_of(path)), settings))
    publications.sort(key=lambda item: (-item.date.toordinal(), item.document))
    return publications


# --- The register's filters -----------------------------------------------------------------


def facet_values(publication: Publication) -> dict[str, list[str]]:
    return {
        "kind": [publication.kind],
        "year": [str(publication.year)],
        "directorate": publication.directorates,
        "language": [publication.lang],
    }


def facet_options(publications: list[Publication]) -> dict[str, list[str]]:
    """Each facet's values that some publication has, in the register's order: kinds as
    KINDS lists them, years newest first, the others by name."""
    counts = {facet: Counter() for facet in FACETS}
    for publication in publications:
        for facet, values in facet_values(publication).items():
            counts[facet].update(values)
    order = {
        "kind": lambda value: KINDS.index(value) if value in KINDS else len(KINDS),
        "year": lambda value: -int(value),
        "directorate": str,
        "language": str,
    }
    return {facet: sorted(counts[facet], key=order[facet]) for facet in FACETS}


def filter_address(settings: dict, facet: str, value: str, lang: str) -> str:
    return in_language(
        settings["PUBLICATIONS_FILTER_URL"].format(facet=facet, value=value), lang, settings
    )


def filters_of(publications: list[Publication], settings: dict, lang: str,
               current: tuple[str, str] | None) -> list[dict]:  # fmt: skip
    """The register's filters as the page shows them: for each facet, its values with their
    address, how many publications have each, and which one the page shows."""
    filters = []
    for facet, values in facet_options(publications).items():
        options = []
        for value in values:
            count = sum(value in facet_values(item)[facet] for item in publications)
            options.append({"value": value, "count": count,
                            "url": filter_address(settings, facet, value, lang),
                            "current": current == (facet, value)})  # fmt: skip
        filters.append({"facet": facet, "options": options})
    return filters


def filter_pages(publications: list[Publication], settings: dict) -> dict[str, list]:
    """Each filter's page of the register in the default language: its address and the
    publications it lists."""
    pages = {}
    for facet, values in facet_options(publications).items():
        for value in values:
            shown = [item for item in publications if value in facet_values(item)[facet]]
            pages[filter_address(settings, facet, value, settings["DEFAULT_LANG"])] = shown
    return pages


# --- Writing --------------------------------------------------------------------------------


class PublicationsGenerator(Generator):
    """Reads the documents and writes the publications' pages and the register."""

    def generate_context(self) -> None:
        settings = self.settings
        self.cache = getattr(self, "cache", None) or facts_cache(settings)
        self.publications = read_publications(Path(self.path), settings, self.cache)
        for path in document_paths(Path(self.path, settings["PUBLICATIONS_PATH"])):
            facts_file = facts_file_of(path)
            if facts_file.is_file():
                # A source this generator read: StaticGenerator leaves it unpublished.
                relative = facts_file.relative_to(self.path).as_posix()
                self.context["generated_content"].setdefault(relative, None)
        self.context["PUBLICATIONS"] = self.publications

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for lang in self.settings.get("LANGUAGES") or [self.settings["DEFAULT_LANG"]]:
            if lang == self.settings["DEFAULT_LANG"]:
                context = self.context
            else:
                context = language_context(self.context, lang)
            topic_urls = {tag.name: tag.url for tag, _ in context.get("tags", [])}
            pages = [publication.in_language(lang).with_topic_pages(topic_urls)
                     for publication in self.publications]  # fmt: skip
            for page in pages:
                write(page.save_as, self.get_template("publication"), context, publication=page,
                      url=page.url, page_name=page.url.rstrip("/"))  # fmt: skip
            self.write_register(write, context, lang, pages, None)
            for facet, values in facet_options(self.publications).items():
                for value in values:
                    shown = [page for page in pages
                             if value in facet_values(page.publication)[facet]]  # fmt: skip
                    self.write_register(write, context, lang, shown, (facet, value))

    def write_register(self, write, context, lang: str, shown: list, current) -> None:
        settings = self.settings
        if current is None:
            url = in_language(settings["PUBLICATIONS_URL"], lang, settings)
        else:
            url = filter_address(settings, *current, lang)
        filters = filters_of(self.publications, settings, lang, current)
        # Pelican's writer makes the pages of a long register (PAGINATED_TEMPLATES).
        write(f"{url}index.html", self.get_template("publications"), context,
              paginated={"publications": shown}, template_name="publications",
              publications=shown, publication_filters=filters, current_filter=current,
              register_url=in_language(settings["PUBLICATIONS_URL"], lang, settings),
              page_address=url, url=url, page_name=url.rstrip("/"))  # fmt: skip


# --- Joins ----------------------------------------------------------------------------------

# A link to a document as Pelican links static files: `{static}/documents/report.pdf`, or
# relative to the linking file: `{static}../../documents/report.pdf`.
STATIC_LINK = re.compile(r"""href=["']\{static\}(?P<path>[^"'#?]+)""")


def linked_documents(item) -> set[str]:
    """The files under content/ that an item's text links with {static}."""
    folder = posixpath.dirname(item.get_relative_source_path())
    found = set()
    for match in STATIC_LINK.finditer(getattr(item, "text_html", "") or ""):
        path = match["path"]
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        found.add(posixpath.normpath(joined))
    return found


def join_publications(generators) -> None:
    """Give each directorate page its publications and each publication the published news
    that link to its document (made afresh each time: the preview sends this again)."""
    context = generators[0].context
    publications = context.get("PUBLICATIONS")
    if publications is None:
        return
    by_document = {publication.document: publication for publication in publications}
    directorates = {page.slug: page for page in context.get("DIRECTORATES", [])}
    for publication in publications:
        publication.news = []
        publication.directorate_originals = [
            directorates[slug] for slug in publication.directorates if slug in directorates
        ]
    for article in context.get("articles", []):
        for document in sorted(linked_documents(article)):
            if document in by_document:
                by_document[document].news.append(article)
    for directorate in context.get("DIRECTORATES", []):
        for version in [directorate, *getattr(directorate, "translations", [])]:
            version.publications = [
                publication.in_language(version.lang) for publication in publications
                if directorate.slug in publication.directorates
            ]  # fmt: skip


def add_generator(_pelican):
    return PublicationsGenerator


def register():
    attachments.register()
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(join_publications)
