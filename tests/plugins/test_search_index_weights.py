"""Unit tests for plugins/search_index: our weights are lunr.py's, shard keys cover every term."""

from __future__ import annotations

import random

from lunr.builder import Builder
from search_index.analysis import tokens_of
from search_index.index_files import (
    TermsBuilder,
    document_terms,
    file_name_of,
    new_builder,
    shard_key_of,
    shard_keys,
)

BOOSTS = {"title": 10, "summary": 3, "body": 1}


def sample_documents(count=60, seed=3):
    rng = random.Random(seed)
    words = "nurse nurses care cancer Saħħtek Għal Lương day days hospital x-ray covid-19 the"
    words = [*words.split(), "and", "training", "pathway", "98.11%"]
    words += [f"word{n}" for n in range(200)]
    return [
        {field: " ".join(rng.choices(words, k=rng.randint(0, 60))) for field in BOOSTS}
        for _ in range(count)
    ]


def test_our_weights_are_lunr_py_field_vectors_exactly():
    documents = sample_documents()
    ours = new_builder(TermsBuilder, BOOSTS)
    for ref, terms in enumerate(document_terms(documents, list(BOOSTS))):
        ours.add_terms(str(ref), terms)
    postings = ours.weighted_postings()

    theirs = new_builder(Builder, BOOSTS)
    for ref, document in enumerate(documents):
        theirs.add({"ref": str(ref), **{f: tokens_of(document[f]) for f in BOOSTS}})
    index = theirs.build()

    assert {t: p["_index"] for t, p in ours.inverted_index.items()} == {
        t: p["_index"] for t, p in index.inverted_index.items()
    }
    expected = {}
    for field_ref, vector in index.field_vectors.items():
        field, ref = field_ref.split("/")
        elements = vector.elements
        for position in range(0, len(elements), 2):
            expected[(elements[position], field, int(ref))] = round(elements[position + 1] * 1000)
    got = {
        (ours.inverted_index[term]["_index"], field, document): weight
        for term, by_field in postings.items()
        for field, pairs in by_field.items()
        for document, weight in pairs
    }
    assert got == expected


def test_shard_keys_give_every_term_one_shard_and_split_big_ones():
    terms = ["a", "ab", "abc", "abd", "b", "ba", "bb", "bbb", "bbc", "ħ", "x1"]
    sizes = {term: 10 for term in terms}
    sizes.update({"bbb": 100, "bbc": 100})
    keys = shard_keys(sizes, budget=60)
    assert {"a", "b", "bb"} <= keys
    assert shard_key_of("bbc", keys) in {"bbc", "bb"}
    assert all(term.startswith(shard_key_of(term, keys)) for term in terms)
    assert len({file_name_of(key) for key in keys}) == len(keys)
    assert file_name_of("ħa") == "_127_a"
