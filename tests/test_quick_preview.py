"""The preview's quick path (tools/quick_preview.py): the page of a saved article is written
again at once, exactly as the whole build that follows writes it; anything it cannot show
exactly goes to the whole build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, build

ARTICLE = "news/2019/2019-09-13-smart-health-working-session.md"
PAGE = "news/2019/smart-health-working-session/index.html"
TITLE = 'title: City leaders ask health department to build a "smart health" sector'


@pytest.fixture
def quick(content_copy, tmp_path):
    output = tmp_path / "output"
    build(content_copy, output)
    process = subprocess.Popen(
        [sys.executable, "tools/quick_preview.py", "--content", str(content_copy),
         "--output", str(output)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert json.loads(process.stdout.readline()) == {"ready": True}

    def ask(*paths):
        process.stdin.write(json.dumps({"changed": [str(path) for path in paths]}) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield ask, content_copy, output
    process.stdin.close()
    process.wait(timeout=30)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_saved_article_page_is_written_as_the_whole_build_writes_it(quick, tmp_path):
    ask, content, output = quick
    source = content / ARTICLE
    edit(source, TITLE, "title: Quick path shows this at once")
    edit(source, "Lương y như từ mẫu", "Lương y như từ mẫu, again")
    temporary = content / "news/2019/.sedX1234"  # an editor's temporary file, already gone
    assert ask(source, temporary) == {"written": [PAGE]}
    quick_page = (output / PAGE).read_text(encoding="utf-8")
    assert "<h1>Quick path shows this at once</h1>" in quick_page

    whole = build(content, tmp_path / "whole")
    assert quick_page == (whole.root / PAGE).read_text(encoding="utf-8")


def test_what_the_quick_path_cannot_show_exactly_goes_to_the_whole_build(quick):
    ask, content, output = quick
    source = content / ARTICLE
    before = (output / PAGE).read_bytes()

    edit(source, "authors: [Tran Huong]", "authers: [Tran Huong]")
    assert "has problems" in ask(source)["skipped"]
    edit(source, "authers: [Tran Huong]", "authors: [Tran Huong]")

    edit(source, TITLE, TITLE + "\nslug: another-address")
    assert "url changed" in ask(source)["skipped"]

    new = content / "news/2019/2019-10-01-a-new-item.md"
    new.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert "a new file" in ask(new)["skipped"]
    picture = content / "images/news/new.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert "not a saved Markdown source" in ask(picture)["skipped"]
    assert (output / PAGE).read_bytes() == before  # nothing was written
