"""The search side of `make bench`: ours against Pagefind and against one whole lunr.py index,
side by side on the same built site. tools/bench.py runs it at each size and reports it.

What it measures:
- index build time: ours (plugins/search_index, from the built site's documents), one whole
  lunr.py index of the same documents, and Pagefind indexing the same built HTML;
- bytes a reader's browser downloads before the first results show (scripts, index files and
  the first ten results' data; not the page, its styles or images), gzip and brotli as a server
  would send them, for a one-word and a three-word query;
- time from opening the page to the first ten results shown, in headless Chromium with an empty
  cache;
- query latency once warm (p50, p95): the same page, each query run once untimed, then
  `WARM_PASSES` times timed (a p95 of the 20 queries timed once is their second slowest, and
  moved by one pause of the browser);
- JavaScript heap after the first query.

Each engine runs in the same small page (tools/bench_pages/): load its scripts, run the query,
fetch the first ten results' data, show their titles. So the comparison is of the search
machinery, not of two different pages.
"""

from __future__ import annotations

import functools
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from plugins.search.search_index.index_files import monolithic_index, write_index  # noqa: E402
from tools.static_server import serve  # noqa: E402

BENCH_PAGES = ROOT / "tools/bench_pages"
BOOSTS_SETTING = "SEARCH_FIELD_BOOSTS"
ENGINES = ["ours", "pagefind", "whole lunr"]
ONE_WORD = "nurse"
THREE_WORDS = "cancer care pathway"
WARM_QUERIES = [
    "health", "patients", "waiting times", "training nurses", "dar kenn", "saħħtek", "hospital",
    "survey", "cancer", "physiotherapy", "informatics", "report", "families", "standards",
    "consultation", "online", "appointment", "radiography", "mentor", "statistics",
]  # fmt: skip
WARM_PASSES = 5
SEARCH_RESOURCE_TYPES = {"script", "fetch", "xhr", "other"}


def settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


def default_index(output: Path) -> Path:
    """The folder of the default language's index (each language has its own)."""
    data = output / "search/data"
    site = json.loads((data / "languages.json").read_text(encoding="utf-8"))
    default = next(lang for lang in site["languages"] if lang["code"] == site["default"])
    return data / default["folder"]


def indexed_documents(output: Path) -> list[dict]:
    """The default language's documents: the bench's sites are in English."""
    data = default_index(output)
    count = len(json.loads((data / "meta.json").read_text(encoding="utf-8"))["docs"])
    documents = []
    for ref in range(count):
        result = json.loads((data / f"docs/{ref}.json").read_text(encoding="utf-8"))
        documents.append(
            {
                "title": result["title"],
                "summary": result["summary"],
                "body": result["text"],
                "kind": result["kind"],
                "year": int(result["date"][:4]) if result["date"] else None,
                "result": result,
            }
        )
    return documents


# --- Index build -------------------------------------------------------------------------------


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def index_build_times(output: Path, runs: int, whole_runs: int) -> dict:
    config = settings()
    boosts = config[BOOSTS_SETTING]
    documents = indexed_documents(output)

    def ours():
        from plugins.search.search_index import analysis

        analysis.term_of.cache_clear()  # a cold build, as a fresh `make html` does
        with tempfile.TemporaryDirectory() as folder:
            write_index(documents, boosts, Path(folder), config["SEARCH_SHARD_BYTES"])

    def whole():
        whole_index = monolithic_index(documents, boosts)
        (output / "bench").mkdir(exist_ok=True)
        (output / "bench/whole-index.json").write_text(
            json.dumps(whole_index, separators=(",", ":")), encoding="utf-8"
        )

    def pagefind():
        shutil.rmtree(output / "pagefind", ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(output)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )

    return {
        "ours": timed(ours, runs),
        "whole lunr": timed(whole, whole_runs),
        "pagefind": timed(pagefind, runs),
    }


# --- In the browser ----------------------------------------------------------------------------


@functools.cache
def compressed_sizes(path: Path) -> tuple[int, int]:
    """Gzip and brotli sizes of a file, as a server with precompressed copies sends it.
    Kept per file: brotli at its best level takes a minute on a whole 10,000-article index."""
    data = path.read_bytes()
    return len(gzip.compress(data, 6)), len(brotli.compress(data, quality=11))


def page_for(engine: str, query: str) -> str:
    page = {"ours": "ours.html", "pagefind": "pagefind.html", "whole lunr": "whole.html"}[engine]
    return f"bench/{page}?q={query}"


def first_results(browser, base_url: str, output: Path, engine: str, query: str) -> dict:
    """Open the engine's page with an empty cache; return time to results, bytes and heap."""
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on(
        "requestfinished",
        lambda request: (
            requested.append(request.url)
            if request.resource_type in SEARCH_RESOURCE_TYPES
            else None
        ),
    )
    page.goto(base_url + page_for(engine, query))
    page.wait_for_function("() => window.benchFirstResults !== undefined", timeout=120_000)
    elapsed = page.evaluate("() => window.benchFirstResults")
    count = page.evaluate("() => window.benchResultCount")
    session = context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    heap = session.send("Runtime.getHeapUsage")["usedSize"]
    gzip_bytes = brotli_bytes = 0
    for url in requested:
        path = output / url.removeprefix(base_url).split("?")[0]
        if path.is_file():
            gz, br = compressed_sizes(path)
            gzip_bytes += gz
            brotli_bytes += br
    context.close()
    return {"ms": elapsed, "gzip": gzip_bytes, "brotli": brotli_bytes, "heap": heap,
            "results": count}  # fmt: skip


def warm_latencies(browser, base_url: str, engine: str) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + page_for(engine, ONE_WORD))
    page.wait_for_function("() => window.benchFirstResults !== undefined", timeout=120_000)
    times = page.evaluate(
        "([queries, passes]) => window.benchWarm(queries, passes)", [WARM_QUERIES, WARM_PASSES]
    )
    context.close()
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def browser_figures(output: Path, runs: int, browser) -> dict:
    shutil.copytree(BENCH_PAGES, output / "bench", dirs_exist_ok=True)
    figures: dict = {}
    with serve(output) as base_url:
        for engine in ENGINES:
            for label, query in [("one word", ONE_WORD), ("three words", THREE_WORDS)]:
                samples = [
                    first_results(browser, base_url, output, engine, query) for _ in range(runs)
                ]
                figures[(engine, label)] = {
                    key: statistics.median(sample[key] for sample in samples) for key in samples[0]
                }
            warm = []
            for _ in range(max(1, runs // 2)):
                warm += warm_latencies(browser, base_url, engine)
            figures[(engine, "warm")] = {
                "p50": percentile(warm, 0.5),
                "p95": percentile(warm, 0.95),
            }
    return figures


def first_search(output: Path, runs: int, browser, query: str = ONE_WORD) -> dict:
    """Ours only: a reader's first search on the site built in `output` (medians of `runs`
    page loads with an empty cache): time to the first results, bytes downloaded before them,
    JS heap, results found."""
    shutil.copytree(BENCH_PAGES, output / "bench", dirs_exist_ok=True)
    with serve(output) as base_url:
        samples = [first_results(browser, base_url, output, "ours", query) for _ in range(runs)]
    return {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}


# --- Report ------------------------------------------------------------------------------------


def search_figures(output: Path, runs: int, browser) -> dict:
    """Every search figure for the site built in `output`."""
    documents = len(indexed_documents(output))
    whole_runs = 1 if documents > 2000 else runs
    build = index_build_times(output, max(1, runs // 2 + 1), whole_runs)
    figures = browser_figures(output, runs, browser)
    return {
        "documents": documents,
        "index_build_s": build,
        "browser": {f"{engine}, {label}": values for (engine, label), values in figures.items()},
    }  # fmt: skip


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs else "n/a"


def search_rows(figures: dict) -> list[str]:
    """Markdown rows: measure | ours | Pagefind | whole lunr.py | ours/Pagefind | ours/whole."""
    lines = [
        "| measure | ours | Pagefind | whole lunr.py index | ours / Pagefind | ours / whole |",
        "|---|---|---|---|---|---|",
    ]

    def row(name, values, digits=0):
        ours, pagefind, whole = values
        cells = [f"{value:,.{digits}f}" for value in values]
        lines.append(
            f"| {name} | {' | '.join(cells)} | {ratio(ours, pagefind)} | {ratio(ours, whole)} |"
        )

    build = figures["index_build_s"]
    browser = figures["browser"]
    row("index build, s", [build[e] for e in ENGINES], 2)
    for label in ["one word", "three words"]:
        take = [browser[f"{engine}, {label}"] for engine in ENGINES]
        row(f"bytes before results, gzip, {label}", [t["gzip"] for t in take])
        row(f"bytes before results, brotli, {label}", [t["brotli"] for t in take])
        row(f"time to first results, cold, {label}, ms", [t["ms"] for t in take], 1)
        row(f"JS heap after the query, {label}, MB", [t["heap"] / 1e6 for t in take], 1)
        row(f"results found, {label}", [t["results"] for t in take])
    warm = [browser[f"{engine}, warm"] for engine in ENGINES]
    row("warm query p50, ms", [w["p50"] for w in warm], 2)
    row("warm query p95, ms", [w["p95"] for w in warm], 2)
    return lines
