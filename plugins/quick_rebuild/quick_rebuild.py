"""Quick rebuild: when the only change since the last build is to the text of existing
articles or pages, writes again just what shows that text (the item's own page, the feeds
that carry it) and the search index, instead of the whole site.

A whole build records, for every page and feed it writes, whose text the template read
(recorder.py), and when it succeeds saves that with everything the templates need (Pelican's
context) in CACHE_PATH, one record for each output folder (record.py). The next build
compares every file under content/, the settings, the theme, the code and the output with
the record. It takes the quick path only if the files changed are Markdown sources that pass
the content check and read with the very same fields (title, summary, date, address, topics,
status...), and their text links no new static file; then it gives those items their new
text in the recorded context, writes again the recorded pages and feeds that read them, and
has the search index process (which keeps each page's analysis) index the changed pages
again. Anything else is a whole build, which records afresh. The public build
(publishconf.py) is always whole. tools/build.py builds into a new folder: the quick path
starts it as hard links to the previous site (FINAL_OUTPUT_PATH) and replaces, never writes
into, a file.

The output is the same, byte for byte, as a whole build's (tests/test_quick_rebuild.py).

Why our own: Pelican's content cache saves reading, not writing: a cached build still
renders every page (2.6 s of 4.8 s at 1,000 articles), and no published plugin knows which
pages an article's text appears on.

Signals: `initialized` (decide; only the plugins that add to the settings or the process
come before this one in PLUGINS, and parallel_read and content_check do nothing on a build
this plugin takes), `get_generators` (keep
content_check's checked site, pickled), `all_generators_finalized` (note the context of a
whole build), `finalized` (save the record, connected last so that the build has
succeeded).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.log import console
from pelican.readers import Readers
from pelican.writers import Writer

from . import record
from .recorder import Recorder

log = logging.getLogger(__name__)

# A link Pelican resolves to a static file, which a whole build would also copy.
STATIC_LINK = re.compile(r"[{|](static|attach)[}|]")


class NotQuick(Exception):
    """This build is a whole one; the message says why (shown with --debug)."""


@dataclass
class Change:
    source: str  # relative to content/
    item: object  # the recorded content object, given the new text by apply()
    new: object  # the item as read now


@dataclass
class Plan:
    header: record.Header
    body: record.Body
    patch: record.Patch  # what quick rebuilds changed in the body: this one adds to it
    checked: object  # content_check's checked site, from the body
    sources: dict  # stamps of content/ now
    output: dict  # stamps of the output now (the folder it ends up in)
    changes: list[Change]
    generator: Generator  # for its Jinja environment
    index: object | None  # search_index's IndexProcess, started, if there are changes
    fed: dict | None  # the changed pages the index was given already

    def apply(self) -> None:
        """Put each changed item's new text into the recorded object, which every list,
        page and neighbour in the context points to. Its fields are the same, so everything
        Pelican and the plugins made of them (its address, related news, neighbours,
        directorates) stays as it is."""
        for change in self.changes:
            change.item._content = change.new._content
            self.patch.texts[change.source] = change.new._content

    def files_written(self) -> set[str]:
        """The pages this build writes again (by their path in the output)."""
        return {write.args[0] if write.args else write.kwargs.get("name")
                for write in self.writes() if write.method == "write_file"}  # fmt: skip

    def writes(self) -> list:
        numbers = sorted({n for c in self.changes for n in self.body.readers.get(c.source, [])})
        return [self.body.writes[number] for number in numbers]


_recorder: Recorder | None = None


# --- Deciding -------------------------------------------------------------------------------


def quick_plan(settings: dict, digest: str) -> Plan:
    """Return the plan of a quick rebuild, or raise NotQuick. `digest`: of the settings."""
    reading = record.open_record(settings)
    if reading is None:
        raise NotQuick("no record of an earlier build")
    search = search_index_module(settings)
    # Started first, the index process loads its cache while this build decides; a whole
    # build stops it.
    index = search.start_index_of_changes(settings) if search else None
    try:
        header = reading.header
        sources = changed_sources(header, settings, digest)
        changed = sorted(name for name, value in sources.items() if header.sources[name] != value)
        for name in changed:
            check_alone(settings, name)
        readers = Readers(settings)
        new_items = {name: read_source(readers, settings, name) for name in changed}
        # Stamped before the index process has the changes: once it has them it writes the
        # changed pages' results into the output, which would read as changed by someone
        # else (as it did, now and then, once the process was quick to start).
        output = record.folder_stamps(record.final_output(settings))
        fed = feed_early(index, new_items.values(), search)
        # Checked once the index has its work: a whole build stops it (and starts from an
        # empty folder).
        if not record.code_unchanged(header.code, settings):
            raise NotQuick("the code or the theme changed")
        output_changed = changed_files(header.output_files, output)
        body, patch = reading.body()
        checked = record.unpacked(settings, body.check)
        # As Pelican.run sets it before anything is written (each write then sets its own).
        body.context["localsiteurl"] = settings["SITEURL"]
        generator = Generator(body.context, settings, settings["PATH"], settings["THEME"],
                              settings["OUTPUT_PATH"])  # fmt: skip
        changes = [change_of(name, new, body, checked) for name, new in new_items.items()]
        plan = Plan(header, body, patch, checked, sources, output, changes, generator, index,
                    fed)  # fmt: skip
        if not output_changed <= plan.files_written():
            raise NotQuick("the output folder changed since the last build")
    except BaseException:
        if index is not None:
            index.stop()
        raise
    finally:
        reading.close()
    if index is not None and not changes:
        index.stop()
        plan.index = None
    return plan


def feed_early(index, new_items, search) -> dict | None:
    """Give the index process the changed pages now, while the record is read, if they can
    be made without the rest of the site (no summary links to another page); return them."""
    if index is None:
        return None
    for item in new_items:
        if item._get_intrasite_link_regex().search(item.metadata.get("summary", "")):
            return None
    pages = search.changed_pages(new_items)
    index.feed_changes(pages)
    return pages


def changed_sources(header: record.Header, settings: dict, digest: str) -> dict:
    """Check the settings, the output's place and the calendar; return the stamps of the
    sources, the same set of files as the last build's."""
    if header.settings != digest:
        raise NotQuick("the settings changed")
    if header.output != record.final_output(settings):
        raise NotQuick("another output folder")
    if header.next_publication and datetime.now(UTC) >= header.next_publication:
        raise NotQuick("an item dated in the future is due")
    sources = record.folder_stamps(settings["PATH"], settings["IGNORE_FILES"])
    if sources.keys() != header.sources.keys():
        raise NotQuick("files were added or removed")
    return sources


def changed_files(before: dict, now: dict) -> set[str]:
    """Return the files of the output that are not as the last build left them. (The
    preview's quick path writes the saved item's page there before this build starts; the
    build writes it again.)"""
    return {name for name in now.keys() | before.keys() if now.get(name) != before.get(name)}


def change_of(source: str, new, body: record.Body, checked) -> Change:
    """Check a changed source read as `new`; return the change, or raise NotQuick."""
    if source in body.read_elsewhere:
        raise NotQuick(f"{source}: a plugin reads its text")
    item = body.context["generated_content"].get(source)
    if type(item) is not type(new):
        raise NotQuick(f"{source}: not an article or a page of the last build")
    check_source(checked, Path(new.source_path))
    new._context = body.context  # read without it: its links lead into this site
    new.refresh_metadata_intersite_links()
    if without_reader(new.metadata) != without_reader(item.metadata):
        raise NotQuick(f"{source}: its fields changed")
    if STATIC_LINK.search(new._content):
        raise NotQuick(f"{source}: links a static file")
    return Change(source, item, new)


def without_reader(metadata: dict) -> dict:
    """The fields, without the name of the reader: files that plugins/parallel_read read in
    a worker carry its reader's name."""
    return {key: value for key, value in metadata.items() if key != "reader"}


def check_alone(settings: dict, source: str) -> None:
    """Run the content check's checks of one file on its own, before it is read: with an
    error, a whole build runs the whole check and reports it (Pelican's reader would stop at
    the first broken file with a traceback)."""
    if not source.endswith(".md"):
        raise NotQuick(f"{source} changed")
    checks = importlib.import_module("content_check.checks")
    content = Path(settings["PATH"])
    if has_errors(checks.problems_of_file(content, settings, content / source)):
        raise NotQuick(f"{source} has problems")


def check_source(check, path: Path) -> None:
    """Run the content check on the file; errors make a whole build, which reports them."""
    checks = importlib.import_module("content_check.checks")
    check.today = datetime.now().date()
    problems = checks.recheck_source(check, path)
    if has_errors(problems):
        raise NotQuick(f"{path.name} has problems")
    for problem in problems:
        log.warning("%s", problem)


def has_errors(problems) -> bool:
    messages = importlib.import_module("content_check.messages")
    return any(problem.severity == messages.ERROR for problem in problems)


def read_source(readers: Readers, settings: dict, source: str):
    """Read a changed source as its generator would, before the site's context is loaded
    (change_of gives it the context). check_alone has made sure it is a Markdown source."""
    top = source.split("/", 1)[0]
    if top in settings["ARTICLE_PATHS"]:
        content_class, kind = Article, "article"
    elif top in settings["PAGE_PATHS"]:
        content_class, kind = Page, "page"
    else:
        raise NotQuick(f"{source}: not an article or a page")
    context = {"generated_content": {}, "static_content": {}, "static_links": set()}
    return readers.read_file(
        base_path=settings["PATH"], path=source, content_class=content_class, context=context,
        preread_signal=getattr(signals, f"{kind}_generator_preread"), preread_sender=None,
        context_signal=getattr(signals, f"{kind}_generator_context"), context_sender=None,
    )  # fmt: skip


# --- Building -------------------------------------------------------------------------------


def run_quick(pelican, plan: Plan) -> None:
    try:
        write_quickly(pelican.settings, plan)
    except BaseException:
        if plan.index is not None:  # nothing may write into the output of a failed build
            plan.index.stop()
        raise


def write_quickly(settings: dict, plan: Plan) -> None:
    started = time.perf_counter()
    if record.final_output(settings) != settings["OUTPUT_PATH"]:
        # Not the search index: its process, already at work, links what it keeps itself.
        index = settings["SEARCH_INDEX_DIR"] if plan.index is not None else None
        copy_by_links(record.final_output(settings), settings["OUTPUT_PATH"], index)
    plan.apply()
    plan.patch.check = record.packed(settings, plan.checked)  # with the new files
    search = search_index_module(settings)
    if plan.index is not None:
        pages = search.changed_pages([change.item for change in plan.changes])
        if plan.fed is None:
            plan.index.feed_changes(pages)
        elif pages != plan.fed:  # the text made other pages than the early reading said
            plan.index.stop()
            plan.index = search.start_index_of_changes(settings)
            plan.index.feed_changes(pages)
    writes = plan.writes()
    with tempfile.TemporaryDirectory(dir=Path(settings["OUTPUT_PATH"]).parent) as scratch:
        writer = Writer(scratch, settings=settings)
        for write in writes:
            write.replay(writer, plan.body.context, plan.generator.env)
        written = move_files(Path(scratch), Path(settings["OUTPUT_PATH"]))
    index_files = None
    if plan.index is not None:
        figures = search.finish_index_of_changes(plan.index, [plan.generator])
        index_files = (settings["SEARCH_INDEX_DIR"], figures["files"], figures["replaced"])
    # The code is the last build's (checked before): its stamps are kept. So is the body.
    save(settings, plan.header.settings, plan.sources, plan.header.next_publication,
         plan.patch, code=plan.header.code, body_id=plan.header.body_id,
         output_files=output_after(plan.output, settings["OUTPUT_PATH"], written,
                                   index_files))  # fmt: skip
    names = ", ".join(change.source for change in plan.changes) or "nothing changed"
    # Where Pelican prints its own "Done:" line, which this build does not reach.
    console.print(f"Done: quick rebuild ({names}): {len(writes)} page(s) and feed(s) written "
                  f"again in {time.perf_counter() - started:.2f} seconds.")  # fmt: skip


def copy_by_links(source: str, target: str, leave_out: str | None) -> None:
    """Fill the new output folder with the previous site's files, but for the folder
    `leave_out`: hard links, cheap to make. Nothing in this build writes into a file (see
    move_files), so the previous site, which the preview may be serving, never changes."""
    skipped = os.path.join(source, leave_out) if leave_out else None

    def ignored(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if os.path.join(folder, name) == skipped]

    shutil.copytree(source, target, copy_function=os.link, dirs_exist_ok=True, ignore=ignored)


def move_files(scratch: Path, output: Path) -> list[str]:
    """Move the files written into `scratch` over those in `output`, each by one rename: a
    file is never half written, and a hard link to the previous site is replaced, not
    written through. Return their paths, relative to the output."""
    moved = []
    for path in sorted(scratch.rglob("*")):
        if path.is_file():
            name = path.relative_to(scratch).as_posix()
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, output / name)
            moved.append(name)
    return moved


def output_after(before: dict, output: str, written: list[str], index_files) -> dict:
    """Return the stamps of the output after a quick rebuild, from those before it and the
    files it wrote: the pages, and the search index (`index_files`: its folder, all its
    files and those written anew, or None). The rest is as it was, or hard links to it.
    (Walking the whole output again took 0.3 s at 10,000 articles, after the index.)"""
    stamps = dict(before)
    fresh = list(written)
    if index_files is not None:
        folder, files, replaced = index_files
        prefix = folder.rstrip("/") + "/"
        stamps = {name: value for name, value in stamps.items() if not name.startswith(prefix)}
        kept = {prefix + name for name in files} - {prefix + name for name in replaced}
        stamps.update((name, before[name]) for name in kept if name in before)
        fresh += [prefix + name for name in files if prefix + name not in stamps]
    stamps.update((name, record.stamp(os.path.join(output, name))) for name in fresh)
    return stamps


def search_index_module(settings: dict):
    if "search_index" in settings["PLUGINS"]:
        return importlib.import_module("search_index.search_index")
    return None


def save(settings: dict, digest: str, sources: dict, next_publication, patch: record.Patch,
         body: record.Body | None = None, code: dict | None = None, body_id: str = "",
         output_files: dict | None = None) -> None:  # fmt: skip
    """Write the record, once the output is complete: a whole build gives the `body`, a
    quick one the `body_id` of the body it patched and the stamps of the output. `digest`
    is of the settings as they were at `initialized`: plugins add to them during a
    build."""
    header = record.Header(
        version=record.VERSION,
        settings=digest,
        code=code or record.code_stamps(settings),
        output=record.final_output(settings),
        output_files=output_files or record.folder_stamps(settings["OUTPUT_PATH"]),
        sources=sources,
        next_publication=next_publication,
        body_id=body_id,
    )
    record.save(settings, header, patch, body)


def next_publication(context: dict, now: datetime):
    """Return the earliest date after now of any item (it will be published then)."""
    dates = [getattr(item, "date", None) for item in record.content_objects(context)]
    later = [date for date in dates if isinstance(date, datetime) and date.tzinfo and date > now]
    return min(later, default=None)


# --- Signals ---------------------------------------------------------------------------------


def decide(pelican) -> None:
    global _recorder
    settings = pelican.settings
    if not settings.get("QUICK_REBUILD"):
        return
    signals.finalized.connect(save_after_whole_build)  # after every plugin's own step
    # Before anything reads them: Pelican's Markdown reader adds to the settings.
    digest = record.settings_digest(settings)
    try:
        plan = quick_plan(settings, digest)
    except NotQuick as reason:
        log.debug("A whole build: %s", reason)
    except Exception:  # the record could not be used: a whole build is always right
        log.debug("A whole build: the record could not be used", exc_info=True)
    else:
        # Pelican has no hook to replace its run; this instance's is replaced, once: a later
        # run of the same instance (Pelican's --autoreload) is Pelican's own.
        whole_run = pelican.run

        def run_quickly_once():
            pelican.run, pelican.quick_rebuild = whole_run, None
            run_quick(pelican, plan)

        pelican.quick_rebuild = plan
        pelican.run = run_quickly_once
        return
    record.remove(settings)  # a failed whole build must leave no record of the old output
    # The sources as they are before Pelican reads them: a file saved during the build
    # differs from its stamp, so the next build takes it.
    sources = record.folder_stamps(settings["PATH"], settings["IGNORE_FILES"])
    _recorder = Recorder(settings["PATH"], sources, datetime.now(UTC))
    _recorder.settings_digest = digest
    _recorder.start()


def pack_checked_site(pelican) -> None:
    """Keep content_check's checked site pickled while the pages are written: a quarter of
    the memory (0.7 MB rather than 2.8 at 1,000 articles)."""
    site = getattr(pelican, "checked_content", None)
    if _recorder is not None and site is not None:
        _recorder.check = record.packed(pelican.settings, site)
        pelican.checked_content = None


def note_context(generators) -> None:
    if _recorder is not None:
        _recorder.context = generators[0].context


def save_after_whole_build(pelican) -> None:
    global _recorder
    recorder, _recorder = _recorder, None
    if recorder is None:
        return
    recorder.stop()
    if recorder.context is None or recorder.check is None:
        return  # content_check is not in PLUGINS: nothing to check a changed file with
    body = record.Body(recorder.context, recorder.writes, dict(recorder.readers),
                       recorder.read_elsewhere, recorder.check)  # fmt: skip
    publication = next_publication(recorder.context, recorder.started_at)
    save(pelican.settings, recorder.settings_digest, recorder.sources, publication,
         record.Patch(), body)  # fmt: skip
    record.remove_records_of_deleted_outputs(pelican.settings)


def register():
    signals.initialized.connect(decide)
    signals.get_generators.connect(pack_checked_site)  # content_check has run
    signals.all_generators_finalized.connect(note_context)
