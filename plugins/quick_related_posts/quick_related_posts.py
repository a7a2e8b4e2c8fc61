"""Quick related posts: each article's `related_posts` (the news under "Related news"),
exactly as `pelican-related-posts` chooses them, in a fraction of its time.

pelican-related-posts scores, for every article, every article that shares one of its tags
(the number of tags they share), then takes the best `RELATED_POSTS_MAX`. Our news has a
few dozen topics for thousands of articles, so each article counts thousands of others:
3 to 7 s at 10,000 articles on our two shared cores, in the build's one busy process.
Articles with the same tags, in the same order, get the same scores, so this plugin scores
once per such list of tags (about 1 s at 10,000) and takes each article's best from it
without the article itself. The choice, ties included, is the same:
tests/plugins/test_quick_related_posts.py compares the two on generated sites.

Why our own: no setting of pelican-related-posts avoids counting once per article.

Settings (those of pelican-related-posts): `RELATED_POSTS_MAX` (5 unless set),
`RELATED_POSTS_SKIP_SAME_CATEGORY`. An article's `related_posts` field (slugs, comma
separated) chooses its related news itself.

Signal: `article_generator_finalized` (every article and tag is known).
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from pelican import signals


def chosen_by_slug(generator, slugs: str, most: int) -> list:
    """The articles an article's `related_posts` field names, as pelican-related-posts finds
    them (at most `most` for each slug)."""
    posts = []
    for slug in (slug.strip() for slug in slugs.split(",")):
        posts += [article for article in generator.articles if article.slug == slug][:most]
    return posts


def best_by_shared_tags(generator, tags: tuple, category, most: int) -> list:
    """The articles sharing the most of `tags` (each tag's articles in the generator's
    order, as pelican-related-posts counts them), best first, one more than `most`: the
    article asking may be among them. With `category`, articles of that category are left
    out."""
    # .get: generator.tags is a defaultdict, and pelican-related-posts' lookup of a topic
    # that only a draft has adds it to the site's topics (plugins/published_tags).
    related = chain(*(generator.tags.get(tag, ()) for tag in tags))
    if category is not None:
        related = (other for other in related if other.category != category)
    return [other for other, _ in Counter(related).most_common(most + 1)]


def add_related_posts(generator) -> None:
    most = generator.settings.get("RELATED_POSTS_MAX", 5)
    skip_category = generator.settings.get("RELATED_POSTS_SKIP_SAME_CATEGORY", False)
    best: dict[tuple, list] = {}
    for article in chain(generator.articles, generator.drafts):
        if hasattr(article, "related_posts"):
            article.related_posts = chosen_by_slug(generator, article.related_posts, most)
        elif hasattr(article, "tags"):
            category = article.category if skip_category else None
            key = (tuple(article.tags), category)
            if key not in best:
                best[key] = best_by_shared_tags(generator, *key, most)
            article.related_posts = [other for other in best[key] if other is not article][:most]


def register():
    signals.article_generator_finalized.connect(add_related_posts)
