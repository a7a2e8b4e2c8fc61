"""The content check and the build's reader read a file the same way: for files whose fields
end, begin and are spelt in every way an editor's tools produce (spaces around the dashes,
`...`, a byte-order mark, Windows line ends, blank lines, a missing end), either both refuse
the file or the fields the check checked are the fields the build publishes."""

from __future__ import annotations

import itertools
import random

from conftest import ROOT
from pelican.settings import read_settings

from plugins.checks.content_check.checks import Problem, read_item
from plugins.content_model.source_reader.parse import ParseError
from plugins.content_model.source_reader.reader import SourceReader

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
OPENINGS = ["---\n", "--- \n", " ---\n", "\ufeff---\n", "\n---\n", "----\n"]
ENDINGS = ["---\n", "...\n", "--- \n", " ---\n", "---", "", "\t---\n"]
FIELDS = [
    "title: A title\nsummary: A summary.\n",
    "title: 'Quoted: with a colon'\nsummary: >-\n  Folded\n  text.\n",
    "title: A title\nsave_as: index.html\n",
    "summary: S.\ntitle: Second\n",
]
BODIES = ["Text.\n", "---\nMore dashes in the text.\n", "", "title: not a field\n"]


def variants():
    for opening, fields, ending, body in itertools.product(OPENINGS, FIELDS, ENDINGS, BODIES):
        yield opening + fields + ending + body
    rng = random.Random(5)
    for _ in range(200):  # and Windows line ends on a sample
        text = (rng.choice(OPENINGS) + rng.choice(FIELDS) + rng.choice(ENDINGS)
                + rng.choice(BODIES))  # fmt: skip
        yield text.replace("\n", "\r\n")


def disagreement(text: str, path) -> str | None:
    """How the check and the reader disagree on `text`, or None."""
    path.write_bytes(text.encode("utf-8"))
    checked = read_item(path, "content/pages/page.md", markdown=True)
    try:
        _, metadata = SourceReader(SETTINGS).read(str(path))
    except ParseError:
        metadata = None
    if isinstance(checked, Problem):
        return None if metadata is None else "the check refuses it, the reader reads it"
    if metadata is None:
        return "the check reads it, the reader refuses it"
    for name in ("title", "save_as"):
        if (name in checked.data) != (name in metadata):
            return f"they disagree on whether it sets {name}"
    return None


def test_the_check_and_the_reader_agree_on_every_file(tmp_path):
    texts = list(variants())
    differ = [(text, why) for text in texts if (why := disagreement(text, tmp_path / "p.md"))]
    assert len(texts) > 800
    assert not differ, differ[:5]
