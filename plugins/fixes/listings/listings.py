"""Listings: Pelican's topic, category and author listings, made in linear time.

For each topic, category and author, Pelican (ArticlesGenerator.generate_tags,
generate_categories, generate_authors) picks that listing's articles out of the site's
date-ordered list by asking, for every article of the site, whether it is in the listing:
a scan of a Python list each time, so the time grows with the square of the site. Our news
has one category, one author and a few dozen topics, so at 10,000 articles that was 5 s of
the build, for pages of which only the topic pages are written.
This plugin gives each listing a membership test by set. Pelican's content objects compare
by identity (they define no equality), so every answer, and every page, is the same.

Why our own: the fix belongs in Pelican's generators (docs/upstream.md); no setting avoids
the scans.

Signal: `all_generators_finalized` (after every plugin that changes the listings: they are
final, and nothing is written yet).
"""

from __future__ import annotations

from pelican import signals

RUNS_AFTER = ("plugins.content_model.related_news",)


class Listing(list):
    """A listing's articles, with `in` by set. The listings are not changed once the
    generators are done (a change would not reach the set)."""

    def __init__(self, articles):
        super().__init__(articles)
        self.members = set(self)

    def __contains__(self, article) -> bool:
        return article in self.members


def listings_by_set(generators) -> None:
    for generator in generators:
        tags = getattr(generator, "tags", None)
        if isinstance(tags, dict):
            for tag, articles in tags.items():
                tags[tag] = Listing(articles)
        for name in ("categories", "authors"):
            listings = getattr(generator, name, None)
            if isinstance(listings, list):  # [(category or author, its articles)]
                listings[:] = [(key, Listing(articles)) for key, articles in listings]


def register():
    signals.all_generators_finalized.connect(listings_by_set)
