"""The search index's own process: reads the site's pages from its standard input (pickled:
the settings it needs, then one tuple per page, then None), and writes the index.

The index needs every page's text, so it cannot start before all content is read, and
nothing else needs it, so the pages need not wait for it: in its own process it takes the
core that Pelican, which writes pages on one, leaves idle. A fresh interpreter rather than a
fork of the build, because a fork ends up holding a copy of much of the build's memory (each
side's writes split the pages they share): 150 MB more at 10,000 articles.

Run by search_index.py as `python -m search_index.index_process`; exits 1 with the reason on
standard error if the index cannot be written.
"""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from search_index.index_files import write_index


def plain_text(html) -> str:
    """Return the readable text of an HTML fragment, white space collapsed."""
    return Markup(str(html or "")).striptags()


def search_document(kind, title, url, summary, body, iso_date=None) -> dict:
    """Return one document: its indexed fields and what its search result shows."""
    date = datetime.fromisoformat(iso_date) if iso_date else None
    summary_text = plain_text(summary)
    body_text = plain_text(body)
    return {
        "kind": kind,
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


def main() -> int:
    stream = sys.stdin.buffer
    config = pickle.load(stream)
    out = Path(config["output"]) / config["index_dir"]
    shutil.rmtree(out, ignore_errors=True)
    documents = (search_document(*page) for page in received(stream))
    try:
        figures = write_index(documents, config["boosts"], out, config["shard_bytes"])
    except EOFError:
        return 1
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
