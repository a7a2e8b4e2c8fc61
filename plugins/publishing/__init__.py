"""Publishing: what the built site carries besides its pages (JSON-LD, hashed file names,
the headers file)."""
