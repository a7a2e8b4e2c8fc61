"""Translations: which page is which page in another language, and each language's own home,
news listings, topics, archives, office, directorates, search page and A to Z.

A translation is the file `name.<lang>.md` beside `name.md` (our reader gives both one
`translation_key`), at its language's address (ARTICLE_LANG_URL, PAGE_LANG_URL). Pelican
groups pages by it (PAGE_TRANSLATION_ID); news items are grouped here, as Pelican would, at
`article_generator_pretaxonomy` (Pelican's `process_translations` looks each item up in a
list of all of them: a second at 10,000 news items, in every build and after every save in
the preview; docs/upstream.md). Pelican lists only the default language, and
writes every page with the default language's context: its office, its addresses, its
lists. So this plugin writes every other language's pages itself, each with the context in
its language (`language_context`): its listings under `/<lang>/` (each with the items in that
language and, where an item has no translation, the original, marked by its own `lang`),
its feed, and its items' own pages, which Pelican then leaves alone (their `save_as` is
empty, as a `save_as: ""` field would make it, and kept as `language_save_as`). The
templates need not know: every name they read is the language's. Why not
pelican-i18n-subsites: it runs the whole build once per language, and the preview could not
serve its sites.

Adds to Jinja (every generator's environment): `language_versions()`, the page being
rendered in every language of LANGUAGES (`lang`, `name`, `url`, `same`, `missing`,
`current`), for the language switcher and the hreflang links. Adds to each directorate's
translation its `news` in its language. Adds the generator `LanguageListings`.

Signals: `content_object_init` (a translation's page is ours to write),
`article_generator_pretaxonomy` (news items and their translations), `generator_init`
(the Jinja global), `all_generators_finalized` (the directorates' news), `get_generators`
(the generator), `feed_generated` (every feed's language and title).
"""

from __future__ import annotations

import os
import re
from functools import partial

from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import Generator

from ...search.a_to_z.a_to_z import a_to_z_of
from ..interface.interface import page_language_of

RUNS_AFTER = ("plugins.content_model.directorates", "plugins.content_model.office_data")
# The A to Z (plugins/search/a_to_z) is made for each language here from its own pages.

PAGINATED = re.compile(r"/page/\d+/$")


def default_language(settings: dict) -> str:
    return settings["DEFAULT_LANG"]


def other_languages(settings: dict) -> list[str]:
    """The languages but the default one, in the order of LANGUAGES."""
    return [lang for lang in settings.get("LANGUAGES", []) if lang != settings["DEFAULT_LANG"]]


def page_language(context) -> str:
    """The language of the page being rendered (each language's pages are written with
    `page_lang`), by the interface's one rule."""
    return page_language_of(context, context["DEFAULT_LANG"])


# --- Addresses -------------------------------------------------------------------------------


def localised_names(settings: dict) -> list[str]:
    """The settings whose address each language has its own of: the pages made from
    templates alone (but the sitemap, robots.txt and the 404 page), the year archives, and
    the pages plugins write (LOCALISED_URLS: the publications' register)."""
    names = [name.upper() for name in settings["DIRECT_TEMPLATES"]
             if name not in ("sitemap", "robots", "404")]  # fmt: skip
    return [*names, "YEAR_ARCHIVE", *settings.get("LOCALISED_URLS", [])]


def in_language(address: str, lang: str, settings: dict) -> str:
    """An address of the default language's site in `lang`: under the language's folder."""
    return address if lang == default_language(settings) else f"{lang}/{address}"


def addresses_in(lang: str, settings: dict) -> dict[str, str]:
    """The address settings of `lang`'s listings and feed, by name (INDEX_URL, …)."""
    addresses = {}
    for name in localised_names(settings):
        for suffix in ("_URL", "_SAVE_AS"):
            value = settings.get(name + suffix)
            if value is not None:
                addresses[name + suffix] = in_language(value, lang, settings)
    addresses["FEED_ATOM"] = settings["LANGUAGE_FEED_ATOM"].format(lang=lang)
    return addresses


# --- One page in every language -------------------------------------------------------------


def counterpart(item, lang: str):
    """The published or hidden version of `item` in `lang` (itself if it is in `lang`), or
    None."""
    if item.lang == lang:
        return item
    return next((other for other in getattr(item, "translations", [])
                 if other.lang == lang and other.status != "draft"), None)  # fmt: skip


def in_language_or_original(item, lang: str):
    return counterpart(item, lang) or item


def listing_address(output_file: str, settings: dict) -> tuple[str | None, bool]:
    """The address in the default language of the listing written at `output_file` (a
    page of the news, an archive, a topic… in any language), None if it is no listing that
    every language has (the 404 page, the sitemap); and whether that address is the same
    page. A topic's page gives the list of topics (each language has its own topics), a
    later page of a list its first: the nearest page, not the same."""
    address = output_file.removesuffix("index.html")
    prefix = next((f"{other}/" for other in other_languages(settings)
                   if address.startswith(f"{other}/")), "")  # fmt: skip
    address = address[len(prefix) :]
    first_page = PAGINATED.sub("/", address)
    if first_page.startswith(settings["TAGS_URL"]):
        return settings["TAGS_URL"], address == settings["TAGS_URL"]
    year = re.escape(settings["YEAR_ARCHIVE_URL"]).replace(re.escape("{date:%Y}"), r"\d{4}")
    listings = {settings.get(f"{name}_URL") for name in localised_names(settings)}
    if first_page in listings or re.fullmatch(year, first_page):
        return first_page, first_page == address
    if address.startswith(tuple(settings.get("EVERY_LANGUAGE_URLS") or ())):
        return address, True  # a page every language has (a publication's, the register's)
    return None, False


def language_versions(context, settings: dict) -> list[dict]:
    """The page being rendered in every language: for each, its `lang`, the language's
    `name` in itself, the page's `url` in it (the language's home where the page has no
    translation, the nearest listing for a topic's page or a later page of a list),
    whether it is the `same` page there, whether the page is `missing` there (not
    translated), and whether it is the `current` one. None at all for a page in one
    language only (the 404 page). `settings` are the site's (a language's context has its
    own addresses)."""
    current = page_language(context)
    item = next((value for value in (context.get("article"), context.get("page"))
                 if isinstance(value, Content)), None)  # fmt: skip
    versions = []
    listing, same = listing_address(context.get("output_file", ""), settings)
    if item is None and listing is None:
        return []
    for lang in settings.get("LANGUAGES") or [current]:
        if item is not None:
            version = counterpart(item, lang)
            url = version.url if version is not None else in_language("", lang, settings)
            same = version is not None
        else:
            url = in_language(listing, lang, settings)
        versions.append({"lang": lang, "name": settings["LANGUAGE_NAMES"].get(lang, lang),
                         "url": url, "same": same, "missing": item is not None and not same,
                         "current": lang == current})  # fmt: skip
    return versions


def add_jinja_globals(generator) -> None:
    generator.env.globals["language_versions"] = pass_context(
        partial(language_versions, settings=generator.settings)
    )


# --- The translations' own pages and lists ---------------------------------------------------


def leave_translation_to_us(content) -> None:
    """Keep a translation's output file as `language_save_as` and empty its `save_as`:
    Pelican's generators then write nothing for it, and LanguageListings writes it with
    its language's context."""
    if isinstance(content, Content) and not content.in_default_lang:
        content.language_save_as = content.save_as
        content.override_save_as = ""


def originals_and_translations(items: list) -> tuple[list, list]:
    """Pelican's `process_translations` by `translation_key`, in linear time: the items of
    each group in the default language are its originals (all of them, if none is), the
    others their translations; each item gets the others of its group as `translations`.
    Both lists keep the items' order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item.translation_key, []).append(item)
    originals = set()
    for group in groups.values():
        originals.update(map(id, [item for item in group if item.in_default_lang] or group))
        for item in group:
            item.translations = [other for other in group if other is not item]
    return ([item for item in items if id(item) in originals],
            [item for item in items if id(item) not in originals])  # fmt: skip


def group_news_translations(generator) -> None:
    """The articles generator's lists (Pelican's with ARTICLE_TRANSLATION_ID = None: every
    item an original) into originals and translations, before it makes its topics."""
    generator.articles, generator.translations = originals_and_translations(generator.articles)
    generator.hidden_articles, generator.hidden_translations = originals_and_translations(
        generator.hidden_articles
    )
    generator.drafts, generator.drafts_translations = originals_and_translations(generator.drafts)


def give_translations_their_news(generators) -> None:
    """Give each directorate's translation the directorate's news, each item in the
    translation's language where it has one."""
    for directorate in generators[0].context.get("DIRECTORATES", []):
        for translation in getattr(directorate, "translations", []):
            translation.news = [in_language_or_original(article, translation.lang)
                                for article in directorate.news]  # fmt: skip


# --- Each language's context ----------------------------------------------------------------


def tags_of(articles: list, lang: str) -> list[tuple]:
    """The topics of the items in `lang`, each with its items, by name."""
    tags: dict = {}
    for article in articles:
        if article.lang == lang:
            for tag in getattr(article, "tags", []):
                tags.setdefault(tag, []).append(article)
    return sorted(tags.items(), key=lambda pair: pair[0].name.casefold())


def year_archives(dates: list, articles: list, addresses: dict) -> list[dict]:
    """The year archives of a language's news, at its `addresses`, as Pelican's
    `period_archives["year"]`."""
    by_year: dict = {}
    for article in dates:
        by_year.setdefault(article.date.year, []).append(article)
    archives = []
    for year, in_year in by_year.items():
        members = set(map(id, in_year))
        archives.append({
            "dates": in_year, "articles": [item for item in articles if id(item) in members],
            "save_as": addresses["YEAR_ARCHIVE_SAVE_AS"].format(date=in_year[0].date),
            "url": addresses["YEAR_ARCHIVE_URL"].format(date=in_year[0].date),
            "period": (year,), "period_num": (year,),
        })  # fmt: skip
    return archives


class LanguageContext(dict):
    """A language's context. Pelican's writer notes in the context it writes with where the
    site is from the page (`localsiteurl`), and the items read it from the shared context
    to write the links in their text: this context passes it on to the shared one."""

    def __init__(self, shared: dict, values: dict):
        super().__init__(values)
        self.shared = shared

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        if key == "localsiteurl":
            self.shared[key] = value

    def but(self, **values) -> LanguageContext:
        """This context with other `values`."""
        return LanguageContext(self.shared, {**self, **values})


def language_context(context: dict, lang: str) -> LanguageContext:
    """The shared context as `lang`'s pages see it: its items (each original's translation
    in `lang`, or the original), topics, archives, office, name and addresses."""
    articles = [in_language_or_original(article, lang) for article in context["articles"]]
    dates = sorted(articles, key=lambda article: article.date,
                   reverse=context["NEWEST_FIRST_ARCHIVES"])  # fmt: skip
    addresses = addresses_in(lang, context)
    office = context.get("OFFICE_BY_LANG", {}).get(lang, context.get("OFFICE"))
    in_lang = LanguageContext(context, {
        **context,
        **addresses,
        "page_lang": lang,
        "SITENAME": office["name"] if office else context["SITENAME"],
        "CONTACT_URL": page_at(context["CONTACT_URL"], context["pages"], lang),
        "PRIVACY_URL": page_at(context["PRIVACY_URL"], context["pages"], lang),
        "OFFICE": office,
        "MANDATE": context.get("MANDATE_BY_LANG", {}).get(lang, context.get("MANDATE")),
        "articles": articles,
        "dates": dates,
        "tags": tags_of(articles, lang),
        "period_archives": {"year": year_archives(dates, articles, addresses)},
        "pages": [in_language_or_original(page, lang) for page in context["pages"]],
        "DIRECTORATES": [
            in_language_or_original(page, lang) for page in context.get("DIRECTORATES", [])
        ],
    })  # fmt: skip
    in_lang["A_TO_Z"] = a_to_z_of(in_lang)
    return in_lang


def page_at(url: str, pages: list, lang: str) -> str:
    """The address of the page at `url` in `lang` (its own where it has no translation)."""
    page = next((page for page in pages if page.url == url), None)
    return in_language_or_original(page, lang).url if page is not None else url


def translations_in(context: dict, lang: str) -> list:
    """Every item in `lang` whose page is ours to write, in the order it was read."""
    return [content for content in context["generated_content"].values()
            if getattr(content, "lang", None) == lang
            and hasattr(content, "language_save_as")]  # fmt: skip


class LanguageListings(Generator):
    """Writes every language's pages but the default language's (Pelican writes those),
    with the calls Pelican's generators make for their own."""

    def generate_context(self) -> None:
        """Nothing to read: the pages are made from the articles and pages generators'
        items when they are written, after every plugin has added to them."""

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for lang in other_languages(self.settings):
            context = language_context(self.context, lang)
            self.write_items(write, context, lang)
            self.write_direct_templates(write, context)
            self.write_tags(write, context)
            self.write_year_archives(write, context)
            self.write_feed(writer, context, lang)

    def write_items(self, write, context: dict, lang: str) -> None:
        """Each item's page, as ArticlesGenerator.generate_articles (and generate_drafts)
        and PagesGenerator.generate_output write them."""
        for item in translations_in(context, lang):
            template = self.get_template(item.template)
            if isinstance(item, Article):
                write(item.language_save_as, template, context, article=item,
                      category=getattr(item, "category", None), override_output=True,
                      url=item.url, blog=True, all_articles=context["articles"])  # fmt: skip
            else:
                write(item.language_save_as, template, context, page=item,
                      override_output=True, url=item.url)  # fmt: skip

    def write_direct_templates(self, write, context: dict) -> None:
        for name in localised_names(self.settings):
            save_as = context.get(f"{name}_SAVE_AS")
            if name == "YEAR_ARCHIVE" or not save_as:
                continue
            write(save_as, self.get_template(name.lower()), context,
                  articles=context["articles"], dates=context["dates"], blog=True,
                  template_name=name.lower(), page_name=os.path.splitext(save_as)[0],
                  url=context[f"{name}_URL"])  # fmt: skip

    def write_tags(self, write, context: dict) -> None:
        template = self.get_template("tag")
        for tag, articles in context["tags"]:
            dates = [article for article in context["dates"] if article in articles]
            write(tag.save_as, template, context, tag=tag, url=tag.url, articles=articles,
                  dates=dates, template_name="tag", blog=True, page_name=tag.page_name,
                  all_articles=context["articles"])  # fmt: skip

    def write_year_archives(self, write, context: dict) -> None:
        template = self.get_template("period_archives")
        for archive in context["period_archives"]["year"]:
            in_period = context.but(period=archive["period"], period_num=archive["period_num"])
            write(archive["save_as"], template, in_period, articles=archive["articles"],
                  dates=archive["dates"], template_name="period_archives", blog=True,
                  url=archive["url"], all_articles=context["articles"])  # fmt: skip

    def write_feed(self, writer, context: dict, lang: str) -> None:
        """The language's news feed: its news items in it (not the originals shown in its
        lists in their place)."""
        in_lang = [article for article in context["articles"] if article.lang == lang]
        writer.write_feed(in_lang, context, context["FEED_ATOM"], context["FEED_ATOM"])


def give_feed_its_language(context, feed) -> None:
    """A feed's language (Atom's xml:lang), and its title and home in it: the language of
    the context it is written with (`page_lang` for a language's own feed)."""
    lang = page_language(context)
    feed.feed["language"] = lang
    if lang != context["DEFAULT_LANG"]:
        feed.feed["title"] = context["SITENAME"]
        # The language's home, which is also the feed's id: not the same as another's.
        home = f"{context['FEED_DOMAIN']}/{in_language('', lang, context)}"
        feed.feed["link"] = feed.feed["id"] = home


def listings_generator(pelican) -> type:
    return LanguageListings


def register():
    signals.content_object_init.connect(leave_translation_to_us)
    signals.article_generator_pretaxonomy.connect(group_news_translations)
    signals.generator_init.connect(add_jinja_globals)
    signals.all_generators_finalized.connect(give_translations_their_news)
    signals.get_generators.connect(listings_generator)
    signals.feed_generated.connect(give_feed_its_language)
