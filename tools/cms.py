"""`make cms`: the browser editor on this machine. Runs Decap's local backend (decap-server,
from node_modules) and the live preview together, then says where to open them:

- the editor at http://127.0.0.1:8000/admin/, which saves through the local backend;
- the site at http://127.0.0.1:8000/, which shows every save at once.

By default (`--mode fs`) a save writes the file in content/ straight away, and you send your
changes for review with git (docs/cms.md). `--mode git` works as the editor does on the real
host: each item is a branch of this repository (cms/news/…), moved through Draft, In review
and Ready; "Publish" merges it into the branch you are on. decap-server then switches the
working copy between branches and commits every changed file it finds (`git add .`): use it
on a working copy with no changes of your own. Ctrl-C stops both servers.

Usage: python tools/cms.py [--root .] [--host 127.0.0.1] [--port 8000] [--mode fs|git]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def backend_environment(root: Path, mode: str, backend_url: str) -> dict[str, str]:
    """decap-server's settings: where the repository is, how to save, where to listen (this
    machine only: it has no sign-in)."""
    address = urlsplit(backend_url)
    return {
        **os.environ, "GIT_REPO_DIRECTORY": str(root), "MODE": mode,
        "BIND_HOST": address.hostname, "PORT": str(address.port), "LOG_LEVEL": "warn",
    }  # fmt: skip


def start_backend(root: Path, mode: str, backend_url: str) -> subprocess.Popen:
    if not DECAP_SERVER.is_file():
        raise SystemExit(f"{DECAP_SERVER} not found: run `npm ci` (make cms does it for you).")
    return subprocess.Popen(["node", str(DECAP_SERVER)],
                            env=backend_environment(root, mode, backend_url))  # fmt: skip


def start_preview(root: Path, host: str, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "preview.server", "--host", host,
                             "--port", str(port), "--content", str(root / "content")],
                            cwd=ROOT)  # fmt: skip


def stop(signum, frame):
    raise KeyboardInterrupt  # `kill` stops both servers as Ctrl-C does


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The browser editor and the live preview.")
    parser.add_argument("--root", default=str(ROOT), help="the repository with content/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--mode", choices=["fs", "git"], default="fs")
    args = parser.parse_args(argv)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    root = Path(args.root).resolve()
    signal.signal(signal.SIGTERM, stop)
    backend = start_backend(root, args.mode, settings["CMS_LOCAL_BACKEND"])
    preview = start_preview(root, args.host, args.port)
    print(f"Edit at http://{args.host}:{args.port}/{settings['CMS_SAVE_AS']}/ (click Login); "
          "the site is the same address without it. Ctrl-C stops.", flush=True)  # fmt: skip
    try:
        with contextlib.suppress(KeyboardInterrupt):
            while backend.poll() is None and preview.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    preview.wait(timeout=1)
    finally:
        for process in (preview, backend):
            if process.poll() is None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
    return 0 if backend.returncode in (None, 0, -signal.SIGTERM) else 1


if __name__ == "__main__":
    sys.exit(main())
