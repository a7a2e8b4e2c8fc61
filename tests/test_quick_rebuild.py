"""The quick rebuild (plugins/quick_rebuild): after a change to the text of existing items,
a build writes again only what shows that text, and its output is byte for byte what a
whole build writes; every other change gets a whole build."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from conftest import ROOT, files, run_pelican
from quick_rebuild.record import folder_stamps

NEWEST = "news/2026/2026-10-28-have-your-say-dar-kenn.md"  # in the news feed
OLDER = "news/2019/2019-09-13-smart-health-working-session.md"
PAGE = "pages/visiting.md"
DIRECTORATE = "directorates/nursing-services.md"
QUICK = "quick rebuild"


def rebuild(content, output, *extra) -> str:
    """Build into `output` again (its cache beside it); return the build's log."""
    result = run_pelican(content, output, "pelicanconf.py", *extra)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def whole_build_of(content, tmp_path) -> dict[str, bytes]:
    fresh = tmp_path / "whole" / "output"
    log = rebuild(content, fresh)
    assert QUICK not in log
    return files(fresh)


def append(path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as source:
        source.write(f"\n{text}\n")


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(content_copy, tmp_path):
    """The sample content, built once (whole) into an output that the test builds again."""
    output = tmp_path / "site" / "output"
    assert QUICK not in rebuild(content_copy, output)
    return content_copy, output


def test_changed_texts_are_rebuilt_quickly_and_exactly_as_a_whole_build(built, tmp_path):
    content, output = built
    append(content / NEWEST, "We have added a *late* note with the word zygomorphic.")
    append(content / PAGE, "Visiting hours change on public holidays.")
    append(content / DIRECTORATE, "The directorate also trains ward clerks.")
    log = rebuild(content, output)
    assert QUICK in log
    assert "zygomorphic" in (output / "feeds/news.atom.xml").read_text(encoding="utf-8")
    assert "zygomorphic" in str(files(output / "search"))
    assert files(output) == whole_build_of(content, tmp_path)


def record_body(output):
    (body,) = (output.parent / f"{output.name}-cache").glob("quick-rebuild-*.body")
    return body


def assert_record_stamps_the_output(cache, output) -> None:
    """A quick rebuild stamps only the files it wrote; the record must still describe the
    whole output as it is, or the next build would be whole."""
    (record_file,) = cache.glob("quick-rebuild-*.pickle")
    with open(record_file, "rb") as record:
        header = pickle.load(record)
    assert header.output_files == folder_stamps(str(output))


def test_quick_rebuilds_one_after_another_stay_exact(built, tmp_path):
    """Each quick rebuild adds its texts to the record's patch; the body stays the whole
    build's."""
    content, output = built
    body = record_body(output).stat()
    for number, source in enumerate([OLDER, PAGE, OLDER]):
        append(content / source, f"Correction number {number}.")
        assert QUICK in rebuild(content, output)
        assert_record_stamps_the_output(output.parent / f"{output.name}-cache", output)
    assert (record_body(output).stat().st_ino, record_body(output).stat().st_mtime_ns) == (
        body.st_ino, body.st_mtime_ns)  # fmt: skip
    assert files(output) == whole_build_of(content, tmp_path)


def test_a_body_not_of_the_record_s_header_gets_a_whole_build(built, tmp_path):
    """As a whole build leaves it if it stops after writing the body, before the header."""
    content, output = built
    with open(record_body(output), "rb") as file:
        pickle.load(file)
        rest = file.read()
    with open(record_body(output), "wb") as file:
        pickle.dump("another build's", file)
        file.write(rest)
    append(content / OLDER, "A correction.")
    assert QUICK not in rebuild(content, output)
    assert files(output) == whole_build_of(content, tmp_path)
    append(content / OLDER, "Another correction.")
    assert QUICK in rebuild(content, output)


def test_without_the_index_cache_a_quick_rebuild_indexes_every_page(built, tmp_path):
    content, output = built
    (cache,) = (output.parent / f"{output.name}-cache").glob("search-index-*.pickle")
    cache.unlink()
    append(content / OLDER, "The word zygomorphic, indexed without the cache.")
    assert QUICK in rebuild(content, output)
    assert "zygomorphic" in str(files(output / "search"))
    assert files(output) == whole_build_of(content, tmp_path)


def test_a_build_with_nothing_changed_writes_nothing(built):
    content, output = built
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}
    assert QUICK in rebuild(content, output)
    after = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}
    assert after == before


def new_article(content):
    shutil.copy(content / OLDER, content / "news/2019/2019-09-13-a-new-item.md")


def delete_article(content):
    (content / OLDER).unlink()


def change_a_title(content):
    replace(content / OLDER, "title: City leaders", "title: Town leaders")


def change_a_summary(content):
    replace(content / PAGE, "summary: ", "summary: Updated. ")


def change_topics(content):
    replace(content / NEWEST, "tags: [consultation,", "tags: [survey, consultation,")


def change_an_image(content):
    image = next((content / "images").rglob("*.svg"))
    append(image, "<!-- changed -->")


def change_the_office(content):
    append(content / "office.yaml", "# a comment")


@pytest.mark.parametrize(
    "change",
    [new_article, delete_article, change_a_title, change_a_summary, change_topics,
     change_an_image, change_the_office],
)  # fmt: skip
def test_other_changes_get_a_whole_build(built, tmp_path, change):
    content, output = built
    change(content)
    assert QUICK not in rebuild(content, output)
    assert files(output) == whole_build_of(content, tmp_path)


def test_a_text_that_links_a_file_pelican_did_not_copy_gets_a_whole_build(content_copy, tmp_path):
    """Pelican copies a file outside the static folders only once a text links it."""
    (content_copy / "pages" / "plan.txt").write_text("The plan.", encoding="utf-8")
    output = tmp_path / "site" / "output"
    rebuild(content_copy, output)
    assert not (output / "pages" / "plan.txt").exists()
    append(content_copy / OLDER, "Read [the plan]({static}/pages/plan.txt).")
    assert QUICK not in rebuild(content_copy, output)
    assert (output / "pages" / "plan.txt").is_file()


def test_a_changed_output_folder_gets_a_whole_build(built):
    content, output = built
    page = output / "contact" / "index.html"
    page.unlink()
    append(content / PAGE, "More text.")
    assert QUICK not in rebuild(content, output)
    assert page.is_file()


def test_the_page_the_preview_wrote_first_is_written_again(built, tmp_path):
    """The preview's quick path (tools/quick_preview.py) writes the saved item's page into
    the output before the build: that change to the output is the build's to overwrite."""
    content, output = built
    (output / "visiting" / "index.html").write_text("the preview's page", encoding="utf-8")
    append(content / PAGE, "More text.")
    assert QUICK in rebuild(content, output)
    assert files(output) == whole_build_of(content, tmp_path)


def test_a_changed_template_gets_a_whole_build(content_copy, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    output = tmp_path / "site" / "output"
    setting = f'THEME="{theme}"'
    rebuild(content_copy, output, setting)
    template = theme / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    append(content_copy / PAGE, "More text.")
    assert QUICK not in rebuild(content_copy, output, setting)


def test_a_whole_build_that_fails_after_its_pages_leaves_no_record(built):
    """If a whole build fails once its pages are written (here the search index's folder
    cannot be made, under a file that the build keeps: OUTPUT_RETENTION), no record is left
    to build on, and the next build is whole."""
    content, output = built
    (output / ".git").write_text("a file, not a folder", encoding="utf-8")
    append(content / NEWEST, "A late correction.")
    result = run_pelican(content, output, "pelicanconf.py", 'SEARCH_INDEX_DIR=".git/data"')
    assert result.returncode != 0
    assert "search index was not written" in result.stdout + result.stderr
    assert not list((output.parent / f"{output.name}-cache").glob("quick-rebuild-*.pickle"))
    (output / ".git").unlink()
    assert QUICK not in rebuild(content, output)


@pytest.mark.parametrize(
    "old, new",
    [("summary: ", "summry: "),  # an unknown field
     ("title: ", "title: [Visiting, ")],  # YAML that Pelican's reader cannot parse
)  # fmt: skip
def test_an_error_in_a_changed_file_stops_the_build_with_the_content_check(built, old, new):
    content, output = built
    page = output / "visiting" / "index.html"
    before = page.read_bytes()
    replace(content / PAGE, old, new)
    result = run_pelican(content, output)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "content/pages/visiting.md" in log
    assert "yaml_metadata" not in log  # the check, not Pelican's reader, reports it
    assert page.read_bytes() == before  # the build stopped before writing anything


def test_the_public_build_is_always_whole(content_copy, tmp_path):
    output = tmp_path / "site" / "output"
    for _ in range(2):
        result = run_pelican(content_copy, output, "publishconf.py")
        assert result.returncode == 0, result.stderr
        assert QUICK not in result.stdout + result.stderr
    cache = output.parent / f"{output.name}-cache"
    assert not list(cache.glob("quick-rebuild*"))


def test_an_item_whose_date_comes_gets_a_whole_build(built):
    """A news item dated in the future is published by the first build after its date: the
    record says when that is, and a build after it is whole (here the record is made to
    say that the time has come)."""
    content, output = built
    (record_file,) = (output.parent / f"{output.name}-cache").glob("quick-rebuild-*.pickle")
    with open(record_file, "rb") as record:
        header = pickle.load(record)
        body = record.read()
    header.next_publication = datetime(2000, 1, 1, tzinfo=UTC)
    with open(record_file, "wb") as record:
        pickle.dump(header, record)
        record.write(body)
    append(content / OLDER, "More text.")
    assert QUICK not in rebuild(content, output)


def test_make_html_rebuilds_quickly_and_never_changes_the_previous_site(content_copy, tmp_path):
    """tools/build.py builds into a new folder, which starts as hard links to the previous
    site's files: the quick rebuild must replace files, never write into them, because the
    previous site may be being served meanwhile."""
    output = tmp_path / "output"
    command = [sys.executable, "tools/build.py", "--content", str(content_copy),
               "--output", str(output), "-e", f'CACHE_PATH="{tmp_path / "cache"}"']  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    served = tmp_path / "served"
    shutil.copytree(output, served, copy_function=os.link)  # the same files, as a server sees
    before = files(served)
    append(content_copy / NEWEST, "A late note on zygomorphic flowers.")
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    assert QUICK in result.stdout + result.stderr
    assert files(served) == before
    assert_record_stamps_the_output(tmp_path / "cache", output)
    assert files(output) == whole_build_of(content_copy, tmp_path)


def test_a_changed_text_whose_summary_links_another_page_is_rebuilt_exactly(content_copy, tmp_path):
    """Such a summary is made with the whole site: the index is given it after the record
    is read, not before."""
    replace(content_copy / PAGE, "summary: ", "summary: See [contact]({filename}contact.md). ")
    output = tmp_path / "site" / "output"
    rebuild(content_copy, output)
    append(content_copy / PAGE, "Visiting hours change on public holidays.")
    assert QUICK in rebuild(content_copy, output)
    assert files(output) == whole_build_of(content_copy, tmp_path)


def test_two_sites_sharing_a_cache_folder_each_rebuild_quickly_and_exactly(content_copy, tmp_path):
    """Each output folder has its own record and search index cache."""
    other = tmp_path / "other-content"
    shutil.copytree(content_copy, other)
    append(other / NEWEST, "Only the other site says zygomorphic.")
    shared = f'CACHE_PATH="{tmp_path / "shared-cache"}"'
    first, second = tmp_path / "first" / "output", tmp_path / "second" / "output"
    rebuild(content_copy, first, shared)
    rebuild(other, second, shared)
    append(content_copy / OLDER, "A correction.")
    assert QUICK in rebuild(content_copy, first, shared)
    assert files(first) == whole_build_of(content_copy, tmp_path)


def test_the_records_of_deleted_output_folders_are_removed(content_copy, tmp_path):
    shared = f'CACHE_PATH="{tmp_path / "shared-cache"}"'
    first, second = tmp_path / "first" / "output", tmp_path / "second" / "output"
    rebuild(content_copy, first, shared)
    assert len(list((tmp_path / "shared-cache").glob("quick-rebuild-*.pickle"))) == 1
    shutil.rmtree(first)
    rebuild(content_copy, second, shared)
    assert len(list((tmp_path / "shared-cache").glob("quick-rebuild-*.pickle"))) == 1
    assert len(list((tmp_path / "shared-cache").glob("search-index-*.pickle"))) == 1


AGAIN_IN_ONE_PROCESS = """
import sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

content, output, cache, source = sys.argv[1:5]
settings = read_settings("pelicanconf.py", override={
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache, "DEBUG": False})
pelican = Pelican(settings)
pelican.run()  # the quick rebuild
with open(source, "a", encoding="utf-8") as text:
    text.write("\\nA second change, seen by the second run.\\n")
pelican.run()  # as Pelican's --autoreload runs it again
"""


def test_a_second_run_of_the_same_pelican_builds_what_changed_since(built, tmp_path):
    content, output = built
    append(content / PAGE, "A first change.")
    cache = output.parent / f"{output.name}-cache"
    script = [sys.executable, "-c", AGAIN_IN_ONE_PROCESS, str(content), str(output),
              str(cache), str(content / PAGE)]  # fmt: skip
    result = subprocess.run(script, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert QUICK in result.stdout + result.stderr
    page = (output / "visiting" / "index.html").read_text(encoding="utf-8")
    assert "A second change, seen by the second run." in page
