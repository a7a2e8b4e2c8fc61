"""Interface: the theme's own words, and its dates and numbers, in the language of the page
being written.

The templates write each word of their own as `{{ _("…") }}`, or `{{ ngettext(…) }}` where
it depends on a number (Jinja's `jinja2.ext.i18n`, switched on in JINJA_ENVIRONMENT). This
plugin gives every generator's Jinja environment:

- `_`, `gettext` and `ngettext` (installed with `install_gettext_callables`, new style, so
  placeholders are named and escaped), which look the words up in the catalogue of the page's
  language, `theme/translations/<lang>/LC_MESSAGES/messages.po`. The source words are
  English: English, and a language with no catalogue, show them as the templates write them;
- `gettext_in(lang, message)`, the words in another language than the page's (the language
  switcher's);
- `page_language()`, the page's language, decided in one place (`page_language_of`), and
  `page_locale()`, its Open Graph locale ("en_GB", "mt_MT");
- the filters `long_date` ("4 March 2026"; in Maltese "4 ta' Marzu 2026", with a typographic
  apostrophe), `date_time` (the date and the time of day) and `number`, written by Babel in
  the page's language.

A plugin that writes words into a page uses the same catalogues through `Interface`.

Catalogues are compiled in memory (no .mo file is written or read) and kept by the digest of
the .po file's text, so an edited catalogue is always compiled again whatever its
modification time says, and an unchanged one only once per process.

Signal: `generator_init` (each generator's environment gets the functions and filters).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Undefined, pass_context
from markupsafe import Markup
from pelican import signals

RUNS_AFTER: tuple[str, ...] = ()

DOMAIN = "messages"
# English dates stay as the site has always written them ("4 March 2026": Babel's "long"
# English is American, "March 4, 2026"); every other language takes its own long format.
DATE_PATTERNS = {"en": "d MMMM y"}
# Malta, like most of Europe, writes the time on a 24-hour clock.
TIME_PATTERN = "HH:mm"
# Open Graph names a locale, language and country: the English of Malta is written as in
# Britain, and a language not named here is given as its code alone.
OG_LOCALES = {"en": "en_GB", "mt": "mt_MT"}

# Compiled catalogues by (language, digest of the .po text): every generator of a build, and
# every build of the preview's process, asks for them again.
_compiled: dict[tuple[str, str], Translations] = {}


def catalogue_path(theme: str | Path, lang: str) -> Path:
    """Where the catalogue of `lang` is, in the theme."""
    return Path(theme) / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogue(text: bytes, lang: str) -> Translations:
    """The translations of a .po file's text, compiled in memory. Fuzzy entries are left out:
    a guess nobody checked shows the English instead."""
    catalog = read_po(BytesIO(text), locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translations_for(theme: str | Path, lang: str) -> NullTranslations:
    """The catalogue of `lang`, or the source (English) words if it has none."""
    try:
        text = catalogue_path(theme, lang).read_bytes()
    except FileNotFoundError:
        return NullTranslations()
    key = (lang, hashlib.sha256(text).hexdigest())
    if key not in _compiled:
        _compiled[key] = compile_catalogue(text, lang)
    return _compiled[key]


def _language_code(value) -> str | None:
    """`value` if it names a language, else None (an undefined or empty value, or an object
    that is not a page)."""
    if isinstance(value, Undefined) or not isinstance(value, str) or not value:
        return None
    return value


def _lang_attribute(item) -> str | None:
    if item is None or isinstance(item, Undefined):
        return None
    return _language_code(getattr(item, "lang", None))


def page_language_of(context, default: str) -> str:
    """The language of the page a template is writing: `page_lang` if the template or its
    caller set it, else the language of the `article` or the `page` being written, else
    `default`, the site's default language. The one rule: plugins/languages/translations
    asks it too."""
    return (
        _language_code(context.get("page_lang"))
        or _lang_attribute(context.get("article"))
        or _lang_attribute(context.get("page"))
        or default
    )


class Interface:
    """The site's words, dates and numbers in each of its languages."""

    def __init__(self, settings: dict):
        self.theme = settings["THEME"]
        self.default = settings["DEFAULT_LANG"]
        self.catalogues = {
            lang: translations_for(self.theme, lang)
            for lang in settings.get("LANGUAGES") or [self.default]
        }
        self.locales: dict[str, Locale] = {}

    def page_language_of(self, context) -> str:
        return page_language_of(context, self.default)

    def catalogue(self, lang: str) -> NullTranslations:
        if lang not in self.catalogues:
            self.catalogues[lang] = translations_for(self.theme, lang)
        return self.catalogues[lang]

    def gettext(self, lang: str, message: str) -> str:
        return self.catalogue(lang).gettext(message)

    def ngettext(self, lang: str, singular: str, plural: str, n: int) -> str:
        return self.catalogue(lang).ngettext(singular, plural, n)

    def locale(self, lang: str) -> Locale:
        if lang not in self.locales:
            try:
                self.locales[lang] = Locale.parse(lang.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                self.locales[lang] = Locale.parse(self.default)
        return self.locales[lang]

    def long_date(self, lang: str, value: dt.date) -> str:
        """The day of `value` in words: "4 March 2026", "4 ta' Marzu 2026"."""
        return format_date(value, DATE_PATTERNS.get(lang, "long"), locale=self.locale(lang))

    def date_time(self, lang: str, value: dt.datetime) -> str:
        """The day and the time of day of `value`, as it is written (no change of zone)."""
        time = format_time(value, TIME_PATTERN, locale=self.locale(lang))
        return f"{self.long_date(lang, value)}, {time}"

    def plural_samples(self, lang: str) -> dict[str, int]:
        """A number in each plural category of `lang` (CLDR's), the smallest."""
        rule = self.locale(lang).plural_form
        samples: dict[str, int] = {}
        for n in range(0, 1001):
            samples.setdefault(rule(n), n)
        return samples

    def number(self, lang: str, value) -> str:
        return format_decimal(value, locale=self.locale(lang))


def install(env, interface: Interface) -> None:
    """Give a Jinja environment the interface's functions and filters, each of which finds
    the page's language in the context of the template calling it."""
    if not hasattr(env, "install_gettext_callables"):
        # Settings without the extension in JINJA_ENVIRONMENT would leave `_` undefined in
        # every template; add it rather than fail on the first page.
        env.add_extension("jinja2.ext.i18n")

    def language(context) -> str:
        return interface.page_language_of(context)

    @pass_context
    def gettext(context, message):
        return interface.gettext(language(context), message)

    @pass_context
    def ngettext(context, singular, plural, n):
        return interface.ngettext(language(context), singular, plural, n)

    @pass_context
    def page_language(context):
        return language(context)

    @pass_context
    def page_locale(context):
        lang = language(context)
        return OG_LOCALES.get(lang, lang.replace("-", "_"))

    @pass_context
    def long_date(context, value):
        return interface.long_date(language(context), value)

    @pass_context
    def date_time(context, value):
        return interface.date_time(language(context), value)

    @pass_context
    def number(context, value):
        return interface.number(language(context), value)

    @pass_context
    def plural_texts(context, singular, plural):
        """The message in each plural category of the page's language, by the category's
        name (one, two, few, many, other), with `%(num)s` written `{count}`: for scripts,
        which choose the category with Intl.PluralRules."""
        lang = language(context)
        texts = {category: interface.ngettext(lang, singular, plural, n)
                 for category, n in interface.plural_samples(lang).items()}  # fmt: skip
        return {category: text.replace("%(num)s", "{count}") for category, text in texts.items()}

    def gettext_in(lang, message):
        """The words in `lang`, whatever the page's language: the language switcher speaks
        to the reader of each language in it."""
        return Markup.escape(interface.gettext(lang, message))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(page_language=page_language, page_locale=page_locale,
                       gettext_in=gettext_in, plural_texts=plural_texts)  # fmt: skip
    env.filters.update(long_date=long_date, date_time=date_time, number=number)


def add_interface(generator) -> None:
    install(generator.env, Interface(generator.settings))


def register():
    signals.generator_init.connect(add_interface)
