"""Feedback forms: what the theme's forms for readers need besides the templates (the forms
themselves are theme/templates/partials/page-feedback.html and comments.html).

- `FEEDBACK_WIDGET`, in every template: the addresses (relative to the site) of the ALTCHA
  widget's script and its worker, which theme/static/js/feedback.js loads when a reader
  starts to fill a form; None when the site has no feedback service (FEEDBACK_URL empty);
- the widget's two files copied from node_modules (npm `altcha`, pinned) into the output,
  in a folder named after the package's version, so a new version is a new address and no
  browser keeps an old copy. They are not fingerprinted: feedback.js finds them by the
  addresses the page gives it.

Signals: `generator_init` (each generator's Jinja environment gets FEEDBACK_WIDGET),
`all_generators_finalized` (the files are copied; the preview sends it after each change).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()


class WidgetMissing(Exception):
    pass


def widget_version(dist: Path) -> str:
    package = dist.parent / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise WidgetMissing(
            f"{package}: the ALTCHA widget is not installed — run `npm ci` in the project "
            "folder (`make html` does it for you)"
        ) from None


def widget_files(settings: dict) -> dict[str, tuple[Path, str]]:
    """The widget's files by their role ("script", "worker"): where each is in node_modules,
    and where the site has it. None when the site has no feedback service."""
    if not settings.get("FEEDBACK_URL"):
        return {}
    dist = Path(settings["ALTCHA_DIST"])
    folder = settings["FEEDBACK_WIDGET_SAVE_AS"].format(version=widget_version(dist))
    return {role: (dist / source, f"{folder}/{Path(source).name}")
            for role, source in settings["FEEDBACK_WIDGET_FILES"].items()}  # fmt: skip


def add_widget_addresses(generator) -> None:
    files = widget_files(generator.settings)
    generator.env.globals["FEEDBACK_WIDGET"] = {
        role: save_as for role, (_, save_as) in files.items()
    } or None


def copy_widget(generators) -> None:
    settings = generators[0].settings
    for source, save_as in widget_files(settings).values():
        target = Path(settings["OUTPUT_PATH"], save_as)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def register():
    signals.generator_init.connect(add_widget_addresses)
    signals.all_generators_finalized.connect(copy_widget)
