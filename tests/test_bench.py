"""`make bench` in miniature, so the benchmark cannot rot: a tiny site through every section.
Its timings are not asserted; they mean nothing at this size and on a shared machine."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_the_benchmark_runs_every_section_and_writes_its_report(tmp_path):
    result = subprocess.run(
        [sys.executable, "tools/bench.py", "--sizes", "sample,12", "--runs", "1",
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(results) == {"sample", "12"}
    for size in results.values():
        assert {"full build", "rebuild after one change", "edit-to-preview, s", "search"} <= set(
            size
        )
        assert size["full build"]["wall_s"]["ours"]["median"] > 0
        assert size["search"]["browser"]["ours, one word"]["results"] > 0
    assert results["sample"]["page weight, bytes"]["home"]["html_css_js_bytes"] > 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for heading in ["## Builds", "## Edit-to-preview", "## Page weight", "## Search, 12"]:
        assert heading in report
    assert (tmp_path / "build-time.svg").read_text(encoding="utf-8").startswith("<svg")
