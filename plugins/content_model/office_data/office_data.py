"""Office data: puts the office (`content/office.yaml`) and its mandate (`content/mandate.yaml`)
into every template's context as `OFFICE` and `MANDATE`, and each in every other language of
LANGUAGES as `OFFICE_BY_LANG` and `MANDATE_BY_LANG` (a file's `translations: {mt: {...}}`
gives the fields that differ in a language; a field there replaces the whole field).

Pelican reads content files, not data files, and the `pelican-data-files` package loads YAML
as-is; we also need the Markdown fields rendered with the site's own Markdown settings, each
mandate item joined to the directorate page that carries it out, and an error that names the
file and line when an editor's YAML is wrong. So this small plugin does it.

Signal: `all_generators_finalized` (load both into the shared context and join mandate
items to directorate pages, which exist by then; templates read them only when pages are
written, and the preview loads them again after each change).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from ...checks.content_check.messages import KINDS
from ...checks.content_check.schemas import MANDATE, OFFICE, markdown_fields
from ..source_reader.parse import ParseError, parse_data_file
from ..source_reader.reader import markdown_of
from ..source_reader.safe_html import sanitise
from ..source_reader.typography import typeset

RUNS_AFTER = ("plugins.content_model.directorates",)

log = logging.getLogger(__name__)


class DataFileError(Exception):
    """A data file an editor wrote cannot be used; the message says where and how to fix it."""


def load_yaml_mapping(path: Path) -> dict:
    """Return the fields of a YAML data file, or raise DataFileError naming the line. (The
    content check has already said what is wrong in detail; this guards the build.)"""
    try:
        return parse_data_file(path.read_bytes()).data
    except FileNotFoundError as error:
        raise DataFileError(
            f"{path}: file not found — create it (see docs/content-model.md)"
        ) from error
    except ParseError as error:
        kind = KINDS[error.kind]
        details = {"detail": error.detail}
        raise DataFileError(
            f"{path}:{error.line}: {kind.what.format(**details)} — {kind.fix.format(**details)}"
        ) from error


def require_fields(data: dict, fields: tuple[str, ...], path: Path) -> None:
    """Raise DataFileError if any of `fields` is missing or empty in `data`."""
    missing = [field for field in fields if not data.get(field)]
    if missing:
        raise DataFileError(
            f"{path}: {', '.join(missing)}: required field missing — add it "
            "(see docs/content-model.md)"
        )


def markdown_renderer(settings: dict):
    """Return a function that renders Markdown text as the site's reader does."""
    md = markdown_of(settings)

    def render(text: str) -> Markup:
        return Markup(sanitise(md.reset().convert(text or "")))

    return render


def render_fields(data: dict, schema: dict, render) -> dict:
    """Return a copy of `data` with the fields its schema says are Markdown rendered."""
    rendered = dict(data)
    for path in markdown_fields(schema):
        holder = rendered
        for key in path[:-1]:
            if not isinstance(holder.get(key), dict):
                break
            holder[key] = holder = dict(holder[key])
        else:
            if path[-1] in holder:
                holder[path[-1]] = render(str(holder[path[-1]]))
    return rendered


def in_language(data: dict, lang: str | None) -> dict:
    """A data file's fields in `lang` (None: the default language): its translation's
    fields in place of the default language's."""
    translations = data.pop("translations", None) or {}
    return {**data, **(translations.get(lang) or {})} if lang else data


def read_office(path: Path, render, lang: str | None = None) -> dict:
    """Return the office's data in `lang` with its Markdown fields rendered."""
    office = in_language(load_yaml_mapping(path), lang)
    require_fields(office, ("name", "description", "about", "contact"), path)
    office = typeset(render_fields(office, OFFICE, render))
    office.setdefault("visitor_information", {})
    if office.get("last_reviewed"):
        office["last_reviewed"] = dt.date.fromisoformat(str(office["last_reviewed"]))
    return office


def read_mandate(path: Path, render, lang: str | None = None) -> dict:
    """Return the mandate in `lang`: its intro rendered and its responsibilities as a list of
    dicts."""
    mandate = in_language(load_yaml_mapping(path), lang)
    require_fields(mandate, ("responsibilities",), path)
    items = mandate["responsibilities"]
    if not isinstance(items, list):
        raise DataFileError(f"{path}: responsibilities: must be a list of '- text: ...' items")
    mandate = render_fields(mandate, MANDATE, render)
    mandate["responsibilities"] = [
        {"text": item} if isinstance(item, str) else dict(item) for item in items
    ]
    mandate = typeset(mandate)
    for number, item in enumerate(mandate["responsibilities"], start=1):
        if not item.get("text"):
            raise DataFileError(f"{path}: responsibilities item {number}: text: required — add it")
    return mandate


def link_mandate_to_directorates(mandate: dict, directorates: list, path: Path,
                                 lang: str | None = None) -> None:  # fmt: skip
    """Set `directorate_page` on each mandate item that names a directorate by its slug:
    the directorate's translation in `lang` where it has one."""
    by_slug = {page.slug: in_language_of(page, lang) for page in directorates}
    for number, item in enumerate(mandate["responsibilities"], start=1):
        slug = item.get("directorate")
        if not slug:
            continue
        if slug not in by_slug:
            known = ", ".join(sorted(by_slug)) or "none"
            raise DataFileError(
                f"{path}: responsibilities item {number}: directorate: no directorate "
                f"'{slug}' — use one of: {known}"
            )
        item["directorate_page"] = by_slug[slug]


def load_office_data(generators) -> None:
    """Load the office and mandate into the context all generators share, and join mandate
    items to the directorates."""
    context = generators[0].context
    settings = generators[0].settings
    content = Path(settings["PATH"])
    render = markdown_renderer(settings)
    office, mandate = content / settings["OFFICE_FILE"], content / settings["MANDATE_FILE"]
    directorates = context.get("DIRECTORATES", [])
    context["OFFICE"] = read_office(office, render)
    context["MANDATE"] = read_mandate(mandate, render)
    link_mandate_to_directorates(context["MANDATE"], directorates, mandate)
    context["OFFICE_BY_LANG"], context["MANDATE_BY_LANG"] = {}, {}
    for lang in settings.get("LANGUAGES", [])[1:]:
        context["OFFICE_BY_LANG"][lang] = read_office(office, render, lang)
        context["MANDATE_BY_LANG"][lang] = read_mandate(mandate, render, lang)
        link_mandate_to_directorates(context["MANDATE_BY_LANG"][lang], directorates, mandate,
                                     lang)  # fmt: skip


def in_language_of(page, lang: str | None):
    """The page's translation in `lang` (not a draft), or the page."""
    return next((other for other in getattr(page, "translations", [])
                 if other.lang == lang and other.status != "draft"), page)  # fmt: skip


def register():
    signals.all_generators_finalized.connect(load_office_data)
