"""`make devserver`: the editors' live preview. Builds the site, serves it on 127.0.0.1, rebuilds
whenever a file under content/, theme/ or plugins/ (or the settings) changes, and reloads the
pages open in the browser. When a build fails, the terminal and every open page show the
problems, and the server keeps serving the last good site until the file is fixed.

Saving an article or a page shows it first through the quick path (tools/quick_preview.py:
that file checked and its page written again, in well under a second), then the whole site
is built as before and the page reloads once more.

Pelican's own `--autoreload --listen` rebuilds but cannot reload the browser or show an error
in it, and a bad file stops it; hence this small server.

Usage: python tools/devserver.py [--host 127.0.0.1] [--port 8000] [--output output]
                                [--content content]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["theme", "plugins", "pelicanconf.py"]  # and the content folder
PREVIEW = "/_preview/"
RELOAD_SCRIPT = Path(__file__).resolve().parent / "devserver_reload.js"
PROBLEM_LINE = re.compile(r"^(\S+:\d+: |\d+ error\(s\))")
INJECT = b'<script src="/_preview/reload.js" defer></script>\n</head>'


class BuildState:
    """The number of the last good build (or quick page) and the problems of the last failed
    build. `version` counts every change of either; pages wait for it to change."""

    def __init__(self):
        self.changed = threading.Condition()
        self.build = 0
        self.error = ""
        self.version = 0

    def as_json(self) -> bytes:
        with self.changed:
            status = {"build": self.build, "error": self.error, "version": self.version}
        return json.dumps(status).encode("utf-8")

    def wait_for_change(self, version: int, seconds: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, seconds)

    def succeeded(self):
        with self.changed:
            self.build += 1
            self.error = ""
            self.version += 1
            self.changed.notify_all()

    def failed(self, error: str):
        with self.changed:
            self.error = error
            self.version += 1
            self.changed.notify_all()


class QuickPreview:
    """tools/quick_preview.py in its own process: the site in memory, ready to write the page
    of a saved file. It is started again after a change it could not take."""

    def __init__(self, content: Path, output: Path):
        self.command = [sys.executable, str(ROOT / "tools/quick_preview.py"),
                        "--content", str(content), "--output", str(output)]  # fmt: skip
        self.process = None
        self.answers: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        self.stopped = threading.Event()
        self.asking = threading.Lock()

    def start(self) -> None:
        with self.asking:
            self.stop()
            self.ready, self.stopped = threading.Event(), threading.Event()
            self.answers = queue.Queue()
            self.process = subprocess.Popen(self.command, cwd=ROOT, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True)  # fmt: skip
            listener = (self.process, self.answers, self.ready, self.stopped)
            threading.Thread(target=self.listen, args=listener, daemon=True).start()

    def listen(self, process, answers, ready, stopped) -> None:
        """Sort what one process says (a process started later has its own queue and events)."""
        for line in process.stdout:
            answer = json.loads(line)
            if answer.get("ready"):
                ready.set()
            elif "unavailable" in answer:
                print(f"No quick preview until the site builds: {answer['unavailable']}")
            else:
                answers.put(answer)
        stopped.set()

    def wait_until_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not (self.ready.is_set() or self.stopped.is_set()) and time.monotonic() < deadline:
            self.ready.wait(0.1)

    def write_pages(self, paths: list[Path]) -> list[str]:
        """Return the pages written again for these changed files ([]: not this time)."""
        with self.asking:  # the watcher and the builds both ask
            if not self.ready.is_set() or self.process.poll() is not None:
                return []
            try:
                self.process.stdin.write(json.dumps({"changed": [str(p) for p in paths]}) + "\n")
                self.process.stdin.flush()
                answer = self.answer()
            except (OSError, queue.Empty):
                self.ready.clear()
                return []
        if "skipped" in answer:
            print(f"Building the whole site: {answer['skipped']}", flush=True)
        return answer.get("written", [])

    def answer(self, seconds: float = 30) -> dict:
        """Return the process's answer; raise queue.Empty if it ends or says nothing."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                return self.answers.get(timeout=0.1)
            if self.stopped.is_set():
                break
        raise queue.Empty

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def build_command(content: Path, output: Path) -> list[str]:
    return [sys.executable, str(ROOT / "tools/build.py"), "--output", str(output),
            "--content", str(content)]  # fmt: skip


def report(returncode: int, log: str, output: Path, state: BuildState) -> None:
    if returncode == 0:
        state.succeeded()
        how = ", quick rebuild" if "Done: quick rebuild" in log else ""
        print(f"Built: {output} (build {state.build}{how})", flush=True)
        return
    # tools/build.py lists the problems one to a line after a failed build; keep those.
    lines = log.splitlines()
    problems = "\n".join(line for line in lines if PROBLEM_LINE.match(line))
    problems = problems or "\n".join(lines[-40:])
    state.failed(problems or "The build failed.")
    print(f"Build failed; still serving the last good site.\n{problems}", flush=True)


def build(content: Path, output: Path, state: BuildState) -> None:
    result = subprocess.run(build_command(content, output), cwd=ROOT, capture_output=True,
                            text=True)  # fmt: skip
    report(result.returncode, result.stdout + result.stderr, output, state)


class WholeBuilds:
    """Builds the whole site in the background after each change, one build at a time. A
    build that began before a change is let finish but not shown: the quick path writes that
    change's pages again over it, and the next build starts."""

    def __init__(self, content: Path, output: Path, state: BuildState, quick: QuickPreview):
        self.command = build_command(content, output)
        self.output, self.state, self.quick = output, state, quick
        self.wanted = threading.Event()
        self.lock = threading.Lock()
        self.quick_since_start: set[Path] = set()  # sources the running build may not hold
        self.process = None
        threading.Thread(target=self.run, daemon=True).start()

    def request(self, quick_sources: list[Path]) -> None:
        with self.lock:
            self.quick_since_start.update(quick_sources)
            self.wanted.set()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            with self.lock:
                self.wanted.clear()
                self.quick_since_start.clear()
                self.process = subprocess.Popen(self.command, cwd=ROOT, text=True,
                                                stdout=subprocess.PIPE,
                                                stderr=subprocess.STDOUT)  # fmt: skip
            log, _ = self.process.communicate()
            with self.lock:
                outdated = self.wanted.is_set()
                sources = sorted(self.quick_since_start)
            if not outdated:
                report(self.process.returncode, log, self.output, self.state)
            elif sources:
                self.quick.write_pages(sources)

    def stop(self) -> None:
        with self.lock:
            self.wanted.clear()
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
                self.process.wait(timeout=30)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == PREVIEW + "status":
            # A page that says what it has seen waits here until there is something new.
            seen = parse_qs(urlsplit(self.path).query).get("seen")
            if seen:
                self.state.wait_for_change(int(seen[0]), 20)
            return self.send_bytes(self.state.as_json(), "application/json")
        if path == PREVIEW + "reload.js":
            return self.send_bytes(RELOAD_SCRIPT.read_bytes(), "text/javascript")
        local = Path(self.translate_path(path))
        if path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return self.send_bytes(local.read_bytes().replace(b"</head>", INJECT, 1), "text/html")
        return super().do_GET()

    def send_bytes(self, body: bytes, content_type: str):
        # A page that reloads drops the request it was waiting on: nobody is left to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(output: Path, host: str, port: int, state: BuildState):
    output.mkdir(exist_ok=True)
    handler = type("Handler", (PreviewHandler,), {"state": state})
    # Serve the folder by name, not by handle: each build replaces output/ with a new folder.
    server = http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(signum, frame):
    raise KeyboardInterrupt  # `kill` stops the server as Ctrl-C does: builds and all


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Live preview of the site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    content = Path(args.content).resolve()
    output = Path(args.output).resolve()
    signal.signal(signal.SIGTERM, stop)
    state = BuildState()
    quick = QuickPreview(content, output)
    quick.start()  # reads the site while the first build runs
    build(content, output, state)
    quick.wait_until_ready(seconds=600)
    server = serve(output, args.host, args.port, state)
    builds = WholeBuilds(content, output, state, quick)
    print(f"Previewing on http://{args.host}:{args.port}/ — drafts at /drafts/. Ctrl-C stops.")
    try:
        for changes in watch(content, *(ROOT / path for path in WATCHED), debounce=300):
            paths = sorted({Path(path) for _, path in changes})
            started = time.perf_counter()
            written = quick.write_pages(paths)
            if written:
                state.succeeded()
                seconds = time.perf_counter() - started
                print(f"Quick preview: {', '.join(written)} in {seconds:.2f} s", flush=True)
            else:
                quick.start()  # reads the site as it is now
            builds.request(paths if written else [])
    except KeyboardInterrupt:
        pass
    finally:
        builds.stop()
        quick.stop()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
