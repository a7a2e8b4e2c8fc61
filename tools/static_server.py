"""Serves a built site folder on 127.0.0.1 as a static host does: files as they are, an
unknown address answered with the site's own 404 page and status 404, and the headers a host
sends (the Content-Security-Policy among them). `make serve` runs it; the tests and the
benchmark serve their builds with it.

Usage: python tools/static_server.py [--host 127.0.0.1] [--port 8000] [--root output]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}
    # A folder's own headers, instead of those of every path (the browser editor's policy).
    folder_headers: ClassVar[dict[str, dict[str, str]]] = {}
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".yml": "text/yaml", ".wasm": "application/wasm",
    }  # fmt: skip

    def headers_for_path(self) -> dict[str, str]:
        for folder, headers in self.folder_headers.items():
            if self.path.startswith(f"/{folder}/"):
                return {**self.extra_headers, **headers}
        return self.extra_headers

    def end_headers(self):
        for name, value in self.headers_for_path().items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        # The site's own 404 page, as the production host sends it.
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


def server_for(root: Path, host: str, port: int, headers: dict[str, str] | None = None,
               folder_headers: dict[str, dict[str, str]] | None = None):  # fmt: skip
    handler = type(
        "Handler",
        (SiteHandler,),
        {"extra_headers": dict(headers or {}), "folder_headers": dict(folder_headers or {})},
    )
    return http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(root))
    )


@contextlib.contextmanager
def serve(
    root: Path,
    headers: dict[str, str] | None = None,
    folder_headers: dict[str, dict[str, str]] | None = None,
) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 and a free port; yield the base address; stop on exit."""
    server = server_for(root, "127.0.0.1", 0, headers, folder_headers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve a built site as a static host does.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    server = server_for(Path(args.root), args.host, args.port)
    print(f"Serving {args.root} on http://{args.host}:{args.port}/ — Ctrl-C stops.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
