"""A copy of the sample site (content, theme and settings) in a temporary folder, and the
preview server (`python -m preview.server`) running on it, for the preview's tests."""

from __future__ import annotations

import hashlib
import json
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class SiteCopy:
    """content/, theme/ and a settings file that uses them, under `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.content = folder / "content"
        self.theme = folder / "theme"
        shutil.copytree(ROOT / "content", self.content)
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = folder / "settings.py"
        self.settings.write_text(
            "import sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from pelicanconf import *  # noqa: F403\n"
            f"THEME = {str(self.theme)!r}\n"
            f"CACHE_PATH = {str(folder / 'cache')!r}\n",
            encoding="utf-8",
        )

    def build(self, output: Path) -> subprocess.CompletedProcess:
        """A whole build, as `make html` runs Pelican."""
        command = [sys.executable, "-m", "pelican", str(self.content), "-s", str(self.settings),
                   "-o", str(output), "--fatal", "errors"]  # fmt: skip
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)

    def check(self) -> list[str]:
        """What `make check` says is wrong (errors only), one line each."""
        result = subprocess.run([sys.executable, "tools/check.py", str(self.content)],
                                cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
        return [line for line in result.stdout.splitlines()
                if line.startswith("content/") and ": warning: " not in line]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return ""


class PreviewServer:
    """The preview server on a SiteCopy, in its own process; what it prints is kept."""

    def __init__(self, site: SiteCopy):
        self.site = site
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "preview.server", "--port", str(self.port),
             "--content", str(site.content), "--settings", str(site.settings)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.said: queue.Queue = queue.Queue()  # read all the time: a full pipe would block it
        threading.Thread(target=self.listen, daemon=True).start()
        self.wait_until_read()

    def listen(self) -> None:
        for line in self.process.stdout:
            self.said.put(line.rstrip("\n"))

    def output(self) -> str:
        lines = []
        while not self.said.empty():
            lines.append(self.said.get())
        return "\n".join(lines)

    def status(self, files=(), seen: int = -1) -> dict:
        query = "&".join([f"seen={seen}", *(f"file={path}" for path in files)])
        with urllib.request.urlopen(f"{self.base}_preview/status?{query}", timeout=60) as answer:
            return json.load(answer)

    def wait_until_read(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.get("").status != 503:
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the preview did not start:\n{self.output()}")

    def wait_until_taken(self, paths, seconds: float = 120) -> dict:
        """Wait until the preview has taken each file as it is now on disk."""
        expected = {str(path): digest(path) for path in paths}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = self.status(files=list(expected))
            if status.get("taken") == expected and not status["busy"]:
                return status
            time.sleep(0.05)
        raise TimeoutError(f"the preview did not take {sorted(expected)}:\n{self.output()}")

    def get(self, name: str, raw: bool = True, headers=None):
        request = urllib.request.Request(self.base + name, headers=headers or {})
        if raw:
            request.add_header("X-Preview-Raw", "1")
        try:
            answer = urllib.request.urlopen(request, timeout=120)
        except urllib.error.HTTPError as error:
            answer = error
        answer.body = answer.read()
        return answer

    def files(self) -> list[str]:
        return json.loads(self.get("_preview/files").body)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
