"""The search index: what it holds, that the browser's code reads it as lunr.py wrote it, that
splitting it changes no ranking, and that readers' spellings and typing find what they mean.
The browser's code (theme/static/js/search-core.js) runs in Node through tests/search/search.js,
and through SAME_WORDS below where a query's corrections must be given to the whole index."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build
from pelican.settings import read_settings

from plugins.search.search_index.analysis import (
    ANALYSIS_OF_LANGUAGE,
    FOLDED,
    analysis_of,
    term_of,
    tokens_of,
)
from plugins.search.search_index.index_files import monolithic_index

SEARCH_JS = ROOT / "tests/search/search.js"
# Every analysis the index may name: English, Maltese, and folding only (Vietnamese, others).
ANALYSES = sorted({*ANALYSIS_OF_LANGUAGE.values(), FOLDED})
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
BOOSTS = SETTINGS["SEARCH_FIELD_BOOSTS"]
KIND_BOOSTS = SETTINGS["SEARCH_KIND_BOOSTS"]
# Each query through the split index as the search page runs it (its words corrected from
# the index's words), and the same words, corrections included, through one whole lunr.py
# index: {"<query>": {"split": [[ref, score], …], "whole": […], "corrections": [[term…]…]}}.
SAME_WORDS = """
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const SiteSearch = require(request.core);
const engine = new SiteSearch.Engine(async (file) =>
  JSON.parse(fs.readFileSync(path.join(request.index, file), "utf8")));
const whole = lunr.Index.load(JSON.parse(fs.readFileSync(request.whole, "utf8")));
const pairs = (results) => results.map((result) => [result.ref, result.score]);
(async () => {
  const answer = {};
  for (const query of request.queries) {
    const found = await engine.search(query);
    answer[query] = {split: pairs(found.results),
                     whole: pairs(SiteSearch.runQuery(whole, found.words)),
                     corrections: found.words.map((word) => word.typos)};
  }
  process.stdout.write(JSON.stringify(answer));
})().catch((error) => { process.stderr.write(String(error.stack)); process.exit(1); });
"""


def node(request: dict, script: str | None = None):
    """Run the site's search code in Node on `request` (tests/search/search.js, or the
    `script` given); return its answer."""
    result = subprocess.run(
        ["node", str(SEARCH_JS)] if script is None else ["node", "-e", script],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def index_dir(site, lang: str = "en") -> Path:
    """The folder of one language's index."""
    return site.root / "search/data" / lang


def site_languages(site) -> list[str]:
    """The languages the index lists, the default first."""
    listed = json.loads((site.root / "search/data/languages.json").read_text(encoding="utf-8"))
    return [language["code"] for language in listed["languages"]]


def indexed_documents(site, lang: str = "en") -> list[dict]:
    """The documents of one language as the index holds them, in the index's order."""
    meta = json.loads((index_dir(site, lang) / "meta.json").read_text(encoding="utf-8"))
    return [
        json.loads((index_dir(site, lang) / f"docs/{ref}.json").read_text(encoding="utf-8"))
        for ref in range(len(meta["docs"]))
    ]


def split_search(site, queries, lang: str = "en"):
    return node({"mode": "split", "index": str(index_dir(site, lang)), "queries": queries})


def urls_found(site, query, lang: str = "en") -> list[str]:
    documents = indexed_documents(site, lang)
    return [documents[int(ref)]["url"] for ref, _ in split_search(site, [query], lang)[query]]


def whole_index_file(site, tmp_path, lang: str = "en") -> Path:
    """One lunr.py index of the same documents, with the same pipeline and boosts."""
    documents = [
        {"title": d["title"], "summary": d["summary"], "body": d["text"], "kind": d["kind"]}
        for d in indexed_documents(site, lang)
    ]
    path = tmp_path / f"whole-index-{lang}.json"
    whole = monolithic_index(documents, BOOSTS, KIND_BOOSTS, analysis_of(lang))
    path.write_text(json.dumps(whole), encoding="utf-8")
    return path


def split_and_whole(site, whole: Path, queries: list[str], lang: str = "en") -> dict:
    request = {"core": str(ROOT / "theme/static/js/search-core.js"),
               "index": str(index_dir(site, lang)), "whole": str(whole),
               "queries": queries}  # fmt: skip
    return node(request, SAME_WORDS)


def assert_split_ranks_as_whole(site, tmp_path, lang: str, queries: list[str]) -> dict:
    """Check that each query ranks the documents of `lang` through the split index exactly
    as through one whole lunr.py index of that language; return the answers."""
    answer = split_and_whole(site, whole_index_file(site, tmp_path, lang), queries, lang)
    for query in queries:
        split, whole = answer[query]["split"], answer[query]["whole"]
        assert [ref for ref, _ in split] == [ref for ref, _ in whole], (lang, query)
        assert [score for _, score in split] == pytest.approx(
            [score for _, score in whole], rel=1e-12
        )
    return answer


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
    # Maltese elision, with a straight and a curly apostrophe, and Vietnamese tones.
    words.update(["ta'", "tal-", "f\u2019G\u0127awdex", "x'inhu", "IL-", "Iż-żmien", "ċ", "u"])
    words.update(["Bệnh", "viện", "Đông"])
    for analysis in ANALYSES:
        answer = node({"mode": "terms", "analysis": analysis, "words": sorted(words)})
        different = {
            word: (term_of(word.lower(), analysis) or "", answer[word])
            for word in words
            if (term_of(word.lower(), analysis) or "") != answer[word]
        }
        assert not different, analysis
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
# Misspelt words (corrected from the index's words) and words to leave out.
CORRECTED_OR_EXCLUDED = [
    "nursng",
    "hospitl care",
    "informaton",
    "sahtek",
    "patiens rights",
    "nursing -student",
    "care -cancer",
    "-nurse",
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
    queries = QUERIES + CORRECTED_OR_EXCLUDED
    for lang in site_languages(site)[1:]:  # each other language's index, whatever it holds
        assert_split_ranks_as_whole(site, tmp_path, lang, queries)
    answer = assert_split_ranks_as_whole(site, tmp_path, "en", queries)
    assert sum(1 for query in QUERIES if answer[query]["split"]) >= len(QUERIES) - 1  # not "the"
    corrected = [query for query in queries if any(answer[query]["corrections"])]
    assert {"nursng", "informaton", "sahtek"} <= set(corrected)


def test_every_document_is_found_by_a_distinctive_word_from_the_middle_of_its_text(site):
    documents = indexed_documents(site)
    frequency = Counter()
    for document in documents:
        frequency.update({term_of(word) for word in tokens_of(document["text"])})
    queries = {}
    for ref, document in enumerate(documents):
        words = tokens_of(document["text"])
        middle = words[len(words) // 3 : 2 * len(words) // 3] or words
        # Its rarest word there (the publications repeat their news's and directorates'
        # words: a word of a directorate's may be in a few documents, but not many).
        words = [w for w in middle if w.isalpha() and term_of(w)]
        rarest = min(words, key=lambda word: frequency[term_of(word)])
        assert frequency[term_of(rarest)] <= 5, document["url"]
        queries[rarest] = str(ref)
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


# --- Corrections, exclusions, boosts, what the documents hold --------------------------------


def add_news(content: Path, name: str, title: str, body: str) -> None:
    folder = content / "news" / "2026"
    folder.mkdir(exist_ok=True)
    (folder / f"2026-02-0{name}.md").write_text(
        f"---\ntitle: {title}\ndate: 2026-02-0{name[0]} 10:00\nauthors: [A]\n"
        f"summary: {title}.\n---\n{body}\n",
        encoding="utf-8",
    )


def test_a_misspelt_word_finds_what_the_right_spelling_finds_below_exact_matches(
    content_copy, tmp_path
):
    add_news(content_copy, "1-flu-clinics", "Flu clinics open", "Book your vaccination early.")
    add_news(content_copy, "2-ward-rota", "Ward rota changes", "The nursng rota changes in May.")
    site = build(content_copy, tmp_path / "output")
    assert "news/2026/flu-clinics/" in urls_found(site, "vacination")
    misspelt = urls_found(site, "nursng")
    assert misspelt[0] == "news/2026/ward-rota/"  # the word as typed, first
    assert misspelt[1:] == urls_found(site, "nursing")[: len(misspelt) - 1]
    # and the other way round: the page with the misspelling comes after the right spellings
    assert urls_found(site, "nursing") == [*misspelt[1:], "news/2026/ward-rota/"]
    assert urls_found(site, "nurz") == []  # words under 5 letters are not corrected
    assert urls_found(site, "nrusign") == []  # two letters wrong in a word of 5 to 8


def test_a_page_whose_title_matches_ranks_above_news_that_mention_it(site):
    found = urls_found(site, "nursing")
    assert found[0] == "directorates/nursing-services/"
    assert any(url.startswith("news/") for url in found[1:])


def test_a_word_after_a_minus_sign_leaves_out_the_pages_that_hold_it(site):
    documents = indexed_documents(site)
    with_student = {
        d["url"]
        for d in documents
        if "student" in {term_of(w) for w in tokens_of(f"{d['title']} {d['summary']} {d['text']}")}
    }
    nursing = urls_found(site, "nursing")
    assert with_student & set(nursing), "the sample should have nursing pages about students"
    assert urls_found(site, "nursing -student") == [u for u in nursing if u not in with_student]
    assert urls_found(site, "-student") == []
    assert urls_found(site, "nursing -zzqx") == nursing


def test_the_office_data_readers_see_is_in_the_office_document(site):
    office = yaml.safe_load((ROOT / "content/office.yaml").read_text(encoding="utf-8"))
    documents = {d["url"]: d for d in indexed_documents(site)}
    text = " ".join(documents["office/"]["text"].split())
    contact = office["contact"]
    expected = [line.strip() for line in contact["address"].splitlines() if line.strip()]
    expected += [contact["phone"], contact["email"]]
    for slot in office["visitor_information"]["opening_hours"]:
        expected += [slot["days"], slot["hours"]]
    getting_there = " ".join(office["visitor_information"]["getting_there"].split())
    expected += [sentence for sentence in getting_there.split(". ")]
    missing = [value for value in expected if value.rstrip(".") not in text]
    assert not missing
    assert "office/" in urls_found(site, "shuttle")
    assert {"office/", "visiting/"} <= set(urls_found(site, "opening hours"))
    assert {"office/", "contact/"} <= set(urls_found(site, "telephone"))


def test_the_indexed_text_keeps_blocks_apart(site):
    documents = {d["url"]: d for d in indexed_documents(site)}
    lines = documents["news/2026/patient-experience-survey-results/"]["text"].split("\n")
    assert "84% said they felt safe on the ward" in lines
    assert "81% said nurses answered their questions in a way they could understand" in lines


def test_snippets_break_at_sentences_and_blocks():
    survey = (
        "Most people were positive about their care:\n"
        "84% said they felt safe on the ward\n"
        "81% said nurses answered their questions\n"
        "But there are areas where we need to do better. Only 58% said they were told."
    )
    pieces = node({"mode": "snippet", "text": survey, "query": "safe ward"})
    assert "".join(piece["text"] for piece in pieces) == "84% said they felt safe on the ward"
    long = " ".join(["The cat sat on a mat for a long while."] * 3 + ["The ward was quiet."])
    long += " It was late. " + " ".join(["Then it rained all day."] * 8)
    pieces = node({"mode": "snippet", "text": long, "query": "ward", "size": 10})
    assert "".join(piece["text"] for piece in pieces) == "The ward was quiet. It was late."


def test_the_words_for_corrections_are_the_sites_own_words(site):
    meta = json.loads((index_dir(site) / "meta.json").read_text(encoding="utf-8"))
    entries = []
    for name in meta["words"].values():
        path = index_dir(site) / f"words/{name}.json"
        entries += json.loads(path.read_text(encoding="utf-8"))
    by_word = {entry[0]: entry for entry in entries}
    assert by_word["nursing"][1:3] == ["nurs", by_word["nursing"][2]]
    assert by_word["sahhtek"][3] == "saħħtek"  # folded as the index folds, shown as spelt
    assert all(entry[1] == term_of(entry[0]) for entry in entries)
    assert all(entry[0].isalpha() and len(entry[0]) >= 3 for entry in entries)
