"""Unit tests for plugins/search_index: our weights are lunr.py's (document boosts included)
in every language's analysis, shard keys cover every term, the words for corrections are
grouped so a reader's word needs few files, an index is written per language."""

from __future__ import annotations

import json
import random

import pytest
from lunr.builder import Builder

from plugins.search.search_index.analysis import ENGLISH, FOLDED, MALTESE, terms_of, tokens_of
from plugins.search.search_index.index_files import (
    TermWeights,
    file_name_of,
    new_builder,
    shard_key_of,
    shard_keys,
    word_groups,
    write_index,
)

BOOSTS = {"title": 10, "summary": 3, "body": 1}


def sample_documents(count=60, seed=3):
    rng = random.Random(seed)
    words = "nurse nurses care cancer Saħħtek Għal Lương day days hospital x-ray covid-19 the"
    words = [*words.split(), "and", "training", "pathway", "98.11%", "ta'", "tal-isptar"]
    words += ["f\u2019G\u0127awdex", "dipartiment", "Bệnh", "viện", "Đà"]
    words += [f"word{n}" for n in range(200)]
    return [
        {field: " ".join(rng.choices(words, k=rng.randint(0, 60))) for field in BOOSTS}
        for _ in range(count)
    ]


def undo_gaps(flat) -> list[tuple[int, int]]:
    """[(document, weight)] from the flat list [document gap, weight, ...]."""
    pairs, document = [], 0
    for position in range(0, len(flat), 2):
        document += flat[position]
        pairs.append((document, flat[position + 1]))
    return pairs


@pytest.mark.parametrize("analysis", [ENGLISH, MALTESE, FOLDED])
def test_our_weights_are_lunr_py_field_vectors_exactly(analysis):
    documents = sample_documents()
    document_boosts = random.Random(5).choices([1, 2, 1.5, 3, 0.7], k=len(documents))
    ours = TermWeights(BOOSTS)
    for document, boost in zip(documents, document_boosts, strict=True):
        ours.add([terms_of(document[field], analysis) for field in BOOSTS], boost)
    postings = ours.postings()

    theirs = new_builder(Builder, BOOSTS, analysis)
    for ref, (document, boost) in enumerate(zip(documents, document_boosts, strict=True)):
        fields = {f: tokens_of(document[f], analysis) for f in BOOSTS}
        theirs.add({"ref": str(ref), **fields}, {"boost": boost})
    index = theirs.build()

    assert ours.term_ids == {t: p["_index"] for t, p in index.inverted_index.items()}
    expected = {}
    for field_ref, vector in index.field_vectors.items():
        field, ref = field_ref.split("/")
        elements = vector.elements
        for position in range(0, len(elements), 2):
            expected[(elements[position], field, int(ref))] = round(elements[position + 1] * 1000)
    got = {
        (term_id, field, document): weight
        for term_id, by_field in enumerate(postings)
        for field, flat in zip(BOOSTS, by_field, strict=True)
        for document, weight in undo_gaps(flat)
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


def test_word_groups_split_a_big_letter_by_length():
    entries = [[f"m{'a' * n}{i}", "t", 1] for n in range(3, 9) for i in range(20)]
    entries += [["nurse", "nurs", 4], ["ħabib", "habib", 1]]
    groups = word_groups(entries, budget=400)
    assert groups["n"] == [["nurse", "nurs", 4]] and "ħ" in groups
    assert "m" not in groups and {f"m{len(entries[0][0])}", "m9"} <= set(groups)
    assert all(entry[0].startswith(key[0]) for key, group in groups.items() for entry in group)
    assert sorted(e for group in groups.values() for e in group) == sorted(entries)


def test_each_language_has_its_own_index_and_old_files_go(tmp_path):
    out = tmp_path / "data"
    (out / "shards").mkdir(parents=True)
    (out / "meta.json").write_text("{}", encoding="utf-8")  # an index of the format before
    (out / "de").mkdir()  # a language no longer published
    documents = [
        {"lang": lang, "kind": "news", "year": 2026, "title": title, "summary": "", "body": body,
         "result": {"title": title}}
        for lang, title, body in [
            ("en", "Nurses", "The department of health"),
            ("mt", "Infermiera", "Id-dipartiment tas-saħħa ta\u2019 Malta"),
            ("en", "Wards", "Days on the wards"),
        ]
    ]  # fmt: skip
    figures = write_index(documents, BOOSTS, out, 24_000, None, ["en", "mt", "vi"],
                          {"en": "English", "mt": "Malti"})  # fmt: skip
    assert figures["documents"] == 3 and figures["languages"] == 3
    assert sorted(path.name for path in out.iterdir()) == ["en", "languages.json", "mt", "vi"]
    listed = json.loads((out / "languages.json").read_text(encoding="utf-8"))
    assert listed["default"] == "en"
    assert [(lang["code"], lang["name"], lang["documents"]) for lang in listed["languages"]] == [
        ("en", "English", 2), ("mt", "Malti", 1), ("vi", "vi", 0)
    ]  # fmt: skip
    maltese = json.loads((out / "mt/meta.json").read_text(encoding="utf-8"))
    assert maltese["analysis"] == "maltese" and len(maltese["docs"]) == 1
    shards = [out / f"mt/shards/{name}.json" for name in maltese["shards"].values()]
    terms = {entry[0] for shard in shards for entry in json.loads(shard.read_text("utf-8"))}
    assert terms == {"infermiera", "dipartiment", "sahha", "malta"}  # no "ta", "id", "tas"
    empty = json.loads((out / "vi/meta.json").read_text(encoding="utf-8"))
    assert empty["docs"] == [] and empty["shards"] == {} and empty["analysis"] == "folded"
