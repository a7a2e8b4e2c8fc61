"""The browser editor at /admin/ (CMS_SAVE_AS): Decap CMS, served from our own site as npm
installed it (DECAP_CMS_DIST, pinned in package-lock.json), with its configuration
(cms/config.yml, written by tools/cms_config.py), the checks it makes before saving
(cms/checks.js) and our previews (cms/preview.js). Its page, cms/admin.html, carries the
admin page's own Content-Security-Policy; the readers' pages keep theirs. robots.txt keeps
search engines out; the sitemap and the search index never see it (it is not an item).

The page does not depend on the content, so the preview serves it even while the content
has problems (an editor may need the editor to fix them): `write_admin` is what both call.

Signals: `get_generators` (a generator writes the page and our files, with the site) and
`deploy` (pelican-granular-signals: the last step of a build, after pelican-precompress's
`compress`). Decap's own megabytes are copied then, uncompressed: compressing them would take
longer than building the site, and the host compresses them for the few editors who load
them.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import blinker
import jinja2
import pelican.plugins.granular_signals
from pelican import signals
from pelican.generators import Generator

RUNS_AFTER: tuple[str, ...] = ()
# Decap's own files: its script and the parts it loads when needed (not its source maps, nor
# the second copy of the same bundle it ships as cms.js).
DECAP_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm")
OUR_FILES = ("config.yml", "checks.js", "preview.js")


def decap_files(settings: dict) -> list[Path]:
    """Decap's files as npm installed them."""
    dist = Path(settings["DECAP_CMS_DIST"])
    if not (dist / "decap-cms.js").is_file():
        raise FileNotFoundError(
            f"{dist}/decap-cms.js not found — run `npm ci` in the project folder "
            "(make html does it for you)."
        )
    return [path for pattern in DECAP_FILES for path in sorted(dist.glob(pattern))]


def admin_page(settings: dict) -> str:
    """The admin page's HTML. Its own small Jinja environment: the page needs none of the
    site's templates, and must not wait for the content to be read."""
    source = Path(settings["CMS_SOURCE"])
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(source), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    environment.install_null_translations(newstyle=True)  # Decap's interface is English
    site_url = ".." if settings["RELATIVE_URLS"] else settings["SITEURL"]
    return environment.get_template("admin.html").render(
        SITEURL=site_url, SITENAME=settings["SITENAME"], DEFAULT_LANG=settings["DEFAULT_LANG"],
        META_CMS_CONTENT_SECURITY_POLICY=settings["META_CMS_CONTENT_SECURITY_POLICY"],
        CMS_MEDIA_FOLDER=settings["CMS_MEDIA_FOLDER"],
    )  # fmt: skip


def write_if_changed(target: Path, data: bytes) -> None:
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless the target holds the same bytes already (the preview writes again after
    every change; the script is megabytes)."""
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def write_page(settings: dict, output: Path) -> None:
    """Write the admin page and our files beside it into `output`."""
    folder = output / settings["CMS_SAVE_AS"]
    for name in OUR_FILES:
        copy_if_changed(Path(settings["CMS_SOURCE"], name), folder / name)
    write_if_changed(folder / "index.html", admin_page(settings).encode("utf-8"))


def copy_decap(settings: dict, output: Path) -> None:
    folder = output / settings["CMS_SAVE_AS"]
    for source in decap_files(settings):
        copy_if_changed(source, folder / source.name)


def write_admin(settings: dict, output: Path) -> None:
    """Write the whole admin folder into `output`."""
    write_page(settings, output)
    copy_decap(settings, output)


class AdminPage(Generator):
    """Writes the admin folder with the site."""

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        write_page(self.settings, Path(self.settings["OUTPUT_PATH"]))


def admin_generator(pelican) -> type:
    return AdminPage


def copy_decap_at_the_end(pelican) -> None:
    copy_decap(pelican.settings, Path(pelican.settings["OUTPUT_PATH"]))


def register():
    signals.get_generators.connect(admin_generator)
    pelican.plugins.granular_signals.register()
    blinker.signal("deploy").connect(copy_decap_at_the_end)
