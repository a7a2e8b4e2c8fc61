"""The preview's quick path: keeps the whole site read in memory, and when an editor saves an
article or a page, checks that file and writes its page again, in a fraction of a second
instead of the seconds a whole build takes. The preview server (tools/devserver.py) runs it
in its own process, shows the page, then builds the whole site as before, so every page that
lists the item (the news list, its topics, the other articles' related news) catches up a
few seconds later.

It answers one line of JSON for each line it is given:
  {"changed": ["/abs/path/of/a/source.md", ...]}
  -> {"written": ["news/2019/slug/index.html", ...]}       the pages are in the served folder
  -> {"skipped": "why"}   the whole build will show the change (or the file's problems)
It says {"ready": true} once it has read the site, or {"unavailable": "why"} and ends.

The quick path only takes what it can show exactly: a change to the text or the fields of an
existing article or page that keeps its address, date, status, topics and directorates, and
that passes the content check. Anything else (a new or deleted file, a renamed slug, a
template, a plugin or a setting) goes to the whole build only.

Why our own: Pelican's `--autoreload` reads and writes the whole site on every change, and
offers no way to write one page.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from content_check.checks import checked_site, recheck_source  # noqa: E402
from content_check.messages import ERROR  # noqa: E402
from pelican import Pelican, signals  # noqa: E402
from pelican.contents import Article  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from pelican.writers import Writer  # noqa: E402

# The whole build writes the search index, runs the full check and keeps the quick rebuild's
# record; the quick path needs none of them (it checks the saved file itself), and must not
# touch that record.
LEFT_OUT = {"content_check", "search_index", "quick_rebuild"}


# What other pages, or what plugins add to the item, depend on: a change to any of them goes
# to the whole build.
SAME_FOR_QUICK_PATH = ("url", "save_as", "status", "date", "lang", "tags", "directorates")


class Skip(Exception):
    """This change is for the whole build."""


class SiteInMemory:
    """The site read as Pelican reads it for a build, kept to write single pages again."""

    def __init__(self, content: Path, scratch: Path):
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
        settings["PLUGINS"] = [name for name in settings["PLUGINS"] if name not in LEFT_OUT]
        settings["OUTPUT_PATH"] = str(scratch)
        # Read Pelican's cache but never write it: the whole build writes it meanwhile.
        settings["CACHE_CONTENT"] = False
        self.check = checked_site(content, settings)
        errors = [str(p) for p in self.check.problems if p.severity == ERROR]
        if errors:
            raise Skip("the content has problems:\n" + "\n".join(errors))
        self.content = content
        self.settings = settings
        self.scratch = scratch
        self.generators = read_site(Pelican(settings))

    def generator_of(self, item):
        for generator in self.generators:
            if item in getattr(generator, "articles", []) + getattr(generator, "drafts", []):
                return generator
            if item in getattr(generator, "pages", []) + getattr(generator, "draft_pages", []):
                return generator
        raise Skip(f"{item.source_path}: not an article or a page")

    def rewrite(self, path: Path) -> str:
        """Read a changed source again and write its page; return the page's path in the
        output, or raise Skip."""
        source = path.relative_to(self.content).as_posix()
        context = self.generators[0].context
        old = context["generated_content"].get(source)
        if old is None:
            raise Skip(f"{source}: a new file")
        problems = recheck_source(self.check, path)
        if any(problem.severity == ERROR for problem in problems):
            raise Skip(f"{source}: has problems")
        generator = self.generator_of(old)
        new = read_again(generator, source, type(old))
        for name in SAME_FOR_QUICK_PATH:
            if getattr(new, name, None) != getattr(old, name, None):
                raise Skip(f"{source}: its {name} changed")
        keep_what_plugins_added(old, new)
        context["generated_content"][source] = new
        for holder in [context, *(vars(g) for g in self.generators)]:
            replace_everywhere(holder, old, new)
        write_page(generator, new, Writer(str(self.scratch), settings=self.settings))
        return new.save_as


def read_site(pelican: Pelican) -> list:
    """Run the reading half of Pelican.run: every generator's context, then the plugins that
    complete it. (Pelican has no public call for this half; these are the same steps.)"""
    settings = pelican.settings
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={})
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(context=context, settings=settings, path=pelican.path, theme=pelican.theme,
            output_path=pelican.output_path)
        for cls in pelican._get_generator_classes()
    ]  # fmt: skip
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    return generators


def read_again(generator, source: str, content_class):
    """Read one source as the generator did when the site was read."""
    articles = content_class is Article
    kind = "article" if articles else "page"
    return generator.readers.read_file(
        base_path=generator.path,
        path=source,
        content_class=content_class,
        context=generator.context,
        preread_signal=getattr(signals, f"{kind}_generator_preread"),
        preread_sender=generator,
        context_signal=getattr(signals, f"{kind}_generator_context"),
        context_sender=generator,
    )


def keep_what_plugins_added(old, new) -> None:
    """What plugins set on an item once the whole site was read (neighbours, related news,
    directorates, its pinned address) stays with its new version."""
    for name, value in vars(old).items():
        if name not in vars(new):
            setattr(new, name, value)


def replace_everywhere(holder, old, new, depth: int = 4) -> None:
    """Put `new` wherever `old` is in the lists of the context (the news list, the topics,
    the archives), so the other pages written from this context show it."""
    values = holder.values() if isinstance(holder, dict) else holder
    if isinstance(holder, list):
        for index, value in enumerate(holder):
            if value is old:
                holder[index] = new
    if depth:
        for value in values:
            if isinstance(value, list | tuple | dict):
                replace_everywhere(value, old, new, depth - 1)


def write_page(generator, item, writer: Writer) -> None:
    """Write the item's page with the arguments Pelican's own generators pass."""
    template = generator.get_template(item.template)
    url = item.url
    override = hasattr(item, "override_save_as")
    if isinstance(item, Article):
        drafts_only = {"all_articles": generator.articles} if item.status == "draft" else {}
        writer.write_file(item.save_as, template, generator.context, article=item,
                          category=getattr(item, "category", None), override_output=override,
                          url=url, blog=True, **drafts_only,
                          relative_urls=generator.settings["RELATIVE_URLS"])  # fmt: skip
    else:
        writer.write_file(item.save_as, template, generator.context, page=item,
                          relative_urls=generator.settings["RELATIVE_URLS"],
                          override_output=override, url=url)  # fmt: skip


def answer(message: dict) -> None:
    print(json.dumps(message), flush=True)


def sources_to_write(site: SiteInMemory, changed: list[Path]) -> list[Path]:
    """Return the changed Markdown sources; raise Skip if anything else changed. A file that
    is gone and was never part of the site (an editor's or a tool's temporary file) does not
    count."""
    context = site.generators[0].context
    known = context["generated_content"].keys() | context["static_content"].keys()
    sources = []
    for path in changed:
        inside = path.is_relative_to(site.content)
        source = path.relative_to(site.content).as_posix() if inside else None
        if not path.exists() and source not in known:
            continue
        if not inside or path.suffix != ".md" or not path.exists():
            raise Skip(f"{path.name}: not a saved Markdown source")
        sources.append(path)
    if not sources:
        raise Skip("no source changed")
    return sources


def serve_requests(site: SiteInMemory, output: Path) -> None:
    for line in sys.stdin:
        changed = [Path(path) for path in json.loads(line)["changed"]]
        try:
            written = [site.rewrite(path) for path in sources_to_write(site, changed)]
        except Skip as skip:
            answer({"skipped": str(skip)})
            continue
        except Exception as error:  # the site in memory may be half changed: start afresh
            answer({"skipped": f"{type(error).__name__}: {error}"})
            return
        for page in written:
            target = output / page
            target.parent.mkdir(parents=True, exist_ok=True)
            (site.scratch / page).replace(target)  # one rename: never half a page
        answer({"written": written})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    output = Path(args.output).resolve()
    # The scratch folder sits beside the output, so a page moves into it with one rename.
    with tempfile.TemporaryDirectory(prefix=f".{output.name}-quick-", dir=output.parent) as tmp:
        try:
            site = SiteInMemory(Path(args.content).resolve(), Path(tmp))
        except Exception as reason:  # whatever stops it, the whole build shows the site
            answer({"unavailable": str(reason)})
            return 0
        answer({"ready": True})
        with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):  # the server stopped
            serve_requests(site, output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
