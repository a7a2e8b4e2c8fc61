"""Builds cannot break each other or the site (`make html`, tools/build.py): a failed, killed
or interrupted build leaves the last good site as it was, at every step of putting a new one
in place; two builds at once both finish and leave a whole site; a build with nothing changed
always succeeds; a damaged cache is noticed and the site built as from clean."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, files


def build_command(content: Path, output: Path, *options: str) -> list[str]:
    """`make html` on `content`, with its own cache beside the output."""
    return [sys.executable, "tools/build.py", "--content", str(content), "--output", str(output),
            *options, "-e", f'CACHE_PATH="{output.parent / "cache"}"']  # fmt: skip


def make_build(content: Path, output: Path, *options: str):
    return subprocess.run(build_command(content, output, *options), cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def site_digest(output: Path) -> str:
    digest = hashlib.sha256()
    for name, data in files(output).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def builds_kept(output: Path) -> list[str]:
    return sorted(path.name for path in (output.parent / ".output-builds").iterdir())


def add_news(content: Path, name: str = "2026-05-06-new") -> None:
    (content / f"news/2026/{name}.md").write_text(
        "---\ntitle: A new item\ndate: 2026-05-06 10:00\nauthors: [A Writer]\n"
        "summary: New.\n---\nIts text.\n",
        encoding="utf-8",
    )


def test_a_failed_build_leaves_the_last_good_site_untouched(content_copy, tmp_path):
    output = tmp_path / "output"
    assert make_build(content_copy, output).returncode == 0
    before, kept = site_digest(output), builds_kept(output)
    (content_copy / "pages/contact.en.md").write_text("---\ntitle: No summary\n---\nText\n")
    failed = make_build(content_copy, output)
    assert failed.returncode != 0
    assert "is unchanged" in failed.stderr
    assert site_digest(output) == before
    assert builds_kept(output) == kept  # the failed build's folder is gone


def test_a_killed_build_leaves_the_last_good_site_untouched(content_copy, tmp_path):
    output = tmp_path / "output"
    assert make_build(content_copy, output).returncode == 0
    before = site_digest(output)
    add_news(content_copy)
    process = subprocess.Popen(
        build_command(content_copy, output), cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(builds_kept(output)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # until the new build has its folder
    os.killpg(process.pid, signal.SIGKILL)  # the build and Pelican under it, mid-way
    process.wait()
    assert site_digest(output) == before
    assert make_build(content_copy, output).returncode == 0
    assert len(builds_kept(output)) == 1  # the killed build's folder is removed


@pytest.mark.parametrize("step", ["built", "linked", "switched"])
def test_a_build_killed_at_any_step_of_the_switch_leaves_a_whole_site(content_copy, tmp_path,
                                                                      step):  # fmt: skip
    output = tmp_path / "output"
    assert make_build(content_copy, output).returncode == 0
    old = site_digest(output)
    add_news(content_copy)
    assert make_build(content_copy, output, "--stop-after", step).returncode == 137
    assert site_digest(output) == old if step != "switched" else site_digest(output) != old
    assert (output / "index.html").is_file()
    assert make_build(content_copy, output).returncode == 0
    new = site_digest(output)
    assert new != old
    assert len(builds_kept(output)) == 1
    assert not list(tmp_path.glob(".output-link-*"))


def test_a_site_from_before_output_was_a_link_is_replaced(content_copy, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "old.html").write_text("an old site")
    assert make_build(content_copy, output).returncode == 0
    assert output.is_symlink() and (output / "index.html").is_file()
    assert not (output / "old.html").exists()


def test_two_builds_at_once_both_finish_and_leave_a_whole_site(content_copy, tmp_path):
    output = tmp_path / "output"
    first, second = (subprocess.Popen(build_command(content_copy, output), cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2))  # fmt: skip
    results = [first.communicate(timeout=600), second.communicate(timeout=600)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert any("one build of" in errors for _, errors in results)  # one waited, and said so
    reference = tmp_path / "reference"
    assert make_build(content_copy, reference).returncode == 0
    assert files(output) == files(reference)


def test_building_again_with_nothing_changed_always_succeeds(content_copy, tmp_path):
    output = tmp_path / "output"
    digests = set()
    for _ in range(5):
        result = make_build(content_copy, output)
        assert result.returncode == 0, result.stderr[-2000:]
        digests.add(site_digest(output))
    assert len(digests) == 1
    assert len(builds_kept(output)) == 1


@pytest.mark.parametrize("damage", ["truncated", "a byte changed", "empty", "not a cache"])
def test_a_damaged_cache_is_noticed_and_the_site_built_as_from_clean(content_copy, tmp_path,
                                                                     damage):  # fmt: skip
    output = tmp_path / "output"
    assert make_build(content_copy, output).returncode == 0
    clean = files(output)
    cache_files = [path for path in (tmp_path / "cache").rglob("*") if path.is_file()]
    assert cache_files
    for path in cache_files:
        data = bytearray(path.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2]
        elif damage == "a byte changed":
            data[len(data) // 2] ^= 0x55
        elif damage == "empty":
            data = bytearray()
        else:
            data = bytearray(b"not a pickle at all")
        path.write_bytes(data)
    result = make_build(content_copy, output)
    assert result.returncode == 0, result.stderr[-2000:]
    assert files(output) == clean
