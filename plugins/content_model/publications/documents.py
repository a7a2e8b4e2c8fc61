"""What a document file says about itself: its type, size, pages, title, language, whether a
PDF is tagged for assistive technology, and its text for the search index.

PDFs are read with pypdf. OpenDocument and Office Open XML files are zip archives whose
metadata and text are XML (meta.xml, docProps/core.xml): the standard library reads them,
and no well-kept library reads all three formats' metadata more simply. A CSV file's facts
are its rows.

Reading a long PDF's text takes time, so each document's facts are kept in `CACHE_PATH`,
keyed by a digest of the file's bytes: a build reads again only the documents that changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

# The types a publication may be, by suffix, with the name readers see.
TYPES = {
    ".pdf": "PDF",
    ".odt": "ODT",
    ".docx": "DOCX",
    ".xlsx": "XLSX",
    ".csv": "CSV",
}
# Bump when what is read from a document changes: the cache then reads every one again.
FACTS_VERSION = "1"


@dataclass
class DocumentFacts:
    """What a document says about itself. `problem` names why it cannot be published
    (`encrypted`, `corrupt`, `empty`); the facts are then empty."""

    type: str
    size: int
    pages: int | None = None
    title: str = ""
    lang: str = ""
    tagged: bool | None = None  # PDFs only: None for other types
    date: str = ""  # YYYY-MM-DD, from the document's own metadata
    text: str = ""
    problem: str = ""
    detail: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


@dataclass
class FactsCache:
    """Facts by the digest of a file's bytes, in memory and under `folder` (if any). Each
    stored file starts with a digest of the rest: a damaged one is not used (the document is
    read again)."""

    folder: Path | None = None
    known: dict = field(default_factory=dict)

    def facts_of(self, path: Path) -> DocumentFacts:
        data = path.read_bytes()
        key = hashlib.blake2b(data, digest_size=16).hexdigest() + path.suffix.lower()
        if key in self.known:
            return self.known[key]
        stored = self.folder / f"{FACTS_VERSION}-{key}.json" if self.folder else None
        facts = stored_facts(stored) if stored is not None else None
        if facts is None:
            facts = facts_of_bytes(data, path.suffix.lower())
            if stored is not None:
                store_facts(stored, facts)
        self.known[key] = facts
        return facts


def stored_facts(stored: Path) -> DocumentFacts | None:
    """The facts kept in `stored`, or None if there are none or they are not intact."""
    try:
        raw = stored.read_bytes()
    except OSError:
        return None
    expected, _, body = raw.partition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != expected:
        return None
    try:
        return DocumentFacts(**json.loads(body.decode("utf-8")))
    except (ValueError, TypeError):
        return None


def store_facts(stored: Path, facts: DocumentFacts) -> None:
    """Keep `facts` in `stored`, whole or not at all (written aside, then renamed)."""
    body = facts.to_json().encode("utf-8")
    digest = hashlib.blake2b(body, digest_size=16).hexdigest().encode()
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = stored.with_name(f"{stored.name}.{os.getpid()}.tmp")
    temporary.write_bytes(digest + b"\n" + body)
    temporary.replace(stored)


def facts_of_bytes(data: bytes, suffix: str) -> DocumentFacts:
    """The facts of a document of type `suffix` (".pdf"…) holding `data`."""
    facts = DocumentFacts(type=TYPES.get(suffix, suffix.lstrip(".").upper()), size=len(data))
    if not data.strip():
        facts.problem = "empty"
        return facts
    reader = {".pdf": read_pdf, ".csv": read_csv}.get(suffix, read_zipped_xml)
    try:
        reader(data, facts)
    except (PyPdfError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError,
            OSError, RecursionError) as error:  # fmt: skip
        # pypdf raises many kinds of error for a damaged file; each means the same here.
        facts.problem, facts.detail = "corrupt", str(error)[:200]
    return facts


def read_pdf(data: bytes, facts: DocumentFacts) -> None:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        facts.problem = "encrypted"
        return
    facts.pages = len(reader.pages)
    if not facts.pages:
        facts.problem = "empty"
        return
    root = reader.root_object
    mark_info = root.get("/MarkInfo")
    facts.tagged = bool("/StructTreeRoot" in root and mark_info and mark_info.get("/Marked"))
    facts.lang = str(root.get("/Lang") or "").strip()
    metadata = reader.metadata
    if metadata is not None:
        facts.title = str(metadata.title or "").strip()
        created = metadata.creation_date if metadata.get("/CreationDate") else None
        facts.date = created.date().isoformat() if created else ""
    facts.text = "\n".join(page.extract_text() or "" for page in reader.pages)


# The elements of OpenDocument's and Office Open XML's metadata, in the namespaces they use.
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
OFFICE_META = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}meta"
ODF_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
DC_TERMS = "{http://purl.org/dc/terms/}"
# Where each zipped format keeps its metadata and its text.
ZIPPED = {
    ".odt": ("meta.xml", ["content.xml"]),
    ".docx": ("docProps/core.xml", ["word/document.xml"]),
    ".xlsx": ("docProps/core.xml", ["xl/sharedStrings.xml"]),
}


def read_zipped_xml(data: bytes, facts: DocumentFacts) -> None:
    suffix = next(suffix for suffix, name in TYPES.items() if name == facts.type)
    meta_name, text_names = ZIPPED[suffix]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if meta_name in names:
            meta = ElementTree.fromstring(archive.read(meta_name))
            facts.title = (meta.findtext(f".//{DUBLIN_CORE}title") or "").strip()
            facts.lang = (meta.findtext(f".//{DUBLIN_CORE}language") or "").strip()
            created = (meta.findtext(f".//{DC_TERMS}created")
                       or meta.findtext(f".//{ODF_META}creation-date") or "")  # fmt: skip
            facts.date = created[:10] if re.match(r"\d{4}-\d{2}-\d{2}", created) else ""
            statistic = meta.find(f".//{ODF_META}document-statistic")
            if statistic is not None and statistic.get(f"{ODF_META}page-count"):
                facts.pages = int(statistic.get(f"{ODF_META}page-count"))
        texts = []
        for name in text_names:
            if name not in names:
                raise KeyError(f"{name} is missing: this is not a {facts.type} document")
            texts.append(" ".join(ElementTree.fromstring(archive.read(name)).itertext()))
        facts.text = "\n".join(texts).strip()


def read_csv(data: bytes, facts: DocumentFacts) -> None:
    text = data.decode("utf-8-sig")  # a UnicodeDecodeError is a ValueError: "corrupt"
    facts.text = "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
