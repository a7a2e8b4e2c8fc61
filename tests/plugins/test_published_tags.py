"""Unit tests for plugins/published_tags: topics that only drafts carry are dropped."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from plugins.content_model.published_tags.published_tags import drop_unpublished_tags


def test_a_topic_only_a_draft_looked_up_is_dropped_and_the_others_kept():
    tags = defaultdict(list)
    tags["nursing"].append("an article")
    tags["draft-only"]  # what a lookup on the defaultdict does for a draft's topic
    articles = SimpleNamespace(tags=tags)
    pages = SimpleNamespace()  # a generator without a tag table is left alone

    drop_unpublished_tags([pages, articles])

    assert dict(tags) == {"nursing": ["an article"]}
