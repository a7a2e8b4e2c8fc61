"""Search: the site search index and the A to Z, the ways readers find a page."""
