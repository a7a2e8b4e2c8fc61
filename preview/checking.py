"""The content check, file by file: the preview checks a saved file on its own and then the
links between files, rather than reading the whole site again (plugins/checks/content_check
does the same checks for a build, all at once)."""

from __future__ import annotations

import datetime as dt
import glob
from dataclasses import dataclass
from pathlib import Path

from plugins.checks.content_check.checks import (
    Item,
    Problem,
    Site,
    check_file,
    content_files,
    ignored_name,
    in_order,
    site_problems,
    static_file_problems,
    static_files,
    symbolic_link_problem,
    symbolic_links,
)
from plugins.checks.content_check.documents import is_publication_file
from plugins.checks.content_check.messages import ERROR
from plugins.checks.content_check.schemas import BY_FOLDER
from plugins.content_model.source_reader.reader import files_of_item


@dataclass
class CheckedFile:
    kind: str
    item: Item | None
    problems: list[Problem]


class ContentCheck:
    """Every content file's own problems, kept; `problems()` adds those between files."""

    def __init__(self, content: Path, settings: dict):
        self.content, self.settings = content, settings
        self.files: dict[Path, CheckedFile] = {}
        for kind, path in content_files(content, settings):
            self.check(kind, path)
        self.links = set(symbolic_links(content))
        self.static = {path: static_file_problems(content, path, settings)
                       for path in static_files(content, settings)}  # fmt: skip

    def site(self) -> Site:
        return Site(content=self.content, settings=self.settings, today=dt.date.today())

    def check(self, kind: str, path: Path) -> None:
        item, problems = check_file(self.site(), kind, path)
        self.files[path] = CheckedFile(kind, item, problems)

    def changed(self, paths) -> None:
        """Check again the files among `paths` that the check reads, and the other versions
        of their items (a translation is checked with its original's fields)."""
        paths = set(paths)
        paths |= {other for path in paths if self.kind_of(path) not in (None, "data")
                  for other in files_of_item(path)}  # fmt: skip
        # A document and its facts file are checked against each other (a facts file alone,
        # two documents of one name): a change to one is a change to the others.
        paths |= {other for path in paths if is_publication_file(self.content, path, self.settings)
                  for other in path.parent.glob(f"{glob.escape(path.stem)}.*")}  # fmt: skip
        for path in paths:
            if path.is_symlink():
                self.links.add(path)
                self.files.pop(path, None)
                continue
            self.links.discard(path)
            if self.is_static(path):
                if path.is_file():
                    self.static[path] = static_file_problems(self.content, path, self.settings)
                else:
                    self.static.pop(path, None)
                continue
            kind = self.kind_of(path)
            if kind is None:
                continue
            if kind != "data" and not path.exists():
                self.files.pop(path, None)
            else:
                self.check(kind, path)

    def is_static(self, path: Path) -> bool:
        if not path.is_relative_to(self.content) or ignored_name(path.name, self.settings):
            return False
        folder = path.relative_to(self.content).parts[0]
        return folder in self.settings.get("STATIC_PATHS", [])

    def kind_of(self, path: Path) -> str | None:
        if path in self.files and self.files[path].kind == "data":
            return "data"
        if path.suffix != ".md" or not path.is_relative_to(self.content):
            return None
        folder = path.relative_to(self.content).parts[0]
        return folder if folder in BY_FOLDER else None

    def problems(self) -> list[Problem]:
        """Every problem, as `make check` finds them (the files in the order it reads them:
        which of two files with one address is "the other" depends on it)."""
        folders = ["data", *BY_FOLDER]
        ordered = sorted(self.files.items(),
                         key=lambda entry: (folders.index(entry[1].kind), entry[0]))  # fmt: skip
        site = self.site()
        site.items = [(checked.kind, checked.item) for _, checked in ordered if checked.item]
        own = [problem for _, checked in ordered for problem in checked.problems]
        links = [symbolic_link_problem(self.content, link) for link in self.links]
        static = [problem for problems in self.static.values() for problem in problems]
        return in_order(links + static + own + site_problems(site))


def errors_in(problems) -> list[Problem]:
    return [problem for problem in problems if problem.severity == ERROR]
