"""Published tags: drops topics that no published article carries, so a draft's topics never
get a public tag page or a sitemap entry.

Why our own: `pelican-related-posts` looked up each draft's tags in the articles generator's
tag table, which is a defaultdict, and so added an empty entry for a topic only a draft has;
Pelican then writes a public, empty page for it. No setting of either package avoids that.
plugins/quick_related_posts, which took its place, does not look topics up that way, but any
plugin that does would bring the empty page back: this plugin stays as the guard.

Signal: `all_generators_finalized` (after every generator has built its context, before
any page is written).
"""

from __future__ import annotations

from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()


def topics_without_articles(tags) -> list:
    """Return the tags in a tag table (tag -> articles) that list no article."""
    return [tag for tag, articles in tags.items() if not articles]


def drop_unpublished_tags(generators) -> None:
    for generator in generators:
        tags = getattr(generator, "tags", None)
        if not isinstance(tags, dict):
            continue
        for tag in topics_without_articles(tags):
            del tags[tag]


def register():
    signals.all_generators_finalized.connect(drop_unpublished_tags)
