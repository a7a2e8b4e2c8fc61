"""Documents for `make bench`: PDFs of a few pages of generated text (tools/corpus.py's
sentences), each different, with a facts file, added to a generated site to measure what
publications cost a build and the search index.

The PDFs are written with pypdf's own objects (a page, a font, a text stream) rather than
printed by Chromium: a thousand of them in seconds. They are not tagged: the content check
warns of each, as it would of a real untagged document.
"""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.corpus import DIRECTORATES, Writer

KINDS = ["report", "statistics", "circular", "guideline", "form", "policy"]
LINES_PER_PAGE = 40


def escaped(text: str) -> bytes:
    """A line as a PDF string: Latin-1 (the standard font's letters), its delimiters escaped."""
    data = text.encode("latin-1", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_of(title: str, pages: list[list[str]]) -> bytes:
    writer = PdfWriter()
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        text = b" ".join(b"(" + escaped(line) + b") '" for line in lines)
        stream.set_data(b"BT /F1 10 Tf 50 800 Td 18 TL " + text + b" ET")
        page.replace_contents(stream)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_documents(folder: Path, count: int, seed: int = 19) -> list[Path]:
    """`count` PDFs of 2 to 5 pages, each with its facts file, into `folder`."""
    rng = random.Random(seed)
    writer = Writer(rng)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        directorate = rng.choice(DIRECTORATES)
        title = writer.headline()
        pages = [[writer.sentence(directorate)[:95] for _ in range(LINES_PER_PAGE)]
                 for _ in range(rng.randint(2, 5))]  # fmt: skip
        path = folder / f"bench-document-{number:05d}.pdf"
        path.write_bytes(pdf_of(title, pages))
        year = rng.randint(2018, 2026)
        path.with_suffix(".yaml").write_text(
            f"title: {json.dumps(title)}\nsummary: {json.dumps(writer.sentence(directorate))}\n"
            f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            f"kind: {rng.choice(KINDS)}\ndirectorates:\n  - {directorate}\n",
            encoding="utf-8",
        )
        written.append(path)
    return written
