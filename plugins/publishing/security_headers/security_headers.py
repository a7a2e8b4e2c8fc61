"""Security headers: writes `_headers` at the root of the site, the file that Netlify,
Cloudflare Pages and similar hosts read to set HTTP headers: the Content-Security-Policy,
HSTS and the others in `SECURITY_HEADERS`, the browser editor's own (`CMS_SECURITY_HEADERS`
for CMS_SAVE_AS/), and a year of caching for fingerprinted files.
README.md shows the same headers for nginx and Apache. Pages also carry the policy in a
<meta> element (base.html), for hosts that set no headers at all, such as GitHub Pages.

Signal: `finalized` (the site is written).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()

IMMUTABLE = "Cache-Control: public, max-age=31536000, immutable"


def headers_file(headers: dict[str, str], immutable_folders: list[str],
                 own_headers: dict[str, dict[str, str]] | None = None) -> str:  # fmt: skip
    """Return the text of a `_headers` file: every header for every path, then the headers
    a folder has of its own (the browser editor's), then long caching for the fingerprinted
    folders. A folder's own header first detaches the one every path gets (`! name`, as
    Cloudflare Pages reads it): hosts add up the headers of every rule a path matches, and
    two policies would both apply."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in headers.items())]
    for folder, own in (own_headers or {}).items():
        lines.append(f"/{folder}/*")
        for name, value in own.items():
            if headers.get(name) != value:
                lines += [f"  ! {name}", f"  {name}: {value}"]
    for folder in immutable_folders:
        lines += [f"/{folder}/*", f"  {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def write_headers(pelican) -> None:
    settings = pelican.settings
    headers = dict(settings["SECURITY_HEADERS"])
    own = {settings["CMS_SAVE_AS"]: settings["CMS_SECURITY_HEADERS"]}
    text = headers_file(headers, settings.get("FINGERPRINT_FOLDERS", []), own)
    (Path(settings["OUTPUT_PATH"]) / "_headers").write_text(text, encoding="utf-8")


def register():
    signals.finalized.connect(write_headers)
