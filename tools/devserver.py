"""`make devserver`: the editors' live preview. Builds the site, serves it on 127.0.0.1, rebuilds
whenever a file under content/, theme/ or plugins/ (or the settings) changes, and reloads the
pages open in the browser. When a build fails, the terminal and every open page show the
problems, and the server keeps serving the last good site until the file is fixed.

Pelican's own `--autoreload --listen` rebuilds but cannot reload the browser or show an error
in it, and a bad file stops it; hence this small server.

Usage: python tools/devserver.py [--host 127.0.0.1] [--port 8000] [--output output]
                                [--content content]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

from watchfiles import watch

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["theme", "plugins", "pelicanconf.py"]  # and the content folder
PREVIEW = "/_preview/"
RELOAD_SCRIPT = Path(__file__).resolve().parent / "devserver_reload.js"
PROBLEM_LINE = re.compile(r"^(\S+:\d+: |\d+ error\(s\))")
INJECT = b'<script src="/_preview/reload.js" defer></script>\n</head>'


class BuildState:
    """The number of the last good build and the problems of the last failed one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.build = 0
        self.error = ""

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "error": self.error}).encode("utf-8")

    def succeeded(self):
        with self.lock:
            self.build += 1
            self.error = ""

    def failed(self, error: str):
        with self.lock:
            self.error = error


def build(content: Path, output: Path, state: BuildState) -> None:
    command = [sys.executable, str(ROOT / "tools/build.py"), "--output", str(output),
               "--content", str(content)]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode == 0:
        state.succeeded()
        print(f"Built: {output} (build {state.build})", flush=True)
    else:
        # tools/build.py lists the problems one to a line after a failed build; keep those.
        lines = (result.stdout + result.stderr).splitlines()
        problems = "\n".join(line for line in lines if PROBLEM_LINE.match(line))
        problems = problems or "\n".join(lines[-40:])
        state.failed(problems or "The build failed.")
        print(f"Build failed; still serving the last good site.\n{problems}", flush=True)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == PREVIEW + "status":
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Live preview of the site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    content = Path(args.content).resolve()
    output = Path(args.output).resolve()
    state = BuildState()
    build(content, output, state)
    server = serve(output, args.host, args.port, state)
    print(f"Previewing on http://{args.host}:{args.port}/ — drafts at /drafts/. Ctrl-C stops.")
    try:
        for _ in watch(content, *(ROOT / path for path in WATCHED), debounce=300):
            build(content, output, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
