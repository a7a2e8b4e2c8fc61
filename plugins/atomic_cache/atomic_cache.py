"""Atomic cache: Pelican's cache files are written to a temporary file and renamed into place,
so a build stopped while saving (Ctrl-C, a killed preview build) never leaves half a file.

Pelican writes each cache file in place, and reads a truncated one with an EOFError it does
not catch: every later build stopped on it until `make clean`. `save_cache` here does what
Pelican's does (same file, same format, same warning on failure), writing to a temporary
name first.

Why our own: Pelican has no setting for it (the fix belongs upstream).

Signal: `generator_init` (each generator and its readers own a cache).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle

from pelican import signals

log = logging.getLogger(__name__)


def save_by_rename(cacher) -> None:
    """Make `cacher.save_cache()` write a temporary file, then rename it over the cache. (What
    Pelican's FileDataCacher.save_cache does, with the rename; a failed save leaves the cache
    as it was.)"""

    def save_cache():
        if not cacher._cache_data_policy:
            return
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

    cacher.save_cache = save_cache


def save_caches_by_rename(generator) -> None:
    for cacher in (generator, getattr(generator, "readers", None)):
        if hasattr(cacher, "save_cache") and hasattr(cacher, "_cache_path"):
            save_by_rename(cacher)


def register():
    signals.generator_init.connect(save_caches_by_rename)
