"""Publications (plugins/content_model/publications): documents under content/documents/
with their facts files become pages, a register filterable without JavaScript, attachments in
texts and search results. The documents are made here: tagged and untagged PDFs printed by
Chromium, and damaged, encrypted and empty ones written with pypdf; every fact is read back
from the built pages and compared with what the file itself holds."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, build, open_page, production_csp, run_pelican
from pypdf import PdfReader, PdfWriter
from sitecheck import BuiltSite

from tools.sample_documents import print_pdfs
from tools.static_server import serve

REPORT = "publications/annual-health-statistics-report-2025/"
# A word that is only inside a test PDF: no page, summary or title of the site has it.
ONLY_IN_THE_PDF = "quinquagenarian"


def html_document(title: str, lang: str, text: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body><h1>{title}</h1><p>{text}</p></body></html>")  # fmt: skip


@pytest.fixture(scope="session")
def chromium_pdfs(tmp_path_factory, browser) -> dict[str, Path]:
    """A tagged PDF and an untagged one, printed by Chromium (as the sample documents are)."""
    folder = tmp_path_factory.mktemp("pdf-sources")
    (folder / "tagged").mkdir()
    (folder / "untagged").mkdir()
    tagged = folder / "tagged" / "waiting-list-audit-2024.html"
    tagged.write_text(html_document(
        "Waiting list audit 2024", "en",
        f"The audit counted every {ONLY_IN_THE_PDF} patient on the orthopaedic list.",
    ), encoding="utf-8")  # fmt: skip
    untagged = folder / "untagged" / "old-leaflet.html"
    untagged.write_text(html_document("Old leaflet", "en", "A scanned leaflet."), encoding="utf-8")
    out = tmp_path_factory.mktemp("pdfs")
    return {
        "tagged": print_pdfs(browser, [tagged], out, tagged=True)[0],
        "untagged": print_pdfs(browser, [untagged], out, tagged=False)[0],
    }


def words(site: BuiltSite, url: str) -> str:
    """What a reader reads on the page at `url`, its spaces folded."""
    return " ".join(site.page(url).get_text(" ").split())


def check(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "tools/check.py", str(content)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def blank_pdf(pages: int = 1, title: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_with(title: str, text: str) -> bytes:
    """A minimal Office Open XML document: its core properties and one paragraph."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("docProps/core.xml", (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>' + title + "</dc:title>"
            "<dc:language>mt</dc:language><dcterms:created>2025-11-03T09:00:00Z"
            "</dcterms:created></cp:coreProperties>"))  # fmt: skip
        archive.writestr("word/document.xml", (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"))  # fmt: skip
    return buffer.getvalue()


# --- The sample site ---------------------------------------------------------------------------


def test_each_sample_document_has_a_page_with_the_facts_of_its_file(site: BuiltSite):
    pdf = ROOT / "content/documents/annual-health-statistics-report-2025.pdf"
    pages = len(PdfReader(pdf).pages)
    text = words(site, REPORT)
    assert "Annual health statistics report 2025" in text
    assert f"PDF, {round(pdf.stat().st_size / 1024)} KB, {pages} page" in text
    assert "DGHS/STAT/2026/01" in text
    page = site.page(REPORT)
    download = page.select_one("main .attachment__title a")
    assert download["href"].endswith("documents/annual-health-statistics-report-2025.pdf")
    assert site.root.joinpath("documents/annual-health-statistics-report-2025.pdf").read_bytes() \
        == pdf.read_bytes()  # fmt: skip
    links = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select("main a")}
    assert {"health-informatics", "annual-health-statistics-report-2025"} <= links
    request = page.select_one("main .attachment__request a")
    assert request["href"].startswith("mailto:dghs@healthservices.example.org?subject=")
    # The facts files are read, never published.
    assert not list(site.root.joinpath("documents").glob("*.yaml"))


def test_the_register_lists_every_publication_newest_first_in_every_language(site):
    documents = sorted((ROOT / "content/documents").glob("*.pdf"))
    for register in ("publications/", "mt/publications/"):
        titles = site.page(register).select("main .publication-list__title a")
        assert len(titles) == len(documents)
        dates = [
            time["datetime"] for time in site.page(register).select("main .publication-list time")
        ]
        assert dates == sorted(dates, reverse=True)
    maltese = words(site, "mt/publications/annual-health-statistics-report-2025/")
    assert (
        "Rapport annwali tal-istatistika tas-saħħa 2025" in maltese
    )  # its facts file's translation
    assert "Itlob format aċċessibbli" in maltese


def test_each_filter_is_a_page_listing_exactly_its_publications(site):
    register = site.page("publications/")
    filters = register.select("main nav.filters a")
    assert len(filters) >= 4
    every = {a["href"].rstrip("/").rsplit("/", 1)[-1]
             for a in register.select("main .publication-list__title a")}  # fmt: skip
    for link in filters:
        url = "publications/" + link["href"].split("publications/", 1)[1]
        shown = site.page(url).select("main .publication-list__title a")
        count = int(re.search(r"\((\d+)\)", link.get_text())[1])
        assert len(shown) == count, url
        assert {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in shown} <= every
    forms = site.page("publications/kind/form/")
    assert forms.select_one("main nav.filters a[aria-current=page]")
    assert all("Form" in meta.get_text() for meta in forms.select(".publication-list__meta"))
    maltese = {
        a["href"].rstrip("/").rsplit("/", 1)[-1]
        for a in site.page("publications/language/mt/").select(".publication-list__title a")
    }
    assert maltese == {"formola-talba-vjagg-minibus"}


def test_a_long_register_is_split_into_pages_that_lead_to_each_other(content_copy, tmp_path):
    paginated = '{"index": null, "tag": null, "period_archives": null, "publications": 2}'
    site = build(content_copy, tmp_path / "output", "pelicanconf.py",
                 f"PAGINATED_TEMPLATES={paginated}")  # fmt: skip
    every = len(list((content_copy / "documents").glob("*.pdf")))
    for register in ("publications/", "mt/publications/", "publications/year/2026/"):
        seen, url = [], register
        while url:
            page = site.page(url)
            titles = [a["href"] for a in page.select("main .publication-list__title a")]
            assert 0 < len(titles) <= 2
            seen += titles
            following = page.select_one("main .pagination a[rel=next]")
            url = urljoin(url, following["href"]) if following else None
        assert len(set(seen)) == len(seen) == every, register
    assert "Publications, page 2" in site.page("publications/page/2/").title.get_text()


def test_directorates_list_their_publications_and_news_link_as_attachments(site):
    directorate = site.page("directorates/health-informatics/")
    listed = [a.get_text() for a in directorate.select("#publications-heading ~ ul a")]
    assert listed == ["Annual health statistics report 2025"]
    article = site.page("news/2026/annual-health-statistics-report-2025/")
    block = article.select_one("main .prose .attachment")
    assert block.select_one(".attachment__title a")["href"].endswith(
        "documents/annual-health-statistics-report-2025.pdf")  # fmt: skip
    assert re.fullmatch(r"PDF, \d+ KB, \d+ pages?", block.select_one(".attachment__facts").text)
    news = site.page(REPORT).select("#news-heading ~ ul a")
    assert [a.get_text() for a in news] == ["Annual health statistics report for 2025 published"]


# --- Documents made by the tests --------------------------------------------------------------


def test_a_pdf_gives_its_own_title_language_and_pages_and_untagged_ones_are_flagged(
    content_copy, tmp_path, chromium_pdfs
):
    documents = content_copy / "documents"
    documents.joinpath("waiting-list-audit-2024.pdf").write_bytes(
        chromium_pdfs["tagged"].read_bytes()
    )
    documents.joinpath("old-leaflet.pdf").write_bytes(chromium_pdfs["untagged"].read_bytes())
    result = check(content_copy)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    untagged = [line for line in lines if line.startswith("content/documents/old-leaflet.pdf:1:")]
    assert any("not tagged" in line for line in untagged)
    assert any("no facts file" in line for line in untagged)
    assert not any("waiting-list-audit-2024.pdf" in line and "tagged" in line for line in lines)
    site = build(content_copy, tmp_path / "output")
    audit = words(site, "publications/waiting-list-audit-2024/")
    assert "Waiting list audit 2024" in audit  # the PDF's own title
    assert "PDF, " in audit and "1 page" in audit
    assert "may not be suitable for users of assistive technology" not in audit
    leaflet = words(site, "publications/old-leaflet/")
    assert "may not be suitable for users of assistive technology" in leaflet
    report = subprocess.run([sys.executable, "tools/report.py", str(content_copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    section = report.split("assistive technology may not read well:", 1)[1].split("\n\n")[0]
    assert "old-leaflet.pdf" in section and "waiting-list-audit" not in section


def test_other_types_give_their_facts_and_words(content_copy, tmp_path):
    documents = content_copy / "documents"
    documents.joinpath("formola-ta-kunsens.docx").write_bytes(
        docx_with("Formola ta' kunsens", "Niffirma hawn taħt."))  # fmt: skip
    documents.joinpath("clinic-activity-2025.csv").write_text(
        "clinic,visits\nnorthern,1200\nsouthern,980\n", encoding="utf-8")  # fmt: skip
    documents.joinpath("clinic-activity-2025.yaml").write_text(
        "title: Clinic activity 2025\nsummary: Visits by clinic.\ndate: 2026-01-15\n"
        "kind: statistics\ndirectorates:\n  - allied-healthcare-professions\n",
        encoding="utf-8",
    )
    site = build(content_copy, tmp_path / "output")
    docx = words(site, "publications/formola-ta-kunsens/")
    assert "Formola ta\u2019 kunsens" in docx and "DOCX, " in docx and "3 November 2025" in docx
    assert "Malti" in docx  # its language, from the document's own properties
    csv = words(site, "publications/clinic-activity-2025/")
    assert "CSV, " in csv and "bytes" in csv and "15 January 2026" in csv
    assert "Clinic activity 2025" in words(site, "directorates/allied-healthcare-professions/")
    assert site.exists("publications/year/2025/") and site.exists("publications/kind/statistics/")


BAD_FILES = {
    "encrypted": ("locked-report.pdf", encrypted_pdf(), "encrypted or protected by a password"),
    "corrupt": ("damaged-report.pdf", b"%PDF-1.7\nthis is not a PDF at all\n", "is damaged"),
    "empty": ("empty-report.pdf", b"", "is empty"),
    "bad name": ("Annual Report 2025.pdf", blank_pdf(title="A"), "capitals, spaces"),
    "capital type": ("annual-report.PDF", blank_pdf(title="A"), "capitals, spaces"),
    "same address": ("annual-health-statistics-report-2025.csv", b"a,b\n1,2\n",
                     "would share the address /publications/annual-health-statistics-report-2025/"),
    "facts alone": ("nothing-beside.yaml", b"title: Alone\n", "has no document beside it"),
    "no date": ("undated.csv", b"a,b\n1,2\n", "has no date"),
    "unknown directorate": ("annual-health-statistics-report-2025.yaml",
                            b"title: T\ndate: 2026-01-01\nkind: report\nsummary: S.\n"
                            b"directorates:\n  - health-informatic\n",
                            "no directorate 'health-informatic'"),
    "bad kind": ("circular-infection-prevention-standards-2026.yaml",
                 b"title: T\ndate: 2026-01-01\nkind: memo\nsummary: S.\n", "kind"),
    "unsupported type": ("notes.pptx", b"PK\x03\x04", "cannot be publications"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_document_is_an_error_naming_the_file_and_the_site_is_not_built(
    content_copy, tmp_path, case
):
    name, data, words = BAD_FILES[case]
    (content_copy / "documents" / name).write_bytes(data)
    result = check(content_copy)
    assert result.returncode != 0, result.stdout
    lines = [
        line for line in result.stdout.splitlines() if line.startswith(f"content/documents/{name}:")
    ]
    assert any(words in line and "warning" not in line for line in lines), result.stdout
    built = run_pelican(content_copy, tmp_path / "output")
    assert built.returncode != 0
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_bad_document_keeps_the_last_good_site_in_place(content_copy, tmp_path):
    output = tmp_path / "output"
    command = [sys.executable, "tools/build.py", "--content", str(content_copy), "--output",
               str(output), "-e", f'CACHE_PATH="{tmp_path / "cache"}"']  # fmt: skip
    assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600).returncode == 0
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    (content_copy / "documents" / "locked-report.pdf").write_bytes(encrypted_pdf())
    failed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert failed.returncode != 0
    assert "content/documents/locked-report.pdf:1: " in failed.stdout + failed.stderr
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before


def test_a_document_over_the_size_limit_is_refused(content_copy, tmp_path):
    big = blank_pdf(pages=300, title="Big")
    assert len(big) > 0.01 * 1024 * 1024
    (content_copy / "documents" / "big-report.pdf").write_bytes(big)
    result = run_pelican(content_copy, tmp_path / "output", "pelicanconf.py",
                         "PUBLICATION_MAX_MB=0.01")  # fmt: skip
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "content/documents/big-report.pdf:1: the document is " in said
    assert "over the limit of 0.01 MB" in said


def test_a_link_to_a_missing_document_is_an_error_with_its_line(content_copy):
    news = content_copy / "news/2026/2026-06-17-annual-health-statistics-report-2025.en.md"
    text = news.read_text(encoding="utf-8").replace(
        "documents/annual-health-statistics-report-2025.pdf", "documents/annual-report-2052.pdf"
    )
    news.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(line for line in text.splitlines() if "2052" in line)) + 1
    result = check(content_copy)
    assert result.returncode != 0
    assert f"{news.relative_to(content_copy.parent)}:{line}: text: " in result.stdout


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_a_word_that_is_only_inside_a_pdf(
    content_copy, tmp_path, chromium_pdfs, browser
):
    documents = content_copy / "documents"
    documents.joinpath("waiting-list-audit-2024.pdf").write_bytes(
        chromium_pdfs["tagged"].read_bytes()
    )
    documents.joinpath("waiting-list-audit-2024.yaml").write_text(
        "summary: How long people waited for an operation.\ndate: 2025-02-01\nkind: report\n",
        encoding="utf-8")  # fmt: skip
    site = build(content_copy, tmp_path / "output")
    assert ONLY_IN_THE_PDF not in words(site, "publications/waiting-list-audit-2024/")
    with serve(site.root, {"Content-Security-Policy": production_csp()}) as base_url:
        context, page = open_page(browser)
        page.goto(f"{base_url}search/?q={ONLY_IN_THE_PDF}")
        page.wait_for_selector("#search-results .search-results__item")
        first = page.locator("#search-results .search-results__item").first
        assert first.locator("h2 a").inner_text() == "Waiting list audit 2024"
        assert "Publication" in first.inner_text()
        assert ONLY_IN_THE_PDF in first.locator(".search-results__snippet").inner_text()
        context.close()


def test_the_register_s_filters_work_without_javascript(served, browser):
    context, page = open_page(browser, width=320, javascript=False)
    page.goto(served + "publications/")
    page.get_by_role("link", name=re.compile(r"^Forms \(\d+\)$")).click()
    page.wait_for_url(re.compile(r"publications/kind/form/$"))
    metas = page.locator("main .publication-list__meta").all_inner_texts()
    assert metas and all(meta.startswith("Form") for meta in metas)
    page.get_by_role("link", name="Show all publications").click()
    page.wait_for_url(re.compile(r"publications/$"))
    assert page.locator("main .publication-list__item").count() > len(metas)
    context.close()
