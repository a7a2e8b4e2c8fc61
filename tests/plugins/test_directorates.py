"""Unit tests for plugins/directorates: ordering and joining news to directorates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plugins.content_model.directorates.directorates import (
    DirectorateReferenceError,
    directorate_slugs,
    join_articles_to_directorates,
    listing_order,
)


def directorate(slug, order=None, title=None):
    page = SimpleNamespace(slug=slug, title=title or slug.title(), news=[])
    if order is not None:
        page.order = order
    return page


def article(name, directorates):
    return SimpleNamespace(
        title=name, directorates=directorates, relative_source_path=f"news/{name}.md"
    )


def test_order_field_sorts_first_then_title_and_bad_orders_go_last():
    pages = [
        directorate("b", 2),
        directorate("a", "1"),
        directorate("z", "first"),
        directorate("c", 2, "Aardvark"),
    ]
    assert [p.slug for p in sorted(pages, key=listing_order)] == ["a", "c", "b", "z"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ([], []), (["a", " b "], ["a", "b"]), ("a, b", ["a", "b"]), ([""], [])],
)
def test_directorate_slugs_accept_lists_and_comma_text(value, expected):
    assert directorate_slugs(SimpleNamespace(directorates=value)) == expected


def test_articles_join_their_directorates_in_order():
    nursing, cancer = directorate("nursing"), directorate("cancer")
    first = article("first", ["nursing", "cancer"])
    second = article("second", ["nursing"])
    join_articles_to_directorates([first, second], [nursing, cancer])
    assert first.directorate_pages == [nursing, cancer]
    assert nursing.news == [first, second]
    assert cancer.news == [first]


def test_unknown_directorate_names_file_and_choices():
    with pytest.raises(DirectorateReferenceError) as error:
        join_articles_to_directorates([article("x", ["nurse"])], [directorate("nursing")])
    assert str(error.value) == (
        "news/x.md: directorates: no directorate 'nurse' — use one of: nursing"
    )
