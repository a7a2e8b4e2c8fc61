"""What a whole build would write, noted rather than written, and each file rendered when
it is asked for.

`RecordingWriter` takes Pelican's place as the build's writer (the `get_writer` signal): it
keeps every `write_file` and `write_feed` call with its arguments. `render` then gives one
file's bytes by making that same call on a real Pelican Writer, so Pelican's own code
builds the page's context and writes. One page of a listing of many pages is rendered as
Writer.write_file renders each of them (`listing_page`, Pelican 4.12's steps): the writer
itself would write all of them, a thousand at 10,000 articles.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer


@dataclass
class Call:
    """One call of the writer: which method, and its arguments. A listing's call also
    knows its Paginators and the number of each of its files."""

    method: str  # "write_file" or "write_feed"
    args: tuple
    kwargs: dict = field(default_factory=dict)
    paginators: dict = field(default_factory=dict)
    numbers: dict | None = None  # file name -> page number from 1, made when first needed

    def page_numbers(self) -> dict[str, int]:
        """The file of each page of a listing, with its number (Pelican's Paginator names
        them: working the names out for every listing after each change of the preview
        would take longer than the change)."""
        if self.numbers is None:
            paginator = next(iter(self.paginators.values()))
            self.numbers = {paginator.page(number).save_as: number
                            for number in range(1, paginator.num_pages + 1)}  # fmt: skip
        return self.numbers


class RecordingWriter(Writer):
    """Notes what the build writes, by the output file's name; a listing of many pages by
    the name of its first page, and in `listings`."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.calls_by_file: dict[str, list[Call]] = {}
        self.listings: list[Call] = []

    def note(self, names: list[str], call: Call) -> None:
        for name in names:
            self.calls_by_file.setdefault(name, []).append(call)

    def calls_for(self, name: str) -> list[Call]:
        """The calls that write the file `name` ([] if none does)."""
        calls = list(self.calls_by_file.get(name, []))
        calls += [listing for listing in self.listings
                  if listing not in calls and name in listing.page_numbers()]  # fmt: skip
        return calls

    def names(self) -> set[str]:
        """Every file the calls write."""
        names = set(self.calls_by_file)
        for listing in self.listings:
            names.update(listing.page_numbers())
        return names

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        if not name:
            return  # what Pelican's writer does with no name
        named = {"relative_urls": relative_urls, "paginated": paginated, "url": url,
                 "template_name": template_name, "override_output": override_output}  # fmt: skip
        call = Call("write_file", (name, template, context), {**kwargs, **named})
        call.paginators = self.paginators(name, url, paginated, template_name, kwargs)
        if call.paginators:
            self.listings.append(call)
        self.note([name], call)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):  # fmt: skip
        if path:
            call = Call("write_feed", (elements, context),
                        {"path": path, "url": url, "feed_type": feed_type,
                         "override_output": override_output, "feed_title": feed_title})  # fmt: skip
            self.note([path], call)

    def paginators(self, name, url, paginated, template_name, kwargs) -> dict:
        """The Paginators of a listing, as Writer.write_file makes them; {} for one page."""
        if paginated is None:
            paginated = {key: kwargs[key] for key in ("articles", "dates") if key in kwargs}
        templates = self.settings["PAGINATED_TEMPLATES"]
        if not (paginated and template_name in templates):
            return {}
        per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
        return {key: Paginator(name, url, listing, self.settings, per_page)
                for key, listing in paginated.items()}  # fmt: skip


class OnePage:
    """A template that renders only the page written to `name`, and nothing for the other
    pages of the same listing (Pelican's writer then writes them empty, elsewhere)."""

    def __init__(self, template, name: str):
        self.template, self.name = template, name
        self.rendered: str | None = None

    def render(self, context) -> str:
        if context["output_file"] != self.name:
            return ""
        self.rendered = self.template.render(context)
        return self.rendered


NAMED = ("relative_urls", "paginated", "template_name", "override_output", "url")


def listing_page(call: Call, name: str, template) -> bytes:
    """One page of a listing, rendered as Writer.write_file renders each page."""
    context = call.args[2]
    kwargs = {key: value for key, value in call.kwargs.items() if key not in NAMED}
    number = call.page_numbers()[name] - 1  # Writer counts from 0
    for key, paginator in call.paginators.items():
        kwargs[f"{key}_paginator"] = paginator
        kwargs[f"{key}_page"] = paginator.page(number + 1)
        kwargs[f"{key}_previous_page"] = paginator.page(number) if number > 0 else None
        has_next = number + 1 < paginator.num_pages
        kwargs[f"{key}_next_page"] = paginator.page(number + 2) if has_next else None
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if call.kwargs["relative_urls"]:
        local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
    local["output_file"] = name
    local.update(kwargs)
    if local["localsiteurl"]:
        context["localsiteurl"] = local["localsiteurl"]
    return template.render(local).encode("utf-8")


def render(name: str, calls: list[Call], settings: dict, templates) -> bytes:
    """Return the bytes a whole build writes to `name`, by making the calls that write it
    on Pelican's writer in a scratch folder. `templates(template)` gives the template to
    use now for one the build named (a changed template is loaded again)."""
    if len(calls) == 1 and calls[0].paginators:
        return listing_page(calls[0], name, templates(calls[0].args[1]))
    with tempfile.TemporaryDirectory(prefix="preview-render-") as scratch:
        writer = Writer(scratch, settings=settings)
        one_page = None
        for call in calls:
            if call.method == "write_feed":
                writer.write_feed(*call.args, **call.kwargs)
            else:
                file_name, template, context = call.args
                one_page = OnePage(templates(template), name)
                writer.write_file(file_name, one_page, context, **call.kwargs)
        if len(calls) == 1 and one_page is not None:
            # What the writer wrote, without reading it back: open(…, "w", encoding="utf-8").
            return one_page.rendered.encode("utf-8")
        return Path(scratch, name).read_bytes()  # (several calls: the writer decides)
