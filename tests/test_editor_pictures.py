"""Pictures and documents written exactly as docs/editing.md shows (the `image` field's path
inside content/, and `{static}/…` in the text) pass the check and are published: in a real
build, each page's picture and link lead to the file itself, from a news article and from a
standing page alike."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import ROOT, build
from pelican.settings import read_settings

from plugins.checks.content_check.checks import check_site

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
GUIDE = ROOT / "docs/editing.md"
FRONT = "---\ntitle: Pictures\ndate: 2026-05-06 10:00\nauthors: [Maria Borg]\nsummary: S.\n"
PAGE = (
    "---\ntitle: Pictures\nsummary: S.\nlast_reviewed: 2026-05-01\nnext_review: 2027-05-01\n---\n"
)


def documented(language: str, containing: str) -> str:
    """The guide's example in a ```language block that holds `containing`."""
    blocks = re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return next(block for block in blocks if containing in block)


def files_named(text: str) -> list[str]:
    """The paths inside content/ that the examples name."""
    return re.findall(r"(?:src: |\{static\}/)([\w/.-]+)", text)


@functools.cache
def example_file(name: str) -> bytes:
    """What the test puts at `name`: its own name, or for a document the sample document the
    guide names (the check reads a document, and refuses one that is not one)."""
    if name.startswith("documents/"):
        return (ROOT / "content" / name).read_bytes()
    return f"the file {name}".encode()


def write_examples(content: Path) -> tuple[str, str]:
    """A news article and a standing page written as the guide shows, and the files they
    name; return the guide's two examples."""
    field, text = documented("yaml", "image:"), documented("markdown", "{static}")
    for name in files_named(field + text):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(example_file(name))
    (content / "news/2026/2026-05-06-pictures.md").write_text(
        FRONT + field + "---\n" + text, encoding="utf-8")  # fmt: skip
    (content / "pages/pictures.md").write_text(PAGE + text, encoding="utf-8")
    return field, text


def published(site_root: Path, page: str, address: str) -> bytes:
    """The bytes of the file an address on a page leads to."""
    target = urljoin(f"http://site.test/{page}", address).removeprefix("http://site.test/")
    return (site_root / target).read_bytes()


def test_pictures_and_documents_written_as_the_guide_shows_are_published(content_copy, tmp_path):
    field, text = write_examples(content_copy)
    assert files_named(field) and len(files_named(text)) == 2
    assert "../" not in field + text
    assert check_site(content_copy, SETTINGS) == []
    site = build(content_copy, tmp_path / "output")
    for page in ["news/2026/pictures/", "pictures/"]:
        soup = site.page(page)
        addresses = [img["src"] for img in soup.select("main img")]
        addresses += [a["href"] for a in soup.select("main a") if "documents/" in a["href"]]
        names = files_named(text) + (files_named(field) if page.startswith("news/") else [])
        assert sorted(published(site.root, page, address) for address in addresses) == sorted(
            example_file(name) for name in names
        ), (page, addresses)


def test_a_picture_written_like_a_field_in_the_text_is_refused_with_the_fix(content_copy):
    write_examples(content_copy)
    page = content_copy / "pages/pictures.md"
    page.write_text(PAGE + "![A knee]({static}/images/news/knee.jpg)\n\n"
                    "![A knee](images/news/physio-knee.jpg)\n", encoding="utf-8")  # fmt: skip
    said = [str(problem) for problem in check_site(content_copy, SETTINGS)]
    assert said == [
        "content/pages/pictures.md:7: text: '{static}/images/news/knee.jpg' does not exist — "
        "put the file under content/ or correct the path",
        "content/pages/pictures.md:9: text: the picture 'images/news/physio-knee.jpg' is not "
        "found — write its path in the content folder after {static}, like ![A nurse taking a "
        "blood sample]({static}/images/news/blood-test.jpg)",
    ]
