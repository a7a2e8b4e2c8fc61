"""The benchmark corpus generator (tools/corpus.py): deterministic, and its sites build."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import ROOT, build, files

sys.path.insert(0, str(ROOT / "tools"))
import corpus

ARTICLE_PAGE = re.compile(r"news/\d{4}/([^/]+)/index\.html")


def article_pages(site_root: Path) -> list[str]:
    pages = []
    for path in site_root.glob("news/*/*/index.html"):
        match = ARTICLE_PAGE.fullmatch(path.relative_to(site_root).as_posix())
        if match and match.group(1) != "page":
            pages.append(match.group(1))
    return pages


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    first = corpus.generate(tmp_path / "a", 30, seed=1)
    corpus.generate(tmp_path / "b", 30, seed=1)
    corpus.generate(tmp_path / "c", 30, seed=2)
    a, b, c = (files(tmp_path / name) for name in "abc")
    assert first["articles"] == 30
    assert len(a) == len(files(ROOT / "content")) + 30
    assert a == b
    assert a != c


def test_generated_articles_have_the_expected_front_matter(tmp_path):
    out = tmp_path / "site"
    corpus.generate(out, 30, seed=3)
    sample = set(files(ROOT / "content"))
    generated = [out / name for name in files(out) if name not in sample]
    assert len(generated) == 30
    for path in generated:
        assert re.fullmatch(r"(\d{4})-\d{2}-\d{2}-[a-z0-9-]+\.md", path.name)
        assert path.parent.name == path.name[:4]
        assert 2016 <= int(path.parent.name) <= 2025
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        keys = [line.split(":")[0] for line in head.splitlines()[1:] if not line[0].isspace()]
        assert keys[:6] == ["title", "date", "authors", "summary", "tags", "directorates"]
        assert re.search(r"^date: \d{4}-\d{2}-\d{2} (0[7-9]|1[0-8]):[0-5]\d$", head, re.M)
        assert 300 <= len(body.split()) <= 950


def test_generated_site_builds_with_30_more_article_pages(tmp_path):
    sample = build(ROOT / "content", tmp_path / "sample-output")
    content = tmp_path / "content"
    corpus.generate(content, 30, seed=1)
    grown = build(content, tmp_path / "output")
    assert len(article_pages(grown.root)) == len(article_pages(sample.root)) + 30
