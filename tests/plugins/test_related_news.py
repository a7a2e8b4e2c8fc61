"""Unit tests for plugins/content_model/related_news: on generated sites with few topics (many
ties), drafts and items without topics, each item's related news are exactly those a
direct reading of the rule gives (most shared topics first, newest first among equals,
never the item itself), and a second run on the same items gives the same answer (the
preview runs the plugin again after every change)."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from plugins.content_model.related_news.related_news import add_related_news


class Article(SimpleNamespace):
    """Hashed by identity, as Pelican's content objects are."""

    __hash__ = object.__hash__
    __eq__ = object.__eq__


def generated_site(seed: int):
    """A stand-in for Pelican's articles generator: what the plugin reads of it. The
    articles are in the news order, newest first."""
    rng = random.Random(seed)
    topics = [SimpleNamespace(name=f"topic-{n}") for n in range(rng.randint(2, 12))]

    def article(number: int):
        item = Article(number=number)
        if rng.random() < 0.9:
            item.tags = rng.sample(topics, min(len(topics), rng.randint(1, 3)))
        return item

    articles = [article(n) for n in range(300)]
    drafts = [article(n) for n in range(300, 330)]
    settings = {"RELATED_NEWS_MAX": rng.choice([1, 3, 5])}
    return SimpleNamespace(articles=articles, drafts=drafts, settings=settings)


def by_the_rule(item, generator) -> list:
    """The related news, read straight from the rule."""
    mine = {tag.name for tag in getattr(item, "tags", [])}
    scored = [
        (-len(mine & {tag.name for tag in getattr(other, "tags", [])}), place, other)
        for place, other in enumerate(generator.articles)
        if other is not item
    ]
    best = sorted((entry for entry in scored if entry[0] < 0), key=lambda e: e[:2])
    return [other for _, _, other in best[: generator.settings["RELATED_NEWS_MAX"]]]


@pytest.mark.parametrize("seed", range(8))
def test_related_news_follow_the_rule(seed):
    generator = generated_site(seed)
    add_related_news(generator)
    for item in generator.articles + generator.drafts:
        expected = [other.number for other in by_the_rule(item, generator)]
        assert [other.number for other in item.related_news] == expected, item.number


def test_running_again_gives_the_same_related_news():
    generator = generated_site(1)
    add_related_news(generator)
    first = [list(item.related_news) for item in generator.articles]
    add_related_news(generator)
    assert [list(item.related_news) for item in generator.articles] == first
