"""Writes docs/reference.md, the editors' field reference and list of check messages, from the
schemas and messages the content check uses (plugins/content_check/). Run it after changing
either; a test fails while the reference is out of date.

Usage: python tools/reference.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.checks.content_check.checks import LIMITS, PICTURE_LIMIT_KB  # noqa: E402
from plugins.checks.content_check.messages import KINDS  # noqa: E402
from plugins.checks.content_check.schemas import (  # noqa: E402
    DATA_FILES,
    DIRECTORATE,
    NEWS,
    PAGE,
    PUBLICATION,
)

REFERENCE = ROOT / "docs/reference.md"
SECTIONS = [
    ("content/news/YYYY/YYYY-MM-DD-name.en.md", NEWS),
    ("content/pages/name.en.md", PAGE),
    ("content/directorates/name.en.md", DIRECTORATE),
    *((f"content/{name}", schema) for name, schema in DATA_FILES.items()),
    ("content/documents/name.yaml", PUBLICATION),
]


def example_text(example) -> str:
    if isinstance(example, list):
        return "`[" + ", ".join(map(str, example)) + "]`"
    return f"`{example}`"


def field_rows(schema: dict) -> list[str]:
    rows = ["| field | required | what it holds | example |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for name, spec in schema["properties"].items():
        description = spec.get("description", "")
        if name in LIMITS:  # the length beyond which the check warns
            description += f" Keep it to {LIMITS[name]} characters or fewer."
        example = example_text(spec["examples"][0]) if spec.get("examples") else ""
        rows.append(
            f"| `{name}` | {'yes' if name in required else 'no'} | {description} | {example} |"
        )
    return rows


def message_rows() -> list[str]:
    rows = ["| message | kind | what to do |", "|---|---|---|"]
    for kind in KINDS.values():
        rows.append(f"| {shown(kind.what)} | {kind.severity} | {shown(kind.fix)} |")
    return rows


def shown(message: str) -> str:
    """A message as a table cell: what it fills in as [name], its own braces as written
    ({{static}} is {static}), and its bars escaped."""
    text = re.sub(r"(?<!\{)\{(\w+)\}(?!\})", r"[\1]", message)
    return text.replace("{{", "{").replace("}}", "}").replace("|", "\\|")


def reference() -> str:
    lines = [
        "# Reference: fields and check messages",
        "",
        "Written by `tools/reference.py` from the rules `make check` applies; do not edit by hand.",
        "How to write each kind of file, with full examples: [content-model.md](content-model.md).",
        "",
    ]
    for where, schema in SECTIONS:
        lines += [f"## {schema['title']}: `{where}`", "", *field_rows(schema), ""]
    lines += [
        "## Messages from `make check`",
        "",
        "Each problem is one line: `file:line: field: what is wrong — what to do`. Errors stop",
        "the build (nothing is published); warnings do not. [value] stands for what was found.",
        f"Pictures other than SVG drawings get a warning above {PICTURE_LIMIT_KB} KB.",
        "",
        *message_rows(),
        "",
    ]
    return "\n".join(lines).replace("\n\n\n", "\n\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/reference.md.")
    parser.add_argument("--check", action="store_true", help="fail if it is out of date")
    args = parser.parse_args(argv)
    text = reference()
    if args.check:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if current != text:
            print("docs/reference.md is out of date: run python tools/reference.py")
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    print(f"Wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
