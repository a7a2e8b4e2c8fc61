"""What a translation takes from its original: the fields that are not words. A translation
(`name.mt.md`) may leave them out; the reader and the content check both read it with its
original's (`name.en.md` or `name.md` beside it), so a translator writes only the words, and
the browser editor shows only those in a translation's column (tools/cms_config.py).
"""

from __future__ import annotations

import os

from .parse import ParseError, parse_source

# The fields of an item that are not words (dates, people, choices, addresses): a translation
# takes them from its original when it leaves them out, so a translator writes only the words.
# Of a picture, the file and its size are taken; its text alternative and caption are words.
SAME_IN_EVERY_LANGUAGE = ("date", "modified", "authors", "directorates", "order", "template",
                          "last_reviewed", "next_review", "status")  # fmt: skip
SAME_PICTURE_FIELDS = ("src", "width", "height")
# Fields with words in them that a translation may still leave out, to show the original's:
# a directorate's contact details (its address is in words, its e-mail and phone are not).
LEFT_TO_THE_ORIGINAL = (*SAME_IN_EVERY_LANGUAGE, "contact")


def with_original_fields(data: dict, original: dict) -> dict:
    """A translation's fields with those it leaves out taken from its original's: the
    fields of LEFT_TO_THE_ORIGINAL, and the picture's file and size."""
    merged = dict(data)
    for name in LEFT_TO_THE_ORIGINAL:
        if name not in merged and name in original:
            merged[name] = original[name]
    picture, original_picture = merged.get("image"), original.get("image")
    if isinstance(original_picture, dict) and (picture is None or isinstance(picture, dict)):
        kept = {name: original_picture[name] for name in SAME_PICTURE_FIELDS
                if name in original_picture}  # fmt: skip
        if kept or picture:
            merged["image"] = {**kept, **(picture or {})}
    return merged


def original_of(path: str, name: str, default_lang: str) -> str | None:
    """The original of the translation at `path` whose name without its language is `name`:
    `name.en.md` (as the browser editor names it) or `name.md`, beside it."""
    folder = os.path.dirname(path)
    for candidate in (f"{name}.{default_lang}.md", f"{name}.md"):
        if os.path.isfile(os.path.join(folder, candidate)):
            return os.path.join(folder, candidate)
    return None


def original_fields(path: str | None) -> dict:
    """The fields of the original at `path` ({} if there is none, or if it cannot be read:
    the content check says why, at the original's own lines)."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as source:
            return parse_source(source.read()).data
    except (OSError, ParseError):
        return {}
