"""The steps of Pelican's run that the preview repeats after a change, so that its site in
memory is the one a whole build would make, as Pelican 4.12 does them:

- what `ArticlesGenerator.generate_context` and `PagesGenerator.generate_context` do once
  every file is read (sort by status, order, topics, archives, the context). Pelican has no
  public call for "the files are read, now make the lists": its generate_context reads
  every file again, seconds at 10,000 articles, where the preview re-reads the saved one;
- what `ArticlesGenerator.generate_output` writes, with each news item's own page written
  on its own (`article_page_calls`), so that the preview notes again only the pages of the
  items that changed: working out 10,000 file names takes a second.

tests/test_preview_differential.py compares every page the preview serves with a whole
build after random edits: it fails if a new Pelican makes its lists differently.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from functools import partial
from itertools import groupby
from operator import attrgetter

from pelican import signals
from pelican.utils import order_content, process_translations


def by_status(items) -> dict[str, list]:
    """The items sorted into published, hidden and draft, in the order given."""
    statuses = {"published": [], "hidden": [], "draft": []}
    for item in items:
        statuses[item.status].append(item)
    return statuses


def originals_and_translations(items: list, translation_id, order_by) -> tuple[list, list]:
    originals, translations = process_translations(items, translation_id=translation_id)
    return order_content(originals, order_by), translations


def update_context(generator, names) -> None:
    """Generator._update_context: the generator's lists into the shared context (dicts as
    lists of pairs)."""
    for name in names:
        value = getattr(generator, name)
        generator.context[name] = list(value.items()) if hasattr(value, "items") else value


def list_articles(generator, items) -> None:
    """Make the articles generator's lists from its items, then send the signals, as its
    generate_context does after reading."""
    settings = generator.settings
    statuses = by_status(items)
    translation_id, order_by = settings["ARTICLE_TRANSLATION_ID"], settings["ARTICLE_ORDER_BY"]
    generator.articles, generator.translations = originals_and_translations(
        statuses["published"], translation_id, order_by
    )
    generator.hidden_articles, generator.hidden_translations = originals_and_translations(
        statuses["hidden"], translation_id, order_by
    )
    generator.drafts, generator.drafts_translations = originals_and_translations(
        statuses["draft"], translation_id, order_by
    )
    generator.tags = defaultdict(list)
    generator.categories = defaultdict(list)
    generator.authors = defaultdict(list)
    signals.article_generator_pretaxonomy.send(generator)
    for article in generator.articles:
        if hasattr(article, "category"):
            generator.categories[article.category].append(article)
        if hasattr(article, "tags"):
            for tag in article.tags:
                generator.tags[tag].append(article)
        for author in getattr(article, "authors", []):
            generator.authors[author].append(article)
    generator.dates = list(generator.articles)
    generator.dates.sort(key=attrgetter("date"), reverse=generator.context["NEWEST_FIRST_ARCHIVES"])
    generator.period_archives = period_archives(generator.dates, generator.articles, settings)
    generator.categories = sorted(generator.categories.items(),
                                  reverse=settings["REVERSE_CATEGORY_ORDER"])  # fmt: skip
    generator.authors = sorted(generator.authors.items())
    update_context(generator, ("articles", "drafts", "hidden_articles", "dates", "tags",
                               "categories", "authors", "related_posts"))  # fmt: skip
    generator.context["period_archives"] = generator.period_archives
    signals.article_generator_finalized.send(generator)


GRANULARITY_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def period_archives(dates: list, articles: list, settings: dict) -> dict:
    """ArticlesGenerator._build_period_archives, with the articles of a period picked by a
    set rather than a list (the same lists, in linear time)."""
    archives = defaultdict(list)
    for granularity, key in GRANULARITY_KEYS.items():
        save_as_format = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url_format = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as_format:
            continue
        for period, group in groupby(dates, key=key):
            in_period = list(group)
            members = set(map(id, in_period))
            date = in_period[0].date
            archive = {
                "dates": in_period,
                "articles": [article for article in articles if id(article) in members],
                "save_as": save_as_format.format(date=date),
                "url": url_format.format(date=date),
            }
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                month = calendar.month_name[period[1]]
                archive["period"] = (period[0], month, *period[2:])
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    return archives


def list_pages(generator, items) -> None:
    """Make the pages generator's lists from its items, then send its signal, as its
    generate_context does after reading."""
    settings = generator.settings
    statuses = by_status(items)
    translation_id, order_by = settings["PAGE_TRANSLATION_ID"], settings["PAGE_ORDER_BY"]
    generator.pages, generator.translations = originals_and_translations(
        statuses["published"], translation_id, order_by
    )
    generator.hidden_pages, generator.hidden_translations = originals_and_translations(
        statuses["hidden"], translation_id, order_by
    )
    generator.draft_pages, generator.draft_translations = originals_and_translations(
        statuses["draft"], translation_id, order_by
    )
    update_context(generator, ("pages", "hidden_pages", "draft_pages"))
    signals.page_generator_finalized.send(generator)


def article_page_calls(generator, article, writer_class) -> dict:
    """The writer calls of one published or hidden news item's page, as
    ArticlesGenerator.generate_articles makes them, noted by a new `writer_class`."""
    writer = writer_class(generator.output_path, settings=generator.settings)
    signals.article_generator_write_article.send(generator, content=article)
    writer.write_file(
        article.save_as,
        generator.get_template(article.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        article=article,
        category=getattr(article, "category", None),
        override_output=hasattr(article, "override_save_as"),
        url=article.url,
        blog=True,
    )
    return writer.calls_by_file


def write_articles_but_their_pages(generator, writer) -> None:
    """ArticlesGenerator.generate_output without generate_articles (the items' own pages,
    which `article_page_calls` notes one by one)."""
    generator.generate_feeds(writer)
    write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
    generator.generate_period_archives(write)
    generator.generate_direct_templates(write)
    generator.generate_tags(write)
    generator.generate_categories(write)
    generator.generate_authors(write)
    generator.generate_drafts(write)
    signals.article_writer_finalized.send(generator, writer=writer)
