"""The theme's own words, dates and numbers follow the page's language
(plugins/languages/interface): a page in Maltese gets a Maltese interface and Maltese dates,
English pages stay as they were, every word of the templates goes through the catalogues, and
the catalogues are complete and up to date."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, build

from plugins.languages.interface.interface import Interface, catalogue_path, translations_for

TEMPLATES = ROOT / "theme" / "templates"
TRANSLATIONS = ROOT / "theme" / "translations"
POT = TRANSLATIONS / "messages.pot"
# A standing page written in Maltese, with no English original: the one page of the build
# that is in Maltese by its own `lang` alone (no listing or translation gives it).
MALTESE_SOURCE = "pages/interface-check.md"
MALTESE_TITLE = "Kif jinqara s-sit"
MALTESE_PAGE = f"""---
title: {MALTESE_TITLE}
lang: mt
summary: Paġna biex naraw il-kliem tas-sit innifsu bil-Malti.
last_reviewed: 2026-02-11
next_review: 2026-08-03
---

Din il-paġna tintuża biss fit-testijiet.
"""
ENGLISH_ARTICLE = "news/2026/saturday-physiotherapy-clinics/"
# Files that are not HTML for readers: robots.txt and the sitemap's XML.
NOT_FOR_READERS = {"robots.html", "sitemap.html"}
# Maltese dates say "4 ta' Marzu" with a typographic apostrophe.
TA = "ta\u2019"


@pytest.fixture(scope="module")
def maltese_site(tmp_path_factory):
    """The sample site with one more standing page, written in Maltese."""
    folder = tmp_path_factory.mktemp("interface")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / MALTESE_SOURCE).write_text(MALTESE_PAGE, encoding="utf-8")
    return build(content, folder / "output")


def page_titled(site, title: str):
    """The built page whose <h1> is `title` (wherever the languages put its address)."""
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        if f"<h1>{title}</h1>" in text:
            return site.page(site.url_of(path))
    raise AssertionError(f"no page has the heading {title!r}")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


# --- A page in Maltese ------------------------------------------------------------------------


def test_a_maltese_page_has_a_maltese_interface(maltese_site):
    page = page_titled(maltese_site, MALTESE_TITLE)
    assert page.html["lang"] == "mt"
    assert page.find("meta", property="og:locale")["content"] == "mt_MT"
    assert words(page.find("a", class_="skip-link")) == "Aqbeż għall-kontenut ewlieni"
    crumbs = page.find("nav", class_="breadcrumbs")
    assert crumbs["aria-label"] == "Fejn tinsab"
    assert words(crumbs.find("a")) == "Paġna ewlenija"
    headings = [words(h) for h in page.select("footer .footer__heading")]
    assert "Menu" in headings and "Dwar dan is-sit" in headings
    assert "Ikkuntattja l-uffiċċju" in headings
    assert words(page.find(id="footer-urgent-help")) == "Għajnuna urġenti"
    assert "Skip to main content" not in str(page)


def test_a_maltese_page_writes_its_dates_in_maltese(maltese_site):
    page = page_titled(maltese_site, MALTESE_TITLE)
    review = page.find("dl", class_="review-dates")
    assert [words(term) for term in review.find_all("dt")] == [
        "L-aħħar reviżjoni",
        "Ir-reviżjoni li jmiss",
    ]
    days = review.find_all("time")
    assert [day["datetime"] for day in days] == ["2026-02-11", "2026-08-03"]
    assert [words(day) for day in days] == [f"11 {TA} Frar 2026", f"3 {TA} Awwissu 2026"]


def test_english_pages_keep_their_english_interface(maltese_site):
    page = maltese_site.page(ENGLISH_ARTICLE)
    assert page.html["lang"] == "en"
    assert page.find("meta", property="og:locale")["content"] == "en_GB"
    assert words(page.find("a", class_="skip-link")) == "Skip to main content"
    assert words(page.find("nav", class_="breadcrumbs").find("a")) == "Home"
    assert words(page.find("p", class_="article__meta").find("time")) == "4 March 2026, 10:30"
    home = maltese_site.page("")
    assert home.html["lang"] == "en"
    assert re.search(r"All \d+ responsibilities of the office", words(home))
    assert TA not in words(home.find("ul", class_="news-list"))


def test_english_counts_keep_their_plurals(site):
    archive = words(site.page("news/archive/"))
    assert re.search(r"\(1 article\)|\(\d+ articles\)", archive)
    assert "1 articles" not in archive


# --- The rules of the plugin ------------------------------------------------------------------


class Page:
    def __init__(self, lang):
        self.lang = lang


SETTINGS = {"THEME": str(ROOT / "theme"), "DEFAULT_LANG": "en", "LANGUAGES": ["en", "mt"]}


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"page_lang": "mt", "article": Page("en"), "page": Page("en")}, "mt"),
        ({"article": Page("mt"), "page": Page("en")}, "mt"),
        ({"page": Page("mt")}, "mt"),
        ({"page": object()}, "en"),  # on a listing `page` may be something else
        ({"page_lang": None, "page": None}, "en"),
        ({}, "en"),
    ],
)
def test_the_page_language_is_decided_in_one_order(context, expected):
    assert Interface(SETTINGS).page_language_of(context) == expected


def test_maltese_dates_and_english_dates():
    interface = Interface(SETTINGS)
    day = dt.datetime(2026, 3, 4, 9, 5)
    assert interface.long_date("en", day) == "4 March 2026"
    assert interface.long_date("mt", day) == f"4 {TA} Marzu 2026"
    assert interface.date_time("en", day) == "4 March 2026, 09:05"
    assert interface.number("en", 12345) == "12,345"


def test_a_language_without_a_catalogue_shows_the_english_words(tmp_path):
    interface = Interface({**SETTINGS, "THEME": str(tmp_path), "LANGUAGES": ["en", "vi"]})
    assert interface.gettext("vi", "Skip to main content") == "Skip to main content"
    assert interface.ngettext("vi", "%(num)s article", "%(num)s articles", 2) == (
        "%(num)s articles"
    )


def test_a_catalogue_is_compiled_again_when_its_text_changes_whatever_its_time(tmp_path):
    po = catalogue_path(tmp_path, "mt")
    po.parent.mkdir(parents=True)
    entry = 'msgid "Search"\nmsgstr "{}"\n'
    po.write_text(entry.format("Fittex"), encoding="utf-8")
    stamp = po.stat().st_mtime_ns
    assert translations_for(tmp_path, "mt").gettext("Search") == "Fittex"
    po.write_text(entry.format("Fittxija"), encoding="utf-8")
    os.utime(po, ns=(stamp, stamp))
    assert translations_for(tmp_path, "mt").gettext("Search") == "Fittxija"


# --- The catalogues ---------------------------------------------------------------------------


def messages(path: Path):
    with path.open("rb") as file:
        return [message for message in read_po(file) if message.id]


def test_every_message_is_translated_in_maltese():
    po = TRANSLATIONS / "mt" / "LC_MESSAGES" / "messages.po"
    catalogue = {message.id: message for message in messages(po)}
    for message in messages(POT):
        translated = catalogue.get(message.id)
        assert translated is not None, f"not in mt's messages.po: {message.id!r}"
        assert not translated.fuzzy, f"fuzzy in mt's messages.po: {message.id!r}"
        strings = translated.string if message.pluralizable else [translated.string]
        assert all(strings), f"not translated in mt's messages.po: {message.id!r}"


def test_the_catalogue_template_is_up_to_date_with_the_templates(tmp_path):
    fresh = tmp_path / "messages.pot"
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "pot", f"POT={fresh}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [m.id for m in messages(fresh)] == [m.id for m in messages(POT)], (
        "theme/translations/messages.pot is out of date: run `make translations`"
    )


# --- No word of the templates outside _() -----------------------------------------------------

JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JINJA_TAG = re.compile(r"\{%.*?%\}", re.S)
JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
MARKUP = re.compile(r"<!DOCTYPE[^>]*>|<!--.*?-->|&\w+;|&#\d+;", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
# Attributes a reader hears or sees.
READ_ATTRIBUTES = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
# Literal words where Jinja code makes text for the page: a title, a description, a crumb.
LITERAL_WORDS = re.compile(
    r'set page_(?:title|description) = "|set page_(?:title|description) = \'|"name": "[A-Za-z]'
)


def template_files():
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).as_posix() not in NOT_FOR_READERS
    )


@pytest.mark.parametrize(
    "path", template_files(), ids=lambda path: path.relative_to(TEMPLATES).as_posix()
)
def test_no_words_of_a_template_are_left_outside_gettext(path):
    source = path.read_text(encoding="utf-8")
    code = JINJA_COMMENT.sub("", source)
    assert not LITERAL_WORDS.search(code), f"{path.name}: words in Jinja code outside _()"
    text = JINJA_EXPRESSION.sub("\0", JINJA_TAG.sub("", code))
    text = MARKUP.sub("", text)
    for name, value in READ_ATTRIBUTES.findall(text):
        assert not re.search(r"[^\W\d_]", value), f"{path.name}: {name}={value!r} outside _()"
    for piece in TAG.split(text):
        assert not re.search(r"[^\W\d_]", piece), f"{path.name}: {piece.strip()!r} outside _()"
