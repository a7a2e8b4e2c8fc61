"""The content model: how the files under content/ become the site's items and data."""
