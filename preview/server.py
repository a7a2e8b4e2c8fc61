"""`make devserver`: the editors' live preview on 127.0.0.1.

It serves the site in memory (engine.py): every page is rendered when asked for, as a whole
build writes it (/_preview/files lists them all), with one line added before `</head>` that
loads /_preview/reload.js (a request with the header `X-Preview-Raw: 1` gets the page
without it). The script reloads
the page when a change is shown, and shows the content's problems in a panel while a file
is broken; if the site cannot be read at all (a fresh clone whose first build fails), every
address answers with the problems. An address the site does not have answers with the
site's 404 page.

Only requests addressed to the server's own host name are answered (another name could be
a DNS rebinding attack reaching drafts from a web page).

Usage: python -m preview.server [--host 127.0.0.1] [--port 8000] [--content content]
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.server
import json
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .engine import PROJECT, Engine, Problems, Response
from .watcher import follow

HERE = Path(__file__).resolve().parent
PREVIEW = "/_preview/"
FILES = {"reload.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
LONG_POLL_SECONDS = 20


class Status:
    """What the page's script asks for: the version of the site it shows, its problems,
    what the server is busy with. `version` counts every change; pages wait for it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.changed = threading.Condition()
        self.busy = ""

    def announce(self, busy: str = "") -> None:
        with self.changed:
            self.busy = busy
            self.changed.notify_all()

    def as_json(self, files: list[str]) -> bytes:
        """The status; with `files` (absolute paths), the digest of each as the engine
        last took it ("" if it was gone, null if never)."""
        problems = "\n".join(self.engine.problems)
        status = {"version": self.engine.version, "problems": problems, "busy": self.busy}
        if files:
            taken = self.engine.taken
            status["taken"] = {name: taken.get(Path(name)) for name in files}
        return json.dumps(status).encode("utf-8")

    def wait_for_change(self, seen: int) -> None:
        with self.changed:
            self.changed.wait_for(
                lambda: self.engine.version != seen or self.busy, LONG_POLL_SECONDS
            )


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    engine: Engine
    status: Status
    host_names: set[str]
    protocol_version = "HTTP/1.1"

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        try:
            if self.headers.get("Host", "").lower() not in self.host_names:
                return self.send(Response(421, "text/plain; charset=utf-8",
                                          b"This server answers only to its own address."),
                                 head)  # fmt: skip
            self.send(self.response(), head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away (it reloads)

    def response(self) -> Response:
        try:
            parts = urlsplit(self.path)
            path = unquote(parts.path, errors="strict")
        except (ValueError, UnicodeDecodeError):
            return Response(400, "text/plain; charset=utf-8", b"Bad address.")
        if path == PREVIEW + "status":
            query = parse_qs(parts.query)
            seen = query.get("seen", ["-1"])[0]
            if seen.lstrip("-").isdigit():
                self.status.wait_for_change(int(seen))
            return Response(200, "application/json", self.status.as_json(query.get("file", [])))
        if path == PREVIEW + "files":
            names = sorted(self.engine.names())
            return Response(200, "application/json", json.dumps(names).encode("utf-8"))
        if path.startswith(PREVIEW) and path[len(PREVIEW) :] in FILES:
            name = path[len(PREVIEW) :]
            return Response(200, FILES[name], (HERE / name).read_bytes())
        name = site_path(path)
        if name is None:
            return self.engine_response("404.html", status=404)
        return self.engine_response(name)

    def engine_response(self, name: str, status: int | None = None) -> Response:
        try:
            response = self.engine.respond(name)
        except Problems as problems:
            return problems_page(str(problems), self.engine.version)
        if status is not None:
            response.status = status
        # The browser editor's page is an application: it must not reload while an editor
        # writes (every save changes the site).
        html = response.content_type.startswith("text/html")
        if html and not self.engine.is_editor_file(name) and not self.headers.get("X-Preview-Raw"):
            response.body = with_reload_script(response.body, response.version)
        return response

    def send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def log_message(self, *args):
        pass


def site_path(path: str) -> str | None:
    """The file in the output an address asks for ('' is the home page), or None for an
    address outside it."""
    if "\x00" in path or not path.startswith("/"):
        return None
    normal = posixpath.normpath(path)
    if normal.startswith("/.."):
        return None
    name = normal.lstrip("/")
    if name == ".":
        name = ""
    if path.endswith("/") and name:
        name += "/"
    return name


def with_reload_script(body: bytes, version: int) -> bytes:
    tag = (f'<link rel="stylesheet" href="{PREVIEW}preview.css">'
           f'<script src="{PREVIEW}reload.js?v={version}" defer></script>\n').encode()  # fmt: skip
    return body.replace(b"</head>", tag + b"</head>", 1)


def problems_page(problems: str, version: int) -> Response:
    reading = not problems or problems == "The site has not been read yet."
    title = "Reading the site…" if reading else "The site cannot be shown: the content has problems"
    text = "This page reloads by itself when it is ready." if reading else (
        "Fix these problems; this page reloads by itself when the site can be shown.")  # fmt: skip
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
</head>
<body>
<main class="preview-page">
<h1>{html.escape(title)}</h1>
<p>{html.escape(text)}</p>
<pre>{html.escape(problems) if not reading else ""}</pre>
</main>
</body>
</html>
"""
    body = with_reload_script(page.encode("utf-8"), version)
    return Response(503 if reading else 500, "text/html; charset=utf-8", body)


class PreviewHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page that went away
            super().handle_error(request, client_address)


def serve(engine: Engine, status: Status, host: str, port: int):
    host_names = {f"{name}:{port}" for name in (host, "localhost", "127.0.0.1", "[::1]")}
    handler = type("Handler", (PreviewHandler,), {
        "engine": engine, "status": status, "host_names": host_names})  # fmt: skip
    server = PreviewHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(signum, frame):
    raise KeyboardInterrupt  # `kill` stops the server as Ctrl-C does


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Live preview of the site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--content", default=str(PROJECT / "content"))
    parser.add_argument("--settings", default=str(PROJECT / "pelicanconf.py"))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, stop)
    scratch = Path(tempfile.mkdtemp(prefix="preview-"))
    engine = Engine(Path(args.content), Path(args.settings), scratch / "output")
    status = Status(engine)
    server = serve(engine, status, args.host, args.port)
    print(f"Previewing on http://{args.host}:{args.port}/ — drafts at /drafts/. Ctrl-C stops.",
          flush=True)  # fmt: skip
    restart = False
    try:
        restart = follow(engine, status)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(scratch, ignore_errors=True)
    if restart:
        os.execv(sys.executable, [sys.executable, "-m", "preview.server", *(argv or sys.argv[1:])])
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
