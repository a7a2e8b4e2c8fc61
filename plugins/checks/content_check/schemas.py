"""The content model, as JSON Schema: one schema per content type, with a description of every
field. The checks validate against these, and `tools/reference.py` writes the editors' field
reference (docs/reference.md) from them, so the two cannot drift apart.

Dates are checked as text (YAML would otherwise turn "2026-02-30" into an error of its own):
`date-time-minutes` is "YYYY-MM-DD HH:MM" (seconds allowed), `date` is "YYYY-MM-DD".
"""

from __future__ import annotations

from ...content_model.publications.publications import KINDS

TEXT = {"type": "string", "minLength": 1}
# Text written in Markdown: rendered (and sanitised) as HTML.
MARKDOWN = {**TEXT, "contentMediaType": "text/markdown"}
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time-minutes"}


def field(schema: dict, description: str, example=None) -> dict:
    described = {**schema, "description": description}
    if example is not None:
        described["examples"] = [example]
    return described


COMMON = {
    "title": field(TEXT, "The title: the main heading, the browser tab, search results."),
    "summary": field(
        TEXT, "One or two sentences, plain text: lists, search results, search engines."
    ),
    "slug": field(SLUG, "The last part of the address. By default, the file name.", "my-page"),
    "status": field(
        {"enum": ["published", "draft", "hidden"]},
        "`draft` keeps it off the public site (preview only); `hidden` publishes the page "
        "without listing it. `published` is the default.",
        "draft",
    ),
    "lang": field(TEXT, "The language of the whole item if not English, as a code.", "mt"),
}

IMAGE = field(
    {
        "type": "object",
        "required": ["src", "alt"],
        "additionalProperties": False,
        "properties": {
            "src": field(TEXT, "Path of the picture under content/.", "images/news/clinic.svg"),
            "alt": field(TEXT, "What the picture shows, for people who cannot see it."),
            "caption": field(TEXT, "A short caption shown under the picture."),
            "width": field({"type": "integer", "minimum": 1}, "Width in pixels.", 1200),
            "height": field({"type": "integer", "minimum": 1}, "Height in pixels.", 630),
        },
    },
    "A lead picture: `src`, `alt`, and optionally `caption`, `width`, `height`.",
)

UPDATE = {
    "type": "object",
    "required": ["date", "note"],
    "additionalProperties": False,
    "properties": {
        "date": field(DATE_TIME, "When the correction was made.", "2026-03-05 14:00"),
        "note": field(TEXT, "What changed, in one sentence.", "Corrected the opening hours."),
    },
}

NEWS = {
    "title": "News article",
    "type": "object",
    "required": ["title", "date", "authors", "summary"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "date": field(DATE_TIME, "Date and time of publication, local time.", "2026-03-04 10:30"),
        "modified": field(DATE_TIME, "When it was last changed significantly.", "2026-03-05 14:00"),
        "updates": field(
            {"type": "array", "minItems": 1, "items": UPDATE},
            "Corrections after publication, each with `date` and `note`; shown as 'Updated'.",
        ),
        "authors": field(
            {"type": "array", "minItems": 1, "items": TEXT}, "Who wrote it.", ["Maria Borg"]
        ),
        "tags": field(
            {"type": "array", "items": TEXT}, "Topics, lowercase.", ["nursing", "training"]
        ),
        "directorates": field(
            {"type": "array", "items": SLUG},
            "File names (without .md) of the directorates it concerns.",
            ["nursing-services"],
        ),
        "image": IMAGE,
    },
}

PAGE = {
    "title": "Standing page",
    "type": "object",
    "required": ["title", "summary", "last_reviewed", "next_review"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "last_reviewed": field(DATE, "When someone last checked the page.", "2026-11-10"),
        "next_review": field(DATE, "When it must be checked again.", "2027-05-10"),
        "template": field(
            {"enum": ["page", "contact", "visiting"]},
            "`contact` adds the office's contact details; `visiting` adds opening hours.",
            "contact",
        ),
        "modified": field(DATE_TIME, "When it was last changed significantly."),
    },
}

DIRECTORATE = {
    "title": "Directorate",
    "type": "object",
    "required": ["title", "order", "summary"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "order": field({"type": "integer"}, "Its place in lists of directorates, 1 first.", 2),
        "head": field(
            {
                "type": "object",
                "required": ["name", "role"],
                "additionalProperties": False,
                "properties": {"name": TEXT, "role": TEXT},
            },
            "`name` and `role` of the person who leads it.",
        ),
        "contact": field(
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {"email": TEXT, "phone": TEXT, "address": TEXT},
            },
            "`email`, `phone` and `address`.",
        ),
        "functions": field(
            {"type": "array", "minItems": 1, "items": TEXT}, "What it does, one line each."
        ),
        "last_reviewed": field(DATE, "When someone last checked the page: 'Last updated'."),
    },
}

# A link to another site's page.
WEB_LINK = {
    "type": "object",
    "required": ["name", "url"],
    "additionalProperties": False,
    "properties": {
        "name": TEXT,
        "url": field({"type": "string", "pattern": "^https://"}, "Its full address."),
    },
}
# A link to a page of this site, written as its address from the home page.
SITE_LINK = {"type": "string", "pattern": "^[a-z0-9][a-z0-9/._#-]*$"}

OFFICE = {
    "title": "The office (office.yaml)",
    "type": "object",
    "required": ["name", "description", "about", "contact", "urgent_help"],
    "additionalProperties": False,
    "properties": {
        "name": field(TEXT, "The office's full name; keep it on the first line."),
        "identity": field(
            {
                "type": "object",
                "required": ["government"],
                "additionalProperties": False,
                "properties": {"government": WEB_LINK, "ministry": WEB_LINK},
            },
            "Who the office belongs to, shown at the top and bottom of every page: "
            "`government` and `ministry`, each with its `name` and `url`.",
        ),
        "urgent_help": field(
            {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["number", "name", "for"],
                    "additionalProperties": False,
                    "properties": {
                        "number": TEXT,
                        "name": TEXT,
                        "for": TEXT,
                        "hours": TEXT,
                    },
                },
            },
            "The numbers to call for urgent help, most urgent first, each with its `number`, "
            "`name`, what it is `for` and its `hours`: on the home and contact pages and at "
            "the foot of every page.",
        ),
        "top_tasks": field(
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "link"],
                    "additionalProperties": False,
                    "properties": {"title": TEXT, "link": SITE_LINK, "description": TEXT},
                },
            },
            "What most readers come to do, as links on the home page: each with its `title`, "
            "its `link` (the page's address from the home page, like contact/) and a short "
            "`description`.",
        ),
        "last_reviewed": field(DATE, "When someone last checked this file: 'Last updated'."),
        "short_name": field(TEXT, "A short name for the top of every page."),
        "description": field(TEXT, "One or two sentences under the name on the home page."),
        "about": field(MARKDOWN, "A few paragraphs about the office, in Markdown."),
        "contact": field(
            {
                "type": "object",
                "required": ["email"],
                "additionalProperties": False,
                "properties": {"address": TEXT, "phone": TEXT, "email": TEXT},
            },
            "`address`, `phone` and `email`.",
        ),
        "visitor_information": field(
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "opening_hours": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["days", "hours"],
                            "additionalProperties": False,
                            "properties": {"days": TEXT, "hours": TEXT},
                        },
                    },
                    "getting_there": MARKDOWN,
                },
            },
            "`opening_hours` (a list of `days` and `hours`) and `getting_there` (Markdown).",
        ),
    },
}

MANDATE = {
    "title": "The mandate (mandate.yaml)",
    "type": "object",
    "required": ["responsibilities"],
    "additionalProperties": False,
    "properties": {
        "intro": field(MARKDOWN, "A short introduction, in Markdown."),
        "responsibilities": field(
            {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {"text": TEXT, "directorate": SLUG},
                },
            },
            "The responsibilities in order; each has `text` and may name a `directorate`.",
        ),
    },
}

# Which schema a file under content/ follows, by its folder (data files by name).
BY_FOLDER = {"news": NEWS, "pages": PAGE, "directorates": DIRECTORATE}


def with_translations(schema: dict) -> dict:
    """`schema` with a `translations` field: for each language but the default, the fields
    that differ in it (`translations: {mt: {name: …}}`); a field there replaces the whole
    field of the same name."""
    in_a_language = {**schema, "required": [], "title": None}
    del in_a_language["title"]
    translations = field(
        {"type": "object", "additionalProperties": in_a_language},
        "The fields in other languages: under each language's code (like mt), the fields that "
        "differ in it, each written whole.",
    )
    return {**schema, "properties": {**schema["properties"], "translations": translations}}


# A document's facts file (content/documents/<name>.yaml): every field may be left out, and
# the document's own title, date and language are used instead (docs/publications.md).
PUBLICATION = with_translations({
    "title": "Publication facts",
    "type": "object",
    "additionalProperties": False,
    "required": [],
    "properties": {
        "title": field(TEXT, "The title readers see. By default, the document's own title."),
        "summary": field(TEXT, "One or two sentences, plain text: the register, search results."),
        "date": field(DATE, "The day it was published. By default, the document's own date.",
                      "2026-06-17"),
        "kind": field({"enum": list(KINDS)}, "What it is: " + ", ".join(KINDS) + ".", "report"),
        "reference": field(TEXT, "Its reference number, if it has one.", "DGHS/CIRC/2026/07"),
        "directorates": field({"type": "array", "items": SLUG},
                              "The directorates it comes from, by file name.",
                              ["health-informatics"]),
        "topics": field({"type": "array", "items": TEXT}, "Its topics, as the news names them.",
                        ["quality and safety"]),
        "language": field({"type": "string", "pattern": "^[a-z]{2,3}$"},
                          "The document's language, as a code. By default, the one stored in "
                          "the document, else the site's first language.", "mt"),
    },
})  # fmt: skip
# Readers' comments on a news item (content/comments/<page>.yaml), written by `make comments`
# from those an editor approved (docs/feedback.md).
COMMENT = {
    "type": "object",
    "required": ["id", "name", "date", "language", "text"],
    "additionalProperties": False,
    "properties": {
        "id": field(
            {"type": "string", "pattern": "^[0-9a-f]{12}$"},
            "The comment's reference, as the feedback service gave it.",
            "3f9a0c12b7e4",
        ),
        "name": field({**TEXT, "maxLength": 100}, "The name the reader gave, published."),
        "date": field(DATE_TIME, "When the reader sent it, local time.", "2026-12-02 09:30"),
        "language": field(
            {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "The language of the page it was written on.",
            "mt",
        ),
        "text": field({**TEXT, "maxLength": 2000}, "The comment, as plain text."),
    },
}
COMMENTS = {
    "title": "Readers' comments",
    "type": "object",
    "required": ["page", "comments"],
    "additionalProperties": False,
    "properties": {
        "page": field({"type": "string",
                       "pattern": r"^([a-z]{2,3}/)?news/\d{4}/[a-z0-9][a-z0-9._-]*/$"},
                      "The address of the news item the comments were left on.",
                      "news/2026/new-clinic-opens/"),
        "comments": field({"type": "array", "minItems": 1, "items": COMMENT},
                          "The comments, oldest first."),
    },
}  # fmt: skip
OFFICE = with_translations(OFFICE)
MANDATE = with_translations(MANDATE)
DATA_FILES = {"office.yaml": OFFICE, "mandate.yaml": MANDATE}


def markdown_fields(schema: dict, path: tuple = ()) -> list[tuple]:
    """The paths of the fields of `schema` written in Markdown, such as ("about",)."""
    if schema.get("contentMediaType") == "text/markdown":
        return [path]
    found = []
    for name, inner in schema.get("properties", {}).items():
        found += markdown_fields(inner, (*path, name))
    return found
