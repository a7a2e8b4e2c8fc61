"""Every problem the content check can report: what is wrong and how to fix it, in words for
editors. `tools/reference.py` lists them all in docs/reference.md."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Kind:
    severity: str
    what: str
    fix: str


KINDS = {
    "not-utf8": Kind(ERROR, "the file is not UTF-8 text", "save it as UTF-8 in your editor"),
    "no-front-matter": Kind(
        ERROR,
        "the file does not start with a block of fields between two '---' lines",
        "start the file with '---', the fields, then '---' (see docs/content-model.md)",
    ),
    "yaml-syntax": Kind(
        ERROR,
        "YAML syntax error: {detail}",
        "check the indentation and quotes on this line and the one above; put a value that "
        "contains ': ' in double quotes",
    ),
    "yaml-alias": Kind(
        ERROR,
        "YAML anchors and aliases (& and *) are not allowed",
        "write the value out in full; put a value that starts with & or * in double quotes",
    ),
    "symbolic-link": Kind(
        ERROR,
        "a symbolic link: the site publishes only files kept in content/ itself",
        "replace the link with a copy of the file or folder it points to",
    ),
    "missing-data-file": Kind(
        ERROR, "the file is missing", "restore it from the last version (see docs/content-model.md)"
    ),
    "required": Kind(ERROR, "required field missing", "add it: {example}"),
    "duplicate-field": Kind(
        ERROR,
        "the field is written twice; only this last one would count",
        "keep one of them and delete the other",
    ),
    "unknown-field": Kind(ERROR, "unknown field", "{suggestion}"),
    "wrong-type": Kind(ERROR, "must be {expected}, not {actual}", "write it like this: {example}"),
    "empty": Kind(ERROR, "is empty", "write it, or remove the field if it is optional"),
    "not-a-choice": Kind(ERROR, "'{value}' is not allowed", "use one of: {choices}"),
    "bad-slug": Kind(
        ERROR,
        "'{value}' is not a valid name",
        "use lowercase letters, digits and hyphens only, like 'nursing-services'",
    ),
    "bad-date": Kind(
        ERROR, "'{value}' is not a real date", "write it as YYYY-MM-DD, like 2026-11-10"
    ),
    "bad-date-time": Kind(
        ERROR,
        "'{value}' is not a real date and time",
        "write it as YYYY-MM-DD HH:MM, like 2026-03-04 10:30",
    ),
    "too-small": Kind(ERROR, "must have at least {minimum}", "add one"),
    "file-name": Kind(
        ERROR,
        "the file name does not start with the date",
        "name news files YYYY-MM-DD-short-name.md, in the folder of their year",
    ),
    "bad-file-name": Kind(
        ERROR,
        "the file name holds capitals, spaces, accents or signs, which addresses cannot",
        "rename it with lowercase letters, digits and hyphens only, like nursing-services.md",
    ),
    "hidden-character": Kind(
        ERROR,
        "the file holds an invisible character ({value}) on this line",
        "delete it: retype the line, or paste the text again as plain text",
    ),
    "unknown-language": Kind(
        ERROR, "'{value}' is not a language the site is published in", "use one of: {choices}"
    ),
    "missing-time": Kind(
        ERROR,
        "{value} does not exist in {zone}: the clocks go forward an hour then",
        "give a time an hour later or earlier",
    ),
    "wrong-year-folder": Kind(
        ERROR, "the file is in the folder of another year", "move it to content/news/{year}/"
    ),
    "date-mismatch": Kind(
        ERROR,
        "the date {value} differs from the date in the file name",
        "make them the same: the file name's date is part of the address",
    ),
    "duplicate-address": Kind(
        ERROR,
        "its address {value} is already taken by {other}",
        "rename the file, or give it another `slug`",
    ),
    "site-address": Kind(
        ERROR,
        "its address {value} is inside a folder of the site's own pages",
        "rename the file, or give it another `slug`",
    ),
    "empty-topic-address": Kind(
        ERROR,
        "the topic '{value}' has no letters or digits to make its page's address",
        "write the topic in words",
    ),
    "unknown-directorate": Kind(ERROR, "no directorate '{value}'", "use one of: {choices}"),
    "draft-directorate": Kind(
        ERROR,
        "the directorate '{value}' is a draft, so it has no page to link to",
        "publish the directorate, or use one of: {choices}",
    ),
    "static-type": Kind(
        ERROR,
        "'{value}' files cannot be published: the site publishes pictures and documents only",
        "remove it; pictures: PNG, JPEG, GIF, WebP, AVIF, SVG; documents: PDF, ODT, ODS, ODP, "
        "DOCX, XLSX, PPTX, CSV, TXT",
    ),
    "unsafe-svg": Kind(
        ERROR,
        "the picture holds '{value}', which could run or load something from another site",
        "export the picture again without scripts, links or embedded files, or use a PNG",
    ),
    "outside-content": Kind(
        ERROR,
        "'{value}' is outside the content folder",
        "name a file under content/, like images/news/x.jpg",
    ),
    "missing-file": Kind(
        ERROR, "'{value}' does not exist", "put the file under content/ or correct the path"
    ),
    "broken-link": Kind(
        ERROR,
        "the link '{value}' points to no page of this site",
        "correct the address; links are relative, like ../contact/ from a standing page",
    ),
    "missing-alt": Kind(
        ERROR,
        "the picture '{value}' has no alt text",
        "describe what it shows between the brackets: ![A nurse taking a blood sample](…)",
    ),
    "heading-h1": Kind(
        ERROR,
        "a level-1 heading ('# ') in the text",
        "start headings at '## ': the title is already the page's level-1 heading",
    ),
    "heading-skip": Kind(
        ERROR,
        "heading level {level} follows level {previous}",
        "do not skip levels: use '{hashes} '",
    ),
    "unsafe-html": Kind(
        ERROR,
        "the HTML {value} is not allowed: the site would remove it",
        "remove it: the site allows no scripts, styles, frames, forms or event handlers; "
        "write the text in Markdown, and ask the web team if you need an embed",
    ),
    "bad-link-address": Kind(
        ERROR,
        "'{value}' is not a web, e-mail or phone address: the site would remove the link",
        "link to https://…, mailto:… or tel:…, or to a page of this site",
    ),
    "external-picture": Kind(
        ERROR,
        "the picture '{value}' is on another site, which readers' browsers will not load",
        "put the picture under content/images/ and use its path, like images/news/x.jpg",
    ),
    "empty-body": Kind(ERROR, "the text is empty", "write the text below the closing '---'"),
    "placeholder": Kind(
        ERROR, "still holds the placeholder '{value}'", "replace it with the real text"
    ),
    "review-due": Kind(
        WARNING,
        "next review was due on {value}",
        "check the page, then set last_reviewed to today and next_review to a later date",
    ),
    "long-title": Kind(
        WARNING, "the title is {length} characters long", "keep titles under {limit} characters"
    ),
    "long-summary": Kind(
        WARNING, "the summary is {length} characters long", "keep it under {limit} characters"
    ),
}

# Placeholders the scaffolds (`make news` and friends) write; the check refuses them.
PLACEHOLDER = "TODO"
