"""Tests for plugins/quick_inline: Markdown gives the same HTML with the extension as without
it, on every source we have and on random Markdown made to hit the inline patterns, and the
characters it requires of each pattern are required by the expression."""

from __future__ import annotations

import json
import random
import re
import sys
from types import SimpleNamespace

import markdown
import pytest
from conftest import ROOT, build, files
from markdown.treeprocessors import InlineProcessor
from pelican.readers import Readers
from pelican.settings import read_settings
from quick_inline.quick_inline import (
    EXTENSION,
    QuickInlineProcessor,
    add_extension,
    required_characters,
)

sys.path.insert(0, str(ROOT / "tools"))
import corpus

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
EXTENSIONS = list(SETTINGS["MARKDOWN"]["extension_configs"])


def converter(*extra: str):
    md = markdown.Markdown(
        extensions=EXTENSIONS + list(extra),
        extension_configs=SETTINGS["MARKDOWN"]["extension_configs"],
        output_format="html5",
    )
    return lambda text: md.reset().convert(text)


def inline_patterns(md: markdown.Markdown) -> list:
    return [p for tp in md.treeprocessors if isinstance(tp, InlineProcessor)
            for p in tp.inlinePatterns]  # fmt: skip


# Pieces that the inline patterns of our settings look for, and text around them.
PIECES = [
    "'", '"', "''", '"\'', "'\"", "--", "---", "-", "...", "..", "&nbsp;", "&amp;", "&#8212;",
    "&mdash;", "*", "**", "_", "__", "`", "``", "\\", "\\'", "[", "]", "(", ")", "![", "[^1]",
    "<", ">", "<b>", "</b>", "<https://example.org/a>", "<a@b.mt>", "<!-- x -->", "  \n",
    "\n", "\n\n", " ", "\u00a0", "\u2013", "\u2014", "'80s", "s", "word", "Saħħtek", "Lương",
    "7", "{", "}",
    ": ", "!", "?", ",", ".", "#", "> ", "- ", "1. ", "|", "\t",
]  # fmt: skip


def random_markdown(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))


def our_sources() -> list[str]:
    paths = sorted(ROOT.glob("content/**/*.md")) + sorted(ROOT.glob("tests/fixtures/**/*.md"))
    return [path.read_text(encoding="utf-8") for path in paths]


def test_markdown_gives_the_same_html_with_and_without_the_extension(tmp_path):
    corpus.generate(tmp_path / "generated", 150, seed=9)
    generated = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.md"))]
    rng = random.Random(4)
    texts = our_sources() + generated + [random_markdown(rng) for _ in range(4000)]
    plain, quick = converter(), converter(EXTENSION)
    differences = [text for text in texts if plain(text) != quick(text)]
    assert len(texts) > 4100
    assert differences == []


def test_the_extension_replaces_the_core_and_smarty_inline_processors():
    md = markdown.Markdown(extensions=[*EXTENSIONS, EXTENSION])
    assert type(md.treeprocessors["inline"]) is QuickInlineProcessor
    assert type(md.treeprocessors["smarty"]) is QuickInlineProcessor
    assert len(md.treeprocessors["smarty"].inlinePatterns) > 10  # smarty's own patterns


@pytest.mark.parametrize(
    ("expression", "required"),
    [
        (r"\*|_", ("*", "_")),
        (r"(\s|&nbsp;|--)'(?=\w)", ("'",)),
        (r"(?<=[^\ \t])'(?!\s)", ("'",)),
        (r"a?b+", ("b",)),
        (r"(?:x|y)z", ("x", "y")),
        (r"(?:x|\s)z", ("z",)),
        (r"(?i)a", None),
        (r"(?i:a)", None),
        (r"[^a]", None),
        (r"[a-z]", None),
        (r"\s+", None),
        (r"x*", None),
    ],
)
def test_required_characters_of_an_expression(expression, required):
    assert required_characters(re.compile(expression)) == required


def test_our_inline_patterns_never_match_a_text_without_the_characters_they_require():
    patterns = inline_patterns(markdown.Markdown(extensions=EXTENSIONS))
    rng = random.Random(7)
    texts = [random_markdown(rng) for _ in range(3000)]
    checked = 0
    for pattern in patterns:
        regex = pattern.getCompiledRegExp()
        needs = required_characters(regex)
        if needs is None:
            continue
        checked += 1
        for text in texts:
            if not any(character in text for character in needs):
                assert regex.search(text) is None, (regex.pattern, text)
    assert checked > 20


def test_the_plugin_gives_every_reader_the_extension():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    add_extension(SimpleNamespace(settings=settings))
    add_extension(SimpleNamespace(settings=settings))  # a second run of the same Pelican
    assert list(settings["MARKDOWN"]["extension_configs"])[-1] == EXTENSION
    reader = Readers(settings).readers["md"]
    md = markdown.Markdown(**reader.settings["MARKDOWN"])  # as the reader makes it
    assert type(md.treeprocessors["smarty"]) is QuickInlineProcessor


def test_a_site_built_with_the_plugin_is_the_one_built_without_it(tmp_path):
    content = tmp_path / "content"
    corpus.generate(content, 60, seed=3)
    without = [name for name in SETTINGS["PLUGINS"] if name != "quick_inline"]
    quick = build(content, tmp_path / "quick")
    plain = build(content, tmp_path / "plain", "pelicanconf.py", f"PLUGINS={json.dumps(without)}")
    assert files(quick.root) == files(plain.root)
