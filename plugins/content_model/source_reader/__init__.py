"""Source reader: reads content/*.md (fields with the one front-matter parser, text with
Markdown and typographic punctuation).

Signal: `readers_init` (our reader takes the `.md` files).
"""

from pelican import signals

from .reader import SourceReader

RUNS_AFTER: tuple[str, ...] = ()


def use_source_reader(readers) -> None:
    for extension in SourceReader.file_extensions:
        readers.reader_classes[extension] = SourceReader


def register():
    signals.readers_init.connect(use_source_reader)


__all__ = ["RUNS_AFTER", "register"]
