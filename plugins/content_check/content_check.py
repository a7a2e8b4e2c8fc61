"""Content check: before Pelican reads anything, checks every file under content/ against the
content model (schemas.py) and the rest of the site (checks.py), and stops the build with the
full list of problems, each as `path:line: field: what is wrong — how to fix it`. Warnings
(reviews due, long titles) are printed and do not stop it.

Pelican's readers stop at the first bad file with a Python traceback, and no published plugin
validates front matter, so the site has its own. `make check` runs the same checks on their
own (tools/check.py).

Signal: `initialized` (settings are known, nothing is read or written yet). The checked site
(without the texts) is kept on the Pelican instance as `checked_content` for
plugins/quick_rebuild, which checks the files it rebuilds itself (and sets `quick_rebuild` on
the instance: then this plugin does nothing). Sends `content_check_failed` before it stops
the build (plugins/parallel_read then stops reading ahead).
"""

from __future__ import annotations

import logging
from pathlib import Path

from blinker import signal
from pelican import signals

from .checks import checked_site, in_order, without_texts
from .messages import ERROR

log = logging.getLogger(__name__)

content_check_failed = signal("content_check_failed")


class ContentError(Exception):
    """The content has errors; the message lists them all."""


def report(problems) -> str:
    errors = [str(p) for p in problems if p.severity == ERROR]
    return f"{len(errors)} problem(s) in the content:\n" + "\n".join(errors)


def check_before_build(pelican) -> None:
    if getattr(pelican, "quick_rebuild", None):
        return
    site = checked_site(Path(pelican.settings["PATH"]), pelican.settings)
    pelican.checked_content = without_texts(site)
    problems = in_order(site.problems)
    for problem in problems:
        if problem.severity != ERROR:
            log.warning("%s", problem)
    if any(problem.severity == ERROR for problem in problems):
        content_check_failed.send(pelican)
        raise ContentError(report(problems))


def register():
    signals.initialized.connect(check_before_build)
