"""The build side of `make bench`: whole builds, ours against plain Pelican (its default theme,
no plugins) on the same articles, and a profile of both when a build target is missed;
edit-to-preview with the live preview (`python -m preview.server`) and Chromium, for every
kind of edit an editor makes; the size of the search index; the weight of the home page and
of an article. tools/bench.py runs these and reports them.

Every build figure is collected in pairs (ours, then theirs, in the same round) so that the
noise of a shared machine falls on both.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from plugins.checks.content_check.checks import name_and_language  # noqa: E402
from plugins.content_model.source_reader.reader import files_of_item  # noqa: E402
from tools import build  # noqa: E402
from tools.bench_documents import write_documents  # noqa: E402

DEFAULT_LANG = read_settings(str(ROOT / "pelicanconf.py"))["DEFAULT_LANG"]


def original_name(path: Path) -> str | None:
    """An original's name without its language and `.md` ("contact" for contact.en.md or
    contact.md); None for a translation (contact.mt.md)."""
    name, lang = name_and_language(path)
    return name if lang in (None, DEFAULT_LANG) else None


PLAIN_SETTINGS = Path(__file__).resolve().parent / "bench_plain_pelicanconf.py"


# The command is started by a small launcher process rather than by this (large) one, whose
# size a forked child would inherit. The launcher measures the memory of the whole process
# tree: our build indexes the search in a child process, so the peak of one process would
# flatter it. Every 20 ms it adds up the proportional set size (PSS: shared pages divided
# among the processes sharing them) of the command and its descendants; the peak of that sum
# is what the report calls peak memory, measured the same way for plain Pelican. At the peak
# it also notes each process's share, named by its command line.
LAUNCHER = """
import json, os, sys, time

def children():
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                found.setdefault(parent, []).append(int(entry))
            except OSError:
                pass
    return found

def name_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = [w.decode(errors="replace") for w in cmdline.read().split(b"\\0") if w]
    except OSError:
        return "?"
    modules = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "-m"]
    return modules[0] if modules else os.path.basename(words[1 if len(words) > 1 else 0])

def tree_pss_kb(root):
    kids, shares, todo = children(), {}, [root]
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                shares[pid] = sum(int(line.split()[1]) for line in rollup
                                  if line.startswith("Pss:"))
        except OSError:
            pass
    return shares

started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[3], sys.argv[3:])
peak_kb, at_peak = 0, {}
sampling = sys.argv[2] == "sample"
while sampling:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    shares = tree_pss_kb(pid)
    if sum(shares.values()) > peak_kb:
        peak_kb, at_peak = sum(shares.values()), {}
        for process, kb in shares.items():
            name = name_of(process)
            at_peak[name] = at_peak.get(name, 0) + kb / 1024
    time.sleep(0.02)
if not sampling:
    done, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime,
               "peak_mb": peak_kb / 1024, "at_peak_mb": at_peak,
               "code": os.waitstatus_to_exitcode(status)}, out)
"""


def measured(command: list[str], env: dict | None = None, memory: bool = True) -> dict:
    """Run a command; return its wall time, CPU time (its own and its children's) and peak
    memory (with `memory` False, 0: no sampling)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        result = subprocess.run(
            [
                sys.executable,
                "-S",
                "-c",
                LAUNCHER,
                report.name,
                "sample" if memory else "no-sample",
                *command,
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        figures = json.loads(Path(report.name).read_text() or "{}")
    if result.returncode != 0 or figures.get("code") != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    del figures["code"]
    return figures


def ours(content: Path, output: Path, cache: Path) -> list[str]:
    """Our whole build, as tools/build.py (`make html`) runs Pelican, with its own cache."""
    return build.pelican_command(
        content, str(ROOT / "pelicanconf.py"), output, ["-e", f'CACHE_PATH="{cache}"']
    )


def plain(content: Path, output: Path, cache: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(PLAIN_SETTINGS),
        "-o",
        str(output),
        "-e",
        f'CACHE_PATH="{cache}"',
    ]


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def full_builds(content: Path, work: Path, runs: int) -> list[dict]:
    """Whole builds, each into a new output folder with a new cache: [{"ours": figures,
    "plain": figures}] for each round. The last round's outputs stay in work/ours and
    work/plain."""
    rounds = []
    for _ in range(runs):
        fresh(work / "ours", work / "ours-cache", work / "plain", work / "plain-cache")
        rounds.append(
            {
                "ours": measured(ours(content, work / "ours", work / "ours-cache")),
                "plain": measured(plain(content, work / "plain", work / "plain-cache")),
            }
        )
    fresh(work / "ours-cache", work / "plain-cache")
    return rounds


def ours_build(content: Path, output: Path) -> dict:
    """One whole build of ours into `output` (a new folder), measured."""
    cache = output.with_name(output.name + "-cache")
    fresh(output, cache)
    figures = measured(ours(content, output, cache))
    fresh(cache)
    return figures


# --- Two languages against one ----------------------------------------------------------------

# A data file's top-level `translations:` and everything indented under it.
TRANSLATIONS_BLOCK = re.compile(r"^translations:\n(?:[ \t].*\n|\n)*", re.M)


def without_translations(content: Path) -> None:
    """Leave out the content's translations: its `name.<lang>.md` files and its data files'
    `translations` (a site in one language refuses them)."""
    for path in content.rglob("*.*.md"):
        if original_name(path) is None:
            path.unlink()
    for name in ("office.yaml", "mandate.yaml"):
        path = content / name
        path.write_text(TRANSLATIONS_BLOCK.sub("", path.read_text(encoding="utf-8")),
                        encoding="utf-8")  # fmt: skip


def with_maltese_translations(content: Path) -> None:
    """Give every page, directorate and news item without one a Maltese translation: its
    file again as `name.mt.md`, its title marked (the words stay English: only their number
    matters here), its relative links one folder further up (a translation's address is one
    folder deeper, under /mt/: they lead to the same pages)."""
    for path in sorted(content.rglob("*.md")):
        name = original_name(path)
        translation = path.with_name(f"{name}.mt.md")
        if name is None or translation.exists():
            continue
        text = path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: MT ", 1)
        translation.write_text(text.replace("](../", "](../../"), encoding="utf-8")


def language_builds(content: Path, work: Path, runs: int) -> dict:
    """The site in one language (English) and in two (every item translated into Maltese),
    side by side: whole build figures by round, and each one's search index."""
    one, two = work / "one-language", work / "two-languages"
    fresh(one, two)
    shutil.copytree(content, one)
    without_translations(one)
    shutil.copytree(one, two)
    with_maltese_translations(two)
    rounds, index = [], {}
    for _ in range(runs):
        figures = {}
        for name, source, languages in (("one", one, '["en"]'), ("two", two, '["en", "mt"]')):
            output, cache = work / f"{name}-output", work / f"{name}-cache"
            fresh(output, cache)
            command = [*ours(source, output, cache), f"LANGUAGES={languages}"]  # joins its -e
            figures[name] = measured(command)
            index[name] = index_size(output)
            fresh(output, cache)
        rounds.append(figures)
    pages = {"one": sum(1 for _ in one.rglob("*.md")), "two": sum(1 for _ in two.rglob("*.md"))}
    fresh(one, two)
    return {"rounds": rounds, "index": index, "sources": pages}


# --- Publications --------------------------------------------------------------------------


def publication_builds(content: Path, work: Path, runs: int, count: int) -> dict:
    """The site as it is and with `count` PDFs (tools/bench_documents.py) added, side by
    side: whole build figures by round, each one's search index, and a second build of the
    one with documents while the documents' facts are cached (as every build after the
    first one that reads a new document)."""
    without, with_documents = work / "without-documents", work / "with-documents"
    fresh(without, with_documents)
    shutil.copytree(content, without)
    shutil.copytree(content, with_documents)
    write_documents(with_documents / "documents", count)
    rounds, index = [], {}
    for _ in range(runs):
        figures = {}
        for name, source in (("without", without), ("with", with_documents)):
            output, cache = work / f"{name}-output", work / f"{name}-cache"
            fresh(output, cache)
            figures[name] = measured(ours(source, output, cache))
            index[name] = index_size(output)
            if name == "with":
                fresh(output)
                figures["with, facts cached"] = measured(ours(source, output, cache))
            fresh(output, cache)
        rounds.append(figures)
    fresh(without, with_documents)
    return {"rounds": rounds, "index": index, "documents": count}


def news_count(content: Path) -> int:
    """News items in the default language (not translations: `name.mt.md`)."""
    return sum(1 for path in (content / "news").rglob("*.md") if original_name(path))


# --- Where the time goes --------------------------------------------------------------------

PACKAGES = re.compile(r"[/\\]site-packages[/\\]([^/\\]+)")
STANDARD_LIBRARY = re.compile(r"[/\\]lib[/\\]python3\.\d+[/\\]([^/\\]+)")


def area_of(filename: str) -> str:
    """The part of the code a function belongs to: a package, one of our plugins
    (plugins.<group>.<name>), the templates, or a module of the standard library."""
    match = PACKAGES.search(filename)
    if match:
        return match.group(1).split(".")[0].removesuffix(".py")
    path = Path(filename)
    if path.is_relative_to(ROOT / "plugins"):
        parts = path.relative_to(ROOT / "plugins").with_suffix("").parts
        return "plugins." + ".".join(parts[:2])
    if path.suffix in (".html", ".xml", ".txt") or "templates" in path.parts:
        return "the templates (Jinja's compiled code)"
    if path.is_relative_to(ROOT):
        return path.relative_to(ROOT).parts[0]
    match = STANDARD_LIBRARY.search(filename)
    if match:
        return "Python: " + match.group(1).removesuffix(".py")
    if filename.startswith("<frozen"):
        return "Python: imports"
    return "Python: other"


def seconds_by_area(profile: Path) -> dict[str, float]:
    """Self time by area. A built-in function's time goes to the areas of its callers."""
    stats = pstats.Stats(str(profile)).stats
    areas: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, callers) in stats.items():
        if filename != "~":
            areas[area_of(filename)] += own
            continue
        called = sum(figures[2] for figures in callers.values())
        for (caller_file, _, _), figures in callers.items():
            areas[area_of(caller_file) if caller_file != "~" else "Python: built-in"] += figures[2]
        if own > called:
            areas["Python: built-in"] += own - called
    return dict(areas)


def profiled(command: list[str], profile: Path) -> dict[str, float]:
    """Run a `python -m pelican …` command under cProfile; its self time by area."""
    assert command[1:3] == ["-m", "pelican"]
    subprocess.run(
        [command[0], "-m", "cProfile", "-o", str(profile), *command[1:]],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return seconds_by_area(profile)


def profile_builds(content: Path, work: Path) -> dict:
    """One build of ours and one of plain Pelican under cProfile (the build process only;
    our search index process is apart): self time by area."""
    fresh(work)
    work.mkdir(parents=True)
    ours_areas = profiled(ours(content, work / "ours", work / "ours-cache"), work / "ours.prof")
    plain_areas = profiled(
        plain(content, work / "plain", work / "plain-cache"), work / "plain.prof"
    )
    fresh(work)
    return {"ours": ours_areas, "plain": plain_areas}


def profile_lines(profile: dict, top: int = 6) -> list[str]:
    """What a profile shows, in two lines: where ours spends its time, and what it spends
    that plain Pelican does not."""
    ours_areas, plain_areas = profile["ours"], profile["plain"]
    total_ours, total_plain = sum(ours_areas.values()), sum(plain_areas.values())
    biggest = sorted(ours_areas.items(), key=lambda item: -item[1])[:top]
    extra = sorted(
        ((area, seconds - plain_areas.get(area, 0.0)) for area, seconds in ours_areas.items()),
        key=lambda item: -item[1],
    )[:top]
    return [
        f"Ours, {total_ours:.1f} s in the build process (plain Pelican {total_plain:.1f} s), "
        "most in: "
        + ", ".join(
            f"{area} {seconds:.1f} s ({seconds / total_ours:.0%})" for area, seconds in biggest
        )
        + ".",
        "More than plain Pelican: "
        + ", ".join(f"{area} +{seconds:.1f} s" for area, seconds in extra if seconds > 0)
        + ".",
    ]


# --- Search index size ------------------------------------------------------------------------


def index_size(output: Path) -> dict:
    """Bytes of the search index (output/search/data) as written, and gzipped file by file
    as a server sends them."""
    files = [path for path in (output / "search/data").rglob("*") if path.is_file()]
    raw = gzipped = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gzipped += len(gzip.compress(data, 6))
    return {"files": len(files), "bytes": raw, "gzip_bytes": gzipped}


# --- Page weight ------------------------------------------------------------------------------


def page_weight(content: Path, work: Path) -> dict:
    """Compressed (brotli) bytes of the home page and of an article: the HTML with its
    stylesheets and scripts, and apart from them its images."""
    output = work / "published"
    fresh(output)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "publishconf.py"),
        "-o",
        str(output),
        "--fatal",
        "errors",
        "-e",
        f'CACHE_PATH="{work / "cache"}"',
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    article = sorted(output.glob("news/20*/*/index.html"))[0]
    return {
        "home": weight_of(output / "index.html", output),
        "article": weight_of(article, output),
    }


def compressed_size(path: Path) -> int:
    brotli_copy = path.with_name(path.name + ".br")
    return brotli_copy.stat().st_size if brotli_copy.exists() else path.stat().st_size


def weight_of(page: Path, root: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    linked = re.findall(r'<link rel="stylesheet" href="[^"]*?/(theme/[^"]+)"', html)
    linked += re.findall(r'<script src="[^"]*?/(theme/[^"]+)"', html)
    images = set(re.findall(r'<img [^>]*src="[^"]*?/((?:theme|images)/[^"]+)"', html))
    text_bytes = compressed_size(page) + sum(compressed_size(root / path) for path in linked)
    return {
        "html_css_js_bytes": text_bytes,
        "image_bytes": sum(compressed_size(root / path) for path in images),
    }


# --- Edit-to-preview ----------------------------------------------------------------------------

NEWS_FILE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+?)(?:\.[a-z]{2,3})?\.md$")
EDIT_TIMEOUT_MS = 180_000
# What the preview prints once it has taken a change (preview/watcher.py).
ENGINE_LINE = re.compile(r"^Preview: .* in (\d+\.\d+) s$")
READ_TIMEOUT_S = 3600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def digest(path: Path) -> str:
    """The digest the preview reports for a file it took ("" for a file that is gone)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return ""


def tree_pss_mb(root: int) -> float:
    """The proportional set size of a process and its descendants, as the launcher sums it."""
    parents: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry))
            except OSError:
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += parents.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


class Preview:
    """The live preview as an editor runs it (`python -m preview.server`), on `content` with
    a copy of the theme and a settings file that uses it, so that the benchmark may edit the
    templates and the stylesheet. Notes how long it took to read the site, and its memory
    then."""

    def __init__(self, content: Path, work: Path):
        work.mkdir(parents=True, exist_ok=True)
        self.content = content
        self.theme = work / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = work / "settings.py"
        self.settings.write_text(
            "import sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from pelicanconf import *  # noqa: F403\n"
            f"PATH = {str(content)!r}\n"
            f"THEME = {str(self.theme)!r}\n"
            f"CACHE_PATH = {str(work / 'cache')!r}\n",
            encoding="utf-8",
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.said: deque[str] = deque(maxlen=300)
        self.engine_seconds: list[float] = []  # what the preview says each change took
        self.restarts = 0  # times it started again (someone changed the code meanwhile)
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "preview.server",
                "--port",
                str(self.port),
                "--content",
                str(content),
                "--settings",
                str(self.settings),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self.listen, daemon=True).start()
        try:
            self.wait_until_read()
        except BaseException:
            self.stop()
            raise
        self.read_s = time.perf_counter() - started
        self.memory_mb = tree_pss_mb(self.process.pid)

    def listen(self) -> None:
        for line in self.process.stdout:
            self.said.append(line.rstrip("\n"))
            took = ENGINE_LINE.match(line)
            if took:
                self.engine_seconds.append(float(took[1]))
            if line.startswith("Starting again:"):
                self.restarts += 1

    def output(self) -> str:
        return "\n".join(self.said)

    def fetch(self, request: urllib.request.Request) -> tuple[int, bytes]:
        """The status and body of the answer. While the server starts again (when the code
        or the settings change, it reads the site again in a new process), wait for it."""
        deadline = time.monotonic() + READ_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(request, timeout=600) as answer:
                    return answer.status, answer.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def get(self, name: str) -> tuple[int, bytes]:
        """A page as a whole build writes it (without the preview's script)."""
        return self.fetch(urllib.request.Request(self.base + name, headers={"X-Preview-Raw": "1"}))

    def status(self, files: list[Path] = ()) -> dict:
        query = "&".join(["seen=-1", *(f"file={urllib.parse.quote(str(p))}" for p in files)])
        return json.loads(
            self.fetch(urllib.request.Request(f"{self.base}_preview/status?{query}"))[1]
        )

    def wait_until_read(self) -> None:
        deadline = time.monotonic() + READ_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("")[0] != 503:
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the preview did not start:\n{self.output()}")

    def settle(
        self, paths: list[Path] = (), problems: bool = False, restarts: int | None = None
    ) -> None:
        """Wait until the preview has taken each file as it is on disk and is done with it,
        and nothing more comes for a moment (an editor's save can come as several events).
        With `problems` False, the site must then have none. If it started again since it
        had `restarts`, it read every file afresh: the files need not be taken one by one."""
        expected = {str(path): digest(path) for path in paths}
        deadline = time.monotonic() + EDIT_TIMEOUT_MS / 1000
        version = None
        while time.monotonic() < deadline:
            status = self.status(list(paths))
            taken = {name: value or "" for name, value in (status.get("taken") or {}).items()}
            fresh = restarts is not None and self.restarts != restarts
            if (taken == expected or fresh) and not status["busy"]:
                self.get("robots.txt")  # answered once the change is taken in full
                if status["version"] == version:
                    if status["problems"] and not problems:
                        raise RuntimeError(f"the preview has problems:\n{status['problems']}")
                    return
                version = status["version"]
                time.sleep(0.2)
            else:
                version = None
                time.sleep(0.05)
        raise RuntimeError(f"the preview did not take {sorted(expected)}:\n{self.output()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Edit:
    """One timed edit: the page open in the browser (an address in the site), the change
    (returns the files it touched), and a JavaScript expression on `arg` that is true once
    the page shows the change. `reload`: the page shows it by reloading (every change but a
    broken file, whose problems the open page shows in a panel). `before` and `after`
    (untimed) prepare the site and put it back."""

    url: str
    change: Callable[[], list[Path]]
    check: str
    arg: object
    reload: bool = True
    before: Callable[[], list[Path]] | None = None
    after: Callable[[], list[Path]] | None = None
    problems: bool = False  # the change leaves the content with problems


def set_field(text: str, name: str, value: str | None) -> str:
    """Front matter with the top-level field `name` set to `value` (one line of YAML), or
    removed with None."""
    head, separator, body = text.partition("\n---\n")
    field = re.compile(rf"^{re.escape(name)}:.*\n(?:[ \t]+.*\n)*", re.M)
    line = "" if value is None else f"{name}: {value}\n"
    if field.search(head + "\n"):
        head = field.sub(lambda _: line, head + "\n", count=1).rstrip("\n")
    else:
        head = head + "\n" + line.rstrip("\n")
    return head + separator + body


def field_of(text: str, name: str) -> str:
    """The YAML of the top-level field `name`, its indented lines (a list's items) joined."""
    head = text.partition("\n---\n")[0] + "\n"
    match = re.search(rf"^{re.escape(name)}: *(.*)\n((?:[ \t]+.*\n)*)", head, re.M)
    return " ".join([match.group(1), *match.group(2).split()]).strip() if match else ""


def article_url(path: Path) -> str:
    match = NEWS_FILE.match(path.name)
    return f"news/{match['date'][:4]}/{match['slug']}/"


def new_article(folder: Path, date_line: str, slug: str, title: str, directorate: str) -> Path:
    path = folder / f"{date_line[:10]}-{slug}.md"
    path.write_text(
        "---\n"
        f"title: {title}\n"
        f"date: {date_line}\n"
        "authors: [Benchmark Editor]\n"
        "summary: A news item the benchmark adds to the site and removes again.\n"
        "tags: [benchmark]\n"
        f"directorates: [{directorate}]\n"
        "---\n"
        "The text of a news item the benchmark adds to the site.\n",
        encoding="utf-8",
    )
    return path


class EditedSite:
    """The edits an editor makes, one kind at a time, on a site the preview shows. Each
    method returns the Edit of run number `run` of its kind."""

    def __init__(self, preview: Preview):
        self.preview = preview
        self.content = preview.content
        # The news in the default language (not translations: `name.mt.md`).
        news = {
            path: path.read_text("utf-8")
            for path in sorted((self.content / "news").rglob("*.md"))
            if original_name(path)
        }
        # Untranslated originals: a translation is named after its original, and would have
        # to move with it.
        plain_items = [
            path
            for path, text in news.items()
            if "\nimage:" not in text and "\nstatus:" not in text
            and files_of_item(path) == {path}
        ]  # fmt: skip
        # The article most kinds edit, from the middle of the news; it moves (date, rename).
        self.subject = plain_items[len(plain_items) // 2]
        self.first_date = dt.date.fromisoformat(NEWS_FILE.match(self.subject.name)["date"])
        self.slug = NEWS_FILE.match(self.subject.name)["slug"]
        # The directorates a news item can name: not their translations (`name.mt.md`).
        self.directorates = sorted(filter(None, map(original_name,
                                   (self.content / "directorates").glob("*.md"))))  # fmt: skip
        self.picture_article, self.picture = next(
            (path, self.content / match.group(1))
            for path, text in news.items()
            for match in [re.search(r"^\s+src: (images/\S+\.svg)$", text, re.M)]
            if match and (self.content / match.group(1)).is_file()
        )
        self.picture_text = self.picture.read_text(encoding="utf-8")
        self.picture_width = int(re.search(r'<svg[^>]*?\swidth="(\d+)"', self.picture_text)[1])
        self.template = preview.theme / "templates/article.html"
        self.stylesheet = preview.theme / "static/css/main.css"
        self.stylesheet_text = self.stylesheet.read_text(encoding="utf-8")

    # Helpers

    def rewrite(self, path: Path, text: str) -> list[Path]:
        path.write_text(text, encoding="utf-8")
        return [path]

    def edit_subject(self, name: str, value: str) -> Callable[[], list[Path]]:
        def change():
            text = self.subject.read_text(encoding="utf-8")
            return self.rewrite(self.subject, set_field(text, name, value))

        return change

    def subject_url(self) -> str:
        return article_url(self.subject)

    # The kinds of edit

    def text(self, run: int) -> Edit:
        mark = f"benchtext{run}x"

        def change():
            text = self.subject.read_text(encoding="utf-8")
            return self.rewrite(
                self.subject, text.rstrip("\n") + f"\n\nA sentence the benchmark adds, {mark}.\n"
            )

        return Edit(
            self.subject_url(),
            change,
            "document.querySelector('.prose').textContent.includes(arg)",
            mark,
        )

    def title(self, run: int) -> Edit:
        title = f"Edited title number {run} of the benchmark"
        return Edit(
            self.subject_url(),
            self.edit_subject("title", title),
            "document.querySelector('h1').textContent === arg",
            title,
        )

    def summary(self, run: int) -> Edit:
        mark = f"benchsummary{run}x"
        return Edit(
            self.subject_url(),
            self.edit_subject("summary", f"An edited summary, {mark}."),
            "document.querySelector('.lead').textContent.includes(arg)",
            mark,
        )

    def date(self, run: int) -> Edit:
        """Another day of the same year (not in the future): the file is renamed to match,
        and its address stays the same."""
        today = dt.date.today()
        step = run % 150 + 1
        day = next(
            candidate
            for shift in (step, -step, step + 1, -step - 1)
            for candidate in [self.first_date + dt.timedelta(days=shift)]
            if candidate.year == self.first_date.year and candidate < today
        )

        def change():
            old = self.subject
            text = old.read_text(encoding="utf-8")
            time_of_day = field_of(text, "date")[10:]
            new = old.with_name(f"{day.isoformat()}-{NEWS_FILE.match(old.name)['slug']}.md")
            os.rename(old, new)
            new.write_text(set_field(text, "date", day.isoformat() + time_of_day), "utf-8")
            self.subject = new
            return [old, new]

        return Edit(
            self.subject_url(),
            change,
            "document.querySelector('.article__meta time')"
            ".getAttribute('datetime').startsWith(arg)",
            day.isoformat(),
        )

    def topic(self, run: int) -> Edit:
        tag = f"benchmark topic {run}"
        return Edit(
            self.subject_url(),
            self.edit_subject("tags", f"[{tag}, nursing]"),
            "[...document.querySelectorAll('.article__about a')]"
            ".some((link) => link.textContent === arg)",
            tag,
        )

    def directorate(self, run: int) -> Edit:
        current = field_of(self.subject.read_text(encoding="utf-8"), "directorates")
        order = (
            self.directorates[run % len(self.directorates) :]
            + self.directorates[: run % len(self.directorates)]
        )
        chosen = next(name for name in order if name not in re.findall(r"[\w-]+", current))
        return Edit(
            self.subject_url(),
            self.edit_subject("directorates", f"[{chosen}]"),
            "(() => { const links = [...document.querySelectorAll("
            "'.article__about dd:first-of-type a')]; return links.length === 1 && "
            "links[0].getAttribute('href').endsWith('directorates/' + arg + '/'); })()",
            chosen,
        )

    def new_file(self, run: int) -> Edit:
        title = f"A news item the benchmark adds, number {run}"
        slug = f"benchmark-new-{run}"
        date_line = field_of(self.subject.read_text(encoding="utf-8"), "date")
        folder = self.subject.parent

        def change():
            return [new_article(folder, date_line, slug, title, self.directorates[0])]

        return Edit(
            f"news/{date_line[:4]}/{slug}/",
            change,
            "document.querySelector('h1').textContent === arg",
            title,
        )

    def deleted_file(self, run: int) -> Edit:
        title = f"A news item the benchmark deletes, number {run}"
        slug = f"benchmark-gone-{run}"
        date_line = field_of(self.subject.read_text(encoding="utf-8"), "date")
        path = self.subject.parent / f"{date_line[:10]}-{slug}.md"

        def before():
            return [new_article(path.parent, date_line, slug, title, self.directorates[0])]

        def change():
            path.unlink()
            return [path]

        return Edit(
            f"news/{date_line[:4]}/{slug}/",
            change,
            "document.querySelector('h1').textContent !== arg",
            title,
            before=before,
        )

    def renamed_file(self, run: int) -> Edit:
        """The subject gets a new file name, so a new address: its neighbour's page (older
        or newer news) links the new address."""
        url = self.subject_url()
        page = self.preview.get(url)[1].decode("utf-8")
        link = re.search(r'<a href="([^"]+)" rel="(prev|next)"', page)
        neighbour = urllib.parse.urljoin("/" + url, link[1]).lstrip("/")
        rel = "next" if link[2] == "prev" else "prev"
        slug = f"{self.slug}-renamed-{run}"

        def change():
            old = self.subject
            new = old.with_name(f"{NEWS_FILE.match(old.name)['date']}-{slug}.md")
            os.rename(old, new)
            self.subject = new
            return [old, new]

        return Edit(
            neighbour,
            change,
            "(() => { const link = document.querySelector('a[rel=' + arg.rel + ']'); "
            "return link !== null && link.getAttribute('href').endsWith('/' + arg.slug "
            "+ '/'); })()",
            {"rel": rel, "slug": slug},
        )

    def picture(self, run: int) -> Edit:
        """The picture of a news item gets another width: the page shows it once its image
        is the new one."""
        width = self.picture_width + run + 1
        text = re.sub(r'(<svg[^>]*?\swidth=")\d+"', rf'\g<1>{width}"', self.picture_text, count=1)
        return Edit(
            article_url(self.picture_article),
            lambda: self.rewrite(self.picture, text),
            "(() => { const image = document.querySelector('img[src$=\"' + arg.name + "
            "'\"]'); return image !== null && image.complete && "
            "image.naturalWidth === arg.width; })()",
            {"name": self.picture.name, "width": width},
        )

    def office(self, run: int) -> Edit:
        mark = f"benchoffice{run}x"
        path = self.content / "office.yaml"

        def change():
            text = path.read_text(encoding="utf-8")
            text = re.sub(
                r"^description:.*\n(?:(?:[ \t]+.*)?\n)*?(?=\S)",
                f"description: The office as the benchmark describes it, {mark}.\n",
                text,
                count=1,
                flags=re.M,
            )
            return self.rewrite(path, text)

        return Edit(
            "", change, "document.querySelector('.hero .lead').textContent.includes(arg)", mark
        )

    def mandate(self, run: int) -> Edit:
        mark = f"benchmandate{run}x"
        path = self.content / "mandate.yaml"

        def change():
            text = path.read_text(encoding="utf-8")
            text = re.sub(
                r"^  - text:.*\n(?:      .*\n)*",
                f"  - text: A responsibility the benchmark edits, {mark}.\n",
                text,
                count=1,
                flags=re.M,
            )
            return self.rewrite(path, text)

        return Edit(
            "",
            change,
            "document.querySelector('[aria-labelledby=\"mandate-heading\"] li')"
            ".textContent.includes(arg)",
            mark,
        )

    def template(self, run: int) -> Edit:
        mark = f"benchtemplate{run}x"

        def change():
            text = self.template.read_text(encoding="utf-8")
            text = re.sub(
                r'<article class="article"[^>]*>',
                f'<article class="article" data-bench="{mark}">',
                text,
                count=1,
            )
            return self.rewrite(self.template, text)

        return Edit(
            self.subject_url(),
            change,
            "document.querySelector('article[data-bench=\"' + arg + '\"]') !== null",
            mark,
        )

    def stylesheet(self, run: int) -> Edit:
        mark = f"benchstyle{run}x"
        text = self.stylesheet_text + f"\n:root {{ --bench-mark: {mark}; }}\n"
        return Edit(
            self.subject_url(),
            lambda: self.rewrite(self.stylesheet, text),
            "getComputedStyle(document.documentElement)"
            ".getPropertyValue('--bench-mark').trim() === arg",
            mark,
        )

    def broken_file(self, run: int) -> Edit:
        """The subject loses its title (a required field): the open page shows the problem."""
        good = self.subject.read_text(encoding="utf-8")
        return Edit(
            self.subject_url(),
            lambda: self.rewrite(self.subject, set_field(good, "title", None)),
            "document.querySelector('[role=\"alert\"]') !== null",
            None,
            reload=False,
            after=lambda: self.rewrite(self.subject, good),
            problems=True,
        )


EDIT_KINDS = {
    "text of an article": EditedSite.text,
    "title": EditedSite.title,
    "summary": EditedSite.summary,
    "date (file renamed)": EditedSite.date,
    "topic": EditedSite.topic,
    "directorate": EditedSite.directorate,
    "new file": EditedSite.new_file,
    "deleted file": EditedSite.deleted_file,
    "renamed file": EditedSite.renamed_file,
    "picture": EditedSite.picture,
    "office.yaml": EditedSite.office,
    "mandate.yaml": EditedSite.mandate,
    "template": EditedSite.template,
    "stylesheet": EditedSite.stylesheet,
    "broken file (problems panel)": EditedSite.broken_file,
}


def shown_at(edit: Edit) -> str:
    """The predicate Playwright polls (every 20 ms): once the page shows the change, the
    browser's clock when it did. A page that reloaded to show it showed it by the end of its
    load event at the latest (Playwright finds it some tens of milliseconds later: it sets
    its polling up again in each new page)."""
    if not edit.reload:
        return (f"(arg) => {{ try {{ return ({edit.check}) ? Date.now() : false; }} "
                "catch (error) { return false; } }")  # fmt: skip
    return (
        "(arg) => { if (window.benchStale === true) return false; try { "
        f"if (!({edit.check})) return false; "
        "const load = performance.getEntriesByType('navigation')[0]?.loadEventEnd; "
        "return load ? Math.min(Date.now(), performance.timeOrigin + load) : Date.now(); "
        "} catch (error) { return false; } }"
    )


def open_page(page, url: str) -> None:
    """Open `url` in the page; again if the page's own script reloaded it meanwhile (it does
    when the preview shows a change, or starts again)."""
    for attempt in range(5):
        try:
            page.goto(url, wait_until="load")
            return
        except Exception:
            if attempt == 4:
                raise
            time.sleep(0.5)


def timed_edit(preview: Preview, page, edit: Edit) -> tuple[float, float | None] | None:
    """Seconds from the first write of the edit to the open page showing it, and the
    seconds the preview says it took to take the change (None when it does not say). None
    if the preview started again meanwhile (someone changed the code): not a measure."""
    restarts = preview.restarts
    if edit.before:
        preview.settle(edit.before(), restarts=restarts)
    open_page(page, preview.base + edit.url)
    if page.evaluate(shown_at(edit), edit.arg):
        raise RuntimeError(f"{edit.url}: the page shows the change before it is made")
    page.evaluate("() => { window.benchStale = true; }")
    engine_lines = len(preview.engine_seconds)
    started = time.time()  # the browser's Date.now() is the same clock
    touched = edit.change()
    try:
        shown = page.wait_for_function(
            shown_at(edit), arg=edit.arg, polling=20, timeout=EDIT_TIMEOUT_MS
        )
    except Exception as error:
        raise RuntimeError(f"{edit.url}: the change never showed:\n{preview.output()}") from error
    seconds = shown.json_value() / 1000 - started
    preview.settle(touched, problems=edit.problems, restarts=restarts)
    said = preview.engine_seconds[engine_lines:]
    engine = sum(said) if said else None
    if edit.after:
        preview.settle(edit.after(), restarts=restarts)
    return None if preview.restarts != restarts else (seconds, engine)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def edit_to_preview(content: Path, work: Path, runs: int, browser) -> dict:
    """Start the preview on `content`, open a page of it in the browser, and time each kind
    of edit `runs` times. The content is edited in place."""
    preview = Preview(content, work)
    context = browser.new_context()
    try:
        page = context.new_page()
        site = EditedSite(preview)
        preview.settle()
        kinds = {}
        for kind, edit_of in EDIT_KINDS.items():
            timed = []
            while len(timed) < runs:
                # Run numbers from 1000 up: edits again after the preview started again.
                for number in (len(timed), *range(1000 + len(timed), 1003 + len(timed))):
                    result = timed_edit(preview, page, edit_of(site, number))
                    if result is not None:
                        timed.append(result)
                        break
                    print(f"    {kind}: the preview started again; that run is done again")
                else:
                    raise RuntimeError(f"{kind}: the preview kept starting again")
            times = [seconds for seconds, _ in timed]
            engine = [seconds for _, seconds in timed if seconds is not None]
            kinds[kind] = {
                "runs": times,
                "median": statistics.median(times),
                "p95": percentile(times, 0.95),
                "engine runs": engine,
                "engine median": statistics.median(engine) if engine else None,
            }
            print(
                f"    {kind}: median {kinds[kind]['median']:.2f} s, p95 {kinds[kind]['p95']:.2f} s"
                f" (the preview's own: {', '.join(f'{e:.2f}' for e in engine)})",
                flush=True,
            )
        return {"read_s": preview.read_s, "memory_mb": preview.memory_mb, "kinds": kinds}
    finally:
        context.close()
        preview.stop()
