"""What a whole build records for the quick rebuild: every page and feed Pelican writes whose
template read the text of an article or page, with the arguments it was written with, so the
next build can write it again alone.

"Read the text" means called Pelican's `Content.get_content`, which the `content` and (without
a summary field) `summary` properties and the feed writer all go through. A text read outside
any write (by a plugin while the site is assembled) is noted too: such a source always gets a
whole build, since what was made from its text is not known.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from jinja2 import Template
from pelican.contents import Content
from pelican.writers import Writer


@dataclass(slots=True)
class Write:
    """A call of Pelican's writer, as it was made: a template is kept by its name, and the
    context every generator shares as SHARED_CONTEXT."""

    method: str  # "write_file" or "write_feed"
    args: tuple
    kwargs: dict

    def replay(self, writer: Writer, context: dict, templates) -> None:
        """Write the file again with `writer`; `templates` is the Jinja environment."""

        def restored(value):
            if isinstance(value, TemplateName):
                return templates.get_template(value)
            return context if isinstance(value, SharedContext) else value

        args = [restored(value) for value in self.args]
        kwargs = {name: restored(value) for name, value in self.kwargs.items()}
        getattr(writer, self.method)(*args, **kwargs)


class TemplateName(str):
    """A template, by its name."""


class SharedContext(str):
    """Stands for the context every generator shares."""


SHARED_CONTEXT = SharedContext("the shared context")


class Recorder:
    """Patches Pelican's writer and `get_content` for one whole build (`start` to `stop`)."""

    def __init__(self, content_root: str, sources: dict, started_at):
        self.content_root = content_root.rstrip("/") + "/"
        self.sources = sources  # stamps of content/ when the build started
        self.started_at = started_at
        self.writes: list[Write] = []
        self.readers: dict[str, list[int]] = defaultdict(list)
        self.read_elsewhere: set[str] = set()
        self.context: dict | None = None  # the context every generator shares
        self.check: bytes | None = None  # content_check's checked site, record.packed
        self.settings_digest = ""  # of the settings at `initialized`
        self._reading: list[set] = []  # sources read by the write in progress (nested)
        self._originals: dict = {}

    def source_of(self, item) -> str | None:
        path = getattr(item, "source_path", None) or ""
        return path[len(self.content_root) :] if path.startswith(self.content_root) else None

    def start(self) -> None:
        # As stored on the classes: `get_content` is a memoizing descriptor.
        self._originals = {
            (owner, name): vars(owner)[name]
            for owner, name in ((Content, "get_content"), (Writer, "write_file"),
                                (Writer, "write_feed"))
        }  # fmt: skip
        recorder = self
        get_content = vars(Content)["get_content"]

        def recorded_get_content(item, siteurl):
            source = recorder.source_of(item)
            if source is not None:
                if recorder._reading:
                    recorder._reading[-1].add(source)
                else:
                    recorder.read_elsewhere.add(source)
            return get_content(item, siteurl)

        Content.get_content = recorded_get_content
        Writer.write_file = self.recording("write_file", Writer.write_file)
        Writer.write_feed = self.recording("write_feed", Writer.write_feed)

    def stop(self) -> None:
        for (owner, name), original in self._originals.items():
            setattr(owner, name, original)
        self._originals = {}

    def recording(self, method: str, original):
        recorder = self

        def write(writer, *args, **kwargs):
            recorder._reading.append(set())
            try:
                result = original(writer, *args, **kwargs)
            finally:
                sources = recorder._reading.pop()
            if sources:
                recorder.remember(method, args, kwargs, sources)
            return result

        return write

    def kept(self, value):
        """The value as a Write keeps it."""
        if isinstance(value, Template):
            return TemplateName(value.name)
        return SHARED_CONTEXT if value is self.context else value

    def remember(self, method: str, args: tuple, kwargs: dict, sources: set) -> None:
        args = tuple(self.kept(value) for value in args)
        if any(self.kept(value) is not value for value in kwargs.values()):
            kwargs = {name: self.kept(value) for name, value in kwargs.items()}
        number = len(self.writes)
        self.writes.append(Write(method, args, kwargs))
        for source in sources:
            self.readers[source].append(number)
