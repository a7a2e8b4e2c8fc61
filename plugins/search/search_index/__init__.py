def register():
    # Imported here, not above: the index process (index_process.py) imports this package
    # and needs none of Pelican.
    from .search_index import register as register_plugin

    register_plugin()


__all__ = ["register"]
