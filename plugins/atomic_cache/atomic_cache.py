"""Atomic cache: Pelican's cache files are written to a temporary file and renamed into place,
so a build stopped while saving (Ctrl-C, a killed preview build) never leaves half a file,
and they are written at the end of the build, once every page is.

Pelican writes each cache file in place, and reads a truncated one with an EOFError it does
not catch: every later build stopped on it until `make clean`. `save_cache` here does what
Pelican's does (same file, same format, same warning on failure), writing to a temporary
name first.

Pelican saves its reader cache as soon as the sources are read. Pickling a string that is
not all ASCII makes CPython keep a UTF-8 copy of it inside the string for as long as it
lives, and the cache holds every text, which live until the build ends: saved then, the
copies were there for the whole writing, when the build's memory is at its highest (3.8 MB
at 1,000 generated articles). Saved at the end, after plugins/quick_rebuild has written its
record, they come when the pages and the search index are done. A build that fails before
its end saves no cache: the next one reads every source again.

Why our own: Pelican has no setting for either (the fixes belong upstream).

Signals: `get_generators` (a new build: nothing to save yet), `generator_init` (each
generator and its readers own a cache), `initialized` (connect the save to `finalized`, after
every plugin's own step).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle

from pelican import signals

log = logging.getLogger(__name__)

_unsaved: list = []  # the caches Pelican asked to save during this build


def save_by_rename(cacher) -> None:
    """Make `cacher.save_cache()` note the cache for `save_caches` to write at the end."""

    def save_cache():
        if cacher._cache_data_policy and cacher not in _unsaved:
            _unsaved.append(cacher)

    cacher.save_cache = save_cache


def write_by_rename(cacher) -> None:
    """Write the cache to a temporary file, then rename it over the cache: what Pelican's
    FileDataCacher.save_cache does, with the rename (a failed save leaves the cache as it
    was)."""
    final = cacher._cache_path
    temporary = f"{final}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(final), exist_ok=True)
        with cacher._cache_open(temporary, "wb") as out:
            pickle.dump(cacher._cache, out)
        os.replace(temporary, final)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        log.warning("Could not save cache %s\n ... %s", final, error)
        with contextlib.suppress(OSError):
            os.remove(temporary)


def save_caches(_pelican=None) -> None:
    """Write the caches this build asked to save."""
    while _unsaved:
        write_by_rename(_unsaved.pop(0))


def forget_unsaved(_pelican=None) -> None:
    _unsaved.clear()  # an earlier build of this process that failed: its caches are not saved


def save_caches_by_rename(generator) -> None:
    for cacher in (generator, getattr(generator, "readers", None)):
        if hasattr(cacher, "save_cache") and hasattr(cacher, "_cache_path"):
            save_by_rename(cacher)


def save_at_the_end(_pelican) -> None:
    # Connected when the build starts, after plugins/quick_rebuild (before this plugin in
    # PLUGINS) has connected the save of its record: the caches are saved last.
    signals.finalized.connect(save_caches)


def register():
    signals.initialized.connect(save_at_the_end)
    signals.get_generators.connect(forget_unsaved)
    signals.generator_init.connect(save_caches_by_rename)
