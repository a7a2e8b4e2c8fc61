"""The checks of the publications' folder (content/documents/): each document can be read
and published as it is, and each facts file beside it (<name>.yaml) is well formed and
belongs to a document. What assistive technology needs of a PDF (tags, a title, a
language) is a warning: the EU Web Accessibility Directive asks it of documents published
since 2018, and the publication's page says so to readers until it is fixed."""

from __future__ import annotations

from pathlib import Path

from ...content_model.publications.documents import TYPES, FactsCache
from ...content_model.publications.publications import facts_file_of
from .checks import (
    SLUG_PATTERN,
    Problem,
    field_name,
    label_of,
    length_warnings,
    line_of,
    placeholder_problems,
    read_item,
    schema_problems,
)
from .schemas import PUBLICATION

FACTS_SUFFIX = ".yaml"
# The fields of a facts file whose absence readers notice (the check warns of each).
EXPECTED_FACTS = ("title", "summary", "date", "kind")


def is_publication_file(content: Path, path: Path, settings: dict) -> bool:
    folder = content / settings.get("PUBLICATIONS_PATH", "documents")
    return path.is_relative_to(folder)


def publication_file_problems(content: Path, path: Path, settings: dict) -> list[Problem]:
    """A document or a facts file in the publications' folder, checked on its own and
    against the files of the same name beside it."""
    if path.suffix == FACTS_SUFFIX:
        return facts_file_problems(content, path, settings)
    label = label_of(content, path)
    if path.suffix.lower() not in TYPES:
        return [Problem(label, 1, "", "publication-type", {"value": path.suffix or path.name})]
    problems = []
    if not SLUG_PATTERN.fullmatch(path.stem) or path.suffix != path.suffix.lower():
        problems.append(Problem(label, 1, "", "bad-file-name"))
    problems += same_address_problems(content, path, settings)
    size = path.stat().st_size
    limit = settings.get("PUBLICATION_MAX_MB", 20)
    if size > limit * 1024 * 1024:
        megabytes = size / (1024 * 1024)
        details = {"size": f"{megabytes:.1f}" if megabytes >= 1 else f"{megabytes:.2f}",
                   "limit": limit}  # fmt: skip
        return [*problems, Problem(label, 1, "", "document-too-large", details)]
    facts = FactsCache(Path(settings["CACHE_PATH"], "publications")).facts_of(path)
    if facts.problem:
        kind = f"document-{facts.problem}"
        return [*problems, Problem(label, 1, "", kind, {"detail": facts.detail or "no detail"})]
    if facts.type == "PDF":
        if not facts.tagged:
            problems.append(Problem(label, 1, "", "pdf-untagged"))
        if not facts.title:
            problems.append(Problem(label, 1, "", "pdf-no-title"))
        if not facts.lang:
            problems.append(Problem(label, 1, "", "pdf-no-language"))
    facts_file = facts_file_of(path)
    if not facts_file.is_file():
        problems.append(Problem(label, 1, "", "publication-no-facts", {"value": facts_file.name}))
        if not facts.date:
            problems.append(Problem(label, 1, "", "publication-no-date",
                                    {"value": facts_file.name}))  # fmt: skip
    return problems


def same_address_problems(content: Path, path: Path, settings: dict) -> list[Problem]:
    """Two documents of one name but their type (report.pdf, report.docx) would share the
    publication's address."""
    others = sorted(other for other in path.parent.glob(f"{path.stem}.*")
                    if other != path and other.suffix.lower() in TYPES)  # fmt: skip
    url = settings.get("PUBLICATION_URL", "publications/{slug}/").format(slug=path.stem)
    return [Problem(label_of(content, path), 1, "", "same-publication-address",
                    {"other": label_of(content, other), "value": "/" + url})
            for other in others]  # fmt: skip


def documents_of(facts_file: Path) -> list[Path]:
    return sorted(path for path in facts_file.parent.glob(f"{facts_file.stem}.*")
                  if path.suffix.lower() in TYPES)  # fmt: skip


def facts_file_problems(content: Path, path: Path, settings: dict) -> list[Problem]:
    label = label_of(content, path)
    item = read_item(path, label, markdown=False)
    if isinstance(item, Problem):
        return [item]
    problems = schema_problems(item, PUBLICATION) + placeholder_problems(item)
    problems += length_warnings(item)
    documents = documents_of(path)
    if not documents:
        return [*problems, Problem(label, 1, "", "facts-without-document",
                                   {"value": f"{path.stem}.pdf"})]  # fmt: skip
    data = item.data if isinstance(item.data, dict) else {}
    problems += directorate_problems(content, item, data)
    for name in EXPECTED_FACTS:
        if name not in data:
            problems.append(Problem(label, 1, "", "publication-missing-fact", {"value": name}))
    if "date" not in data:
        facts = FactsCache(Path(settings["CACHE_PATH"], "publications")).facts_of(documents[0])
        if not facts.problem and not facts.date:
            problems.append(Problem(label, 1, "date", "publication-no-date", {"value": path.name}))
    return problems


def directorate_problems(content: Path, item, data: dict) -> list[Problem]:
    """Each directorate a facts file names must have a page (content/directorates/)."""
    named = data.get("directorates")
    if not isinstance(named, list):
        return []
    folder = content / "directorates"
    known = sorted({path.name.split(".")[0] for path in folder.glob("*.md")})
    problems = []
    for index, slug in enumerate(named):
        if isinstance(slug, str) and slug not in known:
            path = ["directorates", index]
            details = {"value": slug, "choices": ", ".join(known) or "none"}
            problems.append(Problem(item.label, line_of(item.lines, path, 1), field_name(path),
                                    "unknown-directorate", details))  # fmt: skip
    return problems
