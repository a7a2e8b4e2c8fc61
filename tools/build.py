"""`make html` and `make publish`: build the whole site into a new folder, and make output/
show it in one step, only when the build has succeeded.

- One build at a time: a second build of the same output/ waits for the first, and says which
  build it is waiting for (a lock file beside output/).
- output/ is a symbolic link to the current build's folder in .output-builds/; the new build
  is put in place by renaming a new link over it, which is atomic: at no instant is there no
  site, and a failed, interrupted or killed build (an error in the content, Ctrl-C, kill -9)
  leaves the last good site exactly as it was.
- The folders of earlier and of killed builds are removed by the next build.

`--stop-after STEP` ends the build abruptly after one of the steps (`built`, `linked`,
`switched`), as a kill would: the tests use it to show that every step leaves a site.

Usage: python tools/build.py [--settings pelicanconf.py] [--output output] [--content content]
       [other pelican options…]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("built", "linked", "switched")


class Folders:
    """Where a build of `output` keeps its things, all beside it on one file system."""

    def __init__(self, output: Path):
        self.output = output
        self.builds = output.parent / f".{output.name}-builds"
        self.lock = output.parent / f".{output.name}.lock"

    def new_build(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return self.builds / f"{stamp}-{os.getpid()}"

    def current(self) -> Path | None:
        """The build output/ shows, if it is one of ours."""
        if self.output.is_symlink():
            return (self.output.parent / os.readlink(self.output)).resolve()
        return None


@contextlib.contextmanager
def one_build_at_a_time(folders: Folders):
    """Hold the lock of this output folder for the whole build."""
    folders.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(folders.lock, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another build"
            print(f"Waiting for {holder} to finish: one build of {folders.output} at a time.",
                  file=sys.stderr, flush=True)  # fmt: skip
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"the build started at {dt.datetime.now():%H:%M:%S} (process {os.getpid()})")
        lock.flush()
        yield


def remove_leftovers(folders: Folders, keep: set[Path]) -> None:
    """Remove the folders of earlier builds, and of builds that were killed (with the lock
    held, no other build is running), and stray links from killed switches."""
    if folders.builds.is_dir():
        for build in folders.builds.iterdir():
            if build.resolve() not in keep:
                shutil.rmtree(build, ignore_errors=True)
    for link in folders.output.parent.glob(f".{folders.output.name}-link-*"):
        link.unlink(missing_ok=True)


def switch_to(folders: Folders, build: Path, stop_after: str | None) -> None:
    """Make output/ show `build`, by renaming a new symbolic link over it."""
    if folders.output.exists() and not folders.output.is_symlink():
        # A site from before output/ was a link: keep it among the builds for the instant
        # between the two renames (it is removed with the other earlier builds).
        os.replace(folders.output, folders.builds / "site-before-links")
    link = folders.output.parent / f".{folders.output.name}-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(build.relative_to(folders.output.parent), target_is_directory=True)
    stop_here("linked", stop_after)
    os.replace(link, folders.output)
    stop_here("switched", stop_after)


def stop_here(step: str, stop_after: str | None) -> None:
    if step == stop_after:
        os._exit(137)  # as if killed: nothing is cleaned up


def pelican_command(content: Path, settings: str, output: Path, extra: list[str]) -> list[str]:
    """The Pelican command that builds the whole site into `output`."""
    return [sys.executable, "-m", "pelican", str(content), "-s", settings,
            "-o", str(output), "--fatal", "errors", *extra]  # fmt: skip


def build(content: Path, settings: str, output: Path, extra: list[str],
          stop_after: str | None = None) -> int:  # fmt: skip
    folders = Folders(output.absolute())
    with one_build_at_a_time(folders):
        remove_leftovers(folders, keep={folders.current()})
        new = folders.new_build()
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            result = subprocess.run(pelican_command(content, settings, new, extra), cwd=ROOT)
            if result.returncode != 0:
                print(f"The build failed: {output} is unchanged. Fix the problems above and "
                      "build again.", file=sys.stderr)  # fmt: skip
                shutil.rmtree(new, ignore_errors=True)
                return result.returncode
            stop_here("built", stop_after)
            # Ctrl-C now waits for the switch, which is quick.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                switch_to(folders, new, stop_after)
            finally:
                signal.signal(signal.SIGINT, previous)
        except KeyboardInterrupt:
            shutil.rmtree(new, ignore_errors=True)
            print(f"\nBuild interrupted: {output} is unchanged.", file=sys.stderr)
            return 130
        remove_leftovers(folders, keep={new.resolve()})
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the site; replace output only on success.")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--stop-after", choices=STEPS, help="end abruptly after this step")
    args, extra = parser.parse_known_args(argv)
    return build(Path(args.content), args.settings, Path(args.output), extra, args.stop_after)


if __name__ == "__main__":
    sys.exit(main())
