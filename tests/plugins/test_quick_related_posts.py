"""Unit tests for plugins/quick_related_posts: the related news are pelican-related-posts'
own choice, ties and all, on generated sites with few topics (many ties), drafts, articles
without topics and articles that name their related news."""

from __future__ import annotations

import random
from collections import defaultdict
from types import SimpleNamespace

import pytest
from pelican.plugins.related_posts.related_posts import add_related_posts as theirs
from quick_related_posts.quick_related_posts import add_related_posts as ours


class Article(SimpleNamespace):
    """Hashed by identity, as Pelican's content objects are."""

    __hash__ = object.__hash__
    __eq__ = object.__eq__


def generated_site(seed: int, skip_same_category: bool):
    """A stand-in for Pelican's articles generator: what both plugins read of it."""
    rng = random.Random(seed)
    topics = [f"topic-{n}" for n in range(rng.randint(2, 12))]
    categories = ["news", "notices", "reports"]

    def article(number: int, draft: bool):
        item = Article(slug=f"item-{number % 90}", category=rng.choice(categories))
        if rng.random() < 0.9:
            pool = topics + ["draft-only"] * draft
            item.tags = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        if rng.random() < 0.05:
            item.related_posts = f"item-{rng.randrange(90)}, item-{rng.randrange(90)}"
        return item

    articles = [article(n, draft=False) for n in range(300)]
    drafts = [article(n, draft=True) for n in range(300, 330)]
    tags = defaultdict(list)
    for item in articles:
        for tag in getattr(item, "tags", []):
            tags[tag].append(item)
    settings = {"RELATED_POSTS_MAX": rng.choice([1, 3, 5]),
                "RELATED_POSTS_SKIP_SAME_CATEGORY": skip_same_category}  # fmt: skip
    return SimpleNamespace(articles=articles, drafts=drafts, tags=tags, settings=settings)


def chosen(generator) -> list:
    """Each article's related news, by position in the site."""
    position = {id(item): n for n, item in enumerate(generator.articles + generator.drafts)}
    return [
        [position[id(other)] for other in item.related_posts]
        if hasattr(item, "related_posts") else None
        for item in generator.articles + generator.drafts
    ]  # fmt: skip


@pytest.mark.parametrize("skip_same_category", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_our_related_news_are_pelican_related_posts_choice(seed, skip_same_category):
    expected = generated_site(seed, skip_same_category)
    got = generated_site(seed, skip_same_category)
    theirs(expected)
    ours(got)
    pairs = enumerate(zip(chosen(got), chosen(expected), strict=True))
    differ = [(n, ours_, theirs_) for n, (ours_, theirs_) in pairs if ours_ != theirs_]
    assert not differ, f"{len(differ)} articles differ; the first (ours, theirs): {differ[0]}"
    assert "draft-only" in expected.tags  # pelican-related-posts adds a draft's topic
    assert "draft-only" not in got.tags  # ours does not
