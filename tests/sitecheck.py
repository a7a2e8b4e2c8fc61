"""Reading a built site the way the tests need: its pages as parsed HTML, its links, its feeds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican.settings import read_settings

BASE = "http://site.test/"
ROOT = Path(__file__).resolve().parent.parent
# The browser editor's folder: an application for editors, not a reader's page (it has its
# own tests, tests/test_cms.py).
EDITOR_FOLDER = read_settings(str(ROOT / "pelicanconf.py"))["CMS_SAVE_AS"]


@dataclass
class BuiltSite:
    root: Path

    def html_files(self) -> list[Path]:
        """The readers' pages."""
        return sorted(path for path in self.root.rglob("*.html") if not self.is_editor(path))

    def is_editor(self, path: Path) -> bool:
        return path.relative_to(self.root).parts[0] == EDITOR_FOLDER

    def url_of(self, file: Path) -> str:
        """The site-relative address a file is served at (index.html folded away)."""
        relative = file.relative_to(self.root).as_posix()
        return relative.removesuffix("index.html")

    def page(self, url: str) -> BeautifulSoup:
        """The parsed HTML served at a site-relative address such as 'news/'."""
        path = self.root / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        assert path.is_file(), f"no page at /{url} ({path})"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def text(self, url: str) -> str:
        return (self.root / url).read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        path = self.root / unquote(url)
        return (path / "index.html").is_file() if url.endswith("/") or url == "" else path.is_file()

    def all_text(self) -> str:
        """Every text file of the output joined, to prove something appears nowhere."""
        suffixes = {".html", ".xml", ".txt", ".json", ".js"}
        return "\n".join(
            path.read_text(encoding="utf-8")
            for path in sorted(self.root.rglob("*"))
            if path.suffix in suffixes and not self.is_editor(path)
        )


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def json_ld_of_type(soup: BeautifulSoup, kind: str) -> dict:
    found = [item for item in json_ld(soup) if item.get("@type") == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def internal_references(soup: BeautifulSoup, page_url: str) -> list[tuple[str, str]]:
    """(attribute value, resolved site-relative address) of every same-site reference."""
    references = []
    for tag in soup.find_all(["a", "link", "img", "script", "source"]):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if not value or value.startswith(("mailto:", "tel:", "data:")):
                continue
            absolute = urljoin(BASE + page_url, value)
            if not absolute.startswith(BASE):
                continue
            references.append((value, absolute.removeprefix(BASE)))
    return references


def split_fragment(address: str) -> tuple[str, str]:
    parts = urlsplit(address)
    return parts.path, parts.fragment
