"""`make html` and `make publish`: build the site into a new folder beside output/, and put it
in place of output/ only when the build has succeeded. A failed or interrupted build (an error
in the content, Ctrl-C, a killed process) leaves the previous output/ exactly as it was.

Usage: python tools/build.py [--settings pelicanconf.py] [--output output] [--content content]
       [other pelican options…]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pelican_command(content: Path, settings: str, output: Path, extra: list[str]) -> list[str]:
    """The Pelican command that builds the whole site into `output`."""
    return [sys.executable, "-m", "pelican", str(content), "-s", settings,
            "-o", str(output), "--fatal", "errors", *extra]  # fmt: skip


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` where `target` is. Both renames stay on one file system, so each is atomic;
    the old site is deleted only once the new one is in place."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(new, target)
        shutil.rmtree(old)
    else:
        os.replace(new, target)


def remove_leftovers(output: Path) -> None:
    """Delete the folders of builds that were killed before they could clean up."""
    for pattern in (f".{output.name}-new-*", f".{output.name}-old-*"):
        for folder in output.parent.glob(pattern):
            shutil.rmtree(folder, ignore_errors=True)


def print_problems(content: Path) -> None:
    """After a failed build, list the content's problems one to a line, as `make check` does:
    Pelican's log wraps them to the terminal's width. (A build that succeeds was checked by
    plugins/content_check already, so the check runs again only when something is wrong.)"""
    subprocess.run([sys.executable, str(ROOT / "tools/check.py"), str(content)], cwd=ROOT)


def build(content: Path, settings: str, output: Path, extra: list[str]) -> int:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        command = pelican_command(content, settings, staging, extra)
        result = subprocess.run(command, cwd=ROOT)
        if result.returncode != 0:
            print_problems(content)
            print(f"The build failed: {output} is unchanged. Fix the problems above and "
                  "build again.", file=sys.stderr)  # fmt: skip
            return result.returncode
        # Once the new site is complete, Ctrl-C (or the preview server's stop) waits for it to
        # be in place: stopped between the two renames, it would leave no output at all.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            replace_folder(staging, output)
        finally:
            signal.signal(signal.SIGINT, previous)
        return 0
    except KeyboardInterrupt:
        print(f"\nBuild interrupted: {output} is unchanged.", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the site; replace output only on success.")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", default=str(ROOT / "content"))
    args, extra = parser.parse_known_args(argv)
    return build(Path(args.content), args.settings, Path(args.output), extra)


if __name__ == "__main__":
    sys.exit(main())
