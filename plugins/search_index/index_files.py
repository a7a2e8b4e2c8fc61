"""The search index, split so that a reader's browser downloads only what a query needs.

One lunr index over the whole site grows to megabytes at 10,000 articles, and lunr.js must
parse all of it before the first result. So the index is written as:

- `meta.json`: the fields, each document's kind and year (for the filters), and the list of
  shard keys;
- `shards/<key>.json`: the terms that start with `key`, each with its postings: for every
  field, the documents holding the term and the term's weight in that document's field
  vector;
- `docs/<n>.json`: what a result shows: title, address, kind, date, summary and text.

lunr.js scores a document by the dot product of the query vector with the document's field
vectors, divided by the query vector's length; only the entries of the query's own terms take
part. The browser rebuilds a lunr.Index from the shards its query needs, holding exactly those
entries, so it ranks documents exactly as the whole index would (the tests compare the two).

The weights are lunr.py's: `TermsBuilder` is lunr.py's Builder, fed with terms that have
already been through our pipeline once per distinct word (analysis.py), and computing the
same BM25 weights as its field vectors straight into the shards' shape (`weighted_postings`).
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from lunr.builder import Builder

from .analysis import index_pipeline, terms_of, tokens_of

FORMAT_VERSION = 1
_LUNR_BUILDER = Builder()
K1, B = _LUNR_BUILDER._k1, _LUNR_BUILDER._b  # lunr's BM25 parameters, read from lunr.py


class TermWeights:
    """The BM25 weights of lunr.py's field vectors, computed term by term for the shards.

    lunr.py's Builder keeps a dict for every (term, field, document) and a Vector per field,
    filled one sorted insert at a time: minutes and gigabytes at 10,000 articles. This keeps
    what the weights need in arrays (each field of each document: its term ids and counts)
    and gives the same numbers: the same term order, the same formula, operations in the same
    order, rounded the same way. tests/plugins/test_search_index_weights.py compares every
    weight with lunr.py's."""

    def __init__(self, boosts: dict[str, float]):
        self.boosts = list(boosts.values())
        self.term_ids: dict[str, int] = {}  # in order of first appearance: lunr's "_index"
        self.documents_with_term = array("I")  # (field, document) pairs holding the term
        self.field_texts: list[tuple[int, int, array, array]] = []  # field, doc, ids, counts
        self.length_sums = [0] * len(boosts)
        self.document_count = 0

    def add(self, terms_by_field: list[list[str]]) -> None:
        """Add the next document (numbered from 0), its terms field by field."""
        document = self.document_count
        self.document_count += 1
        for field, terms in enumerate(terms_by_field):
            frequencies = Counter(terms)
            ids, counts = array("I"), array("I")
            for term, count in frequencies.items():
                term_id = self.term_ids.setdefault(term, len(self.term_ids))
                if term_id == len(self.documents_with_term):
                    self.documents_with_term.append(0)
                self.documents_with_term[term_id] += 1
                ids.append(term_id)
                counts.append(count)
            self.field_texts.append((field, document, ids, counts))
            self.length_sums[field] += len(terms)

    def idf(self, term_id: int) -> float:
        """lunr's inverse document frequency (lunr.idf), from the count kept here."""
        with_term = self.documents_with_term[term_id]
        x = (self.document_count - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(x))

    def postings(self) -> list[list[array]]:
        """Return, by term id and field, the flat list [document gap, weight x 1000, ...]
        with documents in increasing order."""
        fields = len(self.boosts)
        averages = [total / self.document_count for total in self.length_sums]
        idfs = [self.idf(term_id) for term_id in range(len(self.documents_with_term))]
        postings = [[array("i") for _ in range(fields)] for _ in idfs]
        previous = array("i", [0]) * (len(idfs) * fields)
        for field, document, ids, counts in self.field_texts:
            norm = K1 * (1 - B + B * (sum(counts) / averages[field]))
            boost = self.boosts[field]
            for term_id, tf in zip(ids, counts, strict=True):
                score = idfs[term_id] * ((K1 + 1) * tf) / (norm + tf)
                score *= boost  # (lunr then multiplies by the document's boost, always 1)
                flat = postings[term_id][field]
                slot = term_id * fields + field
                flat.extend((document - previous[slot], round(round(score, 3) * 1000)))
                previous[slot] = document
        return postings


def new_builder(builder_class, boosts: dict[str, float]):
    builder = builder_class()
    builder.pipeline = index_pipeline()
    builder.ref("ref")
    for field_name, boost in boosts.items():
        builder.field(field_name, boost=boost)
    return builder


def monolithic_index(documents: list[dict], boosts: dict[str, float]) -> dict:
    """Return one lunr.py index over all documents, serialised for lunr.js.

    The reference the split index must agree with (tests and `make bench`); not published.
    Documents are fed to lunr.py's own Builder.add as lists of words, so lunr.py runs the
    same pipeline on them."""
    builder = new_builder(Builder, boosts)
    for ref, document in enumerate(documents):
        fields = {field: tokens_of(document.get(field) or "") for field in boosts}
        builder.add({"ref": str(ref), **fields})
    return builder.build().serialize()


def shard_key_of(term: str, keys: set[str]) -> str:
    """Return the longest key that `term` starts with."""
    for length in range(len(term), 0, -1):
        if term[:length] in keys:
            return term[:length]
    raise KeyError(term)


def shard_keys(term_sizes: dict[str, int], budget: int) -> set[str]:
    """Choose shard keys: one per first letter, split by the next letter while a shard holds
    more than `budget` bytes and its terms can still be told apart."""
    keys: set[str] = set()
    pending = [(term[:1], term) for term in term_sizes]
    groups: dict[str, list[str]] = defaultdict(list)
    for key, term in pending:
        groups[key].append(term)
    while groups:
        key, terms = groups.popitem()
        longer = [term for term in terms if len(term) > len(key)]
        if sum(term_sizes[term] for term in terms) <= budget or not longer:
            keys.add(key)
            continue
        if len(longer) < len(terms):
            keys.add(key)  # the term that equals the key stays in a shard of its own
        children: dict[str, list[str]] = defaultdict(list)
        for term in longer:
            children[term[: len(key) + 1]].append(term)
        groups.update(children)
    return keys


def file_name_of(key: str) -> str:
    """Return a file name for a shard key: letters and digits as they are, others by code."""
    return "".join(
        char if char.isascii() and char.isalnum() else f"_{ord(char):x}_" for char in key
    )


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def term_entries(weights: TermWeights) -> dict[str, str]:
    """Return each term's shard entry as JSON: [term, term index, then per field the flat
    list of its postings]."""
    postings = weights.postings()
    entries = {}
    for term, term_id in weights.term_ids.items():
        entries[term] = compact_json([term, term_id, *map(list, postings[term_id])])
        postings[term_id] = None  # freed as it goes: the JSON is all that is kept
    return entries


def write_index(
    documents: Iterable[dict], boosts: dict[str, float], out: Path, budget: int
) -> dict:
    """Write the split index of `documents` under `out`; return figures for the build log.

    Each document is a dict with the fields named in `boosts` (text) and `kind`, `year`,
    `result` (what docs/<n>.json shows). They are taken one at a time, so a generator keeps
    only one document's text in memory."""
    fields = list(boosts)
    weights = TermWeights(boosts)
    filters = []
    (out / "docs").mkdir(parents=True, exist_ok=True)
    for ref, document in enumerate(documents):
        weights.add([terms_of(document.get(field) or "") for field in fields])
        filters.append((document["kind"], document.get("year") or 0))
        (out / "docs" / f"{ref}.json").write_text(
            compact_json(document["result"]), encoding="utf-8"
        )
    entries = term_entries(weights)
    term_count = len(entries)
    del weights
    keys = shard_keys({term: len(entry) for term, entry in entries.items()}, budget)

    shards: dict[str, list] = defaultdict(list)
    for term in sorted(entries):
        shards[shard_key_of(term, keys)].append(entries.pop(term))
    (out / "shards").mkdir(parents=True, exist_ok=True)
    for key, shard in shards.items():
        (out / "shards" / f"{file_name_of(key)}.json").write_text(
            "[" + ",".join(shard) + "]", encoding="utf-8"
        )
    kinds = sorted({kind for kind, _ in filters})
    meta = {
        "version": FORMAT_VERSION,
        "fields": fields,
        "kinds": kinds,
        "docs": [[kinds.index(kind), year] for kind, year in filters],
        "shards": {key: file_name_of(key) for key in sorted(shards)},
    }
    (out / "meta.json").write_text(compact_json(meta), encoding="utf-8")
    return {"documents": len(filters), "terms": term_count, "shards": len(shards)}
