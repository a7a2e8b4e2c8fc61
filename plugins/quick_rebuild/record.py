"""The record a whole build leaves in CACHE_PATH for the next build, and the stamps that say
whether anything it depends on has changed since.

The record is two files, each written to a temporary name and renamed:

- `quick-rebuild-<key>.pickle`: the header (small: the stamps, read first to decide), then
  the patch: the texts that quick rebuilds gave items since the body was written, and the
  content check's state as they left it;
- `quick-rebuild-<key>.body`: the body, written by a whole build only (Pelican's context
  with every article and page, the recorded writes, the content check's state), which
  begins with the id that its header names.

A quick rebuild writes only the header and the patch: pickling the whole body again took
0.11 s of its 0.95 at 1,000 articles, on the core the search index process was using.

Pelican's content objects point at each other (previous and next article, related news), so
pickling the context as it is recurses once per article and overflows the stack on a large
site. The body is pickled flat instead: every content object's attributes are pickled side by
side, and wherever one object points at another the pickle holds its number. The settings
dict, and every value in it that is not a plain scalar, are left out and put back from the
build that loads the record (whose settings must be equal, see `settings_digest`).

The items' texts go before the rest, each encoded to UTF-8 by itself, and the pickle holds
their numbers. Pickling a string that is not all ASCII makes CPython keep a UTF-8 copy of it
inside the string for as long as it lives: pickled with the rest, the texts added 60 MB to
the build's memory while the body was written at 10,000 articles; written apart, 36 MB.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import io
import os
import pickle
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pelican.contents import Content

VERSION = 3
FILE_STEM = "quick-rebuild"


@dataclass
class Header:
    version: int
    settings: str  # settings_digest
    code: dict  # stamps of every module, template and theme file the build used
    output: str
    output_files: dict  # stamps of every file in the output
    sources: dict  # stamps of every file under content/
    next_publication: datetime | None  # a dated item becomes public then: rebuild it whole
    body_id: str = ""  # the body this header goes with, written by the last whole build


@dataclass
class Body:
    context: dict
    writes: list  # recorder.Write
    readers: dict  # source (relative) -> numbers of the writes that read its text
    read_elsewhere: set  # sources whose text was read outside any write
    check: bytes  # content_check.checks.Site, `packed`: a quarter of its memory


@dataclass
class Patch:
    """What quick rebuilds changed in the body since a whole build wrote it."""

    texts: dict[str, str] = field(default_factory=dict)  # source (relative) -> new text
    check: bytes | None = None  # Body.check, as the last quick rebuild left it

    def apply(self, body: Body) -> None:
        for source, text in self.texts.items():
            body.context["generated_content"][source]._content = text
        if self.check is not None:
            body.check = self.check


# --- Stamps ------------------------------------------------------------------------------------


def stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def folder_stamps(root: str, ignore: list[str] = ()) -> dict[str, tuple[int, int]]:
    """Return {relative path: (mtime, size)} of every file under root, skipping names that
    match an `ignore` pattern (Pelican's IGNORE_FILES). Walked on every build, up to three
    times in a quick one: hence one regular expression for the patterns and paths joined by
    hand (fnmatch per pattern and os.path.relpath per file took up to three times as long)."""
    ignored = re.compile("|".join(map(fnmatch.translate, ignore))).match if ignore else None
    stamps = {}
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:
                if ignored and ignored(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    status = entry.stat()
                    stamps[prefix + entry.name] = (status.st_mtime_ns, status.st_size)
    return stamps


def folders_of_code(settings: dict) -> list[str]:
    """The theme and the plugins' folders (the search index process's code is not imported
    by the build, and a new template is in no module's list)."""
    return [settings["THEME"], *settings.get("PLUGIN_PATHS", [])]


def code_stamps(settings: dict) -> dict[str, tuple[int, int] | None]:
    """Stamps of what turns content into pages: every imported module (Pelican, Markdown,
    Jinja), the theme, the plugins and lunr.js."""
    files = {module.__file__ for module in list(sys.modules.values())
             if isinstance(getattr(module, "__file__", None), str)}  # fmt: skip
    for folder in folders_of_code(settings):
        files |= {os.path.join(folder, name) for name in folder_stamps(folder, ["__pycache__"])}
    if settings.get("LUNR_JS"):
        files.add(settings["LUNR_JS"])
    return {path: stamp(path) for path in sorted(files)}


def code_unchanged(stamps: dict, settings: dict) -> bool:
    for folder in folders_of_code(settings):
        names = folder_stamps(folder, ["__pycache__"])
        if not {os.path.join(folder, name) for name in names} <= stamps.keys():
            return False  # a new template or module
    return all(stamp(path) == value for path, value in stamps.items())


MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def settings_digest(settings: dict) -> str:
    """A digest of the settings that does not change between runs: objects' memory addresses
    in their text are left out, and so is OUTPUT_PATH (tools/build.py builds into a new
    folder each time; the record checks the folder the output ends up in)."""
    text = repr(sorted((key, repr(value)) for key, value in settings.items()
                       if key != "OUTPUT_PATH"))  # fmt: skip
    return hashlib.sha256(MEMORY_ADDRESS.sub("", text).encode()).hexdigest()


# --- The file ----------------------------------------------------------------------------------


def final_output(settings: dict) -> str:
    """The folder the output ends up in: tools/build.py builds into a new folder, then puts
    it in place of FINAL_OUTPUT_PATH."""
    return settings.get("FINAL_OUTPUT_PATH") or settings["OUTPUT_PATH"]


def record_path(settings: dict) -> Path:
    """One record for each output folder (the folder the output ends up in): builds of other
    content, or into other folders, with the same CACHE_PATH keep theirs."""
    key = hashlib.sha256(os.path.abspath(final_output(settings)).encode()).hexdigest()[:12]
    return Path(settings["CACHE_PATH"]) / f"{FILE_STEM}-{key}.pickle"


def body_path(header_path: Path) -> Path:
    return header_path.with_suffix(".body")


def remove_records_of_deleted_outputs(settings: dict) -> None:
    """Remove the records, and the search index caches of the same name, of output folders
    that no longer exist (the previews of tests, for one), so that CACHE_PATH does not grow."""
    own = record_path(settings)  # its folder may not exist yet: tools/build.py renames it
    for path in Path(settings["CACHE_PATH"]).glob(f"{FILE_STEM}-*.pickle"):
        if path == own:
            continue
        try:
            with open(path, "rb") as file:
                header = pickle.load(file)
            if os.path.isdir(header.output):
                continue
        except Exception:  # unreadable: of no use to any build
            pass
        key = path.stem.removeprefix(f"{FILE_STEM}-")
        for stale in (path, body_path(path), path.with_name(f"search-index-{key}.pickle")):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()


def remove(settings: dict) -> None:
    path = record_path(settings)
    for part in (path, body_path(path)):
        with contextlib.suppress(FileNotFoundError):
            part.unlink()


def content_objects(context: dict) -> list[Content]:
    """Every content object the context holds, in its lists and dicts (two levels down: the
    news list, the (tag, articles) pairs, generated_content)."""
    found: dict[int, Content] = {}

    def collect(value, depth):
        if isinstance(value, Content):
            found.setdefault(id(value), value)
        elif depth and isinstance(value, list | tuple | set):
            for item in value:
                collect(item, depth - 1)
        elif depth and isinstance(value, dict):
            for item in value.values():
                collect(item, depth - 1)

    collect(context, 3)
    return list(found.values())


def setting_ids(settings: dict) -> dict[int, tuple]:
    ids = {id(settings): ("settings",)}
    for key, value in settings.items():
        if not isinstance(value, str | int | float | bool | type(None)):
            ids.setdefault(id(value), ("setting", key))
    return ids


class _FlatPickler(pickle.Pickler):
    def __init__(self, file, settings: dict, objects: list, texts: list | None = None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.ids = setting_ids(settings)
        self.numbers = {id(item): number for number, item in enumerate(objects)}
        self.ids.update((id(text), ("text", number)) for number, text in enumerate(texts or []))
        self.flattening = False

    def persistent_id(self, obj):
        if self.flattening and id(obj) in self.numbers:
            return self.numbers[id(obj)]
        return self.ids.get(id(obj))


class _FlatUnpickler(pickle.Unpickler):
    def __init__(self, file, settings: dict, objects: list, texts: list | None = None):
        super().__init__(file)
        self.settings = settings
        self.objects = objects
        self.texts = texts

    def persistent_load(self, pid):
        if isinstance(pid, int):
            return self.objects[pid]
        if pid[0] == "text":
            return self.texts[pid[1]]
        return self.settings if pid == ("settings",) else self.settings[pid[1]]


def packed(settings: dict, value) -> bytes:
    """Return `value` pickled, with the settings it points to left out (as in the body)."""
    out = io.BytesIO()
    _FlatPickler(out, settings, []).dump(value)
    return out.getvalue()


def unpacked(settings: dict, data: bytes):
    """Return what `packed` pickled, pointing to `settings`."""
    return _FlatUnpickler(io.BytesIO(data), settings, []).load()


def item_texts(objects: list[Content]) -> list[str]:
    """Return the texts of the content objects, each once."""
    texts = {}
    for item in objects:
        text = getattr(item, "_content", None)
        if type(text) is str:
            texts[id(text)] = text
    return list(texts.values())


def write_body(out, settings: dict, body: Body) -> None:
    """Write the body pickled flat (see the module's docstring) into the binary file `out`:
    the items' texts, their classes, then their attributes and the rest."""
    objects = content_objects(body.context)
    texts = item_texts(objects)
    pickle.dump(len(texts), out)
    for text in texts:  # each UTF-8 copy is gone once written
        pickle.dump(text.encode("utf-8", "surrogatepass"), out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler = _FlatPickler(out, settings, objects, texts)
    pickler.dump([type(item) for item in objects])
    pickler.clear_memo()
    pickler.flattening = True
    pickler.dump(([vars(item) for item in objects], body))


def read_body(file, settings: dict) -> Body:
    """Return the body `write_body` wrote, read from the binary file `file`."""
    texts = [pickle.load(file).decode("utf-8", "surrogatepass") for _ in range(pickle.load(file))]
    classes = pickle.load(file)
    objects = [cls.__new__(cls) for cls in classes]
    attributes, body = _FlatUnpickler(file, settings, objects, texts).load()
    for item, values in zip(objects, attributes, strict=True):
        item.__dict__.update(values)
    return body


def save(settings: dict, header: Header, patch: Patch, body: Body | None = None) -> None:
    """Write the record: the body, if given (a whole build), with a new id, then the header
    and the patch. A build that stops between the two leaves a header naming another body,
    which no build uses."""
    path = record_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    if body is not None:
        header.body_id = uuid.uuid4().hex
        with replaced(body_path(path)) as out:
            pickle.dump(header.body_id, out)
            write_body(out, settings, body)  # streamed: a large site's body is big
    with replaced(path) as out:
        pickle.dump(header, out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(patch, out, protocol=pickle.HIGHEST_PROTOCOL)


@contextlib.contextmanager
def replaced(path: Path):
    """Yield a binary file that replaces `path` once written whole (never half a file)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            yield out
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)


class Reading:
    """An open record: its header is read; `body()` reads the rest."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.file = open(record_path(settings), "rb")  # noqa: SIM115 (closed by close())
        self.header: Header = pickle.load(self.file)

    def body(self) -> tuple[Body, Patch]:
        """Return the body, patched, and the patch."""
        patch: Patch = pickle.load(self.file)
        with open(body_path(record_path(self.settings)), "rb") as file:
            if pickle.load(file) != self.header.body_id:
                raise ValueError("the body is not this header's")
            body = read_body(file, self.settings)
        patch.apply(body)
        return body, patch

    def close(self) -> None:
        self.file.close()


def open_record(settings: dict) -> Reading | None:
    """Return the record, open, or None if there is none this build can use."""
    try:
        reading = Reading(settings)
    except FileNotFoundError:
        return None
    except Exception:  # an older or damaged record: the build is whole and writes a new one
        return None
    if not isinstance(reading.header, Header) or reading.header.version != VERSION:
        reading.close()
        return None
    return reading
