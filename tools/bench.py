"""`make bench`: how fast we build, preview and search, against what a team would use instead,
measured side by side in one run on this machine.

At each size (the sample site, and generated sites of 1,000 and 10,000 articles from
tools/corpus.py):
- whole build, ours (as `make html` runs Pelican) against plain Pelican (default theme, no
  plugins, the same articles): wall time, CPU time, peak memory; each build into a new
  output folder with a new cache (tools/bench_build.py). Where a build target is missed, one
  build of each under cProfile says where the time goes;
- edit-to-preview: the live preview (`python -m preview.server`) with a page open in
  Chromium, for every kind of edit an editor makes, from the write to the page showing it;
  and how long the preview takes to read the site at start;
- search: ours against Pagefind and one whole lunr.py index (tools/bench_search.py);
- and once, the weight of the home page and of an article;
- and once, the feedback service (tools/bench_feedback.py): how long it takes to start, and
  1,000 submissions from 50 readers at once (per second, median and p95 latency).

Then, ours only, a larger site (50,000 articles): whole build, search index size, and what
a reader's first search downloads and waits; the report shows how each cost grows with the
site.

The machines are shared and noisy: build figures are medians of paired runs (ours, then
theirs, in the same round), reported with their range and as ratios. Writes
bench/results/report.md, results.json and build-time.svg. No timing is asserted anywhere.

Usage: python tools/bench.py [--quick] [--sizes sample,1000,10000,50000]
       [--large-sizes 50000] [--runs 3] [--edits 7]
       [--sections build,preview,search,weight,languages,publications,feedback]
       [--target-sizes 1000,10000] [--profile-size SIZE] [--out DIR] [--report-only]
--quick: only the sample and 1,000 sizes. A size listed in --large-sizes is measured ours
only (build, index size, first search); leave it out of --sizes to skip it. A section that
fails is reported as such, the others still run, and the command exits with 1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

import bench_build  # noqa: E402
import bench_feedback  # noqa: E402
import bench_search  # noqa: E402

from tools.browser import launch_chromium  # noqa: E402

SECTIONS = ["build", "preview", "search", "weight", "languages", "publications", "feedback"]
# Publications: this many PDFs (tools/bench_documents.py) added to the largest site measured
# up to PUBLICATIONS_MAX_SIZE articles, against the same site without them.
PUBLICATION_DOCUMENTS = 1000
PUBLICATIONS_MAX_SIZE = 10000
# Two languages (every item translated) / one language: build time and search index, for
# twice the pages. Measured up to this size: each round is two whole builds.
LANGUAGES_LIMIT = 2.1
LANGUAGES_MAX_SIZE = 1000
# Ours / plain Pelican, at the sizes the issue sets them for (elsewhere the figures are shown).
BUILD_TARGETS = {"wall_s": ("whole build, wall time", 1.5), "peak_mb": ("peak memory", 1.5)}
TARGET_SIZES = ["1000", "10000"]
PREVIEW_P95_S = 1.0
PAGE_WEIGHT_BYTES = 30_000
# From this many articles, fewer runs: one build takes minutes.
BIG = 5000


def content_for(size: str, work: Path) -> Path:
    folder = work / "content"
    if size == "sample":
        shutil.copytree(ROOT / "content", folder)
    else:
        import corpus

        corpus.generate(folder, int(size), seed=1)
    return folder


def is_big(size: str) -> bool:
    return size != "sample" and int(size) >= BIG


def label(size: str) -> str:
    return size if size == "sample" else f"{int(size):,}"


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else ""
    return (
        f"{os.cpu_count()} CPUs ({model or platform.machine()}), Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


class Browser:
    """Chromium, started when a section needs it and closed before the builds: its many
    processes would otherwise share the cores with the builds and the memory sampler."""

    def __init__(self, playwright):
        self.playwright = playwright
        self.browser = None

    def get(self):
        if self.browser is None:
            self.browser = launch_chromium(self.playwright)
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None


# --- Summaries ---------------------------------------------------------------------------------


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def paired(rounds: list[dict], key: str) -> dict:
    ours = [r["ours"][key] for r in rounds]
    plain = [r["plain"][key] for r in rounds]
    ratios = [o / p for o, p in zip(ours, plain, strict=True) if p]
    return {"ours": summary(ours), "plain": summary(plain), "ratio": summary(ratios)}


def span(figure: dict, digits: int = 2) -> str:
    low, high = figure["min"], figure["max"]
    if low == high:
        return f"{figure['median']:.{digits}f}"
    return f"{figure['median']:.{digits}f} ({low:.{digits}f} to {high:.{digits}f})"


# --- Running -----------------------------------------------------------------------------------


@contextlib.contextmanager
def section(results: dict, name: str):
    """Run one section; if it fails, note why in `results["errors"]` and go on with the
    others (a failure late in an hour's run keeps the rest). main() then exits with 1."""
    try:
        yield
    except Exception:
        text = traceback.format_exc()
        print(text, file=sys.stderr, flush=True)
        results.setdefault("errors", {})[name] = text[-4000:]


def measure_size(size: str, work: Path, args, sections: list[str], browser: Browser) -> dict:
    """Every compared figure at one size: builds, preview, search, page weight."""
    content = content_for(size, work)
    results: dict = {"articles": bench_build.news_count(content)}
    runs = max(1, args.runs - 1) if is_big(size) else args.runs
    built = None
    if "build" in sections:
        browser.close()
        print(f"[{size}] whole builds, {runs} paired runs", flush=True)
        with section(results, "build"):
            rounds = bench_build.full_builds(content, work / "builds", runs)
            build = {key: paired(rounds, key) for key in ("wall_s", "cpu_s", "peak_mb")}
            build["at peak, ours"] = rounds[-1]["ours"]["at_peak_mb"]
            build["at peak, plain"] = rounds[-1]["plain"]["at_peak_mb"]
            results["whole build"] = build
            built = work / "builds/ours"
    if "preview" in sections:
        edits = max(1, args.edits - 2) if is_big(size) else args.edits
        print(f"[{size}] edit-to-preview, {edits} runs of each kind", flush=True)
        edited = work / "preview-content"
        shutil.copytree(content, edited)
        with section(results, "preview"):
            results["edit-to-preview"] = bench_build.edit_to_preview(
                edited, work / "preview", edits, browser.get()
            )
        shutil.rmtree(edited, ignore_errors=True)
    if "search" in sections:
        print(f"[{size}] search", flush=True)
        output = work / "search"
        with section(results, "search"):
            if built is None:
                bench_build.ours_build(content, output)
            else:
                os.replace(built, output)
            results["search index"] = bench_build.index_size(output)
            results["search"] = bench_search.search_figures(output, args.runs, browser.get())
        shutil.rmtree(output, ignore_errors=True)
    if "languages" in sections and (size == "sample" or int(size) <= LANGUAGES_MAX_SIZE):
        print(f"[{size}] one language and two, {runs} paired runs", flush=True)
        with section(results, "languages"):
            figures = bench_build.language_builds(content, work / "languages", runs)
            results["two languages"] = {
                "wall_s": paired([{"ours": r["two"], "plain": r["one"]} for r in figures["rounds"]],
                                 "wall_s"),
                "index": figures["index"], "sources": figures["sources"],
            }  # fmt: skip
    if "publications" in sections and size == publications_size(args):
        count = PUBLICATION_DOCUMENTS
        print(f"[{size}] with {count:,} documents and without, {runs} paired runs", flush=True)
        with section(results, "publications"):
            figures = bench_build.publication_builds(content, work / "publications", runs, count)
            rounds = figures["rounds"]
            results["publications"] = {
                "wall_s": paired([{"ours": r["with"], "plain": r["without"]} for r in rounds],
                                 "wall_s"),
                "cached_wall_s": summary([r["with, facts cached"]["wall_s"] for r in rounds]),
                "index": figures["index"], "documents": figures["documents"],
            }  # fmt: skip
    if "weight" in sections and size == "sample":
        with section(results, "weight"):
            results["page weight, bytes"] = bench_build.page_weight(content, work / "weight")
    browser.close()
    return results


def publications_size(args) -> str | None:
    """The size publications are measured at: the largest measured in full, up to
    PUBLICATIONS_MAX_SIZE articles."""
    sizes = ["sample", "1000"] if args.quick else [s for s in args.sizes.split(",") if s]
    large = args.large_sizes.split(",")
    full = [int(size) for size in sizes if size.isdigit() and size not in large
            and int(size) <= PUBLICATIONS_MAX_SIZE]  # fmt: skip
    return str(max(full)) if full else None


def publication_rows(sizes: dict) -> list[str]:
    rows = ["| articles | documents | build, without | build, with | with / without "
            "| with, facts cached | index, without | index, with | with / without |",
            "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for size, figures in sizes.items():
        found = figures.get("publications")
        if not found:
            continue
        wall, index = found["wall_s"], found["index"]
        rows.append(
            f"| {label(size)} | {found['documents']:,} | {span(wall['plain'])} s "
            f"| {span(wall['ours'])} s | {span(wall['ratio'])} | {span(found['cached_wall_s'])} s "
            f"| {index['without']['bytes']:,} B | {index['with']['bytes']:,} B "
            f"| {index['with']['bytes'] / index['without']['bytes']:.2f} |"
        )
    return rows


def measure_large(size: str, work: Path, args, browser: Browser) -> dict:
    """Ours only, at a size where plain Pelican and the other search engines are left out:
    one whole build, the search index's size, and a reader's first search."""
    content = content_for(size, work)
    results: dict = {"articles": bench_build.news_count(content)}
    browser.close()
    print(f"[{size}] whole build, ours", flush=True)
    output = work / "ours"
    with section(results, "large"):
        results["whole build, ours"] = bench_build.ours_build(content, output)
        shutil.rmtree(content, ignore_errors=True)
        results["search index"] = bench_build.index_size(output)
        print(f"[{size}] first search", flush=True)
        results["first search"] = bench_search.first_search(output, args.runs, browser.get())
    browser.close()
    shutil.rmtree(output, ignore_errors=True)
    return results


# --- Targets -----------------------------------------------------------------------------------


def ratio_verdict(ratio: float, limit: float) -> tuple[bool, str]:
    digits = 2 if f"{ratio:.2f}" != f"{limit:.2f}" else 3  # 1.495 is not shown as 1.50
    if ratio <= limit:
        return True, f"met ({ratio:.{digits}f} ≤ {limit})"
    return False, f"missed by {ratio / limit - 1:.1%} ({ratio:.{digits}f} > {limit})"


def seconds_verdict(seconds: float, limit: float) -> tuple[bool, str]:
    if seconds < limit:
        return True, f"met ({seconds:.2f} s)"
    return False, f"missed by {seconds - limit:.2f} s ({seconds:.2f} s)"


def targets(sizes: dict, at: list[str]) -> list[dict]:
    """Every target the issue sets, at the sizes it sets it for (`at`): met or missed, by
    how much."""
    rows = []
    for size, figures in sizes.items():
        build = figures.get("whole build")
        if build and size in at:
            for key, (name, limit) in BUILD_TARGETS.items():
                ratio = build[key]["ratio"]["median"]
                met, verdict = ratio_verdict(ratio, limit)
                rows.append(
                    {
                        "target": f"{name} ≤ {limit} times plain Pelican",
                        "size": size,
                        "kind": key,
                        "value": ratio,
                        "met": met,
                        "verdict": verdict,
                    }
                )
        preview = figures.get("edit-to-preview")
        if preview and size in at:
            for kind, times in preview["kinds"].items():
                met, verdict = seconds_verdict(times["p95"], PREVIEW_P95_S)
                rows.append(
                    {
                        "target": f"edit-to-preview p95 < {PREVIEW_P95_S:g} s",
                        "size": size,
                        "kind": kind,
                        "value": times["p95"],
                        "met": met,
                        "verdict": verdict,
                    }
                )
        languages = figures.get("two languages")
        if languages:
            rows += language_targets(size, languages)
        for page, weight in (figures.get("page weight, bytes") or {}).items():
            value = weight["html_css_js_bytes"]
            met = value < PAGE_WEIGHT_BYTES
            verdict = (
                f"met ({value:,} B)"
                if met
                else (f"missed by {value - PAGE_WEIGHT_BYTES:,} B ({value:,} B)")
            )
            rows.append(
                {
                    "target": f"page weight < {PAGE_WEIGHT_BYTES:,} B (brotli, no images)",
                    "size": size,
                    "kind": page,
                    "value": value,
                    "met": met,
                    "verdict": verdict,
                }
            )
    return rows


def language_targets(size: str, languages: dict) -> list[dict]:
    """Two languages against one: the build's wall time and the search index's bytes."""
    index = languages["index"]
    values = {"wall_s": languages["wall_s"]["ratio"]["median"],
              "index bytes": index["two"]["bytes"] / index["one"]["bytes"]}  # fmt: skip
    rows = []
    for kind, ratio in values.items():
        met, verdict = ratio_verdict(ratio, LANGUAGES_LIMIT)
        rows.append({"target": f"two languages ≤ {LANGUAGES_LIMIT} times one (twice the pages)",
                     "size": size, "kind": kind, "value": ratio, "met": met,
                     "verdict": verdict})  # fmt: skip
    return rows


def language_rows(sizes: dict) -> list[str]:
    rows = ["| articles | sources, one / two | build, one | build, two | two / one | index, one "
            "| index, two | two / one |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for size, figures in sizes.items():
        languages = figures.get("two languages")
        if not languages:
            continue
        wall, index, sources = languages["wall_s"], languages["index"], languages["sources"]
        rows.append(
            f"| {label(size)} | {sources['one']:,} / {sources['two']:,} "
            f"| {span(wall['plain'])} s | {span(wall['ours'])} s | {span(wall['ratio'])} "
            f"| {index['one']['bytes']:,} B | {index['two']['bytes']:,} B "
            f"| {index['two']['bytes'] / index['one']['bytes']:.2f} |"
        )
    return rows


def missed_build_size(rows: list[dict]) -> str | None:
    """The smallest size at which a build target is missed (one profile is enough)."""
    missed = [row["size"] for row in rows if row["kind"] in BUILD_TARGETS and not row["met"]]
    return min(missed, key=int, default=None)


# --- Growth ------------------------------------------------------------------------------------

GROWTH = [
    ("whole build, wall, s", "wall_s", 1),
    ("whole build, CPU, s", "cpu_s", 1),
    ("whole build, peak memory, MB", "peak_mb", 0),
    ("search index, MB", "index_mb", 1),
    ("search index, gzip, MB", "index_gzip_mb", 1),
    ("first search: bytes before the first result, gzip", "first_gzip", 0),
    ("first search: time to the first result, ms", "first_ms", 0),
]


def growth(sizes: dict) -> dict:
    """Ours at each size with articles: the costs that grow with the site."""
    table = {}
    for size, figures in sizes.items():
        if size == "sample":
            continue
        row: dict = {"articles": figures["articles"]}
        if "whole build" in figures:
            for key in ("wall_s", "cpu_s", "peak_mb"):
                row[key] = figures["whole build"][key]["ours"]["median"]
        if "whole build, ours" in figures:
            for key in ("wall_s", "cpu_s", "peak_mb"):
                row[key] = figures["whole build, ours"][key]
        if "search index" in figures:
            row["index_mb"] = figures["search index"]["bytes"] / 1e6
            row["index_gzip_mb"] = figures["search index"]["gzip_bytes"] / 1e6
        first = figures.get("first search") or (figures.get("search") or {}).get("browser", {}).get(
            "ours, one word"
        )
        if first:
            row["first_gzip"] = first["gzip"]
            row["first_ms"] = first["ms"]
        table[size] = row
    return dict(sorted(table.items(), key=lambda item: int(item[0])))


def growth_rows(table: dict) -> list[str]:
    sizes = list(table)
    if not sizes:
        return ["No size with articles was measured."]
    steps = list(itertools.pairwise(sizes))
    header = ["measure", *(f"{label(size)} articles" for size in sizes)]
    header += [f"growth, {label(a)} to {label(b)}" for a, b in steps]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    articles = [table[size]["articles"] for size in sizes]
    rows.append(
        "| articles (with the sample's) | "
        + " | ".join(f"{count:,}" for count in articles)
        + "".join(f" | {table[b]['articles'] / table[a]['articles']:.1f}" for a, b in steps)
        + " |"
    )
    for name, key, digits in GROWTH:
        cells = [
            f"{table[size][key]:,.{digits}f}" if key in table[size] else "n/a" for size in sizes
        ]
        for a, b in steps:
            low, high = table[a].get(key), table[b].get(key)
            cells.append(f"{high / low:.1f}" if low and high is not None else "n/a")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


# --- Report ------------------------------------------------------------------------------------


def target_rows(rows: list[dict]) -> list[str]:
    lines = ["| target | size | met | missed |", "|---|---|---|---|"]
    grouped: dict = {}
    for row in rows:
        grouped.setdefault((row["target"], row["size"]), []).append(row)
    for (target, size), group in grouped.items():
        met = [row for row in group if row["met"]]
        missed = [row for row in group if not row["met"]]
        if len(group) == 1:
            cell = group[0]["verdict"]
            lines.append(
                f"| {target} | {label(size)} | {cell if met else ''} | {cell if missed else ''} |"
            )
            continue
        missed_text = "; ".join(f"{row['kind']}: {row['verdict']}" for row in missed)
        lines.append(
            f"| {target} | {label(size)} | {len(met)} of {len(group)} | {missed_text or 'none'} |"
        )
    return lines


def build_rows(sizes: dict, at: list[str]) -> list[str]:
    rows = [
        "| size | measure | ours, s / MB | plain Pelican | ours / plain (median, range) | target |",
        "|---|---|---|---|---|---|",
    ]
    for size, figures in sizes.items():
        build = figures.get("whole build")
        if not build:
            continue
        for key, name in [
            ("wall_s", "wall time"),
            ("cpu_s", "CPU time"),
            ("peak_mb", "peak memory"),
        ]:
            f = build[key]
            target = "not a target"
            if key in BUILD_TARGETS:
                limit = BUILD_TARGETS[key][1]
                target = (
                    ratio_verdict(f["ratio"]["median"], limit)[1]
                    if size in at
                    else "no target at this size"
                )
            rows.append(
                f"| {label(size)} | {name} | {span(f['ours'])} | {span(f['plain'])} | "
                f"{span(f['ratio'])} | {target} |"
            )
    return rows


def peak_rows(sizes: dict) -> list[str]:
    rows = [
        "| size | ours at its peak, MB by process | plain Pelican at its peak |",
        "|---|---|---|",
    ]
    for size, figures in sizes.items():
        build = figures.get("whole build")
        if build:
            cells = [
                ", ".join(
                    f"{name} {mb:.0f}"
                    for name, mb in sorted(build[who].items(), key=lambda item: -item[1])
                )
                for who in ("at peak, ours", "at peak, plain")
            ]
            rows.append(f"| {label(size)} | {cells[0]} | {cells[1]} |")
    return rows


def preview_rows(sizes: dict, at: list[str]) -> list[str]:
    measured = {size: f["edit-to-preview"] for size, f in sizes.items() if "edit-to-preview" in f}
    if not measured:
        return ["Not measured."]
    rows = [
        "| size | articles | reading the site at start, s | memory once read, MB |",
        "|---|---|---|---|",
    ]
    for size, preview in measured.items():
        rows.append(
            f"| {label(size)} | {sizes[size]['articles']:,} | {preview['read_s']:.1f} | "
            f"{preview['memory_mb']:.0f} |"
        )
    header = ["edit", *(f"{label(size)}: median / p95, s" for size in measured)]
    header.append(f"target: p95 < {PREVIEW_P95_S:g} s at " + " and ".join(map(label, at)))
    rows += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for kind in bench_build.EDIT_KINDS:
        cells, verdicts = [], []
        for size, preview in measured.items():
            times = preview["kinds"].get(kind)
            cell = f"{times['median']:.2f} / {times['p95']:.2f}" if times else "n/a"
            if times and times.get("engine median") is not None:
                cell += f" ({times['engine median']:.2f})"
            cells.append(cell)
            if times and size in at:
                verdicts.append(f"{label(size)}: {seconds_verdict(times['p95'], PREVIEW_P95_S)[1]}")
        rows.append(f"| {kind} | " + " | ".join(cells) + f" | {'; '.join(verdicts) or '—'} |")
    return rows


def weight_rows(sizes: dict) -> list[str]:
    rows = ["| page | HTML + CSS + JS, brotli | images | target |", "|---|---|---|---|"]
    for figures in sizes.values():
        for page, weight in (figures.get("page weight, bytes") or {}).items():
            value = weight["html_css_js_bytes"]
            verdict = (
                "met"
                if value < PAGE_WEIGHT_BYTES
                else (f"missed by {value - PAGE_WEIGHT_BYTES:,} B")
            )
            rows.append(
                f"| {page} | {value:,} B | {weight['image_bytes']:,} B | "
                f"< {PAGE_WEIGHT_BYTES:,} B: {verdict} |"
            )
    return rows


def profile_section(profile: dict | None) -> list[str]:
    if not profile:
        return ["Every build target is met: no profile was taken."]
    return [
        f"A build target is missed at {label(profile['size'])} articles: one build of ours and "
        "one of plain Pelican there under cProfile (the build process only; our search index "
        "is written by a process of its own), self time by part of the code:",
        "",
        *(f"- {line}" for line in profile["lines"]),
    ]


def chart(sizes: dict) -> str:
    """An SVG line chart of whole-build wall time against site size, ours and plain Pelican."""
    points = []
    for size, figures in sizes.items():
        if "whole build" in figures:
            wall = figures["whole build"]["wall_s"]
            points.append((size, wall["ours"]["median"], wall["plain"]["median"]))
        elif "whole build, ours" in figures:
            points.append((size, figures["whole build, ours"]["wall_s"], None))
    if not points:
        return ""
    width, height, left, bottom = 640, 360, 70, 50
    top = max(max(o, p or 0) for _, o, p in points) * 1.1 or 1
    step = (width - left - 40) / max(1, len(points) - 1)

    def xy(index, seconds):
        return left + index * step, height - bottom - (height - bottom - 20) * seconds / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t">',
        '<title id="t">Whole build time against site size: ours and plain Pelican</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#0b0c0c"/>',
        f'<line x1="{left}" y1="10" x2="{left}" y2="{height - bottom}" stroke="#0b0c0c"/>',
        f'<text x="10" y="20" font-size="14" fill="#0b0c0c">{top:.0f} s</text>',
        f'<text x="10" y="{height - bottom}" font-size="14" fill="#0b0c0c">0 s</text>',
    ]
    for who, colour in [(1, "#005eb8"), (2, "#d4351c")]:
        coordinates = [xy(i, point[who]) for i, point in enumerate(points) if point[who]]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"/>')
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in coordinates
        ]
    for index, (size, _, _) in enumerate(points):
        x, _ = xy(index, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 20}" font-size="14" '
            f'text-anchor="middle" fill="#0b0c0c">{label(size)}</text>'
        )
    parts += [
        '<text x="80" y="40" font-size="14" fill="#005eb8">ours</text>',
        '<text x="80" y="60" font-size="14" fill="#d4351c">plain Pelican</text>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def report(results: dict) -> str:
    sizes = results["sizes"]
    options = results["options"]
    at = options["target sizes"]
    lines = [
        "# Benchmark",
        "",
        f"Machine: {results['machine']}. Run on {results['date']}; it took "
        f"{results['minutes']:.0f} minutes. Builds: medians of {options['runs']} paired runs "
        f"({max(1, options['runs'] - 1)} from {BIG:,} articles), with their range; ratios are "
        f"ours / theirs, below 1 is better. Edit-to-preview: {options['edits']} runs of each "
        f"kind ({max(1, options['edits'] - 2)} from {BIG:,} articles).",
        "",
        "## Targets",
        "",
        *target_rows(results["targets"]),
        "",
        "## Whole builds (ours: `make html`'s Pelican command, every plugin and the search "
        "index; plain Pelican: default theme, no plugins, the same articles)",
        "",
        "Each build goes into a new output folder with a new cache. Peak memory is the highest "
        "total proportional set size (PSS) of the build's processes, sampled every 20 ms: our "
        "build writes its search index in a child process, plain Pelican runs in one. CPU time "
        "is the build's and its children's.",
        "",
        *build_rows(sizes, at),
        "",
        "Memory at the peak, by process (the last run):",
        "",
        *peak_rows(sizes),
        "",
        "### Where the time goes",
        "",
        *profile_section(results.get("profile")),
        "",
        "## Edit-to-preview (`python -m preview.server`, a page open in Chromium)",
        "",
        "From the file's write to the open page showing the change: the page polls every 20 ms "
        "for something the change makes visible (the new text, a link, the picture's width, "
        "a custom property of the stylesheet; for a broken file, the problems panel), and a "
        "page that reloaded to show it counts as showing it from the end of its load event. "
        "A date edit renames the file to match (same year, same address); a template or the "
        "stylesheet is edited in a copy of theme/. With this few runs, p95 is the slowest. In "
        "brackets, the median of what the preview itself says it took to take the change; the "
        "rest is its watcher's wait for more saves (50 ms), the page's reload (rendering the "
        "page on request, the stylesheet, scripts and pictures) and the browser's polling.",
        "",
        *preview_rows(sizes, at),
        "",
        "## Growth with the site (ours)",
        "",
        "The first search is a one-word query in Chromium with an empty cache: bytes are the "
        "scripts and index files it downloads, gzipped as a server sends them.",
        "",
        *growth_rows(results["growth"]),
        "",
        "## Two languages against one",
        "",
        "The same site built in English only, and with every page, directorate and news item "
        "also in Maltese (a copy of each, its title marked): whole build wall time (paired "
        "runs) and the search index's bytes. Twice the pages; the target is at most "
        f"{LANGUAGES_LIMIT} times.",
        "",
        *language_rows(sizes),
        "",
        "## Publications",
        "",
        f"The same site without documents and with {PUBLICATION_DOCUMENTS:,} PDFs of 2 to 5 "
        "pages of text, each with its facts file (tools/bench_documents.py): whole build wall "
        "time (paired runs, each from an empty cache, so every PDF is read), a second build "
        "of the site with documents that keeps its cache (the documents' facts and the search "
        "index's analysis), and the search index's bytes (each publication's first "
        "SEARCH_PUBLICATION_TEXT_CHARS characters are indexed, once, in its own language).",
        "",
        *publication_rows(sizes),
        "",
        "## Page weight (public build)",
        "",
        *weight_rows(sizes),
        "",
        "## Feedback service (`python -m feedback serve`: waitress, SQLite)",
        "",
        "From outside, over HTTP, as readers meet it: each submission with its own solved "
        "ALTCHA challenge (the production cost per attempt, checked once by the service), "
        "acknowledged (303) once stored, fsynced. The readers' threads share the machine's "
        "cores with the service (tools/bench_feedback.py).",
        "",
        *bench_feedback.rows(results.get("feedback")),
        "",
    ]
    for size, figures in sizes.items():
        if "search" in figures:
            lines += [
                f"## Search, {label(size)} ({figures['search']['documents']:,} documents)",
                "",
                *bench_search.search_rows(figures["search"]),
                "",
            ]
    lines += ["![Whole build time against site size](build-time.svg)", ""]
    for where, text in errors(results):
        lines += [f"## Failed: {where}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(lines)


def errors(results: dict) -> list[tuple[str, str]]:
    """Every section that failed: (where, traceback)."""
    found = [(f"{size}, {name}", text) for size, figures in results["sizes"].items()
             for name, text in figures.get("errors", {}).items()]  # fmt: skip
    return found + list(results.get("errors", {}).items())


def write(out: Path, results: dict) -> None:
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


def write_report(out: Path, results: dict) -> str:
    text = report(results)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "build-time.svg").write_text(chart(results["sizes"]), encoding="utf-8")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark builds, preview and search.")
    parser.add_argument("--quick", action="store_true", help="only the sample and 1,000 sizes")
    parser.add_argument("--sizes", default="sample,1000,10000,50000")
    parser.add_argument("--large-sizes", default="50000", help="sizes measured ours only")
    parser.add_argument("--runs", type=int, default=3, help="paired builds, search runs")
    parser.add_argument("--edits", type=int, default=7, help="runs of each kind of edit")
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument(
        "--target-sizes",
        default=",".join(TARGET_SIZES),
        help="the sizes the targets are checked at",
    )
    parser.add_argument(
        "--profile-size",
        default="",
        help="profile one build at this size even if every target is met",
    )
    parser.add_argument("--out", default=str(ROOT / "bench/results"))
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: write report.md and build-time.svg again from "
        "the results.json in --out",
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.report_only:
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        results["targets"] = targets(results["sizes"], results["options"]["target sizes"])
        results["growth"] = growth(results["sizes"])
        write(out, results)
        write_report(out, results)
        return 1 if errors(results) else 0
    sizes = ["sample", "1000"] if args.quick else [s for s in args.sizes.split(",") if s]
    large = set(args.large_sizes.split(","))
    sections = args.sections.split(",")
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "options": {
            "sizes": sizes,
            "large sizes": sorted(large & set(sizes)),
            "runs": args.runs,
            "edits": args.edits,
            "sections": sections,
            "target sizes": args.target_sizes.split(","),
        },
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as folder, sync_playwright() as playwright:
        browser = Browser(playwright)
        try:
            for size in sizes:
                work = Path(folder) / size
                if size in large:
                    figures = measure_large(size, work, args, browser)
                else:
                    figures = measure_size(size, work, args, sections, browser)
                results["sizes"][size] = figures
                shutil.rmtree(work, ignore_errors=True)
                write(out, results)
            if "feedback" in sections:
                print("feedback service: starts, 1,000 submissions from 50 readers", flush=True)
                with section(results, "feedback"):
                    results["feedback"] = bench_feedback.measure(Path(folder) / "feedback",
                                                                 args.runs)  # fmt: skip
                write(out, results)
            results["targets"] = targets(results["sizes"], args.target_sizes.split(","))
            results["growth"] = growth(results["sizes"])
            results["profile"] = None
            missed = args.profile_size or missed_build_size(results["targets"])
            if missed:
                print(f"[{missed}] profiling one build of each", flush=True)
                with section(results, "profile"):
                    work = Path(folder) / "profile"
                    content = content_for(missed, work)
                    profile = bench_build.profile_builds(content, work / "builds")
                    results["profile"] = {
                        "size": missed,
                        "seconds": profile,
                        "lines": bench_build.profile_lines(profile),
                    }
        finally:
            browser.close()
    results["minutes"] = (time.perf_counter() - started) / 60
    write(out, results)
    print(write_report(out, results))
    return 1 if errors(results) else 0


if __name__ == "__main__":
    sys.exit(main())
