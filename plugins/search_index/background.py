"""Runs one function in a forked child process while the build goes on, and reports its
failure to the build.

The search index needs every page's text, so it cannot start before all content is read,
and nothing else needs it, so the pages need not wait for it: in a child it takes a core that
Pelican, which renders on one, leaves idle. A platform without fork runs it in place.
"""

from __future__ import annotations

import gc
import logging
import os
import traceback


class BackgroundJob:
    """One function running in a child process; `wait()` raises `failure` with the child's
    error message if it failed."""

    def __init__(self, function, *args, failure: type[Exception] = RuntimeError):
        self.failure = failure
        self.pid = None
        if not hasattr(os, "fork"):
            function(*args)
            return
        read_end, write_end = os.pipe()
        gc.freeze()  # the child's garbage collector then leaves the pages it shares alone
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _run_child(function, args, write_end, failure)
        gc.unfreeze()
        os.close(write_end)
        self.pid, self.errors = pid, read_end

    def wait(self) -> None:
        if self.pid is None:
            return
        with os.fdopen(self.errors, encoding="utf-8") as errors:
            message = errors.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            raise self.failure(message or f"the background process ended with status {status}")


def _run_child(function, args, error_pipe: int, failure: type[Exception]) -> None:
    """Run the function and leave the process: never return into the parent's build."""
    code = 0
    try:
        function(*args)
    except BaseException as error:  # whatever it is, the parent reports it
        code = 1
        text = str(error) if isinstance(error, failure) else traceback.format_exc()
        os.write(error_pipe, text.encode("utf-8"))
    finally:
        for handler in logging.root.handlers:
            handler.flush()
        os._exit(code)
