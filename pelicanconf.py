"""Pelican settings for the health office's site, used for local builds and previews.

Every setting the site reads lives here; `publishconf.py` overrides the few that differ for
the public site. Site owners change the block under "The site" and nothing else.
"""

import hashlib
import os

PROJECT = os.path.dirname(os.path.abspath(__file__))

# --- The site -------------------------------------------------------------------------------
SITENAME = "Office of the Director General for Healthcare Services"
AUTHOR = "Office of the Director General for Healthcare Services"
TIMEZONE = "Europe/Malta"
DEFAULT_LANG = "en"
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
# A news file name gives its date and its address: content/news/2026/2026-03-04-my-slug.md.
FILENAME_METADATA = r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.*)"
SLUGIFY_SOURCE = "basename"
DEFAULT_CATEGORY = "News"
# Pelican gives no default category when category pages are switched off, and then fails to
# write draft previews (which ask for one); every item gets this one instead.
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
DEFAULT_DATE = None
# A news item dated in the future stays unpublished until a build runs after its date.
WITH_FUTURE_DATES = False
DEFAULT_DATE_FORMAT = "%-d %B %Y"
TYPOGRIFY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
# Pelican keeps what it read from each unchanged file (cache/), so a rebuild after one change
# parses only that file: the preview and `make html` are faster. The folder name carries the
# Markdown settings, because Pelican would not notice them change and would reuse stale HTML.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
# Not compressed: gzip took 1.5 s of a 10,000-article build, to save 4 MB of disk per 1,000
# articles.
GZIP_CACHE = False
# After a change to the text of existing articles or pages only, a build writes again just the
# pages and feeds that show that text, and the search index (plugins/quick_rebuild). It keeps
# its record in CACHE_PATH. False: every build is whole.
QUICK_REBUILD = True
# Where the output ends up when it is built in another folder first: tools/build.py sets it.
# Empty: OUTPUT_PATH.
FINAL_OUTPUT_PATH = ""
# Sources are read by this many processes at once, the build's own included
# (plugins/parallel_read); 1 reads as Pelican does.
READ_PROCESSES = os.cpu_count() or 1
CACHE_PATH = os.path.join(
    PROJECT, "cache", hashlib.sha256(repr(MARKDOWN).encode()).hexdigest()[:12]
)
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
TAG_URL = "news/tags/{slug}/"
TAG_SAVE_AS = "news/tags/{slug}/index.html"
YEAR_ARCHIVE_URL = "news/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "news/{date:%Y}/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

# Pages built from templates alone; each NAME has NAME_URL and NAME_SAVE_AS below.
DIRECT_TEMPLATES = [
    "home", "index", "tags", "archives", "office", "directorates",
    "search", "a_to_z", "404", "robots",
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
ROBOTS_URL = "robots.txt"
ROBOTS_SAVE_AS = "robots.txt"

PAGINATED_TEMPLATES = {"index": None, "tag": None, "period_archives": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Listings ---------------------------------------------------------------------------------
HOME_LATEST_NEWS = 4
HOME_MANDATE_ITEMS = 5
LATEST_NEWS = 5
RELATED_POSTS_MAX = 3

# --- Search (plugins/search_index) ------------------------------------------------------------
SEARCH_INDEX_DIR = "search/data"
# A title match counts most, then the summary, then the text.
SEARCH_FIELD_BOOSTS = {"title": 10, "summary": 3, "body": 1}
# A shard of the index is split further while bigger than this (uncompressed JSON).
SEARCH_SHARD_BYTES = 24_000
# lunr.js comes from npm (package-lock.json pins it); the build copies it beside our scripts.
LUNR_JS = os.path.join(PROJECT, "node_modules", "lunr", "lunr.min.js")
LUNR_JS_SAVE_AS = "theme/js/lunr.min.js"

# --- Feeds ------------------------------------------------------------------------------------
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/news.atom.xml"
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True
DIRECTORATE_FEED_ATOM = "feeds/directorates/{slug}.atom.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$", r"/page/\d+/$"],
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "daily"},
}

# --- Theme and plugins ------------------------------------------------------------------------
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
PLUGIN_PATHS = ["plugins"]
# The order matters: quick_inline and template_cache add to the Markdown and Jinja settings
# before anything reads a source or a template, quick_rebuild then decides whether the build
# is quick, parallel_read forks its workers and gives them the files before content_check
# runs (they read while it checks), pinned_urls runs after every plugin that sets an address
# and quick_listings after every plugin that changes a topic's list (each plugin's docstring
# says why).
PLUGINS = [
    "quick_inline",
    "quick_exit",
    "template_cache",
    "quick_rebuild",
    "parallel_read",
    "content_check",
    "atomic_cache",
    "pelican.plugins.yaml_metadata",
    "libyaml_front_matter",
    "pelican.plugins.neighbors",
    "quick_related_posts",
    "pelican.plugins.sitemap",
    "office_data",
    "directorates",
    "structured_data",
    "published_tags",
    "search_index",
    "a_to_z",
    "update_history",
    "content_dates",
    "pinned_urls",
    "quick_listings",
]

DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git"]

# Autoescape: a title with "<" or "&" stays text. Templates mark rendered Markdown with |safe.
# No auto_reload: Jinja would otherwise look at the file of every partial each time a page
# includes it (14,000 times at 1,000 articles); each build, and each quick preview after a
# template changes, makes its templates afresh.
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False,
}  # fmt: skip

# --- Security -----------------------------------------------------------------------------
# The Content-Security-Policy the site is served with: nothing inline, nothing from another
# origin. The browser tests serve every page with it.
# What the browser may load on our pages: our own files only, no inline code, no frames.
CSP_DIRECTIVES = {
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
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())
# The copy in each page's <meta> element, for hosts that set no headers: browsers ignore
# frame-ancestors there (and say so in the console), so it is left out.
META_CONTENT_SECURITY_POLICY = "; ".join(
    f"{name} {value}" for name, value in CSP_DIRECTIVES.items() if name != "frame-ancestors"
)
# The headers a host should send with every page (plugins/security_headers writes them into
# _headers for the public build; README.md shows them for nginx and Apache).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
