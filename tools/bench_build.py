"""The build side of `make bench`: full builds and rebuilds, ours against plain Pelican (its
default theme, no plugins) on the same articles; edit-to-preview with `make devserver`; and
the weight of the home page and of an article. tools/bench.py runs these and reports them.

Every figure is collected in pairs (ours, then theirs, in the same round) so that the noise of
a shared machine falls on both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_SETTINGS = Path(__file__).resolve().parent / "bench_plain_pelicanconf.py"


# The command is started by a small launcher process rather than by this (large) one, whose
# size a forked child would inherit. The launcher measures the memory of the whole process
# tree: our build reads and indexes in child processes, so the peak of one process would
# flatter it. Every 20 ms it adds up the proportional set size (PSS: shared pages divided
# among the processes sharing them) of the command and its descendants; the peak of that sum
# is what the report calls peak memory, measured the same way for plain Pelican.
LAUNCHER = """
import json, os, sys, time

def children():
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                found.setdefault(parent, []).append(int(entry))
            except OSError:
                pass
    return found

def tree_pss_kb(root):
    kids, total, todo = children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except OSError:
            pass
    return total

started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[3], sys.argv[3:])
peak_kb = 0
sampling = sys.argv[2] == "sample"
while sampling:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    peak_kb = max(peak_kb, tree_pss_kb(pid))
    time.sleep(0.02)
if not sampling:
    done, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime,
               "peak_mb": peak_kb / 1024, "code": os.waitstatus_to_exitcode(status)}, out)
"""


def measured(command: list[str], env: dict | None = None, memory: bool = True) -> dict:
    """Run a command; return its wall time, CPU time and peak memory (with `memory` False,
    0: the sampler takes CPU time that a build using both cores would otherwise have)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        result = subprocess.run(
            [
                sys.executable,
                "-S",
                "-c",
                LAUNCHER,
                report.name,
                "sample" if memory else "no-sample",
                *command,
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        figures = json.loads(Path(report.name).read_text() or "{}")
    if result.returncode != 0 or figures.get("code") != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    del figures["code"]
    return figures


def pelican_command(content: Path, settings: Path, output: Path, *flags: str) -> list[str]:
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings),
            "-o", str(output), "-q", *flags]  # fmt: skip


def ours(content: Path, output: Path) -> list[str]:
    """Our build, with its content cache beside the output (cleared with it for clean builds)."""
    cache = output.with_name(output.name + "-cache")
    return pelican_command(content, ROOT / "pelicanconf.py", output, "--fatal", "errors",
                           "-e", f'CACHE_PATH="{cache}"')  # fmt: skip


def plain(content: Path, output: Path, cache: Path, cached: bool) -> list[str]:
    settings = [f'CACHE_PATH="{cache}"']
    if cached:
        settings += ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    # One -e: Pelican keeps only the last.
    return pelican_command(content, PLAIN_SETTINGS, output, "-e", *settings)


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def full_builds(content: Path, work: Path, runs: int) -> list[dict]:
    """Builds from clean: [{"ours": figures, "plain": figures}] for each round."""
    rounds = []
    for _ in range(runs):
        fresh(work / "ours", work / "ours-cache", work / "plain", work / "plain-cache")
        rounds.append(
            {
                "ours": measured(ours(content, work / "ours")),
                "plain": measured(plain(content, work / "plain", work / "plain-cache", False)),
            }
        )
    return rounds


def one_article(content: Path) -> Path:
    articles = sorted((content / "news").rglob("*.md"))
    return articles[len(articles) // 2]


def change_one_article(content: Path, number: int) -> None:
    path = one_article(content)
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nA correction, number {number}.\n", encoding="utf-8"
    )


def rebuilds(content: Path, work: Path, runs: int) -> list[dict]:
    """Rebuild after one article changes: ours against plain Pelican with its content cache on,
    each warmed by a first build."""
    fresh(work / "ours", work / "ours-cache", work / "plain", work / "plain-cache")
    subprocess.run(ours(content, work / "ours"), cwd=ROOT, check=True)
    subprocess.run(plain(content, work / "plain", work / "plain-cache", True), cwd=ROOT, check=True)
    rounds = []
    for number in range(runs):
        change_one_article(content, number)
        rounds.append(
            {
                "ours": measured(ours(content, work / "ours"), memory=False),
                "plain": measured(
                    plain(content, work / "plain", work / "plain-cache", True), memory=False
                ),
            }
        )
    return rounds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def edit_to_preview(content: Path, work: Path, runs: int, browser) -> list[float]:
    """Seconds from saving a changed article to the open preview page showing the change."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools/devserver.py"),
            "--port",
            str(port),
            "--content",
            str(content),
            "--output",
            str(work / "preview"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in process.stdout:
            if line.startswith("Previewing on"):
                break
        path = one_article(content)
        slug = re.match(r"\d{4}-\d{2}-\d{2}-(.+)\.md$", path.name).group(1)
        url = f"http://127.0.0.1:{port}/news/{path.parent.name}/{slug}/"
        page = browser.new_page()
        page.goto(url)
        times = []
        for number in range(runs):
            title = f"Edited headline {number}"
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
            started = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            page.wait_for_function(
                "(title) => document.querySelector('h1').textContent === title",
                arg=title,
                timeout=600_000,
                polling=50,
            )
            times.append(time.perf_counter() - started)
        page.close()
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


def page_weight(content: Path, work: Path) -> dict:
    """Compressed (brotli) bytes of the home page and of an article: the HTML with its
    stylesheets and scripts, and apart from them its images."""
    output = work / "published"
    fresh(output)
    command = pelican_command(content, ROOT / "publishconf.py", output, "--fatal", "errors")
    subprocess.run(command, cwd=ROOT, check=True)
    article = sorted(output.glob("news/20*/*/index.html"))[0]
    return {
        "home": weight_of(output / "index.html", output),
        "article": weight_of(article, output),
    }


def compressed_size(path: Path) -> int:
    brotli_copy = path.with_name(path.name + ".br")
    return brotli_copy.stat().st_size if brotli_copy.exists() else path.stat().st_size


def weight_of(page: Path, root: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    linked = re.findall(r'<link rel="stylesheet" href="[^"]*?/(theme/[^"]+)"', html)
    linked += re.findall(r'<script src="[^"]*?/(theme/[^"]+)"', html)
    images = set(re.findall(r'<img [^>]*src="[^"]*?/((?:theme|images)/[^"]+)"', html))
    text_bytes = compressed_size(page) + sum(compressed_size(root / path) for path in linked)
    return {
        "html_css_js_bytes": text_bytes,
        "image_bytes": sum(compressed_size(root / path) for path in images),
    }


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="bench-build-"))
