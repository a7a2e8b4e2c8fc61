"""The one front-matter parser: how a content file splits into its fields and its text, and
how its YAML is read. The content check and the reader (reader.py) both call it, so they
always agree on where the fields end and what they hold.

Dates stay text here (the check says what is wrong with "2026-02-30"; the reader turns a
checked date into a datetime). YAML anchors and aliases are refused: no editor needs them,
and nested aliases make a few hundred bytes expand without end.

A file that cannot be read raises ParseError with the line where the editor's mistake is and
its kind (an unclosed quote, a tab, a list item without "- " …), which names the content
check's message for it (plugins/checks/content_check/messages.py): not where YAML gave up,
nor in YAML's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# libyaml when PyYAML has it (it does in our pinned wheel): many times faster than pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlainLoader(_SafeLoader):
    """Safe loading that keeps dates as text."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

FENCE = "---"
# In a Source's `lines`, (*path, TEXT_STARTS) is the line where a block of text (`|`, `>`)
# begins.
TEXT_STARTS = "<the text's first line>"
END_MARKERS = ("---", "...")


@dataclass
class Source:
    """A content file, parsed: its fields, the line of each field, and its text."""

    data: dict
    lines: dict  # (key, index, …) -> line number in the file
    body: str = ""
    body_line: int = 1  # the file's line number of the text's first line
    duplicates: list = field(default_factory=list)  # [(key path, line)] written twice


@dataclass
class ParseError(Exception):
    """Why a file cannot be read: `kind` names the content check's message for it."""

    line: int
    kind: str
    detail: str = ""


def decoded(raw: bytes) -> str:
    """The file's text; a byte-order mark is harmless. Raises ParseError if not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ParseError(line, "not-utf8") from error


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (the YAML between the two '---' lines, the text after them, the line number
    of the text's first line). The first line must be '---'; the fields end at the next line
    that is '---' or '...' (spaces after it are ignored, spaces before it are not: such a
    line belongs to the YAML). Raises ParseError."""
    if not text.strip():
        raise ParseError(1, "empty-file")
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise ParseError(1, "no-front-matter")
    for number in range(1, len(lines)):
        if lines[number].rstrip() in END_MARKERS:
            yaml_text = "\n".join(lines[1:number])
            return yaml_text, "\n".join(lines[number + 1 :]), number + 2
    raise ParseError(where_fields_stop(lines), "fields-not-closed")


# A line that may belong to the fields: indented, a list item, `name:` or a comment.
FIELD_LIKE = re.compile(r"[ \t]|- |[A-Za-z_][\w-]*:(\s|$)|#")


def where_fields_stop(lines: list[str]) -> int:
    """The file's line number where fields that no '---' line closes seem to stop: the
    first blank line or line of text after them (the closing '---' belongs just above it)."""
    for number in range(1, len(lines)):
        if not lines[number].strip() or not FIELD_LIKE.match(lines[number]):
            return number + 1
    return len(lines)


def key_lines(node, first_line: int, prefix=(), seen=None) -> tuple[dict, list]:
    """Return ({path of keys and indexes: line}, [(path, line) of keys written twice]) for a
    composed YAML node. Raises ParseError on an alias (the same node met twice)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise ParseError(node.start_mark.line + first_line, "yaml-alias")
    seen.add(id(node))
    lines, duplicates = {}, []
    children = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise ParseError(key.start_mark.line + first_line, "yaml-syntax",
                                 "a field name must be a plain word")  # fmt: skip
            path = (*prefix, key.value)
            if path in lines:
                duplicates.append((path, key.start_mark.line + first_line))
            lines[path] = key.start_mark.line + first_line
            if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
                # A block of text starts on the line after its key.
                lines[(*path, TEXT_STARTS)] = lines[path] + 1
            children.append((path, value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            path = (*prefix, index)
            lines[path] = value.start_mark.line + first_line
            children.append((path, value))
    for path, child in children:
        inner, inner_duplicates = key_lines(child, first_line, path, seen)
        lines.update(inner)
        duplicates += inner_duplicates
    return lines, duplicates


def parse_yaml(text: str, first_line: int = 1) -> Source:
    """Parse YAML fields; `first_line` is the file's line number of the YAML's first line.
    Raises ParseError."""
    if "&" in text or "*" in text:
        refuse_anchors(text, first_line)
    try:
        node = yaml.compose(text, Loader=PlainLoader)
    except yaml.MarkedYAMLError as error:
        raise yaml_mistake(text, error, first_line) from error
    except yaml.YAMLError as error:  # a character YAML refuses (the check says which first)
        raise ParseError(first_line, "yaml-syntax", UNREADABLE) from error
    if node is None:
        return Source({}, {})
    lines, duplicates = key_lines(node, first_line)
    try:
        data = PlainLoader("").construct_document(node)
    except yaml.MarkedYAMLError as error:  # a tag such as !!python/object
        raise ParseError(mark_of(error).line + first_line, "sign-start", "!") from error
    if not isinstance(data, dict):
        raise not_fields(text, first_line)
    return Source(data, lines, duplicates=duplicates)


def refuse_anchors(text: str, first_line: int) -> None:
    """Raise ParseError at the first anchor (&name) or alias (*name), before anything is
    built from them."""
    try:
        for event in yaml.parse(text, Loader=PlainLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ParseError(event.start_mark.line + first_line, "yaml-alias")
    except yaml.MarkedYAMLError:
        return  # a syntax error: compose() says where


def parse_source(raw: bytes) -> Source:
    """Parse a Markdown content file: its fields and its text. Raises ParseError."""
    yaml_text, body, body_line = split_front_matter(decoded(raw))
    source = parse_yaml(yaml_text, first_line=2)
    if not source.data:
        raise ParseError(1, "no-fields")
    source.body, source.body_line = body, body_line
    return source


def parse_data_file(raw: bytes) -> Source:
    """Parse a YAML data file (office.yaml, mandate.yaml). Raises ParseError."""
    text = decoded(raw)
    if not text.strip():
        raise ParseError(1, "empty-file")
    return parse_yaml(text, first_line=1)


# --- Where a YAML mistake is, in plain words ---------------------------------------------------
#
# YAML's own errors name what its parser expected, often lines after the mistake: an unclosed
# quote is found at the end of the fields. So a mistake is looked for line by line first, up
# to the line of YAML's error, in the ways editors make them; failing that, YAML's error is
# read for where it began and what it means. This runs only once YAML has refused the fields.

# `name:` at the start of a line, after its indentation and a list item's "- ".
KEY = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?=\s|$)")
# The same with no space after the colon (and not the start of an address: https://, mailto:).
KEY_NO_SPACE = re.compile(r"[ \t]*(?:-[ \t]+)?(?!(?:https?|mailto|tel):)"
                          r"(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/].*)")  # fmt: skip
# A value that starts with a quote, after `name: ` or "- ".
NAME = r"[A-Za-z_][\w-]*[ \t]*:[ \t]+"
QUOTED = re.compile(rf"[ \t]*(?:-[ \t]+(?:{NAME})?|{NAME})(?P<value>[\"'].*)")
# A line that starts a block of text: `about: |`, `summary: >-`, `- |`.
BLOCK_START = re.compile(r"(?:.*:|[ \t]*-)[ \t]+[|>][+-]?[0-9]?[ \t]*(?:#.*)?")
LIST_ITEM = re.compile(r"[ \t]*-(?:[ \t]|$)")
UNREADABLE = "YAML does not expect what it finds on this line"


def mark_of(error: yaml.MarkedYAMLError):
    """Where YAML found its error (or, failing that, where it began reading)."""
    return error.problem_mark or error.context_mark


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def field_lines(lines: list[str]):
    """Yield (index, line) of the lines that hold fields: not blank, not comments, not the
    lines of a block of text (those after `|` or `>`, indented deeper than its name)."""
    block = None  # the indentation of the line that started a block of text
    for index, line in enumerate(lines):
        if block is not None and (not line.strip() or indentation(line) > block):
            continue
        block = None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield index, line
        if BLOCK_START.fullmatch(line.rstrip()):
            block = indentation(line)


def yaml_mistake(text: str, error: yaml.MarkedYAMLError, first_line: int) -> ParseError:
    """The editor's mistake behind YAML's error: the first line, up to the error's, that shows
    a mistake on its own, or else what the error itself says."""
    lines = text.split("\n")
    for index, line in field_lines(lines[: mark_of(error).line + 1]):
        found = line_mistake(line)
        if found:
            return ParseError(index + first_line, *found)
    index, kind, detail = reported_mistake(lines, error)
    return ParseError(index + first_line, kind, detail)


def not_fields(text: str, first_line: int) -> ParseError:
    """The fields are text or a list, not `name: value` lines: say why if a line shows it."""
    for index, line in field_lines(text.split("\n")):
        found = line_mistake(line)
        if found:
            return ParseError(index + first_line, *found)
    return ParseError(first_line, "not-fields")


def line_mistake(line: str) -> tuple[str, str] | None:
    """(kind, detail) of a mistake one line of fields shows on its own, or None: a tab in
    its indentation, a quote never closed or followed by more text, no space after a colon."""
    if "\t" in line[: indentation(line)]:
        return "tab", ""
    quoted = QUOTED.fullmatch(line.rstrip())
    if quoted:
        value = quoted["value"]
        end = closing_quote(value)
        if end is None:
            return "unclosed-quote", ""
        rest = value[end + 1 :].strip()
        if rest and not rest.startswith(("#", ":")):
            return "text-after-quote", suggested(line)
    missing = KEY_NO_SPACE.fullmatch(line.rstrip())
    if missing:
        return "no-space-after-colon", f"{missing['key']}: {missing['value']}"
    return None


def closing_quote(value: str) -> int | None:
    """The index of the quote that closes `value` (which starts with its quote), or None if
    it is not closed on this line. In double quotes \\" is a quote; in single quotes, ''."""
    quote, index = value[0], 1
    while index < len(value):
        char, following = value[index], value[index + 1 : index + 2]
        if (quote == '"' and char == "\\") or (quote == "'" and char == following == "'"):
            index += 2  # an escaped character, or '' for one ' in single quotes
        elif char == quote:
            return index
        else:
            index += 1
    return None


def reported_mistake(lines: list[str], error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """(line index, kind, detail) of the mistake YAML's error points to: where what it was
    reading began (an unclosed quote, list or sign), or where it gave up."""
    context, problem = error.context or "", error.problem or ""
    began = (error.context_mark or mark_of(error)).line
    mark = mark_of(error)
    if "quoted scalar" in context:
        return began, "unclosed-quote", ""
    if "tab character" in problem:
        return mark.line, "tab", ""
    if any(word in context for word in ("alias", "anchor", "block scalar")):
        return began, "sign-start", character_at(lines, error.context_mark)
    if "cannot start any token" in problem:
        sign = character_at(lines, mark)
        return (mark.line, "tab", "") if sign == "\t" else (mark.line, "sign-start", sign)
    if "flow sequence" in context:
        return began, "unclosed-list", ""
    if "flow mapping" in context:
        return began, "sign-start", "{"
    if "simple key" in context:
        return began, simple_key_mistake(lines, began), ""
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "mapping values" in problem:
        return (mark.line, *colon_mistake(line, mark.column))
    if "'-' indicator" in problem:
        return mark.line, list_mistake(lines, mark.line), ""
    if "expected key" in problem:
        return (mark.line, *key_mistake(line))
    return mark.line, "yaml-syntax", UNREADABLE


def character_at(lines: list[str], mark) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def simple_key_mistake(lines: list[str], index: int) -> str:
    """What is wrong with a line that is neither `name: value` nor a list item: the line
    above says whether it was meant as a list item or as a block of text's line."""
    above = [line for _, line in field_lines(lines[:index])]
    if above and BLOCK_START.fullmatch(above[-1].rstrip()):
        return "block-not-indented"
    if above and LIST_ITEM.match(above[-1]) and indentation(above[-1]) == indentation(lines[index]):
        return "list-dash"
    return "no-colon"


def list_mistake(lines: list[str], index: int) -> str:
    """A line after a list's items that YAML took for one more item: without its "- " if it
    starts where the items' "- " do, else not lined up with the lines above it."""
    items = [line for _, line in field_lines(lines[:index]) if LIST_ITEM.match(line)]
    if items and indentation(lines[index]) > indentation(items[-1]):
        return "bad-indent"
    return "list-dash"


def colon_mistake(line: str, column: int) -> tuple[str, str]:
    """A ': ' YAML did not expect: the line's own name's (the line continues the value above:
    it is indented too far) or one inside its value."""
    key = KEY.match(line)
    if key and column < key.end():
        return "indented-too-far", ""
    return "colon-in-value", suggested(line)


def key_mistake(line: str) -> tuple[str, str]:
    """A line where YAML expected another `name:`: its value starts with a sign, or it is
    not lined up with the fields above it."""
    key = KEY.match(line)
    value = line[key.end() :].strip() if key else line.strip()
    if value[:1] == "[":
        return "text-after-list", suggested(line)
    if value[:1] == "{":
        return "sign-start", "{"
    if value[:1] in ("'", '"'):
        return "text-after-quote", suggested(line)
    return "bad-indent", ""


def suggested(line: str) -> str:
    """The line with its value in quotes: `title: "Cancer care: what changes"`."""
    key = KEY.match(line)
    value = line[key.end() :].strip() if key else line.strip().removeprefix("- ")
    if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
        value = value[1:-1]  # quoted, with the same quote inside: quote it again, properly
    return f"{key['key']}: {in_quotes(value)}" if key else in_quotes(value)


def in_quotes(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
