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
    "empty-file": Kind(
        ERROR,
        "the file is empty",
        "write its fields (docs/content-model.md has a full example of each kind of file), or "
        "restore it from the last version",
    ),
    "no-front-matter": Kind(
        ERROR,
        "the file's first line is not '---'",
        "start the file with a line holding only '---', then the fields, then another '---' "
        "line, then the text",
    ),
    "fields-not-closed": Kind(
        ERROR,
        "no '---' line ends the fields before this line",
        "put a line holding only '---' between the last field and the text",
    ),
    "no-fields": Kind(
        ERROR,
        "there are no fields between the two '---' lines",
        "write the fields there: title, summary and the others (docs/content-model.md has a "
        "full example)",
    ),
    "not-fields": Kind(
        ERROR,
        "this is not a field: fields are written 'name: value'",
        "write one field a line: its name, a colon, a space, then the value",
    ),
    # The mistakes YAML refuses, each at its own line (source_reader/parse.py finds them).
    # Their messages may use {detail} only: office_data reports them too, with that alone.
    "unclosed-quote": Kind(
        ERROR,
        "this quote is never closed",
        "end the value with the same quote mark it starts with, on the same line",
    ),
    "text-after-quote": Kind(
        ERROR,
        "there is more text after the closing quote",
        "quote the whole value, or none of it: {detail}",
    ),
    "text-after-list": Kind(
        ERROR,
        "there is more text after the list's closing ]",
        "if the value is text, put all of it in double quotes: {detail}",
    ),
    "tab": Kind(ERROR, "a tab on this line", "use spaces, not tabs, to indent"),
    "sign-start": Kind(
        ERROR,
        "a value that starts with {detail} must be in quotes",
        'put the whole value in double quotes, like "{detail}…"',
    ),
    "colon-in-value": Kind(
        ERROR,
        "the value holds ': ' (a colon and a space), which YAML reads as the start of a field",
        "put the whole value in double quotes: {detail}",
    ),
    "no-space-after-colon": Kind(
        ERROR, "there is no space after the colon", "write a space after it: {detail}"
    ),
    "no-colon": Kind(
        ERROR,
        "this line is not a field: there is no ': ' after a name",
        "write it as name: value (a colon and a space after the name); if it continues the "
        "line above, indent it",
    ),
    "indented-too-far": Kind(
        ERROR,
        "this line is indented more than the line above it",
        "line it up with the field above; if it is the rest of the value above, put that "
        "whole value on one line, in double quotes",
    ),
    "bad-indent": Kind(
        ERROR,
        "this line is not lined up with the lines above it",
        "indent it exactly as much as the other fields of its group: two spaces deeper than "
        "the group's name",
    ),
    "list-dash": Kind(
        ERROR,
        "this line is in a list but does not start with '- '",
        "start each item with '- ' (a hyphen and a space), lined up with the other items",
    ),
    "block-not-indented": Kind(
        ERROR,
        "the text after | or > is not indented",
        "indent each of its lines two spaces deeper than the field's name",
    ),
    "unclosed-list": Kind(
        ERROR,
        "this list is never closed with ]",
        "end it on the same line, like [Maria Borg, Mark Farrugia]; if the value is text that "
        "starts with [, put all of it in double quotes",
    ),
    "yaml-syntax": Kind(
        ERROR,
        "the fields cannot be read here: {detail}",
        "check the quotes and the indentation on this line and the one above "
        "(docs/content-model.md shows how fields are written)",
    ),
    "yaml-alias": Kind(
        ERROR,
        "a value starts with & or *, which YAML reads as a reference to another value",
        'put the whole value in double quotes, like summary: "*New* clinics open"',
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
        "the field is written twice, here and above; only this one would count",
        "keep one of them and delete the other",
    ),
    "unknown-field": Kind(ERROR, "unknown field", "{suggestion}"),
    "wrong-type": Kind(ERROR, "must be {expected}, not {actual}", "write it like this: {example}"),
    "needs-quotes": Kind(
        ERROR,
        "the value starts with {sign}, which YAML reads as {meaning}",
        "put the whole value in double quotes: {example}",
    ),
    "dash-space": Kind(
        ERROR,
        "the list's items need a space after the '-'",
        "write '- ' (a hyphen and a space) before each item, like - {example}",
    ),
    "empty": Kind(ERROR, "is empty", "write it, or remove the field if it is optional"),
    "not-a-choice": Kind(ERROR, "'{value}' is not allowed", "use one of: {choices}"),
    "bad-slug": Kind(
        ERROR,
        "'{value}' is not a valid name",
        "use lowercase letters, digits and hyphens only, like 'nursing-services'",
    ),
    "bad-format": Kind(ERROR, "'{value}' is not written as this field needs", "{hint}"),
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
    "unknown-file-language": Kind(
        ERROR,
        "the file name ends in '.{value}.md', but '{value}' is not a language the site is "
        "published in",
        "name a translation after its original and one of these languages: {choices} (like "
        "contact.mt.md beside contact.md)",
    ),
    "language-mismatch": Kind(
        ERROR,
        "'{value}' is not the language of the file's name ('{other}')",
        "delete the lang field: a translation's language is the end of its file name",
    ),
    "translation-without-original": Kind(
        ERROR,
        "a translation of {value}, which does not exist",
        "give the translation the same name as its original, followed by the language (like "
        "contact.mt.md beside contact.md), or create the original first",
    ),
    "translation-not-started": Kind(
        WARNING,
        "a translation with no title and no text yet (the browser editor saves a file for "
        "every language); it is not published, and readers see the original",
        "write its title and text, in the editor or in this file, when it is translated",
    ),
    "duplicate-translation": Kind(
        ERROR,
        "a second version of this item in '{value}' (the first is {other})",
        "keep one of them: delete the other file, or its lang field",
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
        "write the path from the content folder, without a '/' or '../' in front, like "
        "images/news/x.jpg",
    ),
    "missing-file": Kind(
        ERROR, "'{value}' does not exist", "put the file under content/ or correct the path"
    ),
    "broken-link": Kind(
        ERROR,
        "the link '{value}' points to no page of this site",
        "correct the address; links to pages are relative, like ../contact/ from a standing "
        "page; links to documents are written {{static}}/documents/annual-report.pdf",
    ),
    "broken-translation-link": Kind(
        ERROR,
        "the link '{value}' points to no page of this site",
        "in a translation, link to a page by its file: ({{filename}}/pages/privacy.mt.md) "
        "leads to its translation, ({{filename}}/pages/privacy.md) to the original",
    ),
    "broken-task-link": Kind(
        ERROR,
        "'{value}' is not a page of this site",
        "write the page's address as it is seen from the home page, like contact/ or "
        "contact/#complaints (open the page in the preview and copy the end of its address)",
    ),
    "picture-not-found": Kind(
        ERROR,
        "the picture '{value}' is not found",
        "write its path in the content folder after {{static}}, like "
        "![A nurse taking a blood sample]({{static}}/images/news/blood-test.jpg)",
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
        WARNING,
        "the title is {length} characters long",
        "keep titles to {limit} characters or fewer",
    ),
    "long-summary": Kind(
        WARNING, "the summary is {length} characters long", "keep it to {limit} characters or fewer"
    ),
    # Documents and their facts files (content/documents/: checks/content_check/documents.py).
    "publication-type": Kind(
        ERROR,
        "'{value}' files cannot be publications",
        "publish documents as PDF, ODT, DOCX, XLSX or CSV, with an optional facts file "
        "<name>.yaml beside each",
    ),
    "document-too-large": Kind(
        ERROR,
        "the document is {size} MB, over the limit of {limit} MB",
        "make it smaller (export the PDF again with pictures compressed) or split it in parts",
    ),
    "document-encrypted": Kind(
        ERROR,
        "the document is encrypted or protected by a password, so readers and their assistive "
        "technology may not be able to open it",
        "save it again without a password or restrictions, then replace the file",
    ),
    "document-corrupt": Kind(
        ERROR,
        "the document is damaged and cannot be read ({detail})",
        "export or save it again from the program that made it, then replace the file",
    ),
    "document-empty": Kind(
        ERROR,
        "the document is empty",
        "replace it with the complete file, or remove it",
    ),
    "same-publication-address": Kind(
        ERROR,
        "{other} has the same name, so the two would share the address {value}",
        "rename one of them, or remove the one that is not needed",
    ),
    "comment-page-unknown": Kind(
        ERROR,
        "no published news item is at the address '{value}'",
        "write the address of the news item the comments were left on (the file's name says "
        "it, with '-' for '/'), or remove the file if the news item was taken down",
    ),
    "comment-duplicate-id": Kind(
        ERROR,
        "the comment '{value}' is here twice (first in {other})",
        "keep one of the two: run `make comments` again rather than copying comments by hand",
    ),
    "facts-without-document": Kind(
        ERROR,
        "this facts file has no document beside it",
        "put the document beside it with the same name ({value}), rename it after its "
        "document, or remove it",
    ),
    "publication-no-date": Kind(
        ERROR,
        "the publication has no date: neither its facts file nor the document gives one",
        "write the day it was published in {value}: date: 2026-06-17",
    ),
    "pdf-untagged": Kind(
        WARNING,
        "the PDF is not tagged, so screen readers cannot follow its headings, lists and tables",
        "export it again as a tagged PDF (docs/publications.md says how); its page says it may "
        "not suit assistive technology until then",
    ),
    "pdf-no-title": Kind(
        WARNING,
        "the PDF has no title of its own, so screen readers announce its file name",
        "set the title in the document's properties and export it again",
    ),
    "pdf-no-language": Kind(
        WARNING,
        "the PDF does not say which language it is in, so screen readers may read it with the "
        "wrong voice",
        "set the document's language in the program that made it and export it again",
    ),
    "publication-no-facts": Kind(
        WARNING,
        "the document has no facts file, so its page has no summary and its kind is 'other'",
        "write {value} beside it with at least title, summary, date and kind "
        "(docs/publications.md)",
    ),
    "publication-missing-fact": Kind(
        WARNING,
        "the facts file gives no {value}",
        "add it: the register and search results show it (docs/publications.md)",
    ),
    "large-picture": Kind(
        WARNING,
        "the picture is {size} KB",
        "keep photographs under {limit} KB: export it again smaller, about 1200 pixels wide",
    ),
}

# Placeholders the scaffolds (`make news` and friends) write; the check refuses them.
PLACEHOLDER = "TODO"
