"""The search index: what it holds, that the browser's code reads it as lunr.py wrote it, that
splitting it changes no ranking, and that readers' spellings and typing find what they mean.
The browser's code (theme/static/js/search-core.js) runs in Node through tests/search/search.js."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, build

from plugins.search.search_index.analysis import term_of, tokens_of
from plugins.search.search_index.index_files import monolithic_index

SEARCH_JS = ROOT / "tests/search/search.js"
BOOSTS = {"title": 10, "summary": 3, "body": 1}


def node(request: dict):
    """Run the site's search code in Node on `request`; return its answer."""
    result = subprocess.run(
        ["node", str(SEARCH_JS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def index_dir(site) -> Path:
    return site.root / "search/data"


def indexed_documents(site) -> list[dict]:
    """The documents as the index holds them, in the index's order."""
    meta = json.loads((index_dir(site) / "meta.json").read_text(encoding="utf-8"))
    return [
        json.loads((index_dir(site) / f"docs/{ref}.json").read_text(encoding="utf-8"))
        for ref in range(len(meta["docs"]))
    ]


def split_search(site, queries):
    return node({"mode": "split", "index": str(index_dir(site)), "queries": queries})


def urls_found(site, query) -> list[str]:
    documents = indexed_documents(site)
    return [documents[int(ref)]["url"] for ref, _ in split_search(site, [query])[query]]


def whole_index_file(site, tmp_path) -> Path:
    """One lunr.py index of the same documents, with the same pipeline."""
    documents = [
        {"title": d["title"], "summary": d["summary"], "body": d["text"]}
        for d in indexed_documents(site)
    ]
    path = tmp_path / "whole-index.json"
    path.write_text(json.dumps(monolithic_index(documents, BOOSTS)), encoding="utf-8")
    return path


def test_index_holds_every_public_page_once(site):
    urls = [document["url"] for document in indexed_documents(site)]
    assert len(urls) == len(set(urls))
    articles = {site.url_of(p) for p in site.root.glob("news/*/*/index.html")}
    articles = {url for url in articles if re.fullmatch(r"news/\d{4}/[^/]+/", url)}
    expected = (
        articles
        | {"office/"}
        | {f"directorates/{p.parent.name}/" for p in site.root.glob("directorates/*/index.html")}
    )
    expected |= {f"{slug}/" for slug in ["contact", "visiting", "accessibility", "privacy"]}
    assert expected <= set(urls)
    kinds = Counter(document["kind"] for document in indexed_documents(site))
    assert kinds["news"] == len(articles) and kinds["directorate"] == 5 and kinds["office"] == 1


def test_drafts_hidden_pages_and_future_news_stay_out_of_the_index(content_copy, tmp_path):
    token = "Quillowmarsh"
    for name, extra in [("draft", "status: draft\n"), ("future", "")]:
        date = "2099-01-01 10:00" if name == "future" else "2026-01-05 10:00"
        news = content_copy / "news" / date[:4]
        news.mkdir(exist_ok=True)
        (news / f"{date[:10]}-{name}-item.md").write_text(
            f"---\ntitle: {token} {name}\ndate: {date}\nauthors: [A]\nsummary: {token}.\n"
            f"{extra}---\n{token} body.\n",
            encoding="utf-8",
        )
    (content_copy / "pages/hidden-page.md").write_text(
        f"---\ntitle: {token} hidden\nstatus: hidden\nsummary: {token}.\n"
        "last_reviewed: 2026-01-01\nnext_review: 2027-01-01\n---\nBody.\n",
        encoding="utf-8",
    )
    site = build(content_copy, tmp_path / "output", "publishconf.py")
    every_file = "".join(
        path.read_text(encoding="utf-8") for path in index_dir(site).rglob("*.json")
    )
    assert token.lower() not in every_file.lower()
    assert not (site.root / "news/2099").exists()


def test_python_and_the_browser_turn_words_into_the_same_terms(site):
    words = set()
    for document in indexed_documents(site):
        text = " ".join([document["title"], document["summary"], document["text"]])
        words.update(tokens_of(text))
    words.update(["Għal", "SAĦĦTEK", "Lương", "ĐÀ", "Nẵng", "Straße", "naïve", "«quoted»", "ħabib"])
    words.update(["Ελληνικά", "νοσοκομείο", "больница", "医院", "ﬁnancial", "Ⅻ", "x²", "façade"])
    answer = node({"mode": "terms", "words": sorted(words)})
    different = {
        word: (term_of(word.lower()) or "", answer[word])
        for word in words
        if (term_of(word.lower()) or "") != answer[word]
    }
    assert not different
    assert len(words) > 1000


def test_the_stemmer_agrees_with_lunr_js_on_its_own_vocabulary_and_final_y():
    vocabulary = json.loads(
        (ROOT / "node_modules/lunr/test/fixtures/stemming_vocab.json").read_text(encoding="utf-8")
    )
    words = [*sorted(vocabulary), "days", "cry", "by", "say", "journeys", "happy", "toy", "ply"]
    answer = node({"mode": "terms", "words": words})
    assert {word: term_of(word) or "" for word in words} == answer


QUERIES = [
    "nurse",
    "nurses training",
    "cancer care",
    "dar kenn ghal sahhtek",
    "Saħħtek",
    "luong y nhu tu mau",
    "Lương y như từ mẫu",
    "smart health",
    "hosp",
    "physio",
    "rehab",
    "patients rights",
    "waiting times x-ray",
    "health information",
    "statistics report",
    "the",
    "98.11%",
]


@pytest.mark.parametrize("shard_bytes", [None, 400])
def test_split_index_ranks_exactly_as_one_whole_lunr_index(site, tmp_path, shard_bytes):
    if shard_bytes:  # many small shards, split to three and more letters
        site = build(
            ROOT / "content",
            tmp_path / "output",
            "pelicanconf.py",
            f"SEARCH_SHARD_BYTES={shard_bytes}",
        )
        meta = json.loads((index_dir(site) / "meta.json").read_text(encoding="utf-8"))
        assert max(len(key) for key in meta["shards"]) >= 3
    split = split_search(site, QUERIES)
    whole = node(
        {"mode": "whole", "index": str(whole_index_file(site, tmp_path)), "queries": QUERIES}
    )
    for query in QUERIES:
        assert [ref for ref, _ in split[query]] == [ref for ref, _ in whole[query]], query
        assert [score for _, score in split[query]] == pytest.approx(
            [score for _, score in whole[query]], rel=1e-12
        )
    assert sum(1 for query in QUERIES if split[query]) >= len(QUERIES) - 1  # all but "the"


def test_every_document_is_found_by_a_distinctive_word_from_the_middle_of_its_text(site):
    documents = indexed_documents(site)
    frequency = Counter()
    for document in documents:
        frequency.update({term_of(word) for word in tokens_of(document["text"])})
    queries = {}
    for ref, document in enumerate(documents):
        words = tokens_of(document["text"])
        middle = words[len(words) // 3 : 2 * len(words) // 3] or words
        rare = [w for w in middle if w.isalpha() and term_of(w) and frequency[term_of(w)] <= 3]
        assert rare, document["url"]
        queries[rare[len(rare) // 2]] = str(ref)
    found = split_search(site, list(queries))
    missed = [q for q, ref in queries.items() if ref not in [r for r, _ in found[q]]]
    assert not missed


def test_readers_spellings_find_the_same_pages(site):
    assert urls_found(site, "Dar Kenn Ghal Sahhtek") == urls_found(site, "Dar Kenn Għal Saħħtek")
    assert urls_found(site, "dar kenn")[0] == "directorates/dar-kenn-ghal-sahhtek/"
    assert "news/2019/smart-health-working-session/" in urls_found(site, "luong y nhu tu mau")
    assert "news/2019/smart-health-working-session/" in urls_found(site, "LƯƠNG")
    assert urls_found(site, "NURSING") == urls_found(site, "nursing")


def test_prefixes_match_while_typing_and_more_words_narrow(site):
    assert "directorates/allied-healthcare-professions/" in urls_found(site, "physio")
    both = set(urls_found(site, "cancer nurse"))
    assert both and both <= set(urls_found(site, "cancer")) | set(urls_found(site, "nurse"))
    assert len(urls_found(site, "cancer nurse navigator")) <= len(both)


@pytest.mark.parametrize(
    "query",
    ["covid-19", "a:b", "+", "-", "~", "*", "**", '"', '"nurse', "nurse~2", "title:nurse",
     "^", "\\", "x" * 5000, "nurse " * 400, "", "   ", "🙂", "中文", "ħ"],
)  # fmt: skip
def test_punctuation_and_query_syntax_never_break_search(site, query):
    answer = split_search(site, [query])
    assert isinstance(answer[query], list)


def test_query_syntax_characters_are_read_as_words(site):
    assert urls_found(site, "title:nurse") == []  # one word, "title:nurse", not a field query
    assert urls_found(site, "+nurse") == urls_found(site, "nurse")
    assert urls_found(site, '"nurse"') == urls_found(site, "nurse")


def test_snippet_highlights_the_matched_words_whatever_their_spelling():
    pieces = node(
        {
            "mode": "snippet",
            "text": "Families stay at Dar Kenn Għal Saħħtek, near the hospital.",
            "query": "sahhtek hospitals",
        }
    )
    assert [piece["text"] for piece in pieces if piece["match"]] == ["Saħħtek", "hospital"]
