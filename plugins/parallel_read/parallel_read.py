"""Parallel read: reads the Markdown sources in worker processes, so that a build uses every
core of the machine rather than one.

Pelican reads its sources one after another, and reading (Markdown and YAML) is half of a
cold build. As soon as the build starts, this plugin hands the sources that Pelican's reader
cache does not hold to a pool of forked workers, which run the same readers, starting from
the last file: they read while plugins/content_check checks the content, which must finish
before Pelican reads anything. The build process reads from the first file as Pelican asks
for them, taking each file a worker has not started yet; they meet in the middle. Everything
after the reader (metadata from the path, signals, content objects, the cache) stays
Pelican's own.

Why our own: no published plugin reads in parallel, and Pelican has no setting for it.

A file whose reading logs anything or fails is read again in the build process, so its
messages and errors come out exactly as without this plugin. `READ_PROCESSES = 1`, a small
site, or a platform without `fork` reads as Pelican does.

Signals: `initialized` (fork the workers and give them the files: this plugin comes before
content_check in PLUGINS, so they are forked before the check reads anything),
`content_check_failed` (content_check's: stop them, the build stops),
`article_generator_init` and `page_generator_init` (hand Pelican's readers what they read),
`all_generators_finalized` (stop them).
"""

from __future__ import annotations

import gc
import io
import itertools
import logging
import multiprocessing
import os
import pickle
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from blinker import signal
from pelican import signals
from pelican.generators import Generator
from pelican.readers import Readers

FILES_PER_TASK = 16
SMALLEST_SITE = 3 * FILES_PER_TASK  # below this, starting workers costs more than it saves

# The readers a worker uses: the build's own, inherited through fork.
_worker_readers: dict = {}


class _SettingsPickler(pickle.Pickler):
    """Pickles a reader's result without the settings dict its tags and authors point to:
    the build process puts its own back, so they stay the very same object."""

    def __init__(self, file, settings):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        return "settings" if obj is self.settings else None


class _SettingsUnpickler(pickle.Unpickler):
    def __init__(self, file, settings):
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid):
        return self.settings


class _LogCatcher(logging.Handler):
    """Notes whether reading a file logged anything (the build process then reads it again
    and shows the message where it belongs)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.logged = False

    def emit(self, record):
        self.logged = True


_catcher = _LogCatcher()


def _start_worker(settings: dict, build: int) -> None:
    logging.root.handlers = [_catcher]
    logging.root.setLevel(logging.INFO)
    _worker_readers.update(Readers(settings).readers)  # the same readers as the build's
    threading.Thread(target=_end_with_the_build, args=(build,), daemon=True).start()


def _end_with_the_build(build: int) -> None:
    """End the worker once the build process is gone. A worker waits for its next task on a
    pipe whose writing end it also holds (fork gives it both), so when the build is killed
    outright (tools/build.py kills Pelican on Ctrl-C, which is how the preview stops an
    outdated build) nothing else would ever end it. (`build` is the build's process id, taken
    before the fork: it may be gone before this worker starts.)"""
    while os.getppid() == build:
        time.sleep(0.5)
    os._exit(0)


def _ready() -> None:
    """A first task, so that the workers are forked now."""


def read_in_worker(paths: list[str]) -> list[tuple[str, bytes | None]]:
    """Return each path with its pickled (content, metadata), or None: read it yourself."""
    results = []
    for path in paths:
        reader = _worker_readers[path.rsplit(".", 1)[-1]]
        _catcher.logged = False
        try:
            result = reader.read(path)
        except Exception:  # the build process reads it again and reports it
            results.append((path, None))
            continue
        if _catcher.logged:
            results.append((path, None))
            continue
        buffer = io.BytesIO()
        _SettingsPickler(buffer, reader.settings).dump(result)
        results.append((path, buffer.getvalue()))
    return results


class PrefetchedReader:
    """Stands in for a reader: returns what a worker read, or reads the file itself."""

    def __init__(self, reader, pending: dict[str, Future]):
        self._reader = reader
        self._pending = pending

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def read(self, path):
        future = self._pending.pop(path, None)
        if future is None or future.cancel():  # not started: faster to read it here
            return self._reader.read(path)
        payload = dict(future.result()).get(path)
        if payload is None:
            return self._reader.read(path)
        return _SettingsUnpickler(io.BytesIO(payload), self._reader.settings).load()


# The sources of each generator Pelican makes: the settings that list them, the name of its
# reader cache.
SOURCES = [
    ("ARTICLE_PATHS", "ARTICLE_EXCLUDES", "ArticlesGenerator-Readers"),
    ("PAGE_PATHS", "PAGE_EXCLUDES", "PagesGenerator-Readers"),
]


class _Sources:
    """Enough of a Pelican generator for its `get_files`: which files the generator will
    read, known before Pelican makes it."""

    get_files = Generator.get_files
    _include_path = Generator._include_path

    def __init__(self, settings: dict, readers: Readers):
        self.settings = settings
        self.path = settings["PATH"]
        self.readers = readers


class ParallelReading:
    """The worker pool of one build (one shared context), and the files it has been given."""

    def __init__(self, settings: dict, workers: int):
        self.context = None  # the build's, from the first generator
        self.early: dict[str, Future] = {}  # given to the workers before any generator
        # Frozen objects are left alone by the workers' garbage collector, which would
        # otherwise write to, and so copy, every page of the build's memory they inherit.
        gc.freeze()
        self.pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=_start_worker,
            initargs=(settings, os.getpid()),
        )  # fmt: skip
        self.pool.submit(_ready).result()
        gc.unfreeze()

    def read_early(self, settings: dict) -> None:
        """Give the workers now the files that the generators will ask for."""
        for paths_setting, excludes_setting, cache_name in SOURCES:
            readers = Readers(settings, cache_name)
            to_read = files_to_read(_Sources(settings, readers), readers, paths_setting,
                                    excludes_setting)  # fmt: skip
            if len(to_read) >= SMALLEST_SITE:
                self.early.update(self.submit(to_read))

    def prefetch(self, generator, paths_setting: str, excludes_setting: str) -> None:
        readers = generator.readers
        to_read = files_to_read(generator, readers, paths_setting, excludes_setting)
        if len(to_read) < SMALLEST_SITE:
            return
        pending = {path: self.early.pop(path) for path in to_read if path in self.early}
        pending.update(self.submit([path for path in to_read if path not in pending]))
        for fmt, reader in readers.readers.items():
            readers.readers[fmt] = PrefetchedReader(reader, pending)

    def submit(self, paths: list[str]) -> dict[str, Future]:
        """Give the workers the files from the last to the first, in chunks."""
        pending = {}
        for start in reversed(range(0, len(paths), FILES_PER_TASK)):
            chunk = paths[start : start + FILES_PER_TASK]
            pending.update(dict.fromkeys(chunk, self.pool.submit(read_in_worker, chunk)))
        return pending

    def stop(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def files_to_read(generator, readers: Readers, paths_setting: str, excludes_setting: str):
    """Return the generator's sources that a reader reads and the reader cache does not
    hold, as Pelican's reader receives them."""
    return [
        path
        for path in source_paths(generator, paths_setting, excludes_setting)
        if path.rsplit(".", 1)[-1] in readers.readers
        and readers.get_cached_data(path, None) is None
    ]


def source_paths(generator, paths_setting: str, excludes_setting: str) -> list[str]:
    """Return the absolute paths the generator will read, as Pelican's reader receives them."""
    settings = generator.settings
    names = generator.get_files(settings[paths_setting], exclude=settings[excludes_setting])
    return [os.path.abspath(os.path.join(generator.path, name)) for name in names]


def workers_for(settings) -> int:
    """Return how many workers read beside the build process (0: it reads alone)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(int(settings.get("READ_PROCESSES", 1)) - 1, 0)


_reading: ParallelReading | None = None


def start_workers(pelican) -> None:
    """Fork the workers before anything is read, while the build process is small: the
    memory they share with it is what it holds now. A small site is read without them."""
    global _reading
    stop_reading()
    if getattr(pelican, "quick_rebuild", None):
        return  # plugins/quick_rebuild writes a few pages and reads only what changed
    workers = workers_for(pelican.settings)
    sources = Path(pelican.settings["PATH"]).rglob("*.md")
    if workers and len(list(itertools.islice(sources, SMALLEST_SITE))) == SMALLEST_SITE:
        _reading = ParallelReading(pelican.settings, workers)
        _reading.read_early(pelican.settings)


def reading_for(generator) -> ParallelReading | None:
    """Return the parallel reading of the generator's build, if there is one. The workers
    forked when Pelican started serve its first build; later builds (Pelican's --autoreload,
    which mostly reads from its cache) read as Pelican does."""
    serving_a_build = _reading is not None and _reading.context is not None
    if serving_a_build and _reading.context is not generator.context:  # an earlier one
        stop_reading()
    if _reading is not None:
        _reading.context = generator.context
    return _reading


def start_reading_articles(generator) -> None:
    if reading := reading_for(generator):
        reading.prefetch(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def start_reading_pages(generator) -> None:
    if reading := reading_for(generator):
        reading.prefetch(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def stop_reading(*_generators) -> None:
    global _reading
    if _reading is not None:
        _reading.stop()
        _reading = None


def register():
    signals.initialized.connect(start_workers)
    signals.article_generator_init.connect(start_reading_articles)
    signals.page_generator_init.connect(start_reading_pages)
    signals.all_generators_finalized.connect(stop_reading)
    signal("content_check_failed").connect(stop_reading)
