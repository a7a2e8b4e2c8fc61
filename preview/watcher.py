"""The loop that follows the files: reads the site, then gives the engine every batch of
saved files, and the news items dated in the future when they fall due. Returns True when
the settings or the code changed: the server then starts again in a new process.

The files are watched from before the site is read, by a thread of their own that never
stops, so that no save is missed: not while the site is read, nor while a change is taken.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
import traceback
from pathlib import Path

from watchfiles import watch

from .engine import CODE, PROJECT, Engine, Restart

# How long the watcher waits for more events after the first (an editor's save is often a
# write, a rename and a change of attributes).
DEBOUNCE_MS = 50
# How often the watcher's thread wakes without events (it then says it is watching).
IDLE_MS = 500


def watched(engine: Engine) -> list[Path]:
    return [path for path in (engine.content, engine.theme, *(PROJECT / name for name in CODE))
            if path.exists()]  # fmt: skip


def start_watching(paths: list[Path]) -> queue.Queue:
    """Watch `paths` in a thread; return the queue it puts each batch of changed paths in,
    once the watching has begun."""
    batches: queue.Queue = queue.Queue()
    watching = threading.Event()

    def run() -> None:
        for changes in watch(*paths, debounce=DEBOUNCE_MS, step=20, yield_on_timeout=True,
                             rust_timeout=IDLE_MS):  # fmt: skip
            watching.set()
            if changes:
                batches.put({Path(path) for _, path in changes})

    threading.Thread(target=run, daemon=True).start()
    watching.wait()
    return batches


def follow(engine: Engine, status) -> bool:
    batches = start_watching(watched(engine))
    status.announce("Reading the whole site…")
    engine.load()
    status.announce()
    report(engine, "read the whole site", 0)
    while True:
        due = engine.next_due()
        try:
            paths = batches.get(timeout=None if due is None else seconds_until(due) + 0.05)
        except queue.Empty:
            paths = set()  # an item falls due
        while not batches.empty():  # saves that came meanwhile, taken together
            paths |= batches.get()
        paths = with_folder_contents(paths) | engine.due_sources()
        if not paths:
            continue
        started = time.perf_counter()
        try:
            done = engine.change(paths)
        except Restart as restart:
            status.announce(f"Reading the whole site again: {restart} changed…")
            print(f"Starting again: {restart} changed.", flush=True)
            return True
        except Exception:  # a bug of ours: say so, and keep the server up
            traceback.print_exc()
            done = "failed (see above)"
        status.announce()
        report(engine, done, time.perf_counter() - started)


def with_folder_contents(paths: set[Path]) -> set[Path]:
    """The paths, and every file in the new folders among them: a file saved into a folder
    just made can be written before the folder is watched, and never be reported."""
    found = set(paths)
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found |= {inside for inside in path.rglob("*") if inside.is_file()}
    return found


def seconds_until(moment: dt.datetime) -> float:
    return max((moment - dt.datetime.now(dt.UTC)).total_seconds(), 0)


def report(engine: Engine, done: str, seconds: float) -> None:
    if engine.problems:
        print("The content has problems; the preview shows the site before them:", flush=True)
        print("\n".join(engine.problems), flush=True)
    else:
        print(f"Preview: {done} in {seconds:.2f} s", flush=True)
