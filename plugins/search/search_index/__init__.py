"""Site search (search_index.py says what it writes and which signals it uses)."""

RUNS_AFTER = ("plugins.content_model.office_data", "plugins.content_model.directorates")


def register():
    # Imported here, not above: the index process (index_process.py) imports this package
    # and needs none of Pelican.
    from .search_index import register as register_plugin

    register_plugin()


__all__ = ["RUNS_AFTER", "register"]
