"""The plugins act in the order they need: each of ours names in RUNS_AFTER the plugins whose
work it reads, and PLUGINS (pelicanconf.py, and publishconf.py's longer list) must list
those first. Every plugin folder is in one of the two lists."""

from __future__ import annotations

import importlib

import pytest
from conftest import ROOT
from pelican.settings import read_settings

# What the packages we use from PyPI need before them, written here since they cannot say.
THEIRS_RUN_AFTER = {
    "pelican.plugins.neighbors": (),
    # It compresses the files the steps before it write at the end of the build.
    "pelican.plugins.precompress": (
        "plugins.search.search_index",
        "plugins.publishing.fingerprint",
        "plugins.publishing.security_headers",
    ),
}


def runs_after(name: str) -> tuple[str, ...]:
    if name in THEIRS_RUN_AFTER:
        return THEIRS_RUN_AFTER[name]
    return importlib.import_module(name).RUNS_AFTER


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_every_plugin_comes_after_the_plugins_it_needs(settings_file):
    plugins = read_settings(str(ROOT / settings_file))["PLUGINS"]
    assert len(plugins) == len(set(plugins)), "a plugin is listed twice"
    for position, name in enumerate(plugins):
        for needed in runs_after(name):
            assert needed in plugins[:position], f"{name} needs {needed} before it"


def test_every_plugin_folder_is_used():
    listed = set(read_settings(str(ROOT / "publishconf.py"))["PLUGINS"])
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "plugins").glob("*/*/__init__.py")
    }
    assert folders <= listed, f"not in PLUGINS: {sorted(folders - listed)}"
