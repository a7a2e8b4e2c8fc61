"""Settings for the public site: `make publish`. Everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

# The public address. CI sets SITEURL; the default is the customer's domain.
SITEURL = os.environ.get("SITEURL", "https://healthservices.example.org").rstrip("/")
PUBLIC_SITEURL = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# The feedback service (docs/feedback-service.md), e.g. https://<the site>/feedback when nginx
# serves it beside the site. Empty, as on GitHub Pages alone: the forms become prefilled
# e-mails to the office and comments are shown closed.
FEEDBACK_URL = os.environ.get("FEEDBACK_URL", "").rstrip("/")
globals().update(readers_policy(SITEURL, FEEDBACK_URL))  # noqa: F405
DELETE_OUTPUT_DIRECTORY = True
# Drafts are written only in previews; the public build leaves them out entirely.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Public-build steps, after the pages are written: hashed names for stylesheets and scripts,
# the _headers file, then .gz and .br copies of every text file (pelican-precompress).
PLUGINS = [
    *PLUGINS,  # noqa: F405
    "plugins.publishing.fingerprint",
    "plugins.publishing.security_headers",
    "pelican.plugins.precompress",
]
FINGERPRINT_FOLDERS = ["theme/css", "theme/js"]
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
