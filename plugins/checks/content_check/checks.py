"""The checks themselves: every file under content/ against its schema (schemas.py), then what
needs the whole site: addresses used twice, directorates, pictures and links that do not
exist. Each problem names the file, the line, the field, what is wrong and the fix."""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import functools
import html
import os
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from ...content_model.source_reader.originals import (
    original_fields,
    original_of,
    with_original_fields,
)
from ...content_model.source_reader.parse import (
    TEXT_STARTS,
    ParseError,
    in_quotes,
    parse_data_file,
    parse_source,
)
from ...content_model.source_reader.reader import (
    TRANSLATION_NAME,
    markdown_of,
    translation_not_started,
)
from ...content_model.source_reader.safe_html import URL_SCHEMES, removed
from .messages import ERROR, KINDS, PLACEHOLDER
from .schemas import BY_FOLDER, DATA_FILES, SLUG, markdown_fields

NEWS_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
SLUG_PATTERN = re.compile(SLUG["pattern"].strip("^$"))
# The lengths beyond which the check warns (docs/content-model.md and docs/editing.md give the
# same figures; tests/test_editor_limits.py reads them here and finds them there).
LIMITS = {"title": 80, "summary": 300}  # characters
PICTURE_LIMIT_KB = 200  # for pictures other than SVG drawings
# A text with any of these may hold HTML or attributes (Markdown's attribute lists): it is
# rendered and sanitised to see what would be removed.
MAY_HOLD_HTML = re.compile(r"<|\{\s*:|&#", re.I)
LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]]*)\]"
    r"\((?P<target><[^>]*>|(?:[^()\s]|\([^()\s]*\))+)(?:\s+\"[^\"]*\")?\)"
)
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?P<target>\S+)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    kind: str
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> str:
        return KINDS[self.kind].severity

    def __str__(self) -> str:
        kind = KINDS[self.kind]
        what = kind.what.format(**self.details)
        fix = kind.fix.format(**self.details)
        where = (
            f"{self.path}:{self.line}: {self.field}: "
            if self.field
            else f"{self.path}:{self.line}: "
        )
        label = "" if self.severity == ERROR else "warning: "
        return f"{where}{label}{what} — {fix}"


# --- Reading files -----------------------------------------------------------------------------


@dataclass
class Item:
    """One content file, read: its fields, where each field is, and its text."""

    path: Path
    label: str
    data: dict
    lines: dict
    body: str = ""
    body_line: int = 1
    url: str = ""
    duplicates: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (line, target) of each link in the text
    addresses: tuple = ()  # the addresses it gives the site (addresses_of)
    source_lines: list = field(default_factory=list)  # the lines of its fields, as written


def read_item(path: Path, label: str, markdown: bool):
    """Return an Item, or the Problem that stops the file from being read. The file is read
    by the one parser the build's reader uses (plugins/content_model/source_reader); a
    character that no editor means to write stops it first."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""  # the parser says where
    bad = character_problem(label, text)
    if bad:
        return bad
    lines = text.split("\n")
    try:
        source = parse_source(raw) if markdown else parse_data_file(raw)
    except ParseError as error:
        return Problem(label, error.line, parsed_field(lines, error), error.kind,
                       {"detail": error.detail})  # fmt: skip
    fields = lines[: source.body_line - 1] if markdown else lines  # the text is kept apart
    return Item(path, label, source.data, source.lines, source.body, source.body_line,
                duplicates=source.duplicates, source_lines=fields)  # fmt: skip


# Mistakes of the whole file, or of where its fields start and end, rather than of a field.
WHOLE_FILE = {"not-utf8", "empty-file", "no-front-matter", "fields-not-closed", "no-fields"}
# `name:` at the start of a line of YAML (after its indentation and a list item's "- "), and
# what follows it: nothing, or `|` or `>`, if the name is a group's or a block of text's.
NAME = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<rest>.*)")
OPENS_GROUP = re.compile(r"\s*([|>][+-]?[0-9]?)?\s*(#.*)?")


def parsed_field(lines: list[str], error: ParseError) -> str:
    """The field a mistake that stops the file from being read is in, if any."""
    if error.kind in WHOLE_FILE:
        return ""
    if error.kind == "block-not-indented":  # its field is the line above, which opened it
        return field_at(lines, error.line - 1)
    return field_at(lines, error.line)


def field_at(lines: list[str], number: int) -> str:
    """The field line `number` belongs to, in words ("image, src"): its own name and the
    names above it, indented less, that open a group. For the mistakes YAML cannot read,
    where no field is known yet; "" if the line has no name and is in no group."""
    own = NAME.match(lines[number - 1]) if 0 < number <= len(lines) else None
    names = [own["key"]] if own else []
    within = width_of(lines[number - 1], own) if 0 < number <= len(lines) else 0
    for line in reversed(lines[: max(number - 1, 0)]):
        if within == 0:
            break
        found = NAME.match(line)
        width = width_of(line, found)
        if not line.strip() or width >= within:
            continue
        within = width
        if found and OPENS_GROUP.fullmatch(found["rest"]):
            names.insert(0, found["key"])
    return ", ".join(names)


def width_of(line: str, name) -> int:
    """Where a line's name starts (after a list item's "- "), or its indentation."""
    return name.start("key") if name else len(line) - len(line.lstrip(" \t"))


# Control characters (a NUL crashes the feed writer) and the marks that reverse the order in
# which text is shown (a name can then read as another): never meant in content.
HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def character_problem(label: str, text: str) -> Problem | None:
    """The first hidden character in a text, with its line, or None."""
    found = HIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return Problem(label, line, "", "hidden-character", {"value": f"U+{ord(found[0]):04X}"})


# --- One file against its schema ---------------------------------------------------------------


def is_date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    dt.date.fromisoformat(value)
    return True


def is_date_time(value) -> bool:
    if not isinstance(value, str):
        return False
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", value):
        return False
    dt.datetime.fromisoformat(value)
    return True


@functools.cache
def schema_validator():
    """Return jsonschema's validator class and our format checker. Imported when first
    needed: `make check` and the preview import this module without needing it at once."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker()
    formats.checks("date", raises=ValueError)(is_date)
    formats.checks("date-time-minutes", raises=ValueError)(is_date_time)
    return Draft202012Validator, formats


TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a group of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def type_name(value) -> str:
    for name, kind in [
        ("true or false", bool),
        ("a whole number", int),
        ("text", str),
        ("a list", list),
        ("a group of fields", dict),
    ]:
        if isinstance(value, kind):
            return name
    return "empty" if value is None else type(value).__name__


def example_of(schema: dict, name: str) -> str:
    example = (schema.get("examples") or [None])[0]
    if example is None:
        example = {"array": ["…"], "object": "…", "integer": 1}.get(schema.get("type"), "…")
    if isinstance(example, list):
        return f"{name}: [{', '.join(map(str, example))}]"
    return f"{name}: {example}"


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth"]  # fmt: skip


def field_name(path) -> str:
    """A field's path in words: ("updates", 1, "date") is "updates, second entry, date"."""
    return ", ".join(entry_name(part) if isinstance(part, int) else str(part) for part in path)


def entry_name(index: int) -> str:
    return f"{ORDINALS[index]} entry" if index < len(ORDINALS) else f"entry {index + 1}"


def example_line(schema: dict, path) -> str:
    """How to write the field at `path`: `name: example`, or `- example` for a list's entry."""
    name = path[-1] if path else ""
    line = example_of(schema, str(name))
    return "- " + line.split(": ", 1)[1] if isinstance(name, int) else line


def line_of(lines: dict, path, default: int) -> int:
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return default


def duplicate_problems(item: Item) -> list[Problem]:
    """YAML keeps only the last of two fields with one name: say so, not lose the first."""
    return [
        Problem(item.label, line, field_name(path), "duplicate-field")
        for path, line in item.duplicates
    ]


def schema_problems(item: Item, schema: dict) -> list[Problem]:
    problems = duplicate_problems(item)
    validator_class, formats = schema_validator()
    validator = validator_class(schema, format_checker=formats)
    for error in validator.iter_errors(item.data):
        path = list(error.absolute_path)
        line = line_of(item.lines, path, 1)
        name = field_name(path)
        sub = error.schema
        if error.validator == "required":
            missing = error.message.split("'")[1]
            full = field_name([*path, missing])
            example = example_of(error.schema["properties"][missing], missing)
            problems.append(Problem(item.label, line, full, "required", {"example": example}))
        elif error.validator == "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(known)):
                close = difflib.get_close_matches(extra, known, n=1, cutoff=0.6)
                suggestion = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"remove it, or use one of: {', '.join(known)}"
                )
                extra_line = line_of(item.lines, [*path, extra], line)
                problems.append(
                    Problem(
                        item.label,
                        extra_line,
                        field_name([*path, extra]),
                        "unknown-field",
                        {"suggestion": suggestion},
                    )
                )
        elif error.validator == "type":
            problems.append(type_problem(item, line, path, sub, error.instance))
        elif error.validator in ("minLength",):
            problems.append(Problem(item.label, line, name, "empty"))
        elif error.validator == "minItems":
            problems.append(Problem(item.label, line, name, "too-small", {"minimum": "one item"}))
        elif error.validator == "enum":
            choices = ", ".join(map(str, sub["enum"]))
            problems.append(
                Problem(
                    item.label,
                    line,
                    name,
                    "not-a-choice",
                    {"value": error.instance, "choices": choices},
                )
            )
        elif error.validator == "pattern":
            problems.append(pattern_problem(item, line, path, sub, error.instance))
        elif error.validator == "format":
            kind = "bad-date" if sub["format"] == "date" else "bad-date-time"
            problems.append(Problem(item.label, line, name, kind, {"value": error.instance}))
        elif error.validator == "minimum":
            problems.append(
                Problem(
                    item.label,
                    line,
                    name,
                    "wrong-type",
                    {
                        "expected": "a number above 0",
                        "actual": error.instance,
                        "example": example_line(sub, path),
                    },
                )
            )
        else:  # a rule the schema gained without a message here yet: still say where
            problems.append(
                Problem(item.label, line, name, "yaml-syntax", {"detail": error.message})
            )
    return problems


# What YAML makes of a value that starts with one of these signs, when text was meant.
SIGNS = {"#": "a comment, so the field is empty", "[": "a list", "{": "a group of fields"}


def type_problem(item: Item, line: int, path: list, schema: dict, value) -> Problem:
    """A value of the wrong kind, with its likeliest cause: a date YAML read as a number, a
    sign at the start of text that YAML read as something else, a number meant as text, or
    a list's items written without a space after their '-'."""
    name, raw = field_name(path), raw_value(item, line, path)
    if "format" in schema:  # a date: one message, whatever YAML made of it
        kind = "bad-date" if schema["format"] == "date" else "bad-date-time"
        return Problem(item.label, line, name, kind, {"value": raw or value})
    text_meant = schema.get("type") == "string"
    if text_meant and raw[:1] in SIGNS and not isinstance(value, str):
        details = {"sign": raw[0], "meaning": SIGNS[raw[0]],
                   "example": written(path, in_quotes(raw))}  # fmt: skip
        return Problem(item.label, line, name, "needs-quotes", details)
    if schema.get("type") == "array" and isinstance(value, str) and value.startswith("-"):
        dash = next((number for number in range(line, len(item.source_lines) + 1)
                     if item.source_lines[number - 1].strip().startswith("-")), line)  # fmt: skip
        return Problem(item.label, dash, name, "dash-space", {"example": value[1:].strip()})
    example = example_line(schema, path)
    if text_meant and isinstance(value, bool | int | float) and raw:
        example = written(path, in_quotes(raw))  # a number or yes/no meant as text
    details = {"expected": TYPE_NAMES.get(schema.get("type"), schema.get("type")),
               "actual": type_name(value), "example": example}  # fmt: skip
    return Problem(item.label, line, name, "wrong-type", details)


def pattern_problem(item: Item, line: int, path: list, schema: dict, value) -> Problem:
    """A value not written as its field needs: a name for an address, or the field's own
    form (its example shows it, or else its description)."""
    name = field_name(path)
    if schema.get("pattern") == SLUG["pattern"]:
        return Problem(item.label, line, name, "bad-slug", {"value": value})
    if schema.get("examples"):
        hint = f"write it like this: {example_line(schema, path)}"
    else:
        hint = schema.get("description") or "see docs/reference.md"
    return Problem(item.label, line, name, "bad-format", {"value": value, "hint": hint})


def written(path, value: str) -> str:
    """A line of YAML giving the field at `path` this value, as written in the file."""
    return f"- {value}" if path and isinstance(path[-1], int) else f"{path[-1]}: {value}"


def raw_value(item: Item, line: int, path) -> str:
    """The value as written on line `line`, after its name (or its list item's "- ")."""
    if not 0 < line <= len(item.source_lines):
        return ""
    text = item.source_lines[line - 1].strip()
    name = path[-1] if path else None
    if isinstance(name, int) and not text.startswith("-"):
        return ""  # an entry of a list written [first, second]: not on a line of its own
    text = text.removeprefix("-").strip()
    if isinstance(name, str) and re.match(rf"{re.escape(name)}\s*:", text):
        text = text.split(":", 1)[1]
    return text.strip()


def placeholder_problems(item: Item) -> list[Problem]:
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, [*path, key])
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, [*path, index])
        elif isinstance(value, str) and PLACEHOLDER in value:
            line = line_of(item.lines, path, 1)
            problems.append(
                Problem(item.label, line, field_name(path), "placeholder", {"value": PLACEHOLDER})
            )

    walk(item.data, [])
    for number, text in enumerate(item.body.split("\n"), start=item.body_line):
        if PLACEHOLDER in text:
            problems.append(
                Problem(item.label, number, "text", "placeholder", {"value": PLACEHOLDER})
            )
    return problems


def length_warnings(item: Item) -> list[Problem]:
    problems = []
    for name, kind in [("title", "long-title"), ("summary", "long-summary")]:
        limit = LIMITS[name]
        value = item.data.get(name)
        if isinstance(value, str) and len(value) > limit:
            problems.append(
                Problem(
                    item.label,
                    line_of(item.lines, [name], 1),
                    name,
                    kind,
                    {"length": len(value), "limit": limit},
                )
            )
    return problems


def review_warnings(item: Item, today: dt.date) -> list[Problem]:
    value = item.data.get("next_review")
    if isinstance(value, str) and is_date_safe(value) and dt.date.fromisoformat(value) < today:
        line = line_of(item.lines, ["next_review"], 1)
        return [Problem(item.label, line, "next_review", "review-due", {"value": value})]
    return []


def is_date_safe(value: str) -> bool:
    try:
        return is_date(value)
    except ValueError:
        return False


# --- The text of a Markdown file ---------------------------------------------------------------


def text_lines(item: Item):
    """Yield (line number, line) of the text outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(item.body.split("\n"), start=item.body_line):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def body_problems(item: Item) -> list[Problem]:
    problems = []
    if not item.body.strip():
        return [Problem(item.label, item.body_line - 1, "text", "empty-body")]
    previous = 1
    for number, line in text_lines(item):
        heading = HEADING.match(line)
        if heading:
            level = len(heading["hashes"])
            if level == 1:
                problems.append(Problem(item.label, number, "text", "heading-h1"))
            elif level > previous + 1:
                problems.append(
                    Problem(
                        item.label,
                        number,
                        "text",
                        "heading-skip",
                        {"level": level, "previous": previous, "hashes": "#" * (previous + 1)},
                    )
                )
            previous = level
        for link in LINK.finditer(line):
            if link["image"] and not link["text"].strip():
                problems.append(
                    Problem(item.label, number, "text", "missing-alt", {"value": link["target"]})
                )
    return problems


def html_problems(site: Site, item: Item, text: str, first_line: int, field: str):
    """What the sanitiser would remove from the HTML that `text` (Markdown, starting at
    line `first_line` of the file) makes, each at the first line that shows it."""
    if not MAY_HOLD_HTML.search(text):
        return []
    if site.markdown is None:
        site.markdown = markdown_of(site.settings)
    lines = text.split("\n")
    problems = []
    for removal in removed(site.markdown.reset().convert(text)):
        offset = line_showing(lines, removal)
        problems.append(Problem(item.label, first_line + offset, field, "unsafe-html",
                                {"value": str(removal)}))  # fmt: skip
    return problems


def line_showing(lines: list[str], removal) -> int:
    """The index of the first line that shows the element or attribute (0 if none does)."""
    tag = re.compile(rf"<\s*{re.escape(removal.tag)}\b", re.I)
    if removal.attribute:
        name = removal.attribute.removeprefix("class ").split()[0]
        attribute = re.compile(rf"(\s|\.){re.escape(name)}(\s*=|\b)", re.I)
        for index, line in enumerate(lines):
            if attribute.search(line) and (tag.search(line) or "{" in line):
                return index
    for index, line in enumerate(lines):
        if tag.search(line):
            return index
    return 0


def file_problem(site: Site, folder: str, name: str) -> str | None:
    """What is wrong with a file a text or a field names, `name` relative to `folder` (both
    under content/, as POSIX paths): it is outside content/ ("outside-content"), or not a
    file the site publishes ("missing-file"); None if it is one."""
    if name.startswith("/") and folder == "":
        return "outside-content"
    path = posixpath.normpath(posixpath.join(folder, name.lstrip("/")))
    if path == ".." or path.startswith("../"):
        return "outside-content"
    return None if path in site.files else "missing-file"


def link_targets(item: Item):
    """Yield (line number, target, whether it is a picture) of every link and picture in
    the text."""
    for number, line in text_lines(item):
        for link in LINK.finditer(line):
            yield number, link["target"].strip("<>"), bool(link["image"])
        reference = REFERENCE_LINK.match(line)
        if reference:
            yield number, reference["target"], False


# --- The whole site ----------------------------------------------------------------------------


@dataclass
class Site:
    """What the checks need of the site's settings."""

    content: Path
    settings: dict
    today: dt.date
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    markdown: object = None  # the reader's Markdown converter, made when first needed
    files: set = field(default_factory=set)  # published_files, when the site is checked


def other_language_of(item: Item, settings: dict) -> str | None:
    """The item's language, by its file name or its `lang`, if it is not the default one."""
    lang = name_and_language(item.path)[1] or item.data.get("lang")
    return lang if isinstance(lang, str) and lang != settings["DEFAULT_LANG"] else None


def address_of(item: Item, kind: str, settings: dict) -> str:
    """The address the build gives an item: in its language's folder if it is not in the
    default language (ARTICLE_LANG_URL, …), by its file name or its `lang`."""
    slug = item.data.get("slug")
    name = name_and_language(item.path)[0]
    lang = other_language_of(item, settings)
    suffix = "_LANG_URL" if lang else "_URL"
    if kind == "news":
        match = NEWS_FILE_NAME.match(name)
        slug = slug or (match["slug"] if match else name)
        year = str(item.data.get("date", ""))[:4] or (match["date"][:4] if match else "0000")
        url = settings["ARTICLE" + suffix].replace("{date:%Y}", year)
        return url.format(slug=slug, lang=lang)
    key = "DIRECTORATE" if kind == "directorates" else "PAGE"
    return settings[key + suffix].format(slug=slug or name, lang=lang)


def language_problems(item: Item, settings: dict) -> list[Problem]:
    """An item's language, from its file name (`name.mt.md`) or its `lang`, must be one the
    site is published in; a translation's `lang`, if it has one, must be its file's."""
    languages = list(settings.get("LANGUAGES") or [settings["DEFAULT_LANG"]])
    choices = ", ".join(languages)
    named = name_and_language(item.path)[1]
    lang = item.data.get("lang")
    if named is not None and named not in languages:
        return [Problem(item.label, 1, "", "unknown-file-language",
                        {"value": named, "choices": choices})]  # fmt: skip
    line = line_of(item.lines, ["lang"], 1)
    if named is not None and lang is not None and lang != named:
        return [Problem(item.label, line, "lang", "language-mismatch",
                        {"value": lang, "other": named})]  # fmt: skip
    if lang is None or lang in languages:
        return []
    return [Problem(item.label, line, "lang", "unknown-language",
                    {"value": lang, "choices": choices})]  # fmt: skip


def time_problems(item: Item, settings: dict) -> list[Problem]:
    """A date and time that the site's clocks skip (the hour the clocks go forward) is not
    a real time there."""
    zone = ZoneInfo(settings["TIMEZONE"])
    problems = []
    for path, value in dated_fields(item.data):
        if not (isinstance(value, str) and is_date_time_safe(value)):
            continue
        naive = dt.datetime.fromisoformat(value)
        there = naive.replace(tzinfo=zone)
        if there.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
            details = {"value": value, "zone": settings["TIMEZONE"]}
            line = line_of(item.lines, path, 1)
            problems.append(Problem(item.label, line, field_name(path), "missing-time", details))
    return problems


def dated_fields(data: dict):
    """(path, value) of the fields that hold a date and time: `date`, `modified`, and each
    update's `date`."""
    for name in ("date", "modified"):
        if name in data:
            yield (name,), data[name]
    for index, update in enumerate(data.get("updates") or []):
        if isinstance(update, dict) and "date" in update:
            yield ("updates", index, "date"), update["date"]


def is_date_time_safe(value: str) -> bool:
    try:
        return is_date_time(value)
    except ValueError:
        return False


def name_and_language(path: Path) -> tuple[str, str | None]:
    """A source's name without `.md` and without its language (`contact.mt.md`: "contact",
    "mt"; `contact.md`: "contact", None)."""
    translation = TRANSLATION_NAME.match(path.stem)
    return (translation["name"], translation["lang"]) if translation else (path.stem, None)


def translation_language(path: Path, settings: dict) -> str | None:
    """The language a file's name gives it if the file is a translation, else None: an
    original is `contact.md` or, named with the default language's code as the browser
    editor names it, `contact.en.md`."""
    named = name_and_language(path)[1]
    return None if named == settings["DEFAULT_LANG"] else named


def news_file_problems(item: Item) -> list[Problem]:
    match = NEWS_FILE_NAME.match(name_and_language(item.path)[0])
    if not match:
        return [Problem(item.label, 1, "", "file-name")]
    if not SLUG_PATTERN.fullmatch(match["slug"]):
        return [Problem(item.label, 1, "", "bad-file-name")]
    problems = []
    date = item.data.get("date")
    folder = item.path.parent.name
    if folder != match["date"][:4]:
        problems.append(
            Problem(item.label, 1, "", "wrong-year-folder", {"year": match["date"][:4]})
        )
    # A date that is not one has its own message (schema_problems): one mistake, one message.
    if isinstance(date, str) and is_date_time_safe(date) and not date.startswith(match["date"]):
        line = line_of(item.lines, ["date"], 1)
        problems.append(Problem(item.label, line, "date", "date-mismatch", {"value": date[:10]}))
    return problems


def content_files(content: Path, settings: dict) -> list[tuple[str, Path]]:
    """Every file the checks read, as (kind, path), in the order they report: the data
    files, then the Markdown sources folder by folder ("data" or the folder's name).
    Symbolic links are not followed (they are refused: `symbolic_links`)."""
    files = [("data", data_file_path(content, settings, name)) for name in DATA_FILES]
    for folder in BY_FOLDER:
        files += [(folder, path) for path in sorted(markdown_files(content / folder))]
    return files


def markdown_files(folder: Path) -> list[Path]:
    found = []
    for parent, _, names in os.walk(folder):
        found += [Path(parent, name) for name in names if name.endswith(".md")
                  and not os.path.islink(os.path.join(parent, name))]  # fmt: skip
    return found


def data_file_path(content: Path, settings: dict, name: str) -> Path:
    """office.yaml or mandate.yaml, where the settings (OFFICE_FILE, MANDATE_FILE) say."""
    return content / settings.get(f"{name.split('.')[0].upper()}_FILE", name)


def value_at(data, path: tuple):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def data_file_schema(site: Site, path: Path) -> dict:
    for name, schema in DATA_FILES.items():
        if data_file_path(site.content, site.settings, name) == path:
            return schema
    raise KeyError(path)


def label_of(content: Path, path: Path) -> str:
    return f"content/{path.relative_to(content).as_posix()}"


def translated_markdown_fields(item: Item, schema: dict) -> list[tuple]:
    """The paths of the Markdown fields of a data file's translations."""
    translations = item.data.get("translations")
    if not isinstance(translations, dict):
        return []
    return [("translations", lang, *path) for lang in translations
            for path in markdown_fields(schema)]  # fmt: skip


def data_language_problems(item: Item, settings: dict) -> list[Problem]:
    """A data file's translations must be into the site's other languages."""
    translations = item.data.get("translations")
    others = settings.get("LANGUAGES", [])[1:]
    if not isinstance(translations, dict):
        return []
    return [Problem(item.label, line_of(item.lines, ["translations", lang], 1), "translations",
                    "unknown-language", {"value": lang, "choices": ", ".join(others) or "none"})
            for lang in translations if lang not in others]  # fmt: skip


def check_file(site: Site, kind: str, path: Path) -> tuple[Item | None, list[Problem]]:
    """Read one file and check it on its own: return it (None if it cannot be read) and
    its problems. A data file that is missing is a problem; a source that is missing is
    not there at all."""
    label = label_of(site.content, path)
    if kind == "data" and not path.exists():
        return None, [Problem(label, 1, "", "missing-data-file")]
    item = read_item(path, label, markdown=kind != "data")
    if isinstance(item, Problem):
        return None, [item]
    if kind == "data":
        schema = data_file_schema(site, path)
        problems = schema_problems(item, schema) + placeholder_problems(item)
        problems += data_language_problems(item, site.settings)
        for field_path in markdown_fields(schema) + translated_markdown_fields(item, schema):
            value = value_at(item.data, field_path)
            if isinstance(value, str):
                line = item.lines.get((*field_path, TEXT_STARTS)) or line_of(
                    item.lines, field_path, 1
                )
                problems += html_problems(site, item, value, line, field_name(field_path))
        return item, problems
    translated = translation_language(path, site.settings) is not None
    if translated and translation_not_started(item.data, item.body):
        return None, [Problem(item.label, 1, "", "translation-not-started")]
    if translated:
        problems = translation_schema_problems(site, item, kind)
    else:
        problems = schema_problems(item, BY_FOLDER[kind])
    problems += placeholder_problems(item)
    problems += body_problems(item) + length_warnings(item)
    problems += html_problems(site, item, item.body, item.body_line, "text")
    if kind == "news":
        problems += news_file_problems(item)
    elif not SLUG_PATTERN.fullmatch(name_and_language(path)[0]):
        problems.append(Problem(item.label, 1, "", "bad-file-name"))
    problems += language_problems(item, site.settings) + time_problems(item, site.settings)
    if kind == "pages":
        problems += review_warnings(item, site.today)
    item.url = address_of(item, kind, site.settings)
    item.addresses = addresses_of(item, kind, site.settings)
    item.links = list(link_targets(item))
    return item, problems


def translation_schema_problems(site: Site, item: Item, kind: str) -> list[Problem]:
    """A translation's problems against its schema, read with the fields it takes from its
    original (originals.py): a field missing from both is missing here; a mistake in a
    field it takes is the original's, reported there."""
    name = name_and_language(item.path)[0]
    original = original_fields(original_of(str(item.path), name, site.settings["DEFAULT_LANG"]))
    merged = with_original_fields(item.data, original)
    taken = {key for key in merged if key not in item.data}
    return [problem for problem in schema_problems(replace(item, data=merged), BY_FOLDER[kind])
            if problem.kind == "required" or problem.field.split(", ")[0] not in taken]  # fmt: skip


def symbolic_links(content: Path) -> list[Path]:
    """Every symbolic link under content/ (not followed): a link could publish any file of
    the machine, and the preview would not see edits behind it."""
    links = []
    for folder, folders, files in os.walk(content):
        links += [Path(folder, name) for name in folders + files
                  if os.path.islink(os.path.join(folder, name))]  # fmt: skip
    return sorted(links)


def symbolic_link_problem(content: Path, link: Path) -> Problem:
    return Problem(label_of(content, link), 1, "", "symbolic-link")


# --- Static files: pictures and documents only ----------------------------------------------

PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
DOCUMENTS = {".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".csv", ".txt"}
STATIC_NAME = re.compile(r"[a-z0-9]+([._-][a-z0-9]+)*")
# What a picture may not hold: anything that runs, loads from elsewhere or defines entities.
UNSAFE_IN_SVG = re.compile(
    r"<\s*(script|foreignobject|iframe|embed|object|handler|listener)\b|\son[a-z]+\s*="
    r"|javascript\s*:|<!\s*(entity|doctype)|(href|src)\s*=\s*[\"']?\s*(https?:|//|data:)"
    r"|url\(\s*[\"']?\s*(https?:|//|data:)|@import",
    re.I,
)


def static_files(content: Path, settings: dict) -> list[Path]:
    """The files under STATIC_PATHS that the build copies (IGNORE_FILES left out; links
    are not followed)."""
    found = []
    for folder in settings.get("STATIC_PATHS", []):
        for parent, _, names in os.walk(content / folder):
            found += [Path(parent, name) for name in names
                      if not ignored_name(name, settings)
                      and not os.path.islink(os.path.join(parent, name))]  # fmt: skip
    return sorted(found)


def ignored_name(name: str, settings: dict) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", []))


def static_file_problems(content: Path, path: Path, settings: dict) -> list[Problem]:
    """A static file must be a picture or a document, named as an address can be, and a
    picture in SVG must hold nothing that runs or loads from elsewhere. The publications'
    folder has checks of its own (documents.py)."""
    # Imported here: documents.py is built on this module's functions.
    from .documents import is_publication_file, publication_file_problems

    if is_publication_file(content, path, settings):
        return publication_file_problems(content, path, settings)
    label = label_of(content, path)
    suffix = path.suffix.lower()
    if suffix not in PICTURES | DOCUMENTS:
        return [Problem(label, 1, "", "static-type", {"value": suffix or path.name})]
    problems = []
    if not STATIC_NAME.fullmatch(path.name):
        problems.append(Problem(label, 1, "", "bad-file-name"))
    size = path.stat().st_size // 1024
    if suffix in PICTURES - {".svg"} and size > PICTURE_LIMIT_KB:
        problems.append(Problem(label, 1, "", "large-picture",
                                {"size": size, "limit": PICTURE_LIMIT_KB}))  # fmt: skip
    if suffix == ".svg":
        text = path.read_bytes().decode("utf-8", "replace")
        found = UNSAFE_IN_SVG.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            problems.append(Problem(label, line, "", "unsafe-svg", {"value": found[0].strip()}))
    return problems


def read_site(site: Site) -> None:
    """Read every content file, check it on its own, and keep the readable ones."""
    site.problems += [symbolic_link_problem(site.content, link)
                      for link in symbolic_links(site.content)]  # fmt: skip
    for path in static_files(site.content, site.settings):
        site.problems += static_file_problems(site.content, path, site.settings)
    for kind, path in content_files(site.content, site.settings):
        item, problems = check_file(site, kind, path)
        site.problems += problems
        if item is not None:
            site.items.append((kind, item))


def published(items):
    return [(kind, item) for kind, item in items if item.data.get("status") != "draft"]


def tag_url(tag: str, settings: dict) -> str:
    """The address of a topic's page, as Pelican makes it (remembered: the preview asks
    for every topic of every item after each change)."""
    key = (tag, settings["TAG_URL"])
    if key not in _TAG_URLS:
        from pelican.urlwrappers import Tag

        _TAG_URLS[key] = settings["TAG_URL"].format(slug=Tag(tag, settings).slug)
    return _TAG_URLS[key]


_TAG_URLS: dict[tuple[str, str], str] = {}


def known_addresses(site: Site) -> set[str]:
    """Every address of the public site a link in the content may point to."""
    settings = site.settings
    addresses = {""}
    languages = settings.get("LANGUAGES", [])[1:]
    for name in settings.get("DIRECT_TEMPLATES", []):
        url = settings.get(f"{name.upper()}_URL")
        if url is not None:
            addresses.add(url)
            addresses.update(f"{lang}/{url}" for lang in languages)
    addresses |= {settings["FEED_ATOM"], "sitemap.xml", "robots.txt", "404.html"}
    addresses |= {settings["LANGUAGE_FEED_ATOM"].format(lang=lang) for lang in languages}
    for kind, item in published(site.items):
        if kind != "data":
            addresses.update(item.addresses)
    return addresses | site.files


def addresses_of(item: Item, kind: str, settings: dict) -> tuple[str, ...]:
    """The addresses a published item gives the site: its own, its feed, its year's archive
    and its topics' pages."""
    addresses = [item.url]
    if kind == "directorates":
        addresses.append(
            settings["DIRECTORATE_FEED_ATOM"].format(slug=name_and_language(item.path)[0])
        )
    if kind == "news":
        lang = other_language_of(item, settings)
        prefix = f"{lang}/" if lang else ""  # a translation's archive and topics are its language's
        year = item.url.removeprefix(prefix).split("/")[1]
        addresses.append(prefix + settings["YEAR_ARCHIVE_URL"].replace("{date:%Y}", year))
        addresses += [prefix + tag_url(tag, settings) for tag in item.data.get("tags") or []
                      if isinstance(tag, str)]  # fmt: skip
    return tuple(addresses)


def reference_problems(site: Site) -> list[Problem]:
    """Addresses used twice or taken by the site's own pages, translations of nothing or
    twice over, and directorates and pictures that are not there."""
    return (address_problems(site) + translation_problems(site) + directorate_problems(site)
            + picture_problems(site))  # fmt: skip


def versions_by_original(site: Site) -> dict[Path, list[tuple[str, str | None, Item]]]:
    """Every Markdown item's versions, keyed by its original's path (`contact.md` for
    `contact.mt.md`, whether it exists or not): (language, language of the file's name or
    None, item) of each. `make report` reads them too."""
    default = site.settings["DEFAULT_LANG"]
    versions: dict = {}
    for kind, item in site.items:
        if kind == "data":
            continue
        name = name_and_language(item.path)[0]
        named = translation_language(item.path, site.settings)
        lang = named or item.data.get("lang") or default
        versions.setdefault(item.path.with_name(f"{name}.md"), []).append((lang, named, item))
    return versions


def translation_problems(site: Site) -> list[Problem]:
    """A translation whose original is not there, and two versions of one item in one
    language (a translation beside an original whose `lang` is the translation's)."""
    problems = []
    for original_path, found in versions_by_original(site).items():
        if not any(named is None for _, named, _ in found):
            for _, _, item in found:
                original = label_of(site.content, original_path)
                problems.append(Problem(item.label, 1, "", "translation-without-original",
                                        {"value": original}))  # fmt: skip
        seen: dict = {}
        for lang, _, item in found:
            if lang in seen:
                problems.append(Problem(item.label, 1, "", "duplicate-translation",
                                        {"value": lang, "other": seen[lang]}))  # fmt: skip
            seen.setdefault(lang, item.label)
    return problems


def site_addresses(settings: dict) -> dict[str, str]:
    """The site's own pages' addresses, each with the page's name."""
    own = {}
    for name in settings.get("DIRECT_TEMPLATES", []):
        url = settings.get(f"{name.upper()}_URL")
        if url is not None:
            own[url] = f"the site's {name.replace('_', ' ')} page"
    return own


# Addresses under which the site writes its own files and listings.
SITE_FOLDERS = re.compile(r"^(news/(tags|page|archive)/|news/\d{4}/page/|drafts/|feeds/|theme/"
                          r"|search/|images/|documents/)")  # fmt: skip


def address_problems(site: Site) -> list[Problem]:
    problems = []
    seen = site_addresses(site.settings)
    for kind, item in site.items:
        if kind == "data" or item.data.get("status") == "draft":
            continue
        line = line_of(item.lines, ["slug"], 1)  # the slug, if it sets the address
        if item.url in seen:
            details = {"value": item.url, "other": seen[item.url]}
            problems.append(Problem(item.label, line, "", "duplicate-address", details))
        elif SITE_FOLDERS.match(item.url):
            problems.append(Problem(item.label, line, "", "site-address", {"value": item.url}))
        seen.setdefault(item.url, item.label)
        for index, tag in enumerate(item.data.get("tags") or [] if kind == "news" else []):
            if isinstance(tag, str) and tag_url(tag, site.settings).endswith("//"):
                line = line_of(item.lines, ["tags", index], 1)
                problems.append(Problem(item.label, line, "tags", "empty-topic-address",
                                        {"value": tag}))  # fmt: skip
    return problems


def directorate_problems(site: Site) -> list[Problem]:
    """News and mandate items that name a directorate that does not exist or is a draft."""
    directorates = {
        name_and_language(item.path)[0]: item
        for kind, item in site.items
        if kind == "directorates" and translation_language(item.path, site.settings) is None
    }
    choices = ", ".join(sorted(stem for stem, item in directorates.items()
                               if item.data.get("status") != "draft"))  # fmt: skip
    problems = []
    for kind, item in site.items:
        for path, slug in named_directorates(kind, item):
            if not isinstance(slug, str):
                continue
            if slug not in directorates:
                problem = "unknown-directorate"
            elif directorates[slug].data.get("status") == "draft":
                problem = "draft-directorate"
            else:
                continue
            field = path[0] if kind == "news" else field_name(path)
            problems.append(Problem(item.label, line_of(item.lines, path, 1), field, problem,
                                    {"value": slug, "choices": choices}))  # fmt: skip
    return problems


def named_directorates(kind: str, item: Item):
    """(path, slug) of each directorate an item names."""
    if kind == "news" and isinstance(item.data.get("directorates"), list):
        for index, slug in enumerate(item.data["directorates"]):
            yield ("directorates", index), slug
    responsibilities = item.data.get("responsibilities") if kind == "data" else None
    for index, responsibility in enumerate(responsibilities or []):
        if isinstance(responsibility, dict) and "directorate" in responsibility:
            yield ("responsibilities", index, "directorate"), responsibility["directorate"]


def picture_problems(site: Site) -> list[Problem]:
    problems = []
    for _, item in site.items:
        image = item.data.get("image")
        src = image.get("src") if isinstance(image, dict) else None
        problem = file_problem(site, "", src) if isinstance(src, str) else None
        if problem:
            line = line_of(item.lines, ["image", "src"], 1)
            problems.append(Problem(item.label, line, "image, src", problem, {"value": src}))
    return problems


def link_problems(site: Site) -> list[Problem]:
    """Return the links to nowhere in the site's text."""
    problems = []
    addresses = known_addresses(site)
    for kind, item in site.items:
        if kind == "data":
            problems += top_task_problems(item, addresses)
            continue
        for line, target, picture in item.links:
            problem = link_problem(site, item, line, target, addresses, picture)
            if problem:
                problems.append(problem)
    return problems


def top_task_problems(item: Item, addresses: set[str]) -> list[Problem]:
    """Return the office's top tasks whose `link` is not a page of this site."""
    problems = []
    for index, task in enumerate(item.data.get("top_tasks") or []):
        link = task.get("link") if isinstance(task, dict) else None
        if isinstance(link, str) and link.split("#")[0] not in addresses:
            path = ["top_tasks", index, "link"]
            problems.append(Problem(item.label, line_of(item.lines, path, 1), field_name(path),
                                    "broken-task-link", {"value": link}))  # fmt: skip
    return problems


def site_problems(site: Site) -> list[Problem]:
    """The problems between files: addresses used twice, references and links to nowhere."""
    from .comments import comment_problems  # comments.py is built on this module

    site.files = published_files(site)
    return reference_problems(site) + link_problems(site) + comment_problems(site)


def published_files(site: Site) -> set[str]:
    """The files under content/ that the site publishes or reads, as POSIX paths: its static
    files and its sources."""
    files = {path.relative_to(site.content).as_posix()
             for path in static_files(site.content, site.settings)
             if path.suffix != ".yaml"}  # facts files are read, not published  # fmt: skip
    return files | {item.label.removeprefix("content/") for _, item in site.items}


def link_problem(site: Site, item: Item, line: int, target: str, addresses: set[str],
                 picture: bool = False):  # fmt: skip
    parts = urlsplit(html.unescape(target).strip())
    scheme = parts.scheme.lower()
    if scheme and scheme not in URL_SCHEMES:
        return Problem(item.label, line, "text", "bad-link-address", {"value": target})
    if picture and (scheme or parts.netloc):
        return Problem(item.label, line, "text", "external-picture", {"value": target})
    if scheme or parts.netloc or target.startswith("#"):
        return None  # another site, an email address, a phone number, or a place on this page
    if target.startswith(("{filename}", "{static}", "{attach}")):
        relative = target.split("}", 1)[1].split("#")[0]
        folder = "." if relative.startswith("/") else item.path.parent.relative_to(site.content)
        kind = file_problem(site, Path(folder).as_posix(), relative)
        return Problem(item.label, line, "text", kind, {"value": target}) if kind else None
    resolved = urljoin("/" + item.url, parts.path).lstrip("/")
    resolved = str(PurePosixPath(resolved)) + ("/" if resolved.endswith("/") else "")
    resolved = "" if resolved in (".", "./") else resolved
    candidates = {resolved, resolved.removesuffix("index.html"), resolved + "/"}
    if candidates & addresses:
        return None
    kind = "picture-not-found" if picture else "broken-link"
    if kind == "broken-link" and translation_language(item.path, site.settings) is not None:
        kind = "broken-translation-link"  # a translation's address is not its original's
    return Problem(item.label, line, "text", kind, {"value": target})


def in_order(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.kind))


def checked_site(content: Path, settings: dict, today: dt.date | None = None) -> Site:
    """Return the site, read and checked: its items and every problem in it."""
    site = Site(content=content, settings=settings, today=today or dt.date.today())
    read_site(site)
    site.problems += site_problems(site)
    return site


def check_site(content: Path, settings: dict, today: dt.date | None = None) -> list[Problem]:
    """Return every problem in the content, errors and warnings, by file and line."""
    return in_order(checked_site(content, settings, today).problems)
