"""Pinned URLs: works out each article's and page's address once, after every plugin has set
what it depends on, instead of each time a template asks for it.

Pelican formats `url` from the settings on every access, and an article page asks for some
thirty addresses (latest news, neighbours, related news, breadcrumbs): that was a tenth of a
build. Pelican's own `override_url` (what a `url:` field sets) holds the pinned value, so
nothing else changes.

Signal: `all_generators_finalized`, connected after the plugins that set slugs (this plugin
comes last in PLUGINS).
"""

from __future__ import annotations

from pelican import signals


def pin_urls(generators) -> None:
    for content in generators[0].context["generated_content"].values():
        if content is not None and not hasattr(content, "override_url"):
            content.override_url = content.url


def register():
    signals.all_generators_finalized.connect(pin_urls)
