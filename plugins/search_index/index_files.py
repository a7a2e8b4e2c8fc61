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
from collections import Counter, defaultdict
from pathlib import Path

from lunr.builder import Builder
from lunr.idf import idf as Idf

from .analysis import index_pipeline, terms_of, tokens_of

FORMAT_VERSION = 1


class TermsBuilder(Builder):
    """lunr.py's Builder, given each field's terms instead of its text."""

    def add_terms(self, doc_ref: str, terms_by_field: dict[str, list[str]]) -> None:
        # The same bookkeeping as Builder.add, in the same order, minus tokenising.
        self._documents[doc_ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            terms = terms_by_field.get(field_name) or []
            field_ref = f"{field_name}/{doc_ref}"
            frequencies = Counter(terms)
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in frequencies:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = {}

    def weighted_postings(self) -> dict[str, dict[str, list[tuple[int, int]]]]:
        """Return, for each term and field, [(document, weight x 1000)] by document.

        The weights are the entries of lunr.py's field vectors (Builder._create_field_vectors):
        the same BM25 formula, operations in the same order, rounded the same way. lunr.py
        stores them in Vector objects, one sorted insert at a time, which takes minutes at
        10,000 articles; the shards need them by term, so they are computed straight into that
        shape. tests/plugins/test_search_index_weights.py compares the two on every
        weight."""
        self._calculate_average_field_lengths()
        k1, b = self._k1, self._b
        idf_of: dict[str, float] = {}
        postings: dict[str, dict[str, list]] = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            field_name, doc_ref = field_ref.split("/", 1)
            document = int(doc_ref)
            field_length = self.field_lengths[field_ref]
            average = self.average_field_length[field_name]
            field_boost = self._fields[field_name].boost
            doc_boost = self._documents[doc_ref].get("boost", 1)
            for term, tf in frequencies.items():
                idf = idf_of.get(term)
                if idf is None:
                    idf = idf_of[term] = Idf(self.inverted_index[term], self.document_count)
                score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (field_length / average)) + tf)
                score *= field_boost
                score *= doc_boost
                by_field = postings.get(term)
                if by_field is None:
                    by_field = postings[term] = {name: [] for name in self._fields}
                by_field[field_name].append((document, round(round(score, 3) * 1000)))
        return postings


def new_builder(builder_class, boosts: dict[str, float]):
    builder = builder_class()
    builder.pipeline = index_pipeline()
    builder.ref("ref")
    for field_name, boost in boosts.items():
        builder.field(field_name, boost=boost)
    return builder


def document_terms(documents: list[dict], fields) -> list[dict[str, list[str]]]:
    """Return each document's index terms, field by field."""
    return [
        {field: terms_of(document.get(field) or "") for field in fields} for document in documents
    ]


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


def shard_entries(builder: TermsBuilder, fields) -> dict[str, list]:
    """Return each term's shard entry: [term, term index, then per field the flat list
    [document gap, weight x 1000, ...]] with documents in increasing order."""
    entries = {}
    for term, by_field in builder.weighted_postings().items():
        entry = [term, builder.inverted_index[term]["_index"]]
        for field in fields:
            flat, previous = [], 0
            for document, weight in by_field[field]:
                flat += [document - previous, weight]
                previous = document
            entry.append(flat)
        entries[term] = entry
    return entries


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_index(documents: list[dict], boosts: dict[str, float], out: Path, budget: int) -> dict:
    """Write the split index of `documents` under `out`; return figures for the build log.

    Each document is a dict with the fields named in `boosts` (text) and `kind`, `year`,
    `result` (what docs/<n>.json shows)."""
    fields = list(boosts)
    builder = new_builder(TermsBuilder, boosts)
    for ref, terms in enumerate(document_terms(documents, fields)):
        builder.add_terms(str(ref), terms)
    entries = shard_entries(builder, fields)
    sizes = {term: len(compact_json(entry)) for term, entry in entries.items()}
    keys = shard_keys(sizes, budget)

    shards: dict[str, list] = defaultdict(list)
    for term in sorted(entries):
        shards[shard_key_of(term, keys)].append(entries[term])
    (out / "shards").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    for key, shard in shards.items():
        (out / "shards" / f"{file_name_of(key)}.json").write_text(
            compact_json(shard), encoding="utf-8"
        )
    for ref, document in enumerate(documents):
        (out / "docs" / f"{ref}.json").write_text(
            compact_json(document["result"]), encoding="utf-8"
        )
    kinds = sorted({document["kind"] for document in documents})
    meta = {
        "version": FORMAT_VERSION,
        "fields": fields,
        "kinds": kinds,
        "docs": [[kinds.index(doc["kind"]), doc.get("year") or 0] for doc in documents],
        "shards": {key: file_name_of(key) for key in sorted(shards)},
    }
    (out / "meta.json").write_text(compact_json(meta), encoding="utf-8")
    return {"documents": len(documents), "terms": len(entries), "shards": len(shards)}
