"""The one front-matter parser: how a content file splits into its fields and its text, and
how its YAML is read. The content check and the reader (reader.py) both call it, so they
always agree on where the fields end and what they hold.

Dates stay text here (the check says what is wrong with "2026-02-30"; the reader turns a
checked date into a datetime). YAML anchors and aliases are refused: no editor needs them,
and nested aliases make a few hundred bytes expand without end.
"""

from __future__ import annotations

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
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise ParseError(1, "no-front-matter")
    for number in range(1, len(lines)):
        if lines[number].rstrip() in END_MARKERS:
            yaml_text = "\n".join(lines[1:number])
            return yaml_text, "\n".join(lines[number + 1 :]), number + 2
    raise ParseError(1, "no-front-matter")


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
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        raise ParseError(line, "yaml-syntax", str(error.problem or error)) from error
    if node is None:
        return Source({}, {})
    lines, duplicates = key_lines(node, first_line)
    try:
        data = PlainLoader("").construct_document(node)
    except yaml.MarkedYAMLError as error:  # a tag such as !!python/object
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        raise ParseError(line, "yaml-syntax", str(error.problem or error)) from error
    if not isinstance(data, dict):
        raise ParseError(first_line, "yaml-syntax", "expected 'name: value' lines")
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
    source.body, source.body_line = body, body_line
    return source


def parse_data_file(raw: bytes) -> Source:
    """Parse a YAML data file (office.yaml, mandate.yaml). Raises ParseError."""
    return parse_yaml(decoded(raw), first_line=1)
