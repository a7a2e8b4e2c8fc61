"""What a posted form holds, and what is wrong with it, field by field.

The body is read by hand rather than by Flask's form parser: Werkzeug replaces bytes that are
not UTF-8 with U+FFFD and carries on, where we must refuse them and say so; and the forms are
plain `application/x-www-form-urlencoded` (no files), which the standard library parses
strictly in one line.

Messages are English source strings marked with N_() for the catalogues (`make
translations`); the pages translate them into the reader's language.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FIELDS = 20
# A page of the site: its address relative to the site, folder-style ("" is the home page).
PAGE = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*")
NEWS_PAGE = re.compile(r"(?:[a-z]{2}/)?news/\d{4}/[a-z0-9][a-z0-9._-]*/")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>.]+(?:\.[^@\s<>.]+)+")
PHONE = re.compile(r"\+?[0-9 ()./-]{6,30}")
MAX_PAGE_CHARS = 300
MAX_EMAIL_CHARS = 254
# The honeypot: a field people never see or fill (hidden by the stylesheet, labelled "leave
# this empty" for screen readers); programs that fill every field fill it.
HONEYPOT = "website"


def N_(message: str) -> str:
    """Marks a message for the catalogues; the page translates it."""
    return message


class Unreadable(Exception):
    """The body is not a form we can read: `status` and `message` say why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Form:
    kind: str
    fields: dict[str, str]
    problems: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return self.fields.get(name, "")


def read_body(body: bytes, content_type: str | None) -> dict[str, str]:
    """The fields of a posted body; the first value of a field sent twice."""
    if (content_type or "").split(";")[0].strip().lower() != FORM_TYPE:
        raise Unreadable(415, N_("The form was sent in a way this service does not read."))
    try:
        text = body.decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)  # fmt: skip
    except UnicodeDecodeError:
        raise Unreadable(400, N_("The form held characters that are not valid text.")) from None
    except ValueError:
        raise Unreadable(400, N_("The form held more fields than it has.")) from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value.replace("\r\n", "\n").replace("\r", "\n"))
    return fields


def checked(kind: str, fields: dict[str, str], limits) -> Form:
    """The form of `kind` ("useful", "problem" or "comment") with its problems, if any."""
    form = Form(kind, fields)
    page = form.value("page")
    # "" is the home page, but only when the form says so: a body with no `page` at all is
    # not one of our forms (each sends it), and was stored as a report on the home page.
    missing = "page" not in fields
    if missing or len(page) > MAX_PAGE_CHARS or not PAGE.fullmatch(page) or ".." in page:
        form.problems["page"] = N_("The form did not say which page it was sent from.")
    elif kind == "comment" and not NEWS_PAGE.fullmatch(page):
        form.problems["page"] = N_("Comments can only be left on news.")
    if form.value(HONEYPOT):
        form.problems[HONEYPOT] = N_("Leave this field empty.")
    CHECKS[kind](form, limits)
    return form


def check_useful(form: Form, limits) -> None:
    if form.value("useful") not in ("yes", "no"):
        form.problems["useful"] = N_("Choose yes or no.")


def check_problem(form: Form, limits) -> None:
    check_text(form, "text", limits.max_text_chars, N_("Say what is wrong with the page."))
    email = form.value("email").strip()
    form.fields["email"] = email
    # EMAIL's [^@\s<>] lets control characters through (an escape sequence would reach the
    # terminal of whoever runs `make moderate`): refused here as in a name or a text.
    if email and (len(email) > MAX_EMAIL_CHARS or not EMAIL.fullmatch(email)
                  or has_control_characters(email)):  # fmt: skip
        form.problems["email"] = N_(
            "Enter an e-mail address like name@example.com, or leave it empty."
        )


def check_comment(form: Form, limits) -> None:
    name = " ".join(form.value("name").split())
    form.fields["name"] = name
    if not name:
        form.problems["name"] = N_("Enter your full name.")
    elif len(name) > limits.max_name_chars:
        form.problems["name"] = N_("Your name is too long: shorten it.")
    elif "<" in name or ">" in name or has_control_characters(name):
        form.problems["name"] = N_("Your name can only hold letters, spaces and punctuation.")
    phone = form.value("phone").strip()
    form.fields["phone"] = phone
    if phone and (not PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 6):
        form.problems["phone"] = N_(
            "Enter a phone number in digits, like +356 2123 4567, or leave it empty."
        )
    check_text(form, "text", limits.max_text_chars, N_("Write your comment."))


def check_text(form: Form, name: str, limit: int, missing: str) -> None:
    text = form.value(name).strip()
    form.fields[name] = text
    if not text:
        form.problems[name] = missing
    elif len(text) > limit:
        form.problems[name] = N_("The text is too long: shorten it.")
    elif has_control_characters(text.replace("\n", "").replace("\t", "")):
        form.problems[name] = N_("The text holds characters that cannot be shown.")


# Characters that reorder the text around them (bidirectional overrides and isolates): in a
# name or a comment they can make what a moderator reads differ from what is published.
REORDERING = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" or char in REORDERING for char in text)


CHECKS = {"useful": check_useful, "problem": check_problem, "comment": check_comment}
KEPT = {"useful": ("useful",), "problem": ("text", "email"), "comment": ("name", "phone", "text")}


def fingerprint(form: Form, client: str | None, secret: bytes) -> str:
    """What makes two submissions the same one: the same words to the same page (and, for
    a "useful?" answer, which carries no challenge, from the same address). Keyed with the
    service's secret: a plain digest of a published comment would let anyone try every
    phone number until one gave it. The purge blanks it with the phone number."""
    parts = [form.kind, form.value("page"), form.value("lang")]
    parts += [form.value(name) for name in KEPT[form.kind]]
    if form.kind == "useful":
        parts.append(client or "")
    return hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()
