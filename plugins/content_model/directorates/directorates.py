"""Directorates: turns the pages under `content/directorates/` into directorate pages, joins
each news article to the directorates it concerns, and writes one Atom feed per directorate.

Pelican has one address pattern and one template for all pages; directorates need their own
(`DIRECTORATE_URL`, template `directorate.html`), their listing order (`order`), and the news
that concerns them, which no published plugin provides.

Adds to the context: `DIRECTORATES` (directorate pages in `order`). Adds to each directorate
page: `news` (its articles, newest first), `feed_url`. Adds to each article:
`directorate_pages` (the directorate pages named in its `directorates` field).

Signals: `content_object_init` (address and template), `page_generator_finalized` (the
ordered list), `all_generators_finalized` (articles joined to directorates),
`article_writer_finalized` (the feeds).
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Page

RUNS_AFTER = ("plugins.content_model.source_reader",)

DIRECTORATE_KIND = "directorates"
TEMPLATE = "directorate"


class DirectorateReferenceError(Exception):
    """A news article names a directorate that does not exist."""


def is_directorate(content) -> bool:
    return isinstance(content, Page) and getattr(content, "kind", None) == DIRECTORATE_KIND


def give_directorate_address(content) -> None:
    """Give a directorate page its own address and template, unless its file sets them."""
    if not is_directorate(content):
        return
    settings = content.settings
    if "template" not in content.metadata:
        content.template = TEMPLATE
    # A translation's address is its language's: DIRECTORATE_LANG_URL, as Pelican's own
    # PAGE_LANG_URL for pages.
    key = "DIRECTORATE" if content.in_default_lang else "DIRECTORATE_LANG"
    if "url" not in content.metadata:
        content.override_url = settings[f"{key}_URL"].format(slug=content.slug, lang=content.lang)
    if "save_as" not in content.metadata:
        content.override_save_as = settings[f"{key}_SAVE_AS"].format(
            slug=content.slug, lang=content.lang
        )
    content.feed_url = settings["DIRECTORATE_FEED_ATOM"].format(slug=content.slug)
    content.news = []


def listing_order(page) -> tuple:
    """Sort key: the editor's `order` first, then the title, so equal orders stay stable."""
    try:
        order = int(getattr(page, "order", 999))
    except (TypeError, ValueError):
        order = 999
    return (order, page.title)


def ordered_directorates(pages) -> list:
    return sorted((page for page in pages if is_directorate(page)), key=listing_order)


def collect_directorates(generator) -> None:
    generator.context["DIRECTORATES"] = ordered_directorates(
        list(generator.pages) + list(generator.hidden_pages)
    )


def directorate_slugs(article) -> list[str]:
    """Return the slugs an article's `directorates` field names, as a list of strings."""
    value = getattr(article, "directorates", None) or []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    return [str(slug).strip() for slug in value if str(slug).strip()]


def join_articles_to_directorates(articles, directorates) -> None:
    """Set `directorate_pages` on each article and append each article to its directorates'
    `news`, keeping the articles' order (newest first)."""
    by_slug = {page.slug: page for page in directorates}
    for article in articles:
        article.directorate_pages = []
        for slug in directorate_slugs(article):
            if slug not in by_slug:
                known = ", ".join(sorted(by_slug)) or "none"
                raise DirectorateReferenceError(
                    f"{article.relative_source_path}: directorates: no directorate '{slug}' "
                    f"— use one of: {known}"
                )
            article.directorate_pages.append(by_slug[slug])
            by_slug[slug].news.append(article)


def join_news(generators) -> None:
    articles_generator = next(g for g in generators if hasattr(g, "articles"))
    directorates = articles_generator.context.get("DIRECTORATES", [])
    for directorate in directorates:
        directorate.news = []  # joined afresh each time (the preview joins again after edits)
    join_articles_to_directorates(
        list(articles_generator.articles) + list(articles_generator.drafts), directorates
    )
    for directorate in directorates:
        directorate.news = [a for a in directorate.news if a.status == "published"]


def write_directorate_feeds(generator, writer) -> None:
    """Write one Atom feed per directorate, listing the news that concerns it."""
    for directorate in generator.context.get("DIRECTORATES", []):
        writer.write_feed(
            directorate.news,
            generator.context,
            directorate.feed_url,
            directorate.feed_url,
            feed_title=f"{generator.settings['SITENAME']}: {directorate.title}",
        )


def register():
    signals.content_object_init.connect(give_directorate_address)
    signals.page_generator_finalized.connect(collect_directorates)
    signals.all_generators_finalized.connect(join_news)
    signals.article_writer_finalized.connect(write_directorate_feeds)
