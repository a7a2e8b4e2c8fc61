"""The search index's own process: reads the site's pages from its standard input (pickled:
the settings it needs, then one tuple per page, then None), and writes the index.

The index needs every page's text, so it cannot start before all content is read, and
nothing else needs it, so the pages need not wait for it: in its own process it takes the
core that Pelican, which writes pages on one, leaves idle. A fresh interpreter rather than a
fork of the build, because a fork ends up holding a copy of much of the build's memory (each
side's writes split the pages they share): 150 MB more at 10,000 articles.

Run by search_index.py as `python -m plugins.search.search_index.index_process`; exits 1 with
the reason on standard error if the index cannot be written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import lunr

from plugins.search.search_index import analysis, index_files
from plugins.search.search_index.index_files import AnalysedDocument, analysed, write_analysed

# Elements that start a new block of text: their text is never run into the text around it
# ("…felt safe on the ward" and "81% said…" are two list items, not one sentence).
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
SKIPPED = frozenset({"script", "style", "template"})
WHITE_SPACE = re.compile(r"\s+")
SPACES = re.compile(r" {2,}")


class TextOfHtml(HTMLParser):
    """Collects the text of an HTML fragment, a line break at each block's start and end."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.skipping:  # a line break in the source is white space, not a block
            self.pieces.append(WHITE_SPACE.sub(" ", data))


def plain_text(html) -> str:
    """Return the readable text of an HTML fragment: each block (paragraph, heading, list
    item, table cell…) on a line of its own, white space within it collapsed."""
    parser = TextOfHtml()
    parser.feed(str(html or ""))
    parser.close()
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parser.pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def search_document(kind, title, url, summary, body, iso_date=None, lang=None) -> dict:
    """Return one document: its language, its indexed fields and what its search result
    shows."""
    date = datetime.fromisoformat(iso_date) if iso_date else None
    summary_text = plain_text(summary)
    body_text = plain_text(body)
    return {
        "kind": kind,
        "lang": lang,
        "year": date.year if date else None,
        "title": title,
        "summary": summary_text,
        "body": body_text,
        "result": {
            "title": title,
            "url": url,
            "kind": kind,
            "date": date.isoformat() if date else "",
            "dateText": f"{date.day} {date:%B %Y}" if date else "",
            "summary": summary_text,
            "text": body_text,
        },
    }


def received(stream):
    """Yield the pickled objects on the stream up to None; raise EOFError if it ends first
    (the build stopped: nothing is written)."""
    while (item := pickle.load(stream)) is not None:
        yield item


def page_key(page: tuple, fields: list[str]) -> bytes:
    return hashlib.blake2b(pickle.dumps((fields, page), protocol=5), digest_size=16).digest()


def analysis_code() -> str:
    """A digest of the code that analyses a page: a cache made by other code is not used."""
    digest = hashlib.blake2b(lunr.__VERSION__.encode())
    for source in (analysis.__file__, index_files.__file__, __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


DIGEST_SIZE = 32


class HashingWriter:
    """A file being written, with a digest of everything written to it."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.blake2b(digest_size=DIGEST_SIZE)

    def write(self, data) -> int:
        self.digest.update(data)
        return self.file.write(data)


def intact(path: Path) -> bool:
    """Whether a cache file is whole: its first bytes are the digest of the rest."""
    with open(path, "rb") as cached:
        expected = cached.read(DIGEST_SIZE)
        digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
        while chunk := cached.read(1 << 20):
            digest.update(chunk)
    return digest.digest() == expected


class AnalysisCache:
    """The analysed documents of the last build, in order, each with a digest of the page it
    came from and its address: a rebuild analyses again only the pages that changed. Kept in
    CACHE_PATH; the new one is written as the documents come (a temporary file, renamed once
    the index is written), so that it is never all in memory. The file starts with a digest
    of the rest: a damaged cache is not used (every page is analysed again)."""

    def __init__(self, path: str, fields: list[str], temporary: str, default_lang: str):
        self.path = Path(path)
        # Named by the build, which removes it if it has to stop this process.
        self.temporary = Path(temporary)
        self.code = analysis_code()
        self.fields = fields
        self.default_lang = default_lang
        self.old: list[tuple[bytes, str, AnalysedDocument]] = []
        self.file = self.out = None
        with contextlib.suppress(Exception):  # none yet, or damaged: analyse all
            self.old = self.load()

    def load(self) -> list:
        if not intact(self.path):
            return []
        with open(self.path, "rb") as cached:
            cached.seek(DIGEST_SIZE)
            if pickle.load(cached) != (self.code, self.fields, self.default_lang):
                return []
            return list(received(cached))

    def keep(self, key: bytes, url: str, document: AnalysedDocument) -> None:
        if self.out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(self.temporary, "wb")  # noqa: SIM115 (closed by save())
            self.file.write(bytes(DIGEST_SIZE))  # the digest's place, written at the end
            self.out = HashingWriter(self.file)
            pickle.dump((self.code, self.fields, self.default_lang), self.out, protocol=5)
        pickle.dump((key, url, document), self.out, protocol=5)

    def analysed(self, pages: Iterable[tuple]) -> Iterator[AnalysedDocument]:
        """Yield the analysed document of each page, from the cache where it has it."""
        known = {key: document for key, _, document in self.old}
        self.old = []
        for page in pages:
            key = page_key(page, self.fields)
            document = known.get(key) or analysed(
                search_document(*page), self.fields, self.default_lang
            )
            self.keep(key, page[2], document)
            yield document

    def save(self) -> None:
        if self.out:
            pickle.dump(None, self.out)
            self.file.seek(0)
            self.file.write(self.out.digest.digest())
            self.file.close()
            os.replace(self.temporary, self.path)

    def discard(self) -> None:
        """Drop the new cache half written (the index was not written)."""
        if self.file:
            self.file.close()
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.temporary)


def main() -> int:
    """Index every page given; print the index's figures as JSON."""
    stream = sys.stdin.buffer
    config = pickle.load(stream)
    out = Path(config["output"]) / config["index_dir"]
    fields = list(config["boosts"])
    languages = config["languages"]
    # Loaded while the build gets the pages ready.
    cache = AnalysisCache(config["cache"], fields, config["cache_temporary"], languages[0])
    try:
        documents = cache.analysed(received(stream))
        figures = write_analysed(documents, config["boosts"], out, config["shard_bytes"],
                                 config["kind_boosts"], languages,
                                 config["language_names"])  # fmt: skip
    except BaseException as error:
        cache.discard()
        if isinstance(error, EOFError):
            return 1  # the build stopped: it says why
        raise
    cache.save()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
