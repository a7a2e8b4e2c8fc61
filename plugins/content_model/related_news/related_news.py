"""Related news: gives each news item `related_news`, the published items that share the most
topics with it, newest first among equals, at most `RELATED_NEWS_MAX`.

Why our own: `pelican-related-posts` scores every article against every article that shares a
topic with it, for every article: seconds at 10,000 articles, and again after every change
in the preview. Here the items are grouped by their set of topics (a few hundred sets for
thousands of items), each set of topics is scored against each group once, and the newest
items are taken from the best groups.

Signal: `article_generator_finalized` (every item and its place in the news order is known).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from itertools import chain, islice

from pelican import signals

RUNS_AFTER = ("plugins.content_model.source_reader",)


def topics_of(article) -> frozenset:
    return frozenset(tag.name for tag in getattr(article, "tags", None) or ())


def groups_by_topics(articles: list) -> dict[frozenset, list[tuple[int, object]]]:
    """The published items by their set of topics, each group as (place, item) in the news
    order (newest first)."""
    groups = defaultdict(list)
    for place, article in enumerate(articles):
        topics = topics_of(article)
        if topics:
            groups[topics].append((place, article))
    return groups


def best_for(topics: frozenset, groups: dict, wanted: int) -> list:
    """The `wanted` items sharing the most of `topics`, newest first among equals."""
    by_score = defaultdict(list)
    for group_topics, members in groups.items():
        shared = len(topics & group_topics)
        if shared:
            by_score[shared].append(members)
    chosen = []
    for score in sorted(by_score, reverse=True):
        newest_first = heapq.merge(*by_score[score], key=lambda member: member[0])
        chosen += islice(newest_first, wanted - len(chosen))
        if len(chosen) == wanted:
            break
    return [article for _, article in chosen]


def add_related_news(generator) -> None:
    most = generator.settings["RELATED_NEWS_MAX"]
    groups = groups_by_topics(generator.articles)
    best: dict[frozenset, list] = {}
    for article in chain(generator.articles, generator.drafts):
        topics = topics_of(article)
        if topics not in best:
            # One more than shown: the item itself may be among them.
            best[topics] = best_for(topics, groups, most + 1) if topics else []
        article.related_news = [other for other in best[topics] if other is not article][:most]


def register():
    signals.article_generator_finalized.connect(add_related_news)
