"""The real feedback service, as the tests meet it: `python -m feedback serve` in a process of
its own, on 127.0.0.1 and a free port, with its own data folder and a proof of work cheap
enough to solve in a millisecond (FEEDBACK_CHALLENGE_COST=1, FEEDBACK_CHALLENGE_KEY_PREFIX=0).

This folder has no __init__.py on purpose: as a package, `tests/feedback` would be imported
as `feedback` and hide the service's own package (tests/plugins does the same for `plugins`).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import altcha
import requests
from markupsafe import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from plugins.languages.interface.interface import translations_for  # noqa: E402

# The sum asked without JavaScript, in any language: the first two numbers of its label.
QUESTION = re.compile(r'<label for="answer">\D*?(\d+)\D+?(\d+)')
TOKEN = re.compile(r'name="question_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
NEWS = "news/2026/clinic-hours/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir: Path, **settings) -> dict[str, str]:
    """This process's environment without any FEEDBACK_ setting of its own, then the tests'
    (FEEDBACK_<NAME> for each keyword) over cheap challenges and a content folder of the
    test's (`make comments` must never write into the real content/)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")}
    values = {
        "data_dir": data_dir,
        "host": "127.0.0.1",
        "challenge_cost": 1,
        "challenge_key_prefix": "0",
        "content_dir": data_dir.parent / "content",
    }
    values.update(settings)
    env.update({f"FEEDBACK_{name.upper()}": str(value) for name, value in values.items()})
    return env


def cli(data_dir: Path, *arguments: str, **settings) -> subprocess.CompletedProcess:
    """`python -m feedback <arguments>` on the data folder, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, "-m", "feedback", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(data_dir, **settings),
    )


class Service:
    """One running service. `start()` waits for /feedback/health; `stop()` ends it,
    `kill()` sends SIGKILL (a crash), and `start()` again runs it on the same data folder."""

    def __init__(self, data_dir: Path, **settings):
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.http = requests.Session()
        self.started_in = 0.0

    @property
    def database(self) -> Path:
        return self.data_dir / "feedback.sqlite3"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 30) -> Service:
        self.port = free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir.parent / f"service-{self.port}.log", "wb")  # noqa: SIM115
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "feedback", "serve"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment(self.data_dir, port=self.port, **self.settings),
        )
        log.close()
        while time.perf_counter() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service stopped at start:\n{self.log()}")
            try:
                if requests.get(self.url("/feedback/health"), timeout=2).status_code == 200:
                    self.started_in = time.perf_counter() - began
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the service did not answer in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        path = self.data_dir.parent / f"service-{self.port}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        self.http.close()
        self.http = requests.Session()

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    # --- A reader ---------------------------------------------------------------------------

    def challenge(self) -> dict:
        response = self.http.get(self.url("/feedback/challenge"), timeout=10)
        response.raise_for_status()
        return response.json()

    def solved(self) -> str:
        """A fresh challenge from the service, solved as the widget solves it."""
        return solve(self.challenge())

    def post(
        self, kind: str, fields=None, lang: str | None = None, session=None, **options
    ) -> requests.Response:
        """POST a form (a dict is sent form-urlencoded; `data=` bytes as they are)."""
        query = f"?lang={lang}" if lang else ""
        options.setdefault("timeout", 30)
        if fields is not None:
            options["data"] = fields
        return (session or self.http).post(
            self.url(f"/feedback/{kind}{query}"), allow_redirects=False, **options
        )

    def comment(self, text: str, name: str = "Maria Borg", **fields) -> requests.Response:
        """A comment on a news item, with a solved challenge: 303 when it is stored."""
        form = {"page": NEWS, "name": name, "text": text, "altcha": self.solved(), **fields}
        return self.post("comment", form)

    def problem(self, text: str, **fields) -> requests.Response:
        form = {"page": "contact/", "text": text, "altcha": self.solved(), **fields}
        return self.post("problem", form)

    # --- What the service stored ------------------------------------------------------------

    def rows(self, where: str = "", parameters: tuple = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.database, timeout=30) as db:
            db.row_factory = sqlite3.Row
            return db.execute(
                f"SELECT * FROM submissions {where} ORDER BY id", parameters
            ).fetchall()

    def count(self) -> int:
        return len(self.rows())

    def integrity(self) -> str:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0]

    def tables(self) -> set[str]:
        with sqlite3.connect(self.database, timeout=30) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {name for (name,) in rows}


class Services:
    """Services started by one test, each stopped at its end (the tests' fixture)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[Service] = []

    def start(self, name: str = "service", **settings) -> Service:
        service = Service(self.folder / name / "data", **settings)
        self.started.append(service)
        return service.start()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *error) -> None:
        for service in self.started:
            service.stop()


def solve(challenge: dict) -> str:
    """The ALTCHA payload the widget would post for this challenge."""
    parsed = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(parsed, altcha.solve_challenge(parsed)).to_base64()


def receipt_of(response: requests.Response) -> str:
    """The receipt in a 303's Location: /feedback/thanks/<receipt>?lang=…"""
    assert response.status_code == 303, (response.status_code, response.text[:2000])
    location = response.headers["Location"]
    match = re.fullmatch(r"/feedback/thanks/([0-9a-f]+)(?:\?lang=\w+)?", location)
    assert match, location
    return match.group(1)


def answered(page: str) -> dict[str, str]:
    """The question on a form page of the service, answered right (as a person would)."""
    first, second = QUESTION.search(page).groups()
    return {"question_token": TOKEN.search(page).group(1), "answer": str(int(first) + int(second))}


def csrf_of(page: str) -> str:
    return CSRF.search(page).group(1)


def shown(message: str, lang: str = "en") -> str:
    """A message as a page of the service shows it in `lang`: translated by the theme's
    catalogue (which may still give the English), and escaped for HTML."""
    return str(escape(translations_for(ROOT / "theme", lang).gettext(message)))
