"""`make bench` in miniature, so the benchmark cannot rot: a tiny site through every section
(whole builds, the preview with every kind of edit, search, two languages against one, page
weight, the ours-only large size, the profile), with the targets checked at the tiny size. Its
timings are not asserted; they mean nothing at this size and on a shared machine: only the
report's structure is."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import bench_build


def test_the_benchmark_runs_every_section_and_writes_its_report(tmp_path):
    result = subprocess.run(
        [sys.executable, "tools/bench.py", "--sizes", "sample,12,30", "--large-sizes", "30",
         "--target-sizes", "12", "--profile-size", "12", "--runs", "1", "--edits", "1",
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    sizes = results["sizes"]
    assert list(sizes) == ["sample", "12", "30"]

    for size in ("sample", "12"):
        figures = sizes[size]
        for key in ("wall_s", "cpu_s", "peak_mb"):
            assert set(figures["whole build"][key]) == {"ours", "plain", "ratio"}
        assert figures["whole build"]["peak_mb"]["ours"]["median"] > 0
        preview = figures["edit-to-preview"]
        assert preview["read_s"] > 0
        assert list(preview["kinds"]) == list(bench_build.EDIT_KINDS)
        for times in preview["kinds"].values():
            assert len(times["runs"]) == 1
            assert {"median", "p95"} <= set(times)
        assert figures["search"]["browser"]["ours, one word"]["results"] > 0
        assert figures["search index"]["bytes"] > figures["search index"]["gzip_bytes"] > 0
        languages = figures["two languages"]
        assert languages["sources"]["two"] > languages["sources"]["one"]
        assert languages["index"]["two"]["bytes"] > languages["index"]["one"]["bytes"] > 0
    assert sizes["sample"]["page weight, bytes"]["home"]["html_css_js_bytes"] > 0

    large = sizes["30"]
    assert set(large) == {"articles", "whole build, ours", "search index", "first search"}
    assert large["first search"]["results"] > 0
    assert list(results["growth"]) == ["12", "30"]
    assert {"wall_s", "peak_mb", "index_mb", "first_gzip", "first_ms"} <= set(
        results["growth"]["30"]
    )

    kinds = {row["kind"] for row in results["targets"] if row["size"] == "12"}
    assert {"wall_s", "peak_mb", "index bytes", *bench_build.EDIT_KINDS} <= kinds
    assert all(row["verdict"].startswith(("met", "missed by")) for row in results["targets"])
    assert results["profile"]["size"] == "12"
    assert len(results["profile"]["lines"]) == 2

    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for heading in ["## Targets", "## Whole builds", "### Where the time goes",
                    "## Edit-to-preview", "## Growth with the site", "## Two languages against one",
                    "## Page weight",
                    "## Search, 12"]:  # fmt: skip
        assert heading in report
    for kind in bench_build.EDIT_KINDS:
        assert f"| {kind} |" in report
    assert "rebuild" not in report
    assert (tmp_path / "build-time.svg").read_text(encoding="utf-8").startswith("<svg")
