"""The checks themselves: every file under content/ against its schema (schemas.py), then what
needs the whole site: addresses used twice, directorates, pictures and links that do not
exist. Each problem names the file, the line, the field, what is wrong and the fix."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import yaml

from .messages import ERROR, KINDS, PLACEHOLDER
from .schemas import BY_FOLDER, DATA_FILES

NEWS_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)\.md$")
TITLE_LIMIT = 100
SUMMARY_LIMIT = 300
UNSAFE_HTML = [
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    (re.compile(r"<\s*(object|embed)\b", re.I), "an <object> or <embed> element"),
    (re.compile(r"<\s*style\b", re.I), "a <style> element"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an event handler (on…=)"),
    (re.compile(r"<[^>]*\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: address"),
]
LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)"
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


FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: 10x faster


class PlainLoader(FastLoader):
    """Safe loading that keeps dates as text, so a wrong date is a message, not a crash."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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


def key_lines(node, first_line: int, prefix=()) -> dict:
    """Return {path of keys and indexes: line in the file} for a composed YAML node. A key
    written twice in one mapping is listed under ("duplicates",) with its second line."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, key.value)
            if path in lines:
                duplicate = (path, key.start_mark.line + first_line)
                lines.setdefault(("duplicates",), []).append(duplicate)
            lines[path] = key.start_mark.line + first_line
            lines.update(key_lines(value, first_line, path))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            path = (*prefix, index)
            lines[path] = value.start_mark.line + first_line
            lines.update(key_lines(value, first_line, path))
    return lines


def parse_yaml(text: str, label: str, first_line: int):
    """Return (data, lines) or a Problem for a YAML syntax error."""
    try:
        node = yaml.compose(text, Loader=PlainLoader)
        data = PlainLoader("").construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        return Problem(label, line, "", "yaml-syntax", {"detail": error.problem or error})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Problem(
            label, first_line, "", "yaml-syntax", {"detail": "expected 'name: value' lines"}
        )
    return data, key_lines(node, first_line)


def read_item(path: Path, label: str, markdown: bool):
    """Return an Item, or the Problem that stops the file from being read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark is harmless
    except UnicodeDecodeError:
        return Problem(label, 1, "", "not-utf8")
    if not markdown:
        parsed = parse_yaml(text, label, 1)
        return parsed if isinstance(parsed, Problem) else Item(path, label, *parsed)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Problem(label, 1, "", "no-front-matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return Problem(label, 1, "", "no-front-matter")
    parsed = parse_yaml("\n".join(lines[1:end]), label, 2)
    if isinstance(parsed, Problem):
        return parsed
    return Item(path, label, *parsed, body="\n".join(lines[end + 1 :]), body_line=end + 2)


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
    needed, not with the plugin: jsonschema takes 0.08 s to import, and a quick rebuild
    (plugins/quick_rebuild) starts the search index process before it checks a file."""
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


def field_name(path) -> str:
    return ".".join(str(part) for part in path) or ""


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
        for path, line in item.lines.get(("duplicates",), [])
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
            expected = TYPE_NAMES.get(sub["type"], sub["type"])
            details = {
                "expected": expected,
                "actual": type_name(error.instance),
                "example": example_of(sub, name.split(".")[-1]),
            }
            problems.append(Problem(item.label, line, name, "wrong-type", details))
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
            problems.append(Problem(item.label, line, name, "bad-slug", {"value": error.instance}))
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
                        "example": example_of(sub, name),
                    },
                )
            )
        else:  # a rule the schema gained without a message here yet: still say where
            problems.append(
                Problem(item.label, line, name, "yaml-syntax", {"detail": error.message})
            )
    return problems


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
    for name, limit, kind in [
        ("title", TITLE_LIMIT, "long-title"),
        ("summary", SUMMARY_LIMIT, "long-summary"),
    ]:
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
        for pattern, description in UNSAFE_HTML:
            if pattern.search(line):
                problems.append(
                    Problem(item.label, number, "text", "unsafe-html", {"value": description})
                )
        for link in LINK.finditer(line):
            if link["image"] and not link["text"].strip():
                problems.append(
                    Problem(item.label, number, "text", "missing-alt", {"value": link["target"]})
                )
    return problems


def link_targets(item: Item):
    """Yield (line number, target) of every link and picture in the text."""
    for number, line in text_lines(item):
        for link in LINK.finditer(line):
            yield number, link["target"].strip("<>")
        reference = REFERENCE_LINK.match(line)
        if reference:
            yield number, reference["target"]


# --- The whole site ----------------------------------------------------------------------------


@dataclass
class Site:
    """What the checks need of the site's settings."""

    content: Path
    settings: dict
    today: dt.date
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def address_of(item: Item, kind: str, settings: dict) -> str:
    slug = item.data.get("slug")
    if kind == "news":
        match = NEWS_FILE_NAME.match(item.path.name)
        slug = slug or (match["slug"] if match else item.path.stem)
        year = str(item.data.get("date", ""))[:4] or (match["date"][:4] if match else "0000")
        return settings["ARTICLE_URL"].replace("{date:%Y}", year).format(slug=slug)
    slug = slug or item.path.stem
    key = "DIRECTORATE_URL" if kind == "directorates" else "PAGE_URL"
    return settings[key].format(slug=slug)


def news_file_problems(item: Item) -> list[Problem]:
    match = NEWS_FILE_NAME.match(item.path.name)
    if not match:
        return [Problem(item.label, 1, "", "file-name")]
    problems = []
    date = item.data.get("date")
    folder = item.path.parent.name
    if folder != match["date"][:4]:
        problems.append(
            Problem(item.label, 1, "", "wrong-year-folder", {"year": match["date"][:4]})
        )
    if isinstance(date, str) and not date.startswith(match["date"]):
        line = line_of(item.lines, ["date"], 1)
        problems.append(Problem(item.label, line, "date", "date-mismatch", {"value": date[:10]}))
    return problems


def read_site(site: Site) -> None:
    """Read every content file, check it on its own, and keep the readable ones."""
    for name, schema in DATA_FILES.items():
        path = site.content / site.settings.get(f"{name.split('.')[0].upper()}_FILE", name)
        label = f"content/{path.relative_to(site.content).as_posix()}"
        if not path.exists():
            site.problems.append(Problem(label, 1, "", "missing-data-file"))
            continue
        item = read_item(path, label, markdown=False)
        if isinstance(item, Problem):
            site.problems.append(item)
        else:
            site.problems += schema_problems(item, schema) + placeholder_problems(item)
            site.items.append(("data", item))
    for folder in BY_FOLDER:
        for path in sorted((site.content / folder).rglob("*.md")):
            item = read_source(site, folder, path)
            if item is not None:
                site.items.append((folder, item))


def read_source(site: Site, folder: str, path: Path) -> Item | None:
    """Read one Markdown source and check it on its own: add its problems to the site's;
    return it, or None if it cannot be read."""
    label = f"content/{path.relative_to(site.content).as_posix()}"
    item = read_item(path, label, markdown=True)
    if isinstance(item, Problem):
        site.problems.append(item)
        return None
    site.problems += schema_problems(item, BY_FOLDER[folder]) + placeholder_problems(item)
    site.problems += body_problems(item) + length_warnings(item)
    if folder == "news":
        site.problems += news_file_problems(item)
    if folder == "pages":
        site.problems += review_warnings(item, site.today)
    item.url = address_of(item, folder, site.settings)
    return item


def published(items):
    return [(kind, item) for kind, item in items if item.data.get("status") != "draft"]


def known_addresses(site: Site) -> set[str]:
    """Every address of the public site a link in the content may point to."""
    from pelican.urlwrappers import Tag

    settings = site.settings
    addresses = {""}
    for name in settings.get("DIRECT_TEMPLATES", []):
        url = settings.get(f"{name.upper()}_URL")
        if url is not None:
            addresses.add(url)
    addresses |= {settings["FEED_ALL_ATOM"], "sitemap.xml", "robots.txt", "404.html"}
    for kind, item in published(site.items):
        if kind == "data":
            continue
        addresses.add(item.url)
        if kind == "directorates":
            addresses.add(settings["DIRECTORATE_FEED_ATOM"].format(slug=item.path.stem))
        if kind == "news":
            addresses.add(settings["YEAR_ARCHIVE_URL"].replace("{date:%Y}", item.url.split("/")[1]))
            for tag in item.data.get("tags") or []:
                if isinstance(tag, str):
                    addresses.add(settings["TAG_URL"].format(slug=Tag(tag, settings).slug))
    for folder in settings.get("STATIC_PATHS", []):
        for path in (site.content / folder).rglob("*"):
            if path.is_file():
                addresses.add(path.relative_to(site.content).as_posix())
    return addresses


def reference_problems(site: Site) -> list[Problem]:
    problems = []
    directorates = sorted(item.path.stem for kind, item in site.items if kind == "directorates")
    choices = ", ".join(directorates)
    seen: dict[str, str] = {}
    for kind, item in site.items:
        if kind != "data" and item.data.get("status") != "draft":
            if item.url in seen:
                problems.append(
                    Problem(item.label, 1, "", "duplicate-address", {"other": seen[item.url]})
                )
            seen.setdefault(item.url, item.label)
        named = item.data.get("directorates") if kind == "news" else None
        if kind == "data" and isinstance(item.data.get("responsibilities"), list):
            named = None
            for index, responsibility in enumerate(item.data["responsibilities"]):
                slug = (
                    responsibility.get("directorate") if isinstance(responsibility, dict) else None
                )
                if isinstance(slug, str) and slug not in directorates:
                    line = line_of(item.lines, ["responsibilities", index, "directorate"], 1)
                    problems.append(
                        Problem(
                            item.label,
                            line,
                            f"responsibilities.{index}.directorate",
                            "unknown-directorate",
                            {"value": slug, "choices": choices},
                        )
                    )
        for index, slug in enumerate(named if isinstance(named, list) else []):
            if isinstance(slug, str) and slug not in directorates:
                line = line_of(item.lines, ["directorates", index], 1)
                problems.append(
                    Problem(
                        item.label,
                        line,
                        "directorates",
                        "unknown-directorate",
                        {"value": slug, "choices": choices},
                    )
                )
        image = item.data.get("image")
        src = image.get("src") if isinstance(image, dict) else None
        if isinstance(src, str) and not (site.content / src).is_file():
            line = line_of(item.lines, ["image", "src"], 1)
            problems.append(Problem(item.label, line, "image.src", "missing-file", {"value": src}))
    return problems


def link_problems(site: Site, only: Item | None = None) -> list[Problem]:
    """Return the links to nowhere in the site's text (or in one item's only)."""
    problems = []
    addresses = known_addresses(site)
    for kind, item in site.items:
        if kind == "data" or (only is not None and item is not only):
            continue
        for line, target in link_targets(item):
            problem = link_problem(site, item, line, target, addresses)
            if problem:
                problems.append(problem)
    return problems


def link_problem(site: Site, item: Item, line: int, target: str, addresses: set[str]):
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("#"):
        return None  # another site, an email address, a phone number, or a place on this page
    if target.startswith(("{filename}", "{static}", "{attach}")):
        relative = target.split("}", 1)[1].split("#")[0]
        base = site.content if relative.startswith("/") else item.path.parent
        if not (base / relative.lstrip("/")).resolve().is_file():
            return Problem(item.label, line, "text", "missing-file", {"value": target})
        return None
    resolved = urljoin("/" + item.url, parts.path).lstrip("/")
    resolved = str(PurePosixPath(resolved)) + ("/" if resolved.endswith("/") else "")
    resolved = "" if resolved in (".", "./") else resolved
    candidates = {resolved, resolved.removesuffix("index.html"), resolved + "/"}
    if candidates & addresses:
        return None
    return Problem(item.label, line, "text", "broken-link", {"value": target})


def in_order(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.kind))


def checked_site(content: Path, settings: dict, today: dt.date | None = None) -> Site:
    """Return the site, read and checked: its items and every problem in it."""
    site = Site(content=content, settings=settings, today=today or dt.date.today())
    read_site(site)
    site.problems += reference_problems(site) + link_problems(site)
    return site


def check_site(content: Path, settings: dict, today: dt.date | None = None) -> list[Problem]:
    """Return every problem in the content, errors and warnings, by file and line."""
    return in_order(checked_site(content, settings, today).problems)


def without_texts(site: Site) -> Site:
    """Return the checked site without its items' texts and field lines: `recheck_source`
    needs those only of the file it checks again, and reads that file again. (A quarter of
    the memory: 3 MB rather than 12 at 1,000 articles.)"""
    items = [(kind, replace(item, body="", lines={})) for kind, item in site.items]
    return replace(site, items=items, problems=[])


def problems_of_file(content: Path, settings: dict, path: Path) -> list[Problem]:
    """Return the problems of one Markdown source on its own: what can be found without
    the rest of the site (before anything reads it, so that a broken file is reported
    here rather than by Pelican's reader)."""
    alone = Site(content=content, settings=settings, today=dt.date.today())
    read_source(alone, path.relative_to(content).parts[0], path)
    return in_order(alone.problems)


def recheck_source(site: Site, path: Path) -> list[Problem]:
    """Check one changed Markdown source of a site checked before, and keep it in the site:
    return that file's problems, its references and links included, as check_site would.
    (The preview checks a saved file this way before it shows it, in a fraction of the time
    of the whole check.)"""
    folder = path.relative_to(site.content).parts[0]
    alone = Site(content=site.content, settings=site.settings, today=site.today)
    item = read_source(alone, folder, path)
    site.items = [(kind, old) for kind, old in site.items if old.path != path]
    if item is not None:
        site.items.append((folder, item))
        label = item.label
        alone.problems += [p for p in reference_problems(site) if p.path == label]
        alone.problems += link_problems(site, only=item)
    return in_order(alone.problems)
