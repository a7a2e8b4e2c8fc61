"""Page filters: the Jinja filters the theme uses to write phone numbers and e-mail addresses
the way readers need them.

- `tel_address`: "+356 2000 0000" -> "tel:+35620000000", the address phones dial;
- `breakable_email`: an e-mail address that a narrow column may wrap only after its "@" and
  before its dots, never in the middle of a word;
- `mail_link`: the `mailto:` address of an e-mail written for the reader to send, with its
  subject and text (the feedback forms of a site with no feedback service).

Signal: `generator_init` (each generator's Jinja environment gets the filters).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape
from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()


def tel_address(number) -> str:
    """The `tel:` address of a phone number as written for readers."""
    return "tel:" + re.sub(r"[^\d+]", "", str(number))


def breakable_email(address) -> Markup:
    """The address, escaped, with a line-break opportunity after "@" and before each dot."""
    text = str(escape(str(address)))
    return Markup(text.replace("@", "@<wbr>").replace(".", "<wbr>."))


def mail_link(address, subject: str, body: str = "") -> str:
    """`mailto:` with the subject and text percent-encoded (RFC 6068: a space is %20, which
    every mail program reads; "+" is not)."""
    link = f"mailto:{address}?subject={quote(str(subject), safe='')}"
    return link + (f"&body={quote(str(body), safe='')}" if body else "")


def add_filters(generator) -> None:
    generator.env.filters.update(tel_address=tel_address, breakable_email=breakable_email,
                                 mail_link=mail_link)  # fmt: skip


def register():
    signals.generator_init.connect(add_filters)
