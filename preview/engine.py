"""The site in memory: read once by Pelican's own run, then changed file by file.

A change is taken in three steps. The content check checks the changed files (checking.py);
if it finds errors, the site stays as it was and every page shows the problems. Otherwise
the changed sources are read again with Pelican's readers, the lists are made again from
the items in memory (pelican_steps.py) and every plugin's step runs again, as in a build;
then Pelican's generators say again what they would write, to a RecordingWriter, and each
page is rendered when it is asked for (recording.py).

What the engine cannot take on its own is said to the caller: a change to the settings, to
the code (plugins/, preview/) or to a catalogue of the theme's words (theme/translations/)
needs a new process (`Restart`).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import gc
import hashlib
import logging
import os
import re
import shutil
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.settings import read_settings

from plugins.content_model.source_reader.reader import files_of_item
from plugins.publishing.cms_admin import cms_admin
from plugins.search.search_index import search_index

from . import pelican_steps
from .checking import ContentCheck, errors_in
from .recording import RecordingWriter, render

log = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parent.parent
# A change to these starts the preview again (cms/: the editor's files, written when it starts).
CODE = ("plugins", "preview", "cms", "pelicanconf.py", "publishconf.py")


class Restart(Exception):
    """The settings or the code changed: only a new process reads them."""


class Problems(Exception):
    """The site cannot be shown as it is; the message lists why, one problem to a line."""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)
    version: int = 0  # the engine's version the answer comes from


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json", ".yml": "text/yaml; charset=utf-8",
    ".wasm": "application/wasm",
}  # fmt: skip


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


class Capture:
    """What Pelican's run hands to plugins, kept for the engine: its generators and its
    writer. (Connected once: signals are global to the process.)"""

    generators: tuple = ()
    writer: RecordingWriter | None = None

    @staticmethod
    def keep_generators(generators) -> None:
        Capture.generators = tuple(generators)

    @staticmethod
    def writer_class(_pelican):
        return CapturingWriter


class CapturingWriter(RecordingWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        Capture.writer = self


signals.all_generators_finalized.connect(Capture.keep_generators, weak=False)
signals.get_writer.connect(Capture.writer_class, weak=False)


class Site:
    """One reading of the site: Pelican's generators with their items, and what they
    write."""

    def __init__(self, settings: dict):
        self.settings = settings
        pelican = Pelican(settings)
        pelican.run()
        self.generators = list(Capture.generators)
        self.writer = Capture.writer
        self.context = self.generators[0].context
        self.articles = self.generator_of(ArticlesGenerator)
        self.pages = self.generator_of(PagesGenerator)
        self.items = {self.articles: self.items_of(self.articles, ARTICLE_LISTS),
                      self.pages: self.items_of(self.pages, PAGE_LISTS)}  # fmt: skip
        self.linking: set[str] = set()
        for items in self.items.values():
            for relative, item in items.items():
                self.note_links(relative, item)
        self.templates = self.articles.env.overlay()
        # Each published or hidden news item's own page: its calls by source, and all of
        # them by file name.
        self.article_pages: dict[str, dict] = {}
        self.article_calls: dict[str, list] = {}
        self.note_writes(read=set())

    def note_writes(self, read: set[str]) -> None:
        """Note again what the generators write: the pages of the news items among the
        sources `read` (and of new ones), and every other file. The other items' own pages
        are as they were."""
        pages = {}
        for relative, item in self.items[self.articles].items():
            if item.status in WITH_PAGE:
                kept = self.article_pages.get(relative)
                pages[relative] = (
                    kept
                    if kept is not None and relative not in read
                    else (pelican_steps.article_page_calls(self.articles, item, RecordingWriter))
                )
        for relative in self.article_pages.keys() - pages.keys() | (read & pages.keys()):
            for name in self.article_pages.get(relative, {}):
                self.article_calls.pop(name, None)
        for relative in pages.keys() - self.article_pages.keys() | (read & pages.keys()):
            for name, calls in pages[relative].items():
                self.article_calls[name] = calls
        self.article_pages = pages
        writer = CapturingWriter(self.settings["OUTPUT_PATH"], settings=self.settings)
        pelican_steps.write_articles_but_their_pages(self.articles, writer)
        self.pages.generate_output(writer)
        for generator in self.plugin_generators():
            generator.generate_output(writer)
        self.writer = writer

    def plugin_generators(self) -> list:
        """The generators plugins add (`get_generators`), such as each language's listings:
        they write from the lists in memory, so the preview has them write again."""
        pelicans = (ArticlesGenerator, PagesGenerator, StaticGenerator)
        return [generator for generator in self.generators if type(generator) not in pelicans]

    def note_links(self, relative: str, item) -> None:
        """Note whether a source's text links another file through Pelican ({filename},
        {static}, …): its page shows that file's address, which a change may move."""
        if item is not None and INTRASITE_LINK.search(getattr(item, "text_html", "") or ""):
            self.linking.add(relative)
        else:
            self.linking.discard(relative)

    def generator_of(self, kind):
        return next(generator for generator in self.generators if type(generator) is kind)

    @staticmethod
    def items_of(generator, lists) -> dict:
        items = {}
        for name in lists:
            for item in getattr(generator, name):
                items[item.get_relative_source_path()] = item
        return dict(sorted(items.items()))

    def template(self, template):
        """The template to render now for one that the build named."""
        return self.templates.get_template(template.name)

    def render(self, name: str) -> bytes | None:
        calls = self.article_calls.get(name, []) + self.writer.calls_for(name)
        if not calls:
            return None
        return render(name, calls, self.settings, self.template)

    def names(self) -> set[str]:
        return set(self.article_calls) | self.writer.names()


INTRASITE_LINK = re.compile(r"[{|](filename|static|attach|index|tag|category|author)[|}]")
WITH_PAGE = ("published", "hidden")  # the news items ArticlesGenerator.generate_articles writes
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")  # fmt: skip
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")  # fmt: skip
READ_AS = {
    ArticlesGenerator: (Article, "article"),
    PagesGenerator: (Page, "page"),
}


class Engine:
    """The preview's site: loads it, takes changes, answers requests. One lock: a request
    waits for the change being taken, then sees all of it."""

    def __init__(self, content: Path, settings_file: Path, scratch: Path):
        self.content = content.resolve()
        self.scratch = scratch
        self.settings_file = settings_file
        self.lock = threading.RLock()
        self.site: Site | None = None
        self.check: ContentCheck | None = None
        self.problems: list[str] = []
        # Open pages reload when the version is not theirs: a server started again (a new
        # process, after a change to the code) must not start from the version they show.
        self.version = time.time_ns() // 1_000_000
        self.rendered: dict[str, bytes] = {}
        self.unapplied: set[Path] = set()  # changes the site does not show yet
        self.theme = Path(read_settings(str(settings_file))["THEME"]).resolve()
        # Each file of the last change, as the engine took it: its digest, or "" if it was
        # gone (the status page shows them: tests wait for a change to be taken).
        self.taken: dict[Path, str] = {}
        self.editor_folder = "admin/"  # CMS_SAVE_AS, read with the settings in load()

    # --- Loading -------------------------------------------------------------------------

    def settings(self) -> dict:
        settings = read_settings(str(self.settings_file), override={
            "PATH": str(self.content), "OUTPUT_PATH": str(self.scratch),
            "SEARCH_INDEX_DEFERRED": True, "STATIC_CREATE_LINKS": True,
        })  # fmt: skip
        # The engine checks the content itself, file by file (checking.py).
        settings["PLUGINS"] = [name for name in settings["PLUGINS"]
                               if name != "plugins.checks.content_check"]  # fmt: skip
        return settings

    def load(self) -> None:
        """Read the whole site; on problems, keep them to show."""
        with self.lock:
            settings = self.settings()
            # The browser editor first: it does not depend on the content, and an editor
            # may need it to fix the content's problems.
            cms_admin.write_admin(settings, self.scratch)
            self.editor_folder = settings["CMS_SAVE_AS"] + "/"
            self.check = ContentCheck(self.content, settings)
            self.unapplied.clear()
            self.changed_state()
            errors = errors_in(self.check.problems())
            if errors:
                self.site = None
                self.problems = [str(problem) for problem in errors]
                return
            try:
                self.site = Site(settings)
                self.problems = []
            except Exception as error:
                self.site = None
                self.problems = failure_lines(error)
            # The site stays in memory for the whole session: Python's collector need not
            # walk it again and again (at 10,000 articles, each full collection took
            # longer than the rest of a change).
            gc.collect()
            gc.freeze()

    # --- Changes -------------------------------------------------------------------------

    def change(self, paths: set[Path]) -> str:
        """Take changed files (absolute paths); return what was done, in a few words.
        Raises Restart for a change to the settings or the code."""
        paths = {Path(path) for path in paths}
        # A catalogue of the theme's words is compiled into every generator's Jinja
        # environment when it is made (plugins/languages/interface): a new process makes
        # them again, as for the code.
        catalogues = self.theme / "translations"
        code = sorted(str(path) for path in paths
                      if is_code(path) or path.is_relative_to(catalogues))  # fmt: skip
        if code:
            raise Restart(", ".join(code))
        with self.lock:
            self.taken.update({path: digest_of(path) for path in paths})
            if self.check is None:
                self.load()
                return "read the whole site"
            self.changed_state()
            self.check.changed(paths)
            self.unapplied |= paths
            errors = errors_in(self.check.problems())
            if errors:
                self.problems = [str(problem) for problem in errors]
                return f"{len(errors)} problem(s)"
            if self.site is None:  # the last reading failed: read it all again
                self.load()
                return "read the whole site"
            try:
                self.apply(self.unapplied)
            except Exception as error:  # the site in memory may be half changed
                self.site = None
                self.problems = failure_lines(error)
                return "failed"
            self.unapplied.clear()
            self.problems = []
            return "shown"

    def changed_state(self) -> None:
        self.version += 1
        self.rendered.clear()

    def apply(self, paths: set[Path]) -> None:
        site = self.site
        kinds = {path: self.kind_of(path) for path in paths}
        changed = set(kinds.values())
        if "template" in changed:
            site.templates = site.articles.env.overlay()
        sources = {path for path, kind in kinds.items() if kind == "source"}
        if changed & {"source", "static"}:
            # A text that links another file by {filename} or {static} shows its address,
            # which may have changed: read those again too.
            sources |= {self.content / relative for relative in site.linking}
        # A translation is read with its original's fields: a change to one is read again
        # in every language.
        sources |= {other for path in sources for other in files_of_item(path)}
        for path in sorted(sources):
            self.read_again(path)
        if "static" in changed:
            # Generators plugins add may read static files (publications read the
            # documents): they read again before StaticGenerator, as in a build.
            for generator in site.plugin_generators():
                generator.generate_context()
        if changed & {"static", "theme"}:
            self.refresh_static()
        if changed & {"source", "data", "static"}:
            self.list_again({path.relative_to(self.content).as_posix() for path in sources})

    def kind_of(self, path: Path) -> str:
        """What a changed file is to the site: a source, data, a static file, a template,
        or nothing."""
        settings = self.site.settings
        theme = Path(settings["THEME"]).resolve()
        if path.is_relative_to(theme / "templates"):
            return "template"
        if path.is_relative_to(theme):
            return "theme"
        if not path.is_relative_to(self.content) or ignored(path, settings):
            return "other"
        relative = path.relative_to(self.content).as_posix()
        if relative in (settings["OFFICE_FILE"], settings["MANDATE_FILE"]):
            return "data"
        if under(relative, [settings["COMMENTS_PATH"]]) and path.suffix == ".yaml":
            return "data"  # readers' comments: plugins/content_model/comments reads them
        if under(relative, settings["STATIC_PATHS"]):
            return "static"
        sources = settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]
        if path.suffix == ".md" and under(relative, sources):
            return "source"
        return "other"

    def generator_for(self, relative: str):
        site = self.site
        if under(relative, site.settings["ARTICLE_PATHS"]):
            return site.articles
        return site.pages

    def read_again(self, path: Path) -> None:
        """Read one changed, new or deleted source again, as its generator reads it."""
        site = self.site
        relative = path.relative_to(self.content).as_posix()
        generator = self.generator_for(relative)
        items = site.items[generator]
        items.pop(relative, None)
        site.note_links(relative, None)
        site.context["generated_content"].pop(relative, None)
        if not path.exists():
            return
        content_class, kind = READ_AS[type(generator)]
        item = generator.readers.read_file(
            base_path=generator.path, path=relative, content_class=content_class,
            context=generator.context,
            preread_signal=getattr(signals, f"{kind}_generator_preread"),
            preread_sender=generator,
            context_signal=getattr(signals, f"{kind}_generator_context"),
            context_sender=generator,
        )  # fmt: skip
        if isinstance(item, SkipStub):
            return
        if not item.is_valid():
            site.context["generated_content"][relative] = None  # as a failed read is noted
            return
        items[relative] = item
        site.note_links(relative, item)
        site.items[generator] = dict(sorted(items.items()))
        generator.add_source_path(item)
        generator.add_static_links(item)

    def refresh_static(self) -> None:
        """Find the static files again and put them in the scratch output."""
        site = self.site
        old = site.generator_of(StaticGenerator)
        before = {static.save_as for static in site.context.get("staticfiles", [])}
        site.context["static_content"] = {}
        static = StaticGenerator(context=site.context, settings=site.settings, path=old.path,
                                 theme=old.theme, output_path=old.output_path)  # fmt: skip
        static.generate_context()
        site.generators[site.generators.index(old)] = static
        after = {item.save_as for item in site.context["staticfiles"]}
        for gone in before - after:
            Path(site.settings["OUTPUT_PATH"], gone).unlink(missing_ok=True)
        static.generate_output(site.writer)

    def list_again(self, read: set[str]) -> None:
        """Make every list again from the items, run every plugin's step, and note again
        what the generators write (the pages of news items not in `read`, the sources read
        again, as they were)."""
        site = self.site
        pelican_steps.list_articles(site.articles, site.items[site.articles].values())
        pelican_steps.list_pages(site.pages, site.items[site.pages].values())
        signals.all_generators_finalized.send(site.generators)
        for generator in site.generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        site.note_writes(read)

    # --- Requests ------------------------------------------------------------------------

    def respond(self, name: str) -> Response:
        """The file a whole build writes at `name` (a path in the output, "" for the home
        page), or the site's 404 page. While a change has problems, the site before it.
        Raises Problems if there is no site to show."""
        with self.lock:
            name = name or "index.html"
            if name.endswith("/"):
                name += "index.html"
            if self.site is None:
                body = self.editor_file(name)
                if body is not None:
                    return Response(200, content_type_of(name), body, version=self.version)
                raise Problems("\n".join(self.problems) or "The site has not been read yet.")
            body = self.page(name)
            if body is not None:
                return Response(200, content_type_of(name), body, version=self.version)
            if self.page(f"{name}/index.html") is not None:
                return Response(301, "text/plain; charset=utf-8", b"",
                                {"Location": f"/{name}/"}, self.version)  # fmt: skip
            return Response(404, "text/html; charset=utf-8", self.page("404.html") or b"",
                            version=self.version)  # fmt: skip

    def is_editor_file(self, name: str) -> bool:
        return name.startswith(self.editor_folder)

    def editor_file(self, name: str) -> bytes | None:
        """A file of the browser editor (CMS_SAVE_AS/), written when the preview starts:
        served whatever state the content is in."""
        if not self.is_editor_file(name):
            return None
        path = Path(self.scratch, name)
        if path.resolve().is_relative_to(Path(self.scratch).resolve()) and path.is_file():
            return path.read_bytes()
        return None

    def page(self, name: str) -> bytes | None:
        if name in self.rendered:
            return self.rendered[name]
        body = self.site.render(name)
        if body is None:
            body = self.output_file(name)
        if body is not None:
            self.rendered[name] = body
        return body

    def output_file(self, name: str) -> bytes | None:
        """A file the build copies (static files, the theme's, lunr.js) or the search index
        writes, from the scratch output."""
        settings = self.site.settings
        if name.startswith(settings["SEARCH_INDEX_DIR"] + "/"):
            search_index.wait_for_index()
        path = Path(settings["OUTPUT_PATH"], name)
        try:
            if path.resolve().is_relative_to(Path(settings["OUTPUT_PATH"]).resolve()):
                return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        return None

    def names(self) -> set[str]:
        """Every file the preview serves (what a whole build writes), the search index
        once it is written."""
        with self.lock:
            if self.site is None:
                return set()
            search_index.wait_for_index()
            output = Path(self.site.settings["OUTPUT_PATH"])
            copied = {path.relative_to(output).as_posix() for path in output.rglob("*")
                      if path.is_file() and not path.name.startswith(".")}  # fmt: skip
            return self.site.names() | copied

    def next_due(self) -> dt.datetime | None:
        """When the next news item dated in the future falls due (it appears then)."""
        with self.lock:
            if self.site is None:
                return None
            now = dt.datetime.now(dt.UTC)
            dates = [item.date for item in self.site.items[self.site.articles].values()
                     if item.status == "draft" and item.metadata.get("status") != "draft"
                     and item.date > now]  # fmt: skip
            return min(dates, default=None)

    def due_sources(self) -> set[Path]:
        with self.lock:
            if self.site is None:
                return set()
            now = dt.datetime.now(dt.UTC)
            return {self.content / relative
                    for relative, item in self.site.items[self.site.articles].items()
                    if item.status == "draft" and item.metadata.get("status") != "draft"
                    and item.date <= now}  # fmt: skip


def digest_of(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return ""


def is_code(path: Path) -> bool:
    return path.is_relative_to(PROJECT) and path.relative_to(PROJECT).parts[:1] in [
        (name,) for name in CODE
    ]


def under(relative: str, folders) -> bool:
    return any(relative == folder or relative.startswith(folder.rstrip("/") + "/")
               for folder in folders)  # fmt: skip


def ignored(path: Path, settings: dict) -> bool:
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in settings["IGNORE_FILES"])


def failure_lines(error: Exception) -> list[str]:
    """A failed reading, in a few lines: the error, and where in the code it came from."""
    lines = [f"{type(error).__name__}: {error}"]
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    lines += [f"  at {frame.filename}:{frame.lineno} ({frame.name})" for frame in frames]
    return lines


def fresh_scratch(scratch: Path) -> Path:
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch, exist_ok=True)
    return scratch
