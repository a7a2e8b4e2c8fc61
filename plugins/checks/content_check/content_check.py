"""Content check: before Pelican reads anything, checks every file under content/ against the
content model (schemas.py) and the rest of the site (checks.py), and stops the build with the
full list of problems, each as `path:line: field: what is wrong — how to fix it`. Warnings
(reviews due, long titles) are printed and do not stop it.

Pelican's readers stop at the first bad file with a Python traceback, and no published plugin
validates front matter, so the site has its own. `make check` runs the same checks on their
own (tools/check.py); the preview runs them file by file (preview/). Problems are printed
one to a line and the build exits with status 1.

Signal: `initialized` (settings are known, nothing is read or written yet).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pelican import signals

from .checks import check_site
from .messages import ERROR

log = logging.getLogger(__name__)

RUNS_AFTER: tuple[str, ...] = ()


def report(problems) -> str:
    errors = [str(p) for p in problems if p.severity == ERROR]
    return f"{len(errors)} problem(s) in the content:\n" + "\n".join(errors)


def check_before_build(pelican) -> None:
    problems = check_site(Path(pelican.settings["PATH"]), pelican.settings)
    for problem in problems:
        if problem.severity != ERROR:
            log.warning("%s", problem)
    if any(problem.severity == ERROR for problem in problems):
        # Printed whole, one problem to a line (Pelican's log would wrap them), and the build
        # ends there: an editor's mistake is not a crash, and gets no traceback.
        print(report(problems), file=sys.stderr, flush=True)
        raise SystemExit(1)


def register():
    signals.initialized.connect(check_before_build)
