"""Unit tests for plugins/office_data: loading, rendering and joining the office's data."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.content_model.office_data.office_data import (
    DataFileError,
    link_mandate_to_directorates,
    load_yaml_mapping,
    markdown_renderer,
    read_mandate,
    read_office,
)

RENDER = markdown_renderer({"MARKDOWN": {"extension_configs": {}, "output_format": "html5"}})


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_office_markdown_fields_are_rendered(tmp_path):
    path = write(
        tmp_path,
        "office.yaml",
        "name: O\ndescription: D\nabout: We **help**.\ncontact: {email: a@example.org}\n"
        "visitor_information:\n  getting_there: Take *bus 1*.\n",
    )
    office = read_office(path, RENDER)
    assert office["about"] == "<p>We <strong>help</strong>.</p>"
    assert office["visitor_information"]["getting_there"] == "<p>Take <em>bus 1</em>.</p>"
    assert office["description"] == "D"


def test_yaml_syntax_error_names_the_line_where_it_is_and_the_fix(tmp_path):
    path = write(tmp_path, "office.yaml", "name: O\ndescription: D\nabout: [oops\n")
    with pytest.raises(DataFileError) as error:
        load_yaml_mapping(path)
    assert str(error.value).startswith(f"{path}:3: this list is never closed with ]")


def test_missing_required_fields_are_named(tmp_path):
    path = write(tmp_path, "office.yaml", "name: O\n")
    with pytest.raises(DataFileError, match="description, about, contact: required field"):
        read_office(path, RENDER)


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "office.yaml"
    path.write_bytes("name: Saħħa\n".encode("utf-16"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_yaml_mapping(path)


def test_mandate_keeps_order_and_accepts_plain_strings(tmp_path):
    path = write(
        tmp_path,
        "mandate.yaml",
        "intro: Our *work*.\nresponsibilities:\n  - text: First\n    directorate: a\n  - Second\n",
    )
    mandate = read_mandate(path, RENDER)
    assert [item["text"] for item in mandate["responsibilities"]] == ["First", "Second"]
    assert mandate["intro"] == "<p>Our <em>work</em>.</p>"


def test_mandate_item_without_text_is_an_error(tmp_path):
    path = write(tmp_path, "mandate.yaml", "responsibilities:\n  - directorate: a\n")
    with pytest.raises(DataFileError, match="item 1: text: required"):
        read_mandate(path, RENDER)


def test_mandate_items_join_their_directorate_or_name_the_choices(tmp_path):
    nursing = SimpleNamespace(slug="nursing", title="Nursing")
    mandate = {"responsibilities": [{"text": "A", "directorate": "nursing"}, {"text": "B"}]}
    link_mandate_to_directorates(mandate, [nursing], tmp_path / "mandate.yaml")
    assert mandate["responsibilities"][0]["directorate_page"] is nursing
    assert "directorate_page" not in mandate["responsibilities"][1]

    bad = {"responsibilities": [{"text": "A", "directorate": "nurse"}]}
    expected = r"item 1: directorate: no directorate 'nurse'.*nursing"
    with pytest.raises(DataFileError, match=expected):
        link_mandate_to_directorates(bad, [nursing], tmp_path / "mandate.yaml")
