"""Template cache: keeps Jinja's compiled templates in CACHE_PATH, so that each template is
compiled once, not once for every generator of every build.

Jinja turns a template into Python code the first time an environment loads it, and Pelican
makes one environment for each generator: our layout and its partials were compiled two or
three times in every build, a tenth of the time it took to write the pages of 1,000
articles. Jinja's own FileSystemBytecodeCache keeps the code, and compares it with the
template's source each time: a changed template is compiled again. It does not look at
Jinja's settings, so the folder is named after them and after Jinja's version.

Why our own: Pelican passes JINJA_ENVIRONMENT to Jinja as it is, and the folder must follow
CACHE_PATH as the build has it (tools and tests set it with `-e`).

Signal: `initialized` (before anything makes a Jinja environment: this plugin comes before
quick_rebuild in PLUGINS).
"""

from __future__ import annotations

import hashlib
import os

import jinja2
from jinja2 import FileSystemBytecodeCache
from pelican import signals


def cache_folder(settings: dict) -> str:
    """Return the folder of the compiled templates: one for each Jinja version and set of
    Jinja settings."""
    options = {key: value for key, value in settings["JINJA_ENVIRONMENT"].items()
               if key != "bytecode_cache"}  # fmt: skip
    key = repr((jinja2.__version__, sorted(options.items(), key=repr)))
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return os.path.join(settings["CACHE_PATH"], f"templates-{digest}")


def use_template_cache(pelican) -> None:
    settings = pelican.settings
    folder = cache_folder(settings)
    os.makedirs(folder, exist_ok=True)
    settings["JINJA_ENVIRONMENT"] = {
        **settings["JINJA_ENVIRONMENT"],
        "bytecode_cache": FileSystemBytecodeCache(folder),
    }


def register():
    signals.initialized.connect(use_template_cache)
