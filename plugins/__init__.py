"""The site's own Pelican plugins, one folder per job, grouped by what they do:

- `content_model`: what the content is (our reader, the office, directorates, related news…);
- `languages`: the site in more than one language (translations and each language's pages;
  the theme's words and dates);
- `checks`: what stops a bad file before it reaches readers;
- `search`: how readers find pages (the search index, the A to Z);
- `publishing`: what the public site carries besides the pages (JSON-LD, hashed names,
  headers);
- `fixes`: small fixes of other projects' bugs, each written up in docs/upstream.md.

`PLUGINS` in pelicanconf.py lists them in the order they act; each plugin's `RUNS_AFTER`
names the plugins it needs before it, and tests/test_plugin_order.py holds the list to them.
"""
