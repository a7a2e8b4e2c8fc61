"""The feedback service's part of `make bench`: the real service (`python -m feedback serve`,
waitress and SQLite, as `make feedback` runs it), measured from outside over HTTP.

- start: from starting the process to the first answer of /feedback/health, on a new data
  folder (the database and the secret are made) and again on the folder once it holds the
  load's rows; the median of `runs` starts of each;
- load: 1,000 submissions (comments and problem reports in turn) from 50 readers at once,
  each reader on a connection of its own, behind a trusted proxy with an address of its own
  (X-Forwarded-For), so that neither limit refuses any. Each carries its own ALTCHA challenge,
  solved before the load starts, as a browser solves it while the reader types: the timing is
  the service's checking (one PBKDF2 at the production cost), its writing (one transaction,
  fsynced) and its answer. Submissions per second over the whole load, and each request's
  latency as the reader waits for it (median, p95).

The 50 reading threads run on the same machine as the service, and share its cores. Nothing
here is asserted: tools/bench.py reports it.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import altcha
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import challenges  # noqa: E402
from feedback.config import Config, secret_of  # noqa: E402

SUBMISSIONS = 1000
CLIENTS = 50
# The production cost of each attempt (the service checks one); the key prefix is one hex
# digit instead of three, so that solving a thousand takes seconds, not an hour: solving is
# the reader's browser's work, not the service's.
COST = Config.challenge_cost
KEY_PREFIX = "0"
NEWS = "news/2026/clinic-hours/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> float:
        """Start the service; the seconds until /feedback/health answers."""
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")}
        env.update(
            FEEDBACK_HOST="127.0.0.1",
            FEEDBACK_PORT=str(self.port),
            FEEDBACK_DATA_DIR=str(self.data_dir),
            FEEDBACK_TRUST_PROXY="1",
            FEEDBACK_LIMIT_PER_PAGE=str(SUBMISSIONS * 10),
            FEEDBACK_CHALLENGE_COST=str(COST),
            FEEDBACK_CHALLENGE_KEY_PREFIX=KEY_PREFIX,
            FEEDBACK_CONTENT_DIR=str(self.data_dir.parent / "content"),
        )
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "feedback", "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while time.perf_counter() - began < 60:
            if self.process.poll() is not None:
                raise RuntimeError("the feedback service stopped at start")
            try:
                if requests.get(self.url("/feedback/health"), timeout=5).status_code == 200:
                    return time.perf_counter() - began
            except requests.ConnectionError:
                time.sleep(0.01)
        raise RuntimeError("the feedback service did not answer in 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)
            self.process = None


def solved(challenge: dict) -> str:
    parsed = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(parsed, altcha.solve_challenge(parsed)).to_base64()


def forms(data_dir: Path, count: int) -> list[tuple[str, dict]]:
    """`count` forms, each with a challenge made as /feedback/challenge makes it (the same
    function, the service's secret), solved on every core before the load."""
    secret = secret_of(data_dir)
    made = [challenges.new_altcha_challenge(secret, COST, KEY_PREFIX, 3600) for _ in range(count)]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        payloads = list(pool.map(solved, made, chunksize=16))
    result = []
    for number, payload in enumerate(payloads):
        text = f"Submission {number}: il-ħin tal-klinika nbidel, għaliex?"
        if number % 2:
            result.append(("problem", {"page": "contact/", "text": text, "altcha": payload}))
        else:
            result.append(
                (
                    "comment",
                    {"page": NEWS, "name": f"Reader {number}", "text": text, "altcha": payload},
                )
            )
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load(service: Service, made: list[tuple[str, dict]], clients: int) -> dict:
    """Every form sent, `clients` readers at once: throughput and latencies."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def reader(client: int) -> None:
        mine = made[client::clients]
        with requests.Session() as http:
            start.wait()
            for kind, form in mine:
                began = time.perf_counter()
                try:
                    status = http.post(
                        service.url(f"/feedback/{kind}"),
                        data=form,
                        timeout=120,
                        allow_redirects=False,
                        headers={"X-Forwarded-For": f"10.0.0.{client + 1}"},
                    ).status_code
                except requests.RequestException:
                    status = 0  # no answer
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took)
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "submissions": len(made),
        "clients": clients,
        "seconds": elapsed,
        "per_second": len(made) / elapsed,
        "latency_median_ms": statistics.median(latencies) * 1000,
        "latency_p95_ms": percentile(latencies, 0.95) * 1000,
        "latency_max_ms": max(latencies) * 1000,
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
    }


def measure(work: Path, runs: int = 3) -> dict:
    """Start times (new data folder, and one holding the load's rows) and the load."""
    first_starts = []
    for run in range(max(1, runs)):
        service = Service(work / f"start-{run}" / "data")
        try:
            first_starts.append(service.start())
        finally:
            service.stop()
    service = Service(work / "load" / "data")
    service.data_dir.mkdir(parents=True)
    made = forms(service.data_dir, SUBMISSIONS)
    service.start()
    try:
        figures = load(service, made, CLIENTS)
    finally:
        service.stop()
    restarts = []
    for _ in range(max(1, runs)):
        try:
            restarts.append(service.start())
        finally:
            service.stop()
    return {
        "start_new_s": summary(first_starts),
        "start_with_rows_s": summary(restarts),
        "load": figures,
        "challenge": {"cost": COST, "key_prefix": KEY_PREFIX},
    }


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def rows(figures: dict | None) -> list[str]:
    """The report's lines for the feedback service."""
    if not figures:
        return ["Not measured."]
    load_, new, again = figures["load"], figures["start_new_s"], figures["start_with_rows_s"]
    refused = {code: n for code, n in load_["statuses"].items() if code != "303"}
    return [
        "| measure | value |",
        "|---|---|",
        f"| start, new data folder, to the first answer (median, range) | {new['median']:.2f} s "
        f"({new['min']:.2f} to {new['max']:.2f}) |",
        f"| start, database with the load's rows | {again['median']:.2f} s "
        f"({again['min']:.2f} to {again['max']:.2f}) |",
        f"| {load_['submissions']:,} submissions from {load_['clients']} readers at once "
        f"| {load_['seconds']:.1f} s, {load_['per_second']:.0f} per second |",
        f"| latency, median / p95 / slowest | {load_['latency_median_ms']:.0f} / "
        f"{load_['latency_p95_ms']:.0f} / {load_['latency_max_ms']:.0f} ms |",
        f"| answers other than 303 | {refused or 'none'} |",
    ]
