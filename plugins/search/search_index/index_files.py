"""The search index, split so that a reader's browser downloads only what a query needs.

One lunr index over the whole site grows to megabytes at 10,000 articles, and lunr.js must
parse all of it before the first result. Each language has an index of its own (its words are
analysed its own way, analysis.py), in a folder named after its code, listed in
`languages.json` with its name (LANGUAGE_NAMES) and the default language first. In each:

- `meta.json`: the language and its analysis, the fields, each document's kind and year (for
  the filters), and the list of shard keys;
- `shards/<key>.json`: the terms that start with `key`, each with its postings: for every
  field, the documents holding the term and the term's weight in that document's field
  vector;
- `docs/<n>.json`: what a result shows: title, address, kind, date, summary and text (its
  blocks, such as paragraphs, list items and table cells, one a line);
- `words/<key>.json`: the site's own words before stemming, by first letter (and by length
  where a letter has too many), each with its term, the number of documents holding it and,
  where it differs from the folded word, how the site spells it: the browser corrects a
  mistyped word from them and says "Did you mean …?".

lunr.js scores a document by the dot product of the query vector with the document's field
vectors, divided by the query vector's length; only the entries of the query's own terms take
part. The browser rebuilds a lunr.Index from the shards its query needs, holding exactly those
entries, so it ranks documents exactly as the whole index would (the tests compare the two).

The weights are lunr.py's field vectors: `TermWeights` computes the same BM25 weights from
terms that have already been through our pipeline (analysis.py), straight into the shards'
shape, each document boosted by its kind as lunr's document boost does (a directorate above
the news that mentions it). Each document is analysed once (`analysed`); index_process.py
keeps the analyses between builds.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lunr.builder import Builder

from .analysis import (
    ENGLISH,
    analysis_of,
    index_pipeline,
    spelling_of,
    surface_of,
    term_of,
    tokens_of,
)

FORMAT_VERSION = 3
_LUNR_BUILDER = Builder()
K1, B = _LUNR_BUILDER._k1, _LUNR_BUILDER._b  # lunr's BM25 parameters, read from lunr.py


class TermIds(dict):
    """Each term's id, in order of first appearance (lunr's "_index"): looking up a new term
    gives it the next id. Looked up by `map`, so known terms cost no Python call."""

    def __missing__(self, term: str) -> int:
        term_id = self[term] = len(self)
        return term_id


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
        self.term_ids = TermIds()
        self.field_texts: list[tuple[int, int, array, array]] = []  # field, doc, ids, counts
        self.length_sums = [0] * len(boosts)
        self.document_count = 0
        self.document_boosts: list[float] = []

    def add(self, terms_by_field: list[list[str]], boost: float = 1) -> None:
        """Add the next document (numbered from 0), its terms field by field."""
        self.add_counted([counted(terms) for terms in terms_by_field], boost)

    def add_counted(self, fields: list[tuple[list[str], array]], boost: float = 1) -> None:
        """Add the next document, each field as (its distinct terms in order of first
        appearance, their counts): what `counted` returns; `boost` is lunr's document
        boost."""
        document = self.document_count
        self.document_count += 1
        self.document_boosts.append(boost)
        for field, (terms, counts) in enumerate(fields):
            ids = array("I", map(self.term_ids.__getitem__, terms))
            self.field_texts.append((field, document, ids, counts))
            self.length_sums[field] += sum(counts)

    def idfs(self) -> list[float]:
        """lunr's inverse document frequency (lunr.idf) of each term, by id: from the number
        of (field, document) pairs holding it."""
        with_term = Counter()
        for _, _, ids, _ in self.field_texts:
            with_term.update(ids)
        count = self.document_count
        return [
            math.log(1 + abs((count - with_term[term_id] + 0.5) / (with_term[term_id] + 0.5)))
            for term_id in range(len(self.term_ids))
        ]

    def postings(self) -> list[list[array]]:
        """Return, by term id and field, the flat list [document gap, weight x 1000, ...]
        with documents in increasing order. Once only: each document's terms are let go as
        its weights are made, so the two are never all in memory together."""
        fields = len(self.boosts)
        if not self.document_count:  # a language with no pages yet
            return []
        averages = [total / self.document_count for total in self.length_sums]
        idfs = self.idfs()
        by_field = [[array("i") for _ in idfs] for _ in range(fields)]
        previous = [[0] * len(idfs) for _ in range(fields)]
        k1_plus_1 = K1 + 1
        texts, self.field_texts = self.field_texts, []
        for position, (field, document, ids, counts) in enumerate(texts):
            texts[position] = None
            if not ids:  # no weights; and the field may be empty everywhere (average 0)
                continue
            norm = K1 * (1 - B + B * (sum(counts) / averages[field]))
            boost = self.boosts[field]
            document_boost = self.document_boosts[document]  # lunr multiplies in this order
            # lunr.py rounds each weight w to three decimals; in thousandths, that is
            # round(round(w, 3) * 1000), the integer nearest to w * 1000 (ties to even), and
            # the decimal rounding took a quarter of this loop's time. The float product
            # p = w * 1000 is within 2e-10 of w * 1000 (weights are below 1,000), so where p
            # is less than 0.4999 from round(p), round(p) is that integer; a near tie is
            # rounded lunr.py's way.
            weights = [
                whole if -0.4999 < (p := idfs[term] * (k1_plus_1 * tf) / (norm + tf) * boost
                                    * document_boost * 1000) - (whole := round(p)) < 0.4999
                else round(round(idfs[term] * (k1_plus_1 * tf) / (norm + tf) * boost
                                 * document_boost, 3) * 1000)
                for term, tf in zip(ids, counts, strict=True)
            ]  # fmt: skip
            flats, before = by_field[field], previous[field]
            for term, weight in zip(ids, weights, strict=True):
                flats[term].extend((document - before[term], weight))
                before[term] = document
        return [[by_field[field][term] for field in range(fields)] for term in range(len(idfs))]


def new_builder(builder_class, boosts: dict[str, float], analysis: str = ENGLISH):
    builder = builder_class()
    builder.pipeline = index_pipeline(analysis)
    builder.ref("ref")
    for field_name, boost in boosts.items():
        builder.field(field_name, boost=boost)
    return builder


def document_boost(kind: str, kind_boosts: dict[str, float] | None) -> float:
    """Return lunr's document boost for a document of this kind (1 if none is set)."""
    return (kind_boosts or {}).get(kind, 1)


def monolithic_index(
    documents: list[dict],
    boosts: dict[str, float],
    kind_boosts: dict[str, float] | None = None,
    analysis: str = ENGLISH,
) -> dict:
    """Return one lunr.py index over all documents of one language, serialised for lunr.js.

    The reference the split index of that language must agree with (tests and `make
    bench`); not published. Documents are fed to lunr.py's own Builder.add as lists of
    words, so lunr.py runs the language's pipeline on them, each with its kind's boost as
    lunr's document boost."""
    builder = new_builder(Builder, boosts, analysis)
    for ref, document in enumerate(documents):
        fields = {field: tokens_of(document.get(field) or "", analysis) for field in boosts}
        boost = document_boost(document.get("kind", ""), kind_boosts)
        builder.add({"ref": str(ref), **fields}, {"boost": boost})
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


def counted(terms: list[str]) -> tuple[list[str], array]:
    """Return a field's distinct terms, in order of first appearance, and their counts."""
    frequencies = Counter(terms)
    return list(frequencies), array("I", frequencies.values())


@dataclass
class AnalysedDocument:
    """What the index keeps of a document: its filters, its result as JSON, its fields as
    `counted` terms and its distinct words as the site spells them (`spelling_of`); terms
    and words joined by spaces, which none holds, because one string is smaller and faster
    to keep between builds than a list."""

    kind: str
    year: int
    result_json: str
    fields: list[tuple[str, array]]
    spellings: str
    lang: str

    def counted_fields(self) -> list[tuple[list[str], array]]:
        return [(terms.split(" ") if terms else [], counts) for terms, counts in self.fields]


def analysed(document: dict, fields: list[str], default_lang: str = "en") -> AnalysedDocument:
    """Analyse a document: a dict with the fields named in `fields` (text) and `kind`,
    `year`, `result` (what docs/<n>.json shows), and `lang` (`default_lang` if it has
    none), which says how its words are analysed."""
    lang = document.get("lang") or default_lang
    analysis = analysis_of(lang)
    tokens_by_field = [tokens_of(document.get(field) or "", analysis) for field in fields]
    counted_fields = [
        counted([term for term in (term_of(token, analysis) for token in tokens) if term])
        for tokens in tokens_by_field
    ]
    spellings = dict.fromkeys(
        spelling
        for tokens in tokens_by_field
        for spelling in (spelling_of(token, analysis) for token in tokens)
        if spelling
    )
    return AnalysedDocument(
        kind=document["kind"],
        year=document.get("year") or 0,
        result_json=compact_json(document["result"]),
        fields=[(" ".join(terms), counts) for terms, counts in counted_fields],
        spellings=" ".join(spellings),
        lang=lang,
    )


class Vocabulary:
    """The site's words for corrections: how many documents hold each folded word, and each
    of its spellings."""

    def __init__(self, analysis: str = ENGLISH):
        self.analysis = analysis
        self.surfaces: Counter[str] = Counter()
        self.spellings: Counter[str] = Counter()

    def add(self, spellings: str) -> None:
        """Add the words of the next document (AnalysedDocument.spellings)."""
        words = spellings.split(" ") if spellings else []
        self.spellings.update(words)
        self.surfaces.update({surface_of(word) for word in words})

    def entries(self) -> list[list]:
        """Return [folded word, term, documents] for each word, with the spelling the site
        uses most where it is not the folded word, in the order of the folded words."""
        shown: dict[str, tuple[int, str]] = {}
        for spelling, count in self.spellings.items():
            surface = surface_of(spelling)
            if surface not in shown or (-count, spelling) < shown[surface]:
                shown[surface] = (-count, spelling)
        entries = []
        for surface in sorted(self.surfaces):
            entry = [surface, term_of(surface, self.analysis), self.surfaces[surface]]
            spelling = shown[surface][1]
            entries.append(entry if spelling == surface else [*entry, spelling])
        return entries


def word_groups(entries: list[list], budget: int) -> dict[str, list[list]]:
    """Group the vocabulary by first letter; a letter whose group is larger than `budget`
    bytes of JSON is split by word length, the key then being the letter and the length
    ("m7"). A reader's word is compared with words of its own first letter and of a length
    near its own, so it needs one file, or a few of one letter."""
    by_letter: dict[str, list[list]] = defaultdict(list)
    for entry in entries:
        by_letter[entry[0][0]].append(entry)
    groups: dict[str, list[list]] = {}
    for letter, group in by_letter.items():
        if len(compact_json(group)) <= budget:
            groups[letter] = group
            continue
        for entry in group:
            groups.setdefault(f"{letter}{len(entry[0])}", []).append(entry)
    return groups


class Folder:
    """Writes the files of one folder of the index, each by a rename (a reader of the
    preview, which serves the folder while a new index is written, never sees half a file);
    then `remove_others` removes the files it did not write."""

    def __init__(self, path: Path):
        self.path = path
        self.written: set[str] = set()
        path.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, text: str) -> None:
        self.written.add(name)
        temporary = self.path / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.path / name)

    def remove_others(self) -> None:
        for path in self.path.iterdir():
            if path.name not in self.written:
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def write_index(
    documents: Iterable[dict],
    boosts: dict[str, float],
    out: Path,
    budget: int,
    kind_boosts: dict[str, float] | None = None,
    languages: list[str] | None = None,
    language_names: dict[str, str] | None = None,
) -> dict:
    """Write the split index of `documents` (dicts, see `analysed`) under `out`; return
    figures for the build log."""
    fields = list(boosts)
    default_lang = (languages or ["en"])[0]
    return write_analysed((analysed(document, fields, default_lang) for document in documents),
                          boosts, out, budget, kind_boosts, languages,
                          language_names)  # fmt: skip


def folder_of(lang: str) -> str:
    """Return the folder of a language's index: its code, if it is a plain one."""
    return lang if re.fullmatch(r"[A-Za-z0-9-]+", lang) else file_name_of(lang)


class LanguageIndex:
    """The split index of one language, written into its folder as its documents come."""

    def __init__(self, lang: str, boosts: dict[str, float], out: Path, budget: int,
                 kind_boosts: dict[str, float] | None):  # fmt: skip
        self.lang = lang
        self.analysis = analysis_of(lang)
        self.boosts = boosts
        self.out = out
        self.budget = budget
        self.kind_boosts = kind_boosts
        self.weights = TermWeights(boosts)
        self.vocabulary = Vocabulary(self.analysis)
        self.filters: list[tuple[str, int]] = []
        self.docs = Folder(out / "docs")

    def add(self, document: AnalysedDocument) -> None:
        ref = len(self.filters)
        boost = document_boost(document.kind, self.kind_boosts)
        self.weights.add_counted(document.counted_fields(), boost)
        self.vocabulary.add(document.spellings)
        self.filters.append((document.kind, document.year))
        self.docs.write(f"{ref}.json", document.result_json)

    def finish(self) -> dict:
        """Write the words, the shards and meta.json; return the figures."""
        self.docs.remove_others()
        word_files = Folder(self.out / "words")
        words = word_groups(self.vocabulary.entries(), self.budget)
        self.vocabulary = None
        for key, group in words.items():
            word_files.write(f"{file_name_of(key)}.json", compact_json(group))
        word_files.remove_others()
        entries = term_entries(self.weights)
        term_count = len(entries)
        self.weights = None
        keys = shard_keys({term: len(entry) for term, entry in entries.items()}, self.budget)

        shards: dict[str, list] = defaultdict(list)
        for term in sorted(entries):
            shards[shard_key_of(term, keys)].append(entries.pop(term))
        shard_files = Folder(self.out / "shards")
        for key, shard in shards.items():
            shard_files.write(f"{file_name_of(key)}.json", "[" + ",".join(shard) + "]")
        shard_files.remove_others()
        kinds = sorted({kind for kind, _ in self.filters})
        meta = {
            "version": FORMAT_VERSION,
            "lang": self.lang,
            "analysis": self.analysis,
            "fields": list(self.boosts),
            "kinds": kinds,
            "docs": [[kinds.index(kind), year] for kind, year in self.filters],
            "shards": {key: file_name_of(key) for key in sorted(shards)},
            "words": {key: file_name_of(key) for key in sorted(words)},
        }
        meta_folder = Folder(self.out)
        meta_folder.write("meta.json", compact_json(meta))
        meta_folder.written |= {"docs", "words", "shards"}
        meta_folder.remove_others()
        return {"documents": len(self.filters), "terms": term_count, "shards": len(shards),
                "word_files": len(words)}  # fmt: skip


def write_analysed(
    documents: Iterable[AnalysedDocument],
    boosts: dict[str, float],
    out: Path,
    budget: int,
    kind_boosts: dict[str, float] | None = None,
    languages: list[str] | None = None,
    language_names: dict[str, str] | None = None,
) -> dict:
    """Write the split index of analysed documents under `out`, one per language: every
    language of `languages` (the default first), even one with no pages yet, so that its
    search page finds an index, and any other that a document is in. Return figures for
    the build log. The documents are taken one at a time, so a generator keeps only one
    document's text in memory."""
    languages = list(languages or ["en"])
    top = Folder(out)
    indexes: dict[str, LanguageIndex] = {}

    def index_of(lang: str) -> LanguageIndex:
        if lang not in indexes:
            indexes[lang] = LanguageIndex(lang, boosts, out / folder_of(lang), budget,
                                          kind_boosts)  # fmt: skip
            top.written.add(folder_of(lang))
        return indexes[lang]

    for lang in languages:
        index_of(lang)
    for document in documents:
        index_of(document.lang).add(document)
    figures = {"documents": 0, "terms": 0, "shards": 0, "word_files": 0}
    listed = []
    for lang, index in indexes.items():
        counts = index.finish()
        for key in figures:
            figures[key] += counts[key]
        listed.append({"code": lang, "name": (language_names or {}).get(lang, lang),
                       "folder": folder_of(lang), "documents": counts["documents"]})  # fmt: skip
    # Last, so that the preview, which serves the folder as it is written, never lists a
    # language whose index is not there yet.
    top.write("languages.json", compact_json({"version": FORMAT_VERSION,
                                              "default": languages[0],
                                              "languages": listed}))  # fmt: skip
    top.remove_others()  # languages no longer published, and the index of format 2
    return {**figures, "languages": len(indexes)}
