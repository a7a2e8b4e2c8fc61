"""Pinned URLs: works out each article's and page's address once, after every plugin has set
what it depends on, instead of each time a template asks for it.

Pelican formats `url` from the settings on every access, and an article page asks for some
thirty addresses (latest news, neighbours, related news, breadcrumbs): a tenth of a build.
Pelican's own `override_url` (what a `url:` field sets) holds the pinned value, so nothing
else changes. (`save_as` is left alone: pinning it would also make Pelican's writer let the
item silently win over another file written to the same name.) docs/upstream.md asks for
the address to be kept upstream.

Signal: `all_generators_finalized`, before every plugin that lists items there (the
addresses are set when the items are read: the directorates' by plugins/content_model/
directorates).
"""

from __future__ import annotations

from pelican import signals

RUNS_AFTER = ("plugins.content_model.source_reader",)


def pin_urls(generators) -> None:
    for content in generators[0].context["generated_content"].values():
        if content is not None and not hasattr(content, "override_url"):
            content.override_url = content.url


def register():
    signals.all_generators_finalized.connect(pin_urls)
