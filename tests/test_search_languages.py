"""Search in several languages: each language has an index of its own, analysed its own way
(English stemmed, Maltese and Vietnamese folded and never stemmed), the same in Python and in
the browser, split exactly as one whole lunr index of that language ranks; a search page
searches its own language, and a box on it adds the others, each result in another language
marked with it.

Two sites built from the sample content: one with pages in Maltese (`lang: mt`; Pelican keeps
them as originals in Maltese while translations are not grouped), one published in English and
Vietnamese (LANGUAGES = ["en", "vi"])."""

# Maltese is written with the curly apostrophe (U+2019) as often as the straight one: the tests
# use both on purpose.
# ruff: noqa: RUF001
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build, open_page, production_csp
from lunr.stemmer import PorterStemmer
from test_search_index import (
    CORRECTED_OR_EXCLUDED,
    QUERIES,
    assert_split_ranks_as_whole,
    index_dir,
    indexed_documents,
    node,
    site_languages,
    urls_found,
)

from plugins.search.search_index.analysis import analysis_of, term_of, tokens_of
from tools.static_server import serve

MALTESE = {
    "pages/sahha-fl-iskejjel.md": """---
title: Is-Saħħa fl-Iskejjel
lang: mt
summary: Kif id-Dipartiment jieħu ħsieb is-saħħa tat-tfal fl-iskejjel ta’ Malta u Għawdex.
last_reviewed: 2026-08-20
next_review: 2027-08-20
---
L-infermiera tal-iskejjel iżuru kull skola darba fix-xahar. Jgħinu lin-nies b’informazzjoni
dwar l-ikel, l-eżerċizzju u t-tilqim.

## Kif tikkuntattjana

Ċempel lid-Dipartiment jew ibgħat ittra lill-uffiċċju tagħna f’Malta.
""",
    "news/2026/2026-02-03-kampanja-tilqim.md": """---
title: Kampanja ġdida għat-tilqim kontra l-influwenza
date: 2026-02-03 10:00
authors: [Maria Borg]
lang: mt
summary: It-tilqima kontra l-influwenza issa tinsab fiċ-ċentri tas-saħħa kollha.
---
Nies ta’ aktar minn 65 sena u nisa tqal jistgħu jieħdu t-tilqima b’xejn. Id-Dipartiment
jirrakkomanda li tieħu t-tilqima qabel ix-xitwa, għal saħħtek u għal saħħet ħaddieħor.
""",
    "news/2026/2026-02-04-sptar-ghawdex.md": """---
title: Sala ġdida fl-Isptar t’Għawdex
date: 2026-02-04 10:00
authors: [Maria Borg]
lang: mt
summary: L-Isptar Ġenerali t’Għawdex fetaħ sala ġdida għall-pazjenti anzjani.
---
Is-sala għandha għoxrin sodda u tim ta’ infermiera li jaħdmu lejl u nhar.
""",
}
VIETNAMESE = {
    "news/2026/2026-02-05-benh-vien-da-nang.md": """---
title: Bệnh viện Đà Nẵng mở khoa mới
date: 2026-02-05 10:00
authors: [Nguyễn Văn An]
lang: vi
summary: Bệnh viện Đà Nẵng đã mở một khoa chăm sóc sức khỏe mới cho người cao tuổi.
---
Khoa mới có hai mươi giường và đội ngũ y tá làm việc cả ngày lẫn đêm. Người bệnh có thể
đặt lịch khám qua điện thoại.
""",
    "news/2026/2026-02-06-tiem-chung.md": """---
title: Chương trình tiêm chủng cho trẻ em
date: 2026-02-06 10:00
authors: [Nguyễn Văn An]
lang: vi
summary: Cha mẹ có thể đưa trẻ đến trạm y tế gần nhất để tiêm chủng miễn phí.
---
Chương trình tiêm chủng mở rộng giúp bảo vệ trẻ em khỏi các bệnh nguy hiểm.
""",
}


def without_maltese(content: Path) -> None:
    """Leave out the sample's Maltese: its translations and its data files' `translations`
    (a site not published in Maltese refuses them)."""
    for path in content.rglob("*.mt.md"):
        path.unlink()
    for name in ["office.yaml", "mandate.yaml"]:
        path = content / name
        text = path.read_text(encoding="utf-8")
        path.write_text(TRANSLATIONS_BLOCK.sub("", text), encoding="utf-8")


# A data file's top-level `translations:` and everything indented under it.
TRANSLATIONS_BLOCK = re.compile(r"^translations:\n(?:[ \t].*\n|\n)*", re.M)


def site_with(tmp_path_factory, name: str, pages: dict[str, str], *settings: str):
    content = tmp_path_factory.mktemp(name) / "content"
    shutil.copytree(ROOT / "content", content)
    if any('"mt"' not in setting for setting in settings if setting.startswith("LANGUAGES=")):
        without_maltese(content)
    for path, text in pages.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
    return build(content, content.parent / "output", "pelicanconf.py", *settings)


@pytest.fixture(scope="module")
def maltese_site(tmp_path_factory):
    return site_with(tmp_path_factory, "maltese", MALTESE)


@pytest.fixture(scope="module")
def vietnamese_site(tmp_path_factory):
    return site_with(tmp_path_factory, "vietnamese", VIETNAMESE, 'LANGUAGES=["en", "vi"]')


def test_each_language_has_its_own_index_listed_with_its_name(maltese_site, vietnamese_site):
    listed = json.loads((maltese_site.root / "search/data/languages.json").read_text("utf-8"))
    assert listed["default"] == "en"
    assert [(lang["code"], lang["name"]) for lang in listed["languages"]] == [
        ("en", "English"),
        ("mt", "Malti"),
    ]
    assert site_languages(vietnamese_site) == ["en", "vi"]
    maltese_urls = {document["url"] for document in indexed_documents(maltese_site, "mt")}
    english_urls = {document["url"] for document in indexed_documents(maltese_site, "en")}
    assert not maltese_urls & english_urls
    maltese_titles = {document["title"] for document in indexed_documents(maltese_site, "mt")}
    assert {"Is-Saħħa fl-Iskejjel", "Sala ġdida fl-Isptar t’Għawdex"} <= maltese_titles
    # The sample's translations are in Maltese's index, not in English's.
    translated = [url for url in maltese_urls if url.startswith("mt/directorates/")]
    assert translated and all(url.removeprefix("mt/") in english_urls for url in translated)
    vietnamese = indexed_documents(vietnamese_site, "vi")
    assert {document["title"] for document in vietnamese} >= {"Bệnh viện Đà Nẵng mở khoa mới"}
    meta = json.loads((index_dir(maltese_site, "mt") / "meta.json").read_text("utf-8"))
    assert (meta["lang"], meta["analysis"]) == ("mt", "maltese")


def maltese_page(site) -> str:
    return next(d["url"] for d in indexed_documents(site, "mt") if d["title"].startswith("Is-"))


@pytest.mark.parametrize("query", ["saħħa", "sahha", "SAĦĦA", "is-saħħa", "saħħa ta’ Malta"])
def test_a_maltese_word_finds_the_maltese_page_with_or_without_its_letters(maltese_site, query):
    assert urls_found(maltese_site, query, "mt")[0] == maltese_page(maltese_site)


def test_maltese_articles_and_elisions_are_not_words_to_find(maltese_site):
    page = maltese_page(maltese_site)
    # "ta'", "tal-", "f'", "il-" say nothing alone: they neither find nor narrow.
    assert urls_found(maltese_site, "ta' tal- f' il-", "mt") == []
    assert page in urls_found(maltese_site, "tal-iskejjel", "mt")
    assert page in urls_found(maltese_site, "f’Malta iskejjel", "mt")
    assert urls_found(maltese_site, "x'iskejjel", "mt") == urls_found(
        maltese_site, "iskejjel", "mt"
    )


def test_maltese_words_are_not_cut_by_the_english_stemmer(maltese_site):
    # Porter would make "dipartiment" "diparti" and "nies" "ni"; in Maltese they stay whole.
    porter = PorterStemmer()
    assert porter.stem("dipartiment") == "diparti" and porter.stem("nies") == "ni"
    assert term_of("dipartiment", "maltese") == "dipartiment"
    assert term_of("nies", "maltese") == "nies" and term_of("nies") == "ni"
    meta = json.loads((index_dir(maltese_site, "mt") / "meta.json").read_text("utf-8"))
    terms = set()
    for name in meta["shards"].values():
        shard = index_dir(maltese_site, "mt") / f"shards/{name}.json"
        terms |= {entry[0] for entry in json.loads(shard.read_text("utf-8"))}
    assert {"dipartiment", "nies", "tilqima", "sahha", "sahhtek"} <= terms
    assert not {"diparti", "ni"} & terms
    documents = {document["url"]: document for document in indexed_documents(maltese_site, "mt")}
    found = urls_found(maltese_site, "nies", "mt")
    assert "mt/news/2026/kampanja-tilqim/" in found
    for url in found:  # each by a word "nies…", none by "nisa" or another "ni…" word
        text = " ".join(
            [documents[url]["title"], documents[url]["summary"], documents[url]["text"]]
        )
        assert any(word.startswith("nies") for word in tokens_of(text, "maltese")), url
    assert urls_found(maltese_site, "dipartiment", "mt")


def test_english_is_stemmed_as_before(maltese_site):
    assert term_of("nurses") == "nurs" and term_of("nursing") == "nurs"
    nursing = urls_found(maltese_site, "nursing")
    assert nursing[0] == "directorates/nursing-services/"
    assert urls_found(maltese_site, "nurses") == nursing
    # English pages never answer a word of the Maltese pages.
    assert urls_found(maltese_site, "saħħa") == urls_found(maltese_site, "tilqima") == []


@pytest.mark.parametrize("query", ["bệnh viện", "benh vien", "BỆNH VIỆN", "Đà Nẵng", "da nang"])
def test_a_vietnamese_query_with_or_without_tones_finds_the_vietnamese_page(vietnamese_site, query):
    found = urls_found(vietnamese_site, query, "vi")
    document = next(d for d in indexed_documents(vietnamese_site, "vi") if d["url"] == found[0])
    assert document["title"] == "Bệnh viện Đà Nẵng mở khoa mới"


def test_vietnamese_is_folded_and_not_stemmed(vietnamese_site):
    assert term_of("Đêm".lower(), analysis_of("vi")) == "dem"
    assert term_of("things", analysis_of("vi")) == "things"  # not English: no stemming
    assert term_of("the", analysis_of("vi")) == "the"  # nor English stop words
    assert urls_found(vietnamese_site, "giường", "vi") == urls_found(
        vietnamese_site, "giuong", "vi"
    )


def words_of(site, lang: str) -> set[str]:
    analysis = analysis_of(lang)
    words = set()
    for document in indexed_documents(site, lang):
        text = " ".join([document["title"], document["summary"], document["text"]])
        words.update(tokens_of(text, analysis))
    return words


@pytest.mark.parametrize("lang", ["mt", "vi"])
def test_python_and_the_browser_analyse_each_language_alike(maltese_site, vietnamese_site, lang):
    site = maltese_site if lang == "mt" else vietnamese_site
    analysis = analysis_of(lang)
    words = words_of(site, lang) | {"ta'", "tal-", "x'inhu", "Ħ", "ĊĊ", "đ", "Ư", "nies", "the"}
    answer = node({"mode": "terms", "analysis": analysis, "words": sorted(words)})
    assert {word: term_of(word.lower(), analysis) or "" for word in words} == answer
    assert len(words) > 40
    # The browser reads the query the same way the index read the text.
    pieces = node({"mode": "snippet", "analysis": analysis, "query": "sahha tal-iskejjel",
                   "text": "Is-Saħħa fl-Iskejjel ta’ Malta."})  # fmt: skip
    if lang == "mt":
        assert [piece["text"] for piece in pieces if piece["match"]] == ["Saħħa", "Iskejjel"]


MALTESE_QUERIES = ["saħħa", "sahha", "tilqima", "infermiera", "nies", "iskejjel", "sptar ghawdex",
                   "sahhtek", "dipartment", "tilqma", "saħħa -tilqima", "infer"]  # fmt: skip
VIETNAMESE_QUERIES = ["bệnh viện", "benh vien", "tiem chung", "tre em", "y ta", "dem",
                      "chuong trinh", "benh -vien", "tiêm", "giuong"]  # fmt: skip


@pytest.mark.parametrize("shard_bytes", [None, 400])
def test_split_index_ranks_exactly_as_one_whole_lunr_index_in_each_language(
    maltese_site, vietnamese_site, tmp_path_factory, tmp_path, shard_bytes
):
    sites = {"mt": maltese_site, "vi": vietnamese_site}
    if shard_bytes:  # many small shards, split to three and more letters
        setting = f"SEARCH_SHARD_BYTES={shard_bytes}"
        sites = {"mt": site_with(tmp_path_factory, "mt400", MALTESE, setting),
                 "vi": site_with(tmp_path_factory, "vi400", VIETNAMESE, setting,
                                 'LANGUAGES=["en", "vi"]')}  # fmt: skip
    queries = {"mt": MALTESE_QUERIES, "vi": VIETNAMESE_QUERIES}
    for site in sites.values():
        for each in site_languages(site):
            asked = queries.get(each, QUERIES + CORRECTED_OR_EXCLUDED)
            answer = assert_split_ranks_as_whole(site, tmp_path, each, asked + QUERIES[:3])
            if each != "en":
                assert sum(1 for query in queries[each] if answer[query]["split"]) >= 8, each
    answer = assert_split_ranks_as_whole(sites["mt"], tmp_path, "mt", ["dipartment", "tilqma"])
    assert all(any(answer[query]["corrections"]) for query in ["dipartment", "tilqma"])


# --- In the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_maltese(maltese_site):
    with serve(maltese_site.root, {"Content-Security-Policy": production_csp()}) as base_url:
        yield base_url


# "1 result", "3 results" in Maltese, in any of its plural forms ("Riżultat wieħed għal",
# "3 riżultati għal", "11-il riżultat għal"…).
MALTESE_RESULTS = r"[Rr]iżultat\S* .*għal “{query}”|\d+\S* riżultat\S* għal “{query}”"


def wait_for_status(page, pattern: str):
    page.wait_for_function(
        "(pattern) => new RegExp(pattern).test(document.getElementById('search-status')"
        ".textContent)",
        arg=pattern,
    )


def maltese_search_page(site) -> str:
    """The search page in Maltese, with <html lang="mt">."""
    assert '<html lang="mt">' in site.text("mt/search/index.html")
    return "mt/search/"


def test_the_maltese_search_page_searches_the_maltese_pages(maltese_site, served_maltese, browser):
    context, page = open_page(browser)
    page.goto(served_maltese + maltese_search_page(maltese_site) + "?q=sahha")
    wait_for_status(page, MALTESE_RESULTS.format(query="sahha"))  # the count said in Maltese
    first = page.locator("#search-results .search-results__item").first
    assert first.locator("h2 a").inner_text() == "Is-Saħħa fl-Iskejjel"
    assert first.locator("mark").first.inner_text() == "Saħħa"
    # In the page's own language: no language named, no lang of its own.
    assert first.locator(".search-results__language").count() == 0
    assert first.locator("h2").get_attribute("lang") is None
    context.close()


def test_a_box_includes_every_language_and_marks_results_in_another(
    maltese_site, served_maltese, browser
):
    context, page = open_page(browser)
    page.goto(served_maltese + "search/?q=sahha")
    wait_for_status(page, "No results for “sahha”")
    box = page.get_by_label("Include pages in all languages")
    assert box.is_visible() and not box.is_checked()
    box.focus()
    page.keyboard.press("Space")  # the keyboard alone
    wait_for_status(page, r"^\d+ results? for “sahha”")
    assert re.search(r"languages=all", page.url)
    first = page.locator("#search-results .search-results__item").first
    assert first.locator("h2 a").inner_text() == "Is-Saħħa fl-Iskejjel"
    assert first.locator("h2").get_attribute("lang") == "mt"
    assert first.locator(".search-results__snippet").get_attribute("lang") == "mt"
    label = first.locator(".search-results__language")
    assert label.inner_text() == "Malti" and label.get_attribute("lang") == "mt"
    # English pages found too, unmarked; the address keeps the choice.
    page.fill("#search-input", "nursing")
    wait_for_status(page, r"results? for “nursing”")
    first = page.locator("#search-results .search-results__item").first
    assert first.locator("h2 a").inner_text() == "Directorate Nursing Services"
    assert first.locator(".search-results__language").count() == 0
    assert first.locator("h2").get_attribute("lang") is None
    page.goto(served_maltese + "search/?q=tilqima&languages=all")
    wait_for_status(page, r"results? for “tilqima”")
    assert page.get_by_label("Include pages in all languages").is_checked()
    context.close()


def test_from_the_maltese_page_english_results_say_english(maltese_site, served_maltese, browser):
    context, page = open_page(browser)
    page.goto(served_maltese + maltese_search_page(maltese_site) + "?q=nursing&languages=all")
    wait_for_status(page, MALTESE_RESULTS.format(query="nursing"))
    first = page.locator("#search-results .search-results__item").first
    assert first.locator("h2 a").inner_text() == "Directorate Nursing Services"
    assert first.locator(".search-results__language").inner_text() == "English"
    assert first.locator("h2").get_attribute("lang") == "en"
    context.close()


def test_the_index_layout_is_one_folder_per_language(maltese_site):
    data = maltese_site.root / "search/data"
    assert sorted(path.name for path in data.iterdir()) == ["en", "languages.json", "mt"]
    assert all((data / lang / "meta.json").is_file() for lang in ["en", "mt"])
    assert not (data / "meta.json").exists()
