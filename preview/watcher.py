"""The loop that follows the files: reads the site, then gives the engine every batch of
saved files, and the news items dated in the future when they fall due. Returns True when
the settings or the code changed: the server then starts again in a new process."""

from __future__ import annotations

import datetime as dt
import time
import traceback
from pathlib import Path

from watchfiles import watch

from .engine import CODE, PROJECT, Engine, Restart

# How long the loop waits for more saves after the first (an editor's save is often a
# write, a rename and a change of attributes).
DEBOUNCE_MS = 50


def watched(engine: Engine) -> list[Path]:
    return [engine.content, engine.theme, *(PROJECT / name for name in CODE)]


def follow(engine: Engine, status) -> bool:
    status.announce("Reading the whole site…")
    engine.load()
    status.announce()
    report(engine, "read the whole site", 0)
    while True:
        due = engine.next_due()
        timeout_ms = 0 if due is None else int(seconds_until(due) * 1000) + 50
        for changes in watch(*(path for path in watched(engine) if path.exists()),
                             debounce=DEBOUNCE_MS, step=20, yield_on_timeout=True,
                             rust_timeout=timeout_ms):  # fmt: skip
            paths = with_folder_contents({Path(path) for _, path in changes})
            paths |= engine.due_sources()
            if not paths:
                break  # the timeout: look for the next item due
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
            if engine.next_due() != due:
                break  # watch again with the new timeout


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
