"""A list that plugins put into the context and that is made only when a template first
reads it: the A to Z and the sitemap are read by one page each, and the preview, which
makes its lists again after every change, renders those pages only when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator


class OnDemand:
    """The list `make()` returns, made on first use and kept."""

    def __init__(self, make: Callable[[], list]):
        self.make = make
        self.made: list | None = None

    def items(self) -> list:
        if self.made is None:
            self.made = self.make()
        return self.made

    def __iter__(self) -> Iterator:
        return iter(self.items())

    def __len__(self) -> int:
        return len(self.items())

    def __getitem__(self, index):
        return self.items()[index]
