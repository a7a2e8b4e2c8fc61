"""Tests for plugins/template_cache: the compiled templates are kept in CACHE_PATH, a changed
template is compiled again, and other Jinja settings get another folder."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from conftest import ROOT, build, files
from template_cache.template_cache import cache_folder, use_template_cache

SETTINGS = {"CACHE_PATH": "/cache", "JINJA_ENVIRONMENT": {"trim_blocks": True}}


def test_a_build_keeps_its_compiled_templates_and_compiles_a_changed_one_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    setting = f'THEME="{theme}"'
    first = build(ROOT / "content", tmp_path / "output", "pelicanconf.py", setting)
    home = (first.root / "index.html").read_text(encoding="utf-8")
    compiled = list((tmp_path / "output-cache").glob("templates-*/*.cache"))
    assert len(compiled) > 10  # the layout, the page templates and the partials

    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", "<p>Changed footer</p></footer>"), encoding="utf-8")  # fmt: skip
    again = build(ROOT / "content", tmp_path / "output", "pelicanconf.py", setting)
    assert "Changed footer" not in home
    assert "Changed footer" in (again.root / "index.html").read_text(encoding="utf-8")


def test_the_site_is_the_same_with_compiled_templates_from_the_cache(tmp_path):
    cold = build(ROOT / "content", tmp_path / "cold")
    (tmp_path / "warm-cache").mkdir()
    for folder in (tmp_path / "cold-cache").glob("templates-*"):
        shutil.copytree(folder, tmp_path / "warm-cache" / folder.name)
    warm = build(ROOT / "content", tmp_path / "warm")
    assert list((tmp_path / "warm-cache").glob("templates-*/*.cache"))
    assert files(warm.root) == files(cold.root)


def test_other_jinja_settings_or_another_cache_path_get_another_folder():
    other = {**SETTINGS, "JINJA_ENVIRONMENT": {"trim_blocks": False}}
    assert cache_folder(SETTINGS) != cache_folder(other)
    assert cache_folder(SETTINGS).startswith("/cache/templates-")
    assert cache_folder({**SETTINGS, "CACHE_PATH": "/other"}).startswith("/other/")


def test_the_jinja_settings_get_the_cache_and_keep_the_rest(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path), "JINJA_ENVIRONMENT": {"trim_blocks": True}}
    use_template_cache(SimpleNamespace(settings=settings))
    use_template_cache(SimpleNamespace(settings=settings))  # a second run: the same folder
    environment = settings["JINJA_ENVIRONMENT"]
    assert environment["trim_blocks"] is True
    assert environment["bytecode_cache"].directory == cache_folder(settings)
    assert len(list(tmp_path.iterdir())) == 1
