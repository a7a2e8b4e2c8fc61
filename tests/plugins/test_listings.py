"""Unit tests for plugins/quick_listings: Pelican's topic, category and author pages get the
same articles when the listings test membership by set."""

from __future__ import annotations

import random
from collections import defaultdict
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator

from plugins.fixes.listings.listings import Listing, listings_by_set


class Item(SimpleNamespace):
    """Hashed and compared by identity, as Pelican's content objects and URL wrappers."""

    __hash__ = object.__hash__
    __eq__ = object.__eq__


def generated_generator(seed: int):
    """A stand-in for Pelican's articles generator with what its listing pages read."""
    rng = random.Random(seed)
    topics = [Item(save_as=f"t{n}", url=f"t{n}", page_name=f"t{n}", slug=f"t{n}")
              for n in range(8)]  # fmt: skip
    people = [Item(save_as=f"a{n}", url=f"a{n}", page_name=f"a{n}", slug=f"a{n}")
              for n in range(2)]  # fmt: skip
    articles = [Item(number=n) for n in range(400)]
    tags, categories, authors = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in articles:
        for topic in rng.sample(topics, rng.randint(0, 3)):
            tags[topic].append(article)
        categories[topics[0]].append(article)
        authors[rng.choice(people)].append(article)
    dates = sorted(articles, key=lambda _: rng.random())
    return SimpleNamespace(
        tags=tags, categories=list(categories.items()), authors=list(authors.items()),
        dates=dates, articles=articles, context={}, get_template=lambda name: name,
    )  # fmt: skip


def pages_written(generator) -> list:
    """Each listing page Pelican writes: its address and its articles by date."""
    pages = []

    def write(save_as, template, context, **values):
        pages.append((save_as, [article.number for article in values["dates"]]))

    for method in ("generate_tags", "generate_categories", "generate_authors"):
        getattr(ArticlesGenerator, method)(generator, write)
    return pages


def test_listing_pages_have_the_same_articles_with_membership_by_set():
    for seed in range(4):
        plain, quick = generated_generator(seed), generated_generator(seed)
        listings_by_set([SimpleNamespace(), quick])  # a generator without listings is left
        assert all(isinstance(articles, Listing) for articles in quick.tags.values())
        assert pages_written(quick) == pages_written(plain)


def test_a_listing_holds_exactly_its_articles():
    inside, outside = Item(), Item()
    listing = Listing([inside])
    assert inside in listing
    assert outside not in listing
    assert list(listing) == [inside]
