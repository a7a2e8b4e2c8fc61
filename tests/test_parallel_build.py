"""The build's use of several processes (plugins/parallel_read, the search index's background
job) and libyaml front matter change how fast a site builds, never what it builds."""

from __future__ import annotations

import dataclasses
import json
import logging
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from blinker import signal
from conftest import ROOT, build, files
from content_check.content_check import ContentError, check_before_build
from libyaml_front_matter.libyaml_front_matter import LibyamlMetadataReader
from parallel_read import parallel_read
from pelican import signals
from pelican.plugins._utils import load_plugins
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader
from pelican.readers import Readers
from pelican.settings import read_settings
from search_index.search_index import IndexProcess, SearchBuildError, SearchSettings

sys.path.insert(0, str(ROOT / "tools"))
import corpus


def test_reading_in_worker_processes_builds_the_same_site_byte_for_byte(tmp_path):
    content = tmp_path / "content"
    corpus.generate(content, 120, seed=5)  # enough sources for the workers to start
    alone = build(content, tmp_path / "alone", "pelicanconf.py", "READ_PROCESSES=1")
    shared = build(content, tmp_path / "shared", "pelicanconf.py", "READ_PROCESSES=3")
    assert len(list(shared.root.glob("news/20*/*/index.html"))) >= 120
    assert files(shared.root) == files(alone.root)


@pytest.fixture
def reading_plugins():
    """parallel_read's receivers connected for one test only (registering the plugin would
    leave them connected for the rest of the run)."""
    connections = [
        (signal("content_check_failed"), parallel_read.stop_reading),
        (signals.initialized, parallel_read.start_workers),
    ]
    for sender, receiver in connections:
        sender.connect(receiver)
    yield
    for sender, receiver in connections:
        sender.disconnect(receiver)
    parallel_read.stop_reading()


def test_the_workers_read_during_the_content_check_and_stop_when_it_fails(
    tmp_path, reading_plugins
):
    """The workers are given every source as the build starts, so they read while the
    content check runs; if it fails, they stop at once rather than read the whole site."""
    content = tmp_path / "content"
    corpus.generate(content, 240, seed=5)  # the check takes a tenth of the reading's time
    broken = next(content.glob("news/**/*.md"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("summary: ", "summry: ", 1),
                      encoding="utf-8")  # fmt: skip
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(content), "READ_PROCESSES": 2,
                                       "CACHE_PATH": str(tmp_path / "cache")})  # fmt: skip
    pelican = SimpleNamespace(settings=settings)
    signals.initialized.send(pelican)  # forks the workers and gives them the sources
    early = dict(parallel_read._reading.early)
    articles = {str(path) for path in content.glob("news/**/*.md")}
    assert articles <= early.keys()
    with pytest.raises(ContentError, match="summry"):
        check_before_build(pelican)
    assert parallel_read._reading is None
    assert all(future.done() for future in early.values())
    assert any(future.cancelled() for future in early.values())


def test_a_source_that_logs_while_read_is_read_again_in_the_build_process(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    # The two plugins that choose the Markdown reader (registering all would connect every
    # plugin to Pelican's signals for the rest of the test run).
    settings["PLUGINS"] = ["pelican.plugins.yaml_metadata", "libyaml_front_matter"]
    for plugin in load_plugins(settings):
        plugin.register()
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("---\ntitle: Fine\n---\nSome *text*.\n", encoding="utf-8")
    bad.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    parallel_read._worker_readers.update(Readers(settings).readers)
    logging.root.addHandler(parallel_read._catcher)  # as _start_worker does in a worker
    try:
        results = dict(parallel_read.read_in_worker([str(good), str(bad)]))
    finally:
        logging.root.removeHandler(parallel_read._catcher)
        parallel_read._worker_readers.clear()
    assert results[str(bad)] is None  # the build process reads it and reports the error
    assert b"<em>text</em>" in results[str(good)]


def test_libyaml_reads_every_sample_source_as_pelican_yaml_metadata_does():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    ours, theirs = LibyamlMetadataReader(settings), YAMLMetadataReader(settings)
    sources = sorted((ROOT / "content").rglob("*.md"))
    assert len(sources) > 20
    for source in sources:
        our_html, our_fields = ours.read(str(source))
        their_html, their_fields = theirs.read(str(source))
        assert our_html == their_html, source
        assert {k: str(v) for k, v in our_fields.items()} == {
            k: str(v) for k, v in their_fields.items()
        }, source


def index_settings(output: Path) -> SearchSettings:
    return SearchSettings(output=output, index_dir="search", boosts={"title": 10, "body": 1},
                          shard_bytes=1000, lunr_js=Path("-"), lunr_js_save_as="-",
                          office_url="")  # fmt: skip


PAGES = [
    ("news", "Clinics open on Saturdays", "news/2026/clinics/", "<p>Physiotherapy</p>",
     "<p>Saturday <em>clinics</em></p>", "2026-03-04T10:30:00+01:00"),
    ("page", "Contact", "contact/", None, "<p>Write to us</p>"),
]  # fmt: skip


def test_the_index_process_writes_the_index_of_the_pages_it_is_given(tmp_path):
    figures = IndexProcess(index_settings(tmp_path), iter(PAGES)).finish()
    assert figures["documents"] == 2
    result = json.loads((tmp_path / "search/docs/0.json").read_text(encoding="utf-8"))
    assert result["text"] == "Saturday clinics"
    assert result["dateText"] == "4 March 2026"
    assert (tmp_path / "search/meta.json").is_file()


def test_a_page_that_cannot_be_read_for_the_index_fails_the_build_with_its_error(tmp_path):
    def pages():
        yield PAGES[0]
        raise AttributeError("'Article' object has no attribute '_content'")

    index = IndexProcess(index_settings(tmp_path), pages())
    with pytest.raises(AttributeError, match="no attribute '_content'"):
        index.finish()


def test_an_index_process_that_fails_fails_the_build_with_its_reason(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    index = IndexProcess(index_settings(blocked), iter(PAGES))
    with pytest.raises(SearchBuildError, match="search index was not written") as failure:
        index.finish()
    assert "NotADirectoryError" in str(failure.value)


def test_an_index_process_that_fails_half_way_leaves_no_cache_behind(tmp_path):
    cache = tmp_path / "cache" / "search-index.pickle"
    config = dataclasses.replace(index_settings(tmp_path / "output"), cache=str(cache))
    unreadable = ("news", "Dated oddly", "news/odd/", None, "<p>Text</p>", "not a date")
    index = IndexProcess(config, iter([PAGES[0], unreadable]))
    with pytest.raises(SearchBuildError, match="not a date"):
        index.finish()
    assert list(cache.parent.iterdir()) == []  # the first page's analysis was discarded


def test_an_index_process_stopped_half_way_leaves_no_cache_behind(tmp_path):
    """The build stops the index process when it turns out not to need it (a quick rebuild
    that becomes a whole build): the cache it had begun to write goes with it."""
    cache = tmp_path / "cache" / "search-index.pickle"
    config = dataclasses.replace(index_settings(tmp_path / "output"), cache=str(cache))
    more = threading.Event()

    def pages():
        long_text = "<p>" + "Clinics open on Saturdays. " * 2000 + "</p>"  # fills the pipe's buffer
        yield ("news", "A long one", "news/long/", None, long_text, None)
        more.wait(60)  # the build is still getting the next page ready

    index = IndexProcess(config, pages())
    deadline = time.monotonic() + 60
    while not list(cache.parent.glob("*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the process has written the first page's analysis
    assert list(cache.parent.glob("*.tmp"))
    index.stop()
    more.set()
    assert list(cache.parent.iterdir()) == []


def saved_reader_cache(folder: Path) -> tuple[dict, Readers]:
    """Settings with CACHE_PATH `folder`, and a reader cache of one entry saved the way
    plugins/atomic_cache saves it, as Pelican would ask."""
    from atomic_cache.atomic_cache import save_caches_by_rename

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["CACHE_PATH"] = str(folder)
    readers = Readers(settings, "ArticlesGenerator-Readers")
    save_caches_by_rename(type("Generator", (), {"readers": readers})())
    readers._cache = {"a.md": ("stamp", ("<p>Text</p>", {"title": "Saved"}))}
    readers.save_cache()
    return settings, readers


def test_a_cache_save_that_fails_half_way_leaves_the_cache_as_it_was(tmp_path):
    from atomic_cache.atomic_cache import save_caches

    settings, readers = saved_reader_cache(tmp_path)
    save_caches()
    saved = (tmp_path / "ArticlesGenerator-Readers").read_bytes()

    readers._cache["b.md"] = ("stamp", ("<p>More</p>", {"title": lambda: "no pickle"}))
    readers.save_cache()
    save_caches()  # pickle fails after writing part of the file
    assert (tmp_path / "ArticlesGenerator-Readers").read_bytes() == saved
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ArticlesGenerator-Readers"]
    again = Readers(settings, "ArticlesGenerator-Readers")
    assert again._cache["a.md"] == ("stamp", ("<p>Text</p>", {"title": "Saved"}))


def test_the_caches_are_saved_at_the_end_of_the_build_and_not_after_a_failed_one(tmp_path):
    from atomic_cache.atomic_cache import forget_unsaved, save_caches

    settings, readers = saved_reader_cache(tmp_path)  # asked as soon as the sources are read
    assert list(tmp_path.iterdir()) == []
    forget_unsaved()  # the build failed; the next one starts
    save_caches()
    assert list(tmp_path.iterdir()) == []
    readers.save_cache()
    save_caches()  # at `finalized`
    again = Readers(settings, "ArticlesGenerator-Readers")
    assert again._cache["a.md"] == ("stamp", ("<p>Text</p>", {"title": "Saved"}))


def test_a_whole_build_saves_its_reader_cache_after_its_record(tmp_path):
    content = tmp_path / "content"
    corpus.generate(content, 60, seed=2)
    build(content, tmp_path / "output")
    cache = tmp_path / "output-cache"
    reader_cache = cache / "ArticlesGenerator-Readers"
    record_body = next(cache.glob("quick-rebuild-*.body"))
    assert reader_cache.stat().st_mtime_ns >= record_body.stat().st_mtime_ns
    assert len(pickle.loads(reader_cache.read_bytes())) >= 60


def test_the_workers_end_when_the_build_is_killed_outright(tmp_path):
    """As tools/build.py kills Pelican when the preview stops an outdated build."""
    content = tmp_path / "content"
    corpus.generate(content, 300, seed=6)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(tmp_path / "output"),
        "-e",
        f'CACHE_PATH="{tmp_path / "cache"}"',
    ]
    build_process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while not (workers := children_of(build_process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "the build started no worker"
    build_process.kill()
    build_process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found
