"""Pelican settings for the health office's site, used for local builds and previews.

Every setting the site reads lives here; `publishconf.py` overrides the few that differ for
the public site. Site owners change the block under "The site" and nothing else.
"""

import os

PROJECT = os.path.dirname(os.path.abspath(__file__))

# --- The site -------------------------------------------------------------------------------
SITENAME = "Office of the Director General for Healthcare Services"
AUTHOR = "Office of the Director General for Healthcare Services"
TIMEZONE = "Europe/Malta"
# The languages the site is published in, the default first: its pages are at the site's
# root, the others' under /<code>/ (plugins/languages). LANGUAGE_NAMES are each language's
# name in itself, as the language switcher shows them.
LANGUAGES = ["en", "mt"]
LANGUAGE_NAMES = {"en": "English", "mt": "Malti", "vi": "Tiếng Việt"}
DEFAULT_LANG = LANGUAGES[0]
LOCALE = ("C.UTF-8", "C")
# The address readers and search engines see: canonical links, Open Graph, JSON-LD, feeds and
# the sitemap use it. Internal links stay relative so a preview works from any folder or port.
SITEURL = os.environ.get("SITEURL", "http://127.0.0.1:8000").rstrip("/")
PUBLIC_SITEURL = SITEURL
RELATIVE_URLS = True

# --- Content ----------------------------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages", "directorates"]
STATIC_PATHS = ["images", "documents"]
IGNORE_FILES = [".#*", "*~", "*.swp", "README*"]
# `kind` tells a template which content type a file is, from the folder it lives in.
PATH_METADATA = r"(?P<kind>news|pages|directorates)/.*"
# A news file name gives its address: content/news/2026/2026-03-04-my-slug.md. (Its date comes
# from the `date` field; the content check makes sure the two agree.)
FILENAME_METADATA = r"\d{4}-\d{2}-\d{2}-(?P<slug>.*)"
SLUGIFY_SOURCE = "basename"
DEFAULT_CATEGORY = "News"
# Pelican gives no default category when category pages are switched off, and then fails to
# write draft previews (which ask for one); every item gets this one instead.
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
DEFAULT_DATE = None


def newest_first(item):
    """News order: newest first, and items of the same minute by file name. Pelican finds
    the files as a set, in no fixed order: without the second key two builds (or a build
    and the preview) could list such items differently."""
    return (-item.date.timestamp(), item.source_path)


def by_file(item):
    """Standing pages and directorates in the order of their files (Pelican's "basename"
    would leave two files of one name in different folders in no fixed order)."""
    return item.source_path


ARTICLE_ORDER_BY = newest_first
PAGE_ORDER_BY = by_file
# A news item dated in the future stays unpublished until a build runs after its date.
WITH_FUTURE_DATES = False
DEFAULT_DATE_FORMAT = "%-d %B %Y"
TYPOGRIFY = False
# Our reader (plugins/content_model/source_reader) adds typographic punctuation itself.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
# `summary` is plain text (the reader escapes it), not Markdown.
FORMATTED_FIELDS = []
# A translation is the file `name.<lang>.md` beside `name.md`; our reader gives both the
# same `translation_key` (plugins/content_model/source_reader). Pelican groups the pages by
# it; plugins/languages/translations groups the news, in linear time (Pelican's grouping
# compares every item with every other).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = "translation_key"
# Every build reads every source: Pelican's content cache knows a file by its modification
# time, and would keep stale pages after an edit that keeps it.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# The search index keeps each page's analysis here between builds, by what the page holds.
CACHE_PATH = os.path.join(PROJECT, "cache")
# Publications (plugins/content_model/publications): each document in this folder under
# content/, with the facts an editor writes beside it in <name>.yaml, gets its own page and
# a place in the register. A document over PUBLICATION_MAX_MB is refused (docs/publications.md).
PUBLICATIONS_PATH = "documents"
PUBLICATION_MAX_MB = 20
# The office and its mandate are data, not pages (plugins/office_data).
OFFICE_FILE = "office.yaml"
MANDATE_FILE = "mandate.yaml"

# --- Addresses --------------------------------------------------------------------------------
# Folder-style addresses (/news/2026/my-slug/) survive a change of server and read well aloud.
ARTICLE_URL = "news/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
DIRECTORATE_URL = "directorates/{slug}/"
DIRECTORATE_SAVE_AS = "directorates/{slug}/index.html"
# A translation's address: its language's folder, then the address in the default language
# with the translation's slug (plugins/languages/translations).
ARTICLE_LANG_URL = "{lang}/news/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/news/{date:%Y}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DIRECTORATE_LANG_URL = "{lang}/directorates/{slug}/"
DIRECTORATE_LANG_SAVE_AS = "{lang}/directorates/{slug}/index.html"
DRAFT_LANG_URL = "drafts/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = "drafts/{lang}/{slug}/index.html"
DRAFT_PAGE_LANG_URL = "drafts/pages/{lang}/{slug}/"
DRAFT_PAGE_LANG_SAVE_AS = "drafts/pages/{lang}/{slug}/index.html"
PUBLICATION_URL = "publications/{slug}/"
PUBLICATION_SAVE_AS = "publications/{slug}/index.html"
PUBLICATIONS_URL = "publications/"
# The register's filters, a page each: publications/kind/report/, publications/year/2025/…
PUBLICATIONS_FILTER_URL = "publications/{facet}/{value}/"
# Pages plugins write that each language has at its own address (the register's, under
# /<lang>/), and the addresses under which every page is in every language (the language
# switcher leads from one to the other): plugins/languages/translations.
LOCALISED_URLS = ["PUBLICATIONS"]
EVERY_LANGUAGE_URLS = ["publications/"]
TAG_URL = "news/tags/{slug}/"
TAG_SAVE_AS = "news/tags/{slug}/index.html"
YEAR_ARCHIVE_URL = "news/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "news/{date:%Y}/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

# The A to Z (plugins/search/a_to_z): an index page and one page per letter, and one for
# titles that start with anything else; each letter's page is the direct template
# `a_to_z/<slug>` (theme/templates/a_to_z/<slug>.html), at `A_TO_Z/<SLUG>_URL` (set below).
A_TO_Z_LETTERS = [*"abcdefghijklmnopqrstuvwxyz", "other"]

# Pages built from templates alone; each NAME has NAME_URL and NAME_SAVE_AS below.
DIRECT_TEMPLATES = [
    "home", "index", "tags", "archives", "office", "directorates",
    "search", "a_to_z", *(f"a_to_z/{slug}" for slug in A_TO_Z_LETTERS), "404", "robots",
    "sitemap",
]  # fmt: skip
HOME_URL = ""
HOME_SAVE_AS = "index.html"
INDEX_URL = "news/"
INDEX_SAVE_AS = "news/index.html"
TAGS_URL = "news/tags/"
TAGS_SAVE_AS = "news/tags/index.html"
ARCHIVES_URL = "news/archive/"
ARCHIVES_SAVE_AS = "news/archive/index.html"
OFFICE_URL = "office/"
OFFICE_SAVE_AS = "office/index.html"
DIRECTORATES_URL = "directorates/"
DIRECTORATES_SAVE_AS = "directorates/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
A_TO_Z_URL = "a-z/"
A_TO_Z_SAVE_AS = "a-z/index.html"
for _slug in A_TO_Z_LETTERS:
    globals()[f"A_TO_Z/{_slug.upper()}_URL"] = f"a-z/{_slug}/"
    globals()[f"A_TO_Z/{_slug.upper()}_SAVE_AS"] = f"a-z/{_slug}/index.html"
# The contact page, which every page's menu leads to (in each language, its translation).
CONTACT_URL = "contact/"
# The privacy notice, which the feedback forms lead to (in each language, its translation).
PRIVACY_URL = "privacy/"
ROBOTS_URL = "robots.txt"
ROBOTS_SAVE_AS = "robots.txt"
SITEMAP_URL = "sitemap.xml"
SITEMAP_SAVE_AS = "sitemap.xml"

# The register of publications lists more to a page: a line each, no picture.
PAGINATED_TEMPLATES = {"index": None, "tag": None, "period_archives": None, "publications": 25}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Listings ---------------------------------------------------------------------------------
HOME_LATEST_NEWS = 4
HOME_MANDATE_ITEMS = 5
LATEST_NEWS = 5
RELATED_NEWS_MAX = 3

# --- Search (plugins/search_index) ------------------------------------------------------------
SEARCH_INDEX_DIR = "search/data"
# A title match counts most, then the summary, then the text.
SEARCH_FIELD_BOOSTS = {"title": 10, "summary": 3, "body": 1}
# Each document's weight by its kind (lunr's document boost): the office, a directorate or a
# standing page ranks above the news items that mention it as often.
SEARCH_KIND_BOOSTS = {"office": 2, "directorate": 2, "page": 2, "news": 1, "publication": 1}
# How much of a publication's text is indexed: its first so many characters (a long report's
# appendices would swell the index that every reader's browser downloads).
SEARCH_PUBLICATION_TEXT_CHARS = 20_000
# A shard of the index is split further while bigger than this (uncompressed JSON).
SEARCH_SHARD_BYTES = 24_000
# lunr.js comes from npm (package-lock.json pins it); the build copies it beside our scripts.
LUNR_JS = os.path.join(PROJECT, "node_modules", "lunr", "lunr.min.js")
LUNR_JS_SAVE_AS = "theme/js/lunr.min.js"

# --- Editing in the browser ------------------------------------------------------------------
# Decap CMS at /admin/ (plugins/publishing/cms_admin; docs/cms.md for editors,
# docs/cms-hosting.md for who sets it up). Its configuration, cms/config.yml, is written by
# `make cms-config` from the content schemas and these settings; a test fails while it is stale.
CMS_SAVE_AS = "admin"
CMS_SOURCE = os.path.join(PROJECT, "cms")
DECAP_CMS_DIST = os.path.join(PROJECT, "node_modules", "decap-cms", "dist")
# Where editors' changes go: Decap's `backend` block. Each change is a branch and a pull
# request (the editorial workflow); nothing reaches the branch without one.
CMS_BACKEND = {"name": "github", "repo": "health-office/healthcare-services-site", "branch": "main"}
# Decap's local backend (`make cms`, decap-server): used only when the CMS is opened on this
# machine, at 127.0.0.1 or localhost.
CMS_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
# The origins the admin page talks to besides its own: the git host's API and the local
# backend. Its Content-Security-Policy allows these and no others.
CMS_CONNECT_SOURCES = ["https://api.github.com", "http://127.0.0.1:8081", "http://localhost:8081"]
# Pictures editors upload: the folder under content/ and how texts refer to it.
CMS_MEDIA_FOLDER = "images/uploads"

# --- Readers' feedback ------------------------------------------------------------------------
# "Is this page useful?", "Report a problem with this page" and comments on news post to the
# feedback service (feedback/, docs/feedback-service.md). Here, the one `make feedback` runs
# on this machine; publishconf.py takes the public one from the environment. Empty: no
# service, and the forms become prefilled e-mails to the office (comments are closed).
FEEDBACK_PORT = int(os.environ.get("FEEDBACK_PORT", "8100"))
FEEDBACK_URL = os.environ.get("FEEDBACK_URL", f"http://127.0.0.1:{FEEDBACK_PORT}/feedback")
# Approved comments, written by `make comments` (plugins/content_model/comments).
COMMENTS_PATH = "comments"
# The proof-of-work widget (npm `altcha`, pinned in package-lock.json): its script without
# inline styles or workers, and the worker it solves PBKDF2 challenges in. The build copies
# them under FEEDBACK_WIDGET_SAVE_AS, in a folder named after the package's version.
ALTCHA_DIST = os.path.join(PROJECT, "node_modules", "altcha", "dist")
FEEDBACK_WIDGET_FILES = {"script": "external/altcha.min.js", "worker": "workers/pbkdf2.js"}
FEEDBACK_WIDGET_SAVE_AS = "theme/vendor/altcha-{version}"

# --- Feeds ------------------------------------------------------------------------------------
FEED_DOMAIN = SITEURL
# The news in the default language; each other language's is at LANGUAGE_FEED_ATOM, written
# by plugins/languages/translations (Pelican's FEED_ALL_ATOM would mix the languages, and its
# TRANSLATION_FEED_ATOM gives neither a feed's language nor its title in that language).
FEED_ATOM = "feeds/news.atom.xml"
FEED_ALL_ATOM = None
LANGUAGE_FEED_ATOM = "feeds/{lang}/news.atom.xml"
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True
DIRECTORATE_FEED_ATOM = "feeds/directorates/{slug}.atom.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# --- Theme and plugins ------------------------------------------------------------------------
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
# Our plugins are the package plugins/ (plugins/__init__.py says how it is laid out). PLUGINS
# lists them in the order they act: each names in RUNS_AFTER the plugins it needs before it,
# and tests/test_plugin_order.py checks this list against them.
PLUGIN_PATHS = [PROJECT]
PLUGINS = [
    # The content model: read the sources, then what the site adds to its items.
    "plugins.content_model.source_reader",
    # A fix of Pelican's: addresses worked out once, before anything lists them.
    "plugins.fixes.pinned_urls",
    "plugins.content_model.directorates",
    "plugins.content_model.office_data",
    "plugins.content_model.related_news",
    "plugins.content_model.update_history",
    "plugins.content_model.content_dates",
    "pelican.plugins.neighbors",
    # Languages: which page is which page in another language, and each language's listings;
    # the theme's words and dates in each page's language.
    "plugins.languages.translations",
    "plugins.languages.interface",
    # Publications: documents with their facts, in every language (so after the languages).
    "plugins.content_model.publications",
    # Readers' comments an editor approved, on every language's version of a news item.
    "plugins.content_model.comments",
    # Checks: nothing is read before every file is checked.
    "plugins.checks.content_check",
    # Search: the index of every public page, and the A to Z.
    "plugins.search.search_index",
    "plugins.search.a_to_z",
    # Publishing: JSON-LD, the theme's filters, readers' forms and the sitemap.
    "plugins.publishing.structured_data",
    "plugins.publishing.page_filters",
    "plugins.publishing.feedback_forms",
    "plugins.publishing.sitemap",
    # The browser editor at /admin/, for editors (not a reader's page).
    "plugins.publishing.cms_admin",
    # A fix of Pelican's: listings by set, once every listing is final.
    "plugins.fixes.listings",
]

DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git"]

# Autoescape: a title with "<" or "&" stays text. Templates mark rendered Markdown with |safe.
# No auto_reload: Jinja would otherwise look at the file of every partial each time a page
# includes it (by its modification time); every build, and the preview after a template
# changes, makes its templates afresh. The i18n extension gives the templates `_()` and
# `ngettext()`, which plugins/languages/interface points at the page's language.
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False,
    "extensions": ["jinja2.ext.i18n"],
}  # fmt: skip

# --- Security -----------------------------------------------------------------------------
# The Content-Security-Policy the site is served with: nothing inline, nothing from another
# origin. The browser tests serve every page with it.
# What the browser may load on our pages: our own files only, no inline code, no frames.
BASE_CSP_DIRECTIVES = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The headers a host should send with every page (plugins/security_headers writes them into
# _headers for the public build; README.md shows them for nginx and Apache), besides the
# Content-Security-Policy.
BASE_SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def readers_policy(site_url: str, feedback_url: str) -> dict:
    """The settings that say what readers' pages may do, for a site at `site_url` whose
    feedback service is at `feedback_url`: CSP_DIRECTIVES, CONTENT_SECURITY_POLICY,
    META_CONTENT_SECURITY_POLICY and SECURITY_HEADERS. The forms post to the service and the
    widget fetches its challenges there: its origin joins form-action and connect-src when it
    is not the site's own ('self' allows that already)."""
    from urllib.parse import urlsplit

    def origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""

    service = origin(feedback_url)
    extra = f" {service}" if service and service != origin(site_url) else ""
    directives = {**BASE_CSP_DIRECTIVES,
                  "form-action": BASE_CSP_DIRECTIVES["form-action"] + extra,
                  "connect-src": BASE_CSP_DIRECTIVES["connect-src"] + extra}  # fmt: skip
    policy = "; ".join(f"{name} {value}" for name, value in directives.items())
    return {
        "CSP_DIRECTIVES": directives,
        "CONTENT_SECURITY_POLICY": policy,
        # The copy in each page's <meta> element, for hosts that set no headers: browsers
        # ignore frame-ancestors there (and say so in the console), so it is left out.
        "META_CONTENT_SECURITY_POLICY": "; ".join(
            f"{name} {value}" for name, value in directives.items() if name != "frame-ancestors"
        ),
        "SECURITY_HEADERS": {"Content-Security-Policy": policy, **BASE_SECURITY_HEADERS},
    }


globals().update(readers_policy(SITEURL, FEEDBACK_URL))
# The admin page's own policy, sent for CMS_SAVE_AS/ only: Decap CMS evaluates code it builds
# at run time ('unsafe-eval', Decap issue #2138) and styles its interface from JavaScript
# ('unsafe-inline' styles); it shows and reads pictures not yet saved from blob: and data:
# addresses, and talks to the git host's API. Readers' pages never get these. Still nothing
# is loaded from another origin: no fonts, icons or scripts but our own.
CMS_CSP_DIRECTIVES = {
    **BASE_CSP_DIRECTIVES,
    "script-src": "'self' 'unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    # blob: a picture chosen for upload is read back from its blob: address when saved.
    "connect-src": " ".join(["'self'", "blob:", *CMS_CONNECT_SOURCES]),
    "form-action": "'none'",
}
CMS_SECURITY_HEADERS = {
    **BASE_SECURITY_HEADERS,
    "Content-Security-Policy": "; ".join(f"{k} {v}" for k, v in CMS_CSP_DIRECTIVES.items()),
    # Signing in to GitHub happens in a pop-up that hands the editor's token back to this
    # page; "same-origin" would cut the two apart (docs/cms-hosting.md).
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
}
META_CMS_CONTENT_SECURITY_POLICY = "; ".join(
    f"{name} {value}" for name, value in CMS_CSP_DIRECTIVES.items() if name != "frame-ancestors"
)
