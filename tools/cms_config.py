"""Writes cms/config.yml, the browser editor's configuration (Decap CMS), from the schemas the
content check validates against (plugins/checks/content_check/schemas.py) and the settings
in pelicanconf.py. A field, whether it is required, its pattern and its help text are written
once, in the schema; the editor's form follows. Run it after changing either (`make
cms-config`); a test fails while the committed file is out of date.

Decap's configuration is its own format, so this is ours to write: no library turns JSON
Schema into it.

Usage: python tools/cms_config.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from plugins.checks.content_check.schemas import (  # noqa: E402
    DIRECTORATE,
    MANDATE,
    NEWS,
    OFFICE,
    PAGE,
)
from plugins.content_model.source_reader.originals import (  # noqa: E402
    SAME_IN_EVERY_LANGUAGE,
    SAME_PICTURE_FIELDS,
)

CONFIG = ROOT / "cms" / "config.yml"

# Fields a translation takes from its original (originals.py): shown only in the default
# language's column, so a translator sees only the words to write.
NOT_TRANSLATED = set(SAME_IN_EVERY_LANGUAGE) | set(SAME_PICTURE_FIELDS)
# Fields the editor does not show: a file's language is in its name.
NOT_EDITED = {"lang"}
# The order of each form's fields, which is also the order Decap writes them in: the order of
# the sample files, so that a first save moves no field. Others follow.
FIRST = ["title", "slug", "order", "date", "authors", "template", "summary",
         "last_reviewed", "next_review", "tags", "directorates", "image", "head", "contact",
         "functions"]  # fmt: skip
# Fields that name a directorate: chosen from the directorates' list, not typed.
DIRECTORATE_FIELDS = {"directorates", "directorate"}
MULTI_LINE = {"summary", "description", "for", "text", "address"}
LABELS = {"src": "Picture", "alt": "Text alternative", "for": "What it is for"}
# Required only where there is a picture: cms/checks.js says so before saving (Decap would
# otherwise ask for them in every item without a picture).
REQUIRED_WITH_A_PICTURE = {"src", "alt"}


def label_of(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def date_widget(with_time: bool) -> dict:
    """Decap's date picker, storing the text our schemas check (YYYY-MM-DD [HH:MM])."""
    if with_time:
        return {"widget": "datetime", "format": "YYYY-MM-DD HH:mm",
                "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}  # fmt: skip
    return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
            "time_format": False}  # fmt: skip


def directorate_widget(many: bool) -> dict:
    return {"widget": "relation", "collection": "directorates", "value_field": "{{slug}}",
            "search_fields": ["title"], "display_fields": ["title"], "multiple": many}  # fmt: skip


def widget_of(name: str, spec: dict) -> dict:
    """The Decap widget and its options for a field of `spec`, a JSON Schema."""
    if name in DIRECTORATE_FIELDS:
        return directorate_widget(spec.get("type") == "array")
    if name == "src":
        return {"widget": "image", "media_folder": "/content/{media}",
                "public_folder": "{media}", "choose_url": False}  # fmt: skip
    if spec.get("contentMediaType") == "text/markdown":
        return {"widget": "markdown"}
    if spec.get("format") in ("date", "date-time-minutes"):
        return date_widget(spec["format"] == "date-time-minutes")
    if "enum" in spec:
        return {"widget": "select", "options": list(spec["enum"])}
    if spec.get("type") == "integer":
        return {"widget": "number", "value_type": "int",
                **({"min": spec["minimum"]} if "minimum" in spec else {})}  # fmt: skip
    if spec.get("type") == "array":
        items = spec["items"]
        listed = {"widget": "list", **({"min": spec["minItems"]} if "minItems" in spec else {})}
        if items.get("type") == "object":
            return {**listed, "fields": fields_of(items)}
        item = {"name": "item", "label": label_of(name), **widget_of("", items)}
        return {**listed, "field": item}
    if spec.get("type") == "object" and "properties" in spec:
        return {"widget": "object", "collapsed": False, "fields": fields_of(spec)}
    widget = {"widget": "text" if name in MULTI_LINE else "string"}
    if "pattern" in spec:
        widget["pattern"] = [spec["pattern"], spec.get("description") or "See the help above."]
    return widget


def field_of(name: str, spec: dict, required: bool, i18n: bool = False) -> dict:
    field = {"name": name, "label": label_of(name), **widget_of(name, spec)}
    if not required or name in REQUIRED_WITH_A_PICTURE:
        field["required"] = False
    if spec.get("description"):
        field["hint"] = spec["description"]
    if i18n:
        field["i18n"] = name not in NOT_TRANSLATED
        for inner in field.get("fields", []):
            inner["i18n"] = field["i18n"] and inner["name"] not in NOT_TRANSLATED
    return field


def in_form_order(names) -> list[str]:
    names = list(names)
    return [name for name in FIRST if name in names] + [n for n in names if n not in FIRST]


def fields_of(schema: dict, i18n: bool = False) -> list[dict]:
    required = set(schema.get("required", []))
    return [
        field_of(name, schema["properties"][name], name in required, i18n)
        for name in in_form_order(schema["properties"])
        if name not in NOT_EDITED and name != "translations"
    ]


def body_field(hint: str) -> dict:
    return {"name": "body", "label": "Text", "widget": "markdown", "i18n": True, "hint": hint}


def translations_field(schema: dict, settings: dict) -> dict:
    """A data file's `translations`: for each language but the default, the fields that
    differ in it, none required (a field left out is the default language's)."""
    in_a_language = schema["properties"]["translations"]["additionalProperties"]
    languages = [
        {"name": lang, "label": settings["LANGUAGE_NAMES"].get(lang, lang), "widget": "object",
         "required": False, "collapsed": True,
         "fields": [{**field, "required": False} for field in fields_of(in_a_language)]}
        for lang in settings["LANGUAGES"][1:]
    ]  # fmt: skip
    return {"name": "translations", "label": "Translations", "widget": "object",
            "required": False, "collapsed": True, "fields": languages,
            "hint": schema["properties"]["translations"]["description"]}  # fmt: skip


def folder_collection(name: str, label: str, singular: str, schema: dict, folder: str,
                      **options) -> dict:  # fmt: skip
    return {
        "name": name, "label": label, "label_singular": singular, "folder": folder,
        "create": True, "extension": "md", "format": "yaml-frontmatter", "i18n": True,
        **options,
        "fields": [*fields_of(schema, i18n=True),
                   body_field("The text, in Markdown. Start headings at '## '.")],
    }  # fmt: skip


def data_file(name: str, label: str, schema: dict, settings: dict) -> dict:
    return {"name": name.removesuffix(".yaml"), "label": label, "file": f"content/{name}",
            "fields": [*fields_of(schema), translations_field(schema, settings)]}  # fmt: skip


def config(settings: dict) -> dict:
    media = settings["CMS_MEDIA_FOLDER"]
    news = folder_collection(
        "news", "News", "News item", NEWS, "content/news",
        # As `make news` names them: news/2026/2026-03-04-a-title.en.md. The day is the
        # date field's own (Decap's {{day}} would be the day in UTC).
        path="{{year}}/{{slug}}", slug="{{fields.date | date('YYYY-MM-DD')}}-{{slug}}",
        summary="{{date}} — {{title}}", sortable_fields=["date", "title"],
    )  # fmt: skip
    return {
        "backend": settings["CMS_BACKEND"],
        "local_backend": {"url": settings["CMS_LOCAL_BACKEND"],
                          "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "editorial_workflow",
        "media_folder": f"content/{media}",
        "public_folder": f"{{static}}/{media}",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": list(settings["LANGUAGES"]),
                 "default_locale": settings["DEFAULT_LANG"]},
        "collections": [
            news,
            folder_collection("pages", "Standing pages", "Standing page", PAGE, "content/pages",
                              slug="{{slug}}", sortable_fields=["title"]),
            folder_collection("directorates", "Directorates", "Directorate", DIRECTORATE,
                              "content/directorates", slug="{{slug}}",
                              sortable_fields=["order", "title"]),
            {"name": "office", "label": "The office", "editor": {"preview": False},
             "files": [data_file("office.yaml", "The office", OFFICE, settings),
                       data_file("mandate.yaml", "The mandate", MANDATE, settings)]},
        ],
    }  # fmt: skip


def with_media_folder(text: str, media: str) -> str:
    return text.replace("{media}", media)


def config_text(settings: dict) -> str:
    body = yaml.safe_dump(config(settings), allow_unicode=True, sort_keys=False, width=100)
    return (
        "# The browser editor's configuration (Decap CMS), written by tools/cms_config.py from\n"
        "# the content schemas and pelicanconf.py: do not edit by hand; run `make cms-config`.\n"
        + with_media_folder(body, settings["CMS_MEDIA_FOLDER"])
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = config_text(read_settings(str(ROOT / "pelicanconf.py")))
    if args.check:
        if not CONFIG.is_file() or CONFIG.read_text(encoding="utf-8") != text:
            print(f"{CONFIG.relative_to(ROOT)} is out of date: run `make cms-config`.")
            return 1
        return 0
    CONFIG.parent.mkdir(exist_ok=True)
    CONFIG.write_text(text, encoding="utf-8")
    print(f"Wrote {CONFIG.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
