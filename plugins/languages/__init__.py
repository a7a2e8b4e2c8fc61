"""languages: the site in more than one language — `translations` (which page is which page
in another language, and each language's listings) and `interface` (the theme's words and
dates in the page's language)."""
