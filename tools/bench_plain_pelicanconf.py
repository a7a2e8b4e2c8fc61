"""Plain Pelican for `make bench`: its default theme, no plugins, the same news articles.
What a team would get from Pelican out of the box, to compare our build with."""

AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
TIMEZONE = "Europe/Malta"
DEFAULT_LANG = "en"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = []  # our standing pages use our templates; the comparison is on the articles
PLUGINS = []
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
# The generated corpus repeats headlines; file names are unique, so addresses come from them.
SLUGIFY_SOURCE = "basename"
