"""Fingerprint: renames the theme's stylesheets and scripts to names that carry a hash of
their content (main.css -> main.3f2a1b9c04.css) and updates every page that links to them.
A changed file gets a new name, so hosts can let browsers cache these files for a year
(`Cache-Control: immutable`) and readers still get each new version at once.

Used by the public build only (publishconf.py). `pelican-webassets` does this through the
webassets pipeline and its template tags, far more than two folders of files need.

Signal: `optimize` (pelican-granular-signals: after every page is written, before
pelican-precompress compresses them).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import blinker
import pelican.plugins.granular_signals

# lunr.js, which the search index copies into theme/js, is renamed too.
RUNS_AFTER = ("plugins.search.search_index",)
HASH_LENGTH = 10


def hashed_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    return f"{path.stem}.{digest}{path.suffix}"


def fingerprint_assets(output: Path, folders: list[str]) -> dict[str, str]:
    """Rename the .css and .js files under `folders`; return {old path: new path}."""
    renamed = {}
    for folder in folders:
        for path in sorted((output / folder).glob("*")):
            if path.suffix in (".css", ".js") and path.is_file():
                target = path.with_name(hashed_name(path))
                path.rename(target)
                renamed[path.relative_to(output).as_posix()] = target.relative_to(output).as_posix()
    return renamed


def rewrite_references(output: Path, renamed: dict[str, str]) -> None:
    """Point every HTML page at the renamed files."""
    if not renamed:
        return
    pattern = re.compile(
        r"(?<=/)("
        + "|".join(re.escape(old) for old in sorted(renamed, key=len, reverse=True))
        + r")(?=[\"'?#])"
    )
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda match: renamed[match.group(1)], text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def fingerprint(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    folders = pelican.settings.get("FINGERPRINT_FOLDERS", [])
    rewrite_references(output, fingerprint_assets(output, folders))


def register():
    pelican.plugins.granular_signals.register()
    blinker.signal("optimize").connect(fingerprint)
