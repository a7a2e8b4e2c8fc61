"""The preview serves what a whole build writes, byte for byte, after random sequences of
edits of every kind an editor makes: texts, titles, summaries, dates, topics, directorates,
drafts, new, deleted and renamed files, pictures, documents and their facts files (with
attachment blocks in news), readers' comments, office.yaml and mandate.yaml, templates,
the stylesheet, saves that keep a file's size and modification time, a second save while
the first is being taken, a symbolic link and a broken file. After each step every file of
a fresh whole build is asked of the preview and compared, and the preview's list of files
must be the build's; when the whole build fails, the preview must report exactly what
`make check` reports.

A failure names the seed and the steps; PREVIEW_SEEDS=1,2,3 runs more seeds.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from plugins.content_model.source_reader.reader import item_name

from .preview_site import PreviewServer, SiteCopy

SEEDS = [int(seed) for seed in os.environ.get("PREVIEW_SEEDS", "7").split(",")]
STEPS = int(os.environ.get("PREVIEW_STEPS", "32"))
TOPICS = ["nursing", "training", "cancer care", "e-health", "waiting times", "new topic"]


class Editor:
    """Makes one random edit at a time in a SiteCopy; returns the files it touched."""

    def __init__(self, site: SiteCopy, rng: random.Random):
        self.site, self.rng = site, rng
        self.broken: tuple[Path, bytes] | None = None  # a file to mend at the next step
        self.link: Path | None = None  # a symbolic link to remove at the next step
        self.made: list[Path] = []  # news items this editor created
        self.count = 0

    # --- choosing files ---------------------------------------------------------------

    def news(self) -> list[Path]:
        return sorted((self.site.content / "news").rglob("*.md"))

    def sources(self) -> list[Path]:
        return sorted(self.site.content.rglob("*.md"))

    def pick(self, paths: list[Path]) -> Path:
        return self.rng.choice(paths)

    # --- the edits ----------------------------------------------------------------------

    def step(self) -> tuple[str, list[Path]]:
        if self.broken:
            path, good = self.broken
            path.write_bytes(good)
            self.broken = None
            return "mend the broken file", [path]
        if self.link:
            link, self.link = self.link, None
            link.unlink()
            return "remove the symbolic link", [link]
        kinds = [self.text, self.same_size_same_second, self.title, self.summary, self.date,
                 self.topics, self.directorates, self.draft, self.new_file, self.delete,
                 self.rename, self.picture, self.new_picture, self.office, self.mandate,
                 self.template, self.stylesheet, self.broken_file, self.symbolic_link,
                 self.two_saves, self.same_minute, self.document_facts,
                 self.new_document, self.comments]  # fmt: skip
        return self.rng.choice(kinds)()

    def replace_line(self, path: Path, field: str, value: str) -> None:
        text = path.read_text(encoding="utf-8")
        text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")

    def text(self):
        path = self.pick(self.sources())
        with open(path, "a", encoding="utf-8") as source:
            source.write(f"\nA sentence added by step {self.count}.\n")
        return f"text of {path.name}", [path]

    def same_size_same_second(self):
        path = self.pick(self.sources())
        raw = path.read_bytes()
        before = os.stat(path)
        body = raw.index(b"\n---\n") + 5
        letters = [i for i in range(body, len(raw)) if raw[i : i + 1].isalpha() and raw[i] < 128]
        at = self.rng.choice(letters)
        other = b"q" if raw[at : at + 1] != b"q" else b"z"
        path.write_bytes(raw[:at] + other + raw[at + 1 :])
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return f"same size and time: {path.name} byte {at}", [path]

    def title(self):
        path = self.pick(self.sources())
        self.replace_line(path, "title", f'"A title with \\"quotes\\", step {self.count}"')
        return f"title of {path.name}", [path]

    def summary(self):
        path = self.pick(self.sources())
        self.replace_line(path, "summary", f"A new summary, step {self.count}.")
        return f"summary of {path.name}", [path]

    def date(self):
        # A translation takes its original's date (it has none of its own to change).
        dated = [path for path in self.news()
                 if re.search(r"^date: ", path.read_text(encoding="utf-8"), re.M)]  # fmt: skip
        path = self.pick(dated)
        text = path.read_text(encoding="utf-8")
        old = re.search(r"^date: (\d{4})-(\d\d)-(\d\d) (\d\d:\d\d)", text, re.M)
        year = int(old[1]) if path not in self.made else self.rng.choice([2019, 2025, 2026])
        day = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        text = text.replace(old[0], f"date: {day} {self.rng.randint(8, 17):02d}:{old[4][3:]}", 1)
        slug = path.name[11:]
        target = self.site.content / "news" / str(year) / f"{day}-{slug}"
        target.parent.mkdir(exist_ok=True)
        path.unlink()
        target.write_text(text, encoding="utf-8")
        self.made = [target if made == path else made for made in self.made]
        return f"date of {path.name} to {day}", [path, target]

    def topics(self):
        path = self.pick(self.news())
        chosen = self.rng.sample(TOPICS, self.rng.randint(1, 3))
        self.replace_line(path, "tags", "[" + ", ".join(chosen) + "]")
        return f"topics of {path.name}: {chosen}", [path]

    def directorates(self):
        path = self.pick(self.news())
        names = sorted({item_name(p) for p in (self.site.content / "directorates").glob("*.md")})
        chosen = self.rng.sample(names, self.rng.randint(1, 2))
        self.replace_line(path, "directorates", "[" + ", ".join(chosen) + "]")
        return f"directorates of {path.name}: {chosen}", [path]

    def draft(self):
        path = self.pick(self.news())
        text = path.read_text(encoding="utf-8")
        if "\nstatus: draft\n" in text:
            text = text.replace("\nstatus: draft\n", "\n", 1)
        else:
            text = text.replace("\n---\n", "\nstatus: draft\n---\n", 1)
        path.write_text(text, encoding="utf-8")
        return f"draft or not: {path.name}", [path]

    def new_file(self):
        year = self.rng.choice([2019, 2026, 2027])
        day = dt.date(year, self.rng.randint(1, 10), self.rng.randint(1, 28))
        path = self.site.content / "news" / str(year) / f"{day}-made-in-step-{self.count}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"---\ntitle: Made in step {self.count}\ndate: {day} 09:15\nauthors: [Test Editor]\n"
            f"summary: An item the test made.\ntags: [{self.rng.choice(TOPICS)}]\n"
            f"directorates: [nursing-services]\n---\nIts text, step {self.count}.\n",
            encoding="utf-8",
        )
        self.made.append(path)
        return f"new file {path.name}", [path]

    def same_minute(self):
        """A new item dated the same minute as another: the two must be listed in the same
        order by every build and by the preview."""
        other = self.pick(self.news())
        when = re.search(r"^date: (.*)$", other.read_text(encoding="utf-8"), re.M)[1]
        path = other.with_name(f"{when[:10]}-same-minute-{self.count}.md")
        path.write_text(
            f"---\ntitle: Same minute, step {self.count}\ndate: {when}\nauthors: [Test]\n"
            "summary: Published the same minute as another.\ntags: [nursing]\n---\nText.\n",
            encoding="utf-8",
        )
        self.made.append(path)
        return f"new file {path.name}, the same minute as {other.name}", [path]

    def delete(self):
        if not self.made:
            return self.new_file()
        path = self.made.pop(self.rng.randrange(len(self.made)))
        path.unlink()
        return f"delete {path.name}", [path]

    def rename(self):
        if not self.made:
            return self.new_file()
        index = self.rng.randrange(len(self.made))
        path = self.made[index]
        target = path.with_name(f"{path.name[:11]}renamed-in-step-{self.count}.md")
        path.rename(target)
        self.made[index] = target
        return f"rename {path.name} to {target.name}", [path, target]

    def picture(self):
        path = self.pick(sorted((self.site.content / "images").rglob("*.svg")))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("</svg>", f"<!-- step {self.count} --></svg>"), "utf-8")
        return f"picture {path.name}", [path]

    def new_picture(self):
        picture = self.site.content / "images" / "news" / f"step-{self.count}.svg"
        original = self.pick(sorted((self.site.content / "images").rglob("*.svg")))
        shutil.copyfile(original, picture)
        article = self.pick(self.news())
        text = article.read_text(encoding="utf-8")
        text = re.sub(r"^image:\n(  .*\n)+", "", text, flags=re.M)
        text = text.replace("\n---\n", f"\nimage:\n  src: images/news/{picture.name}\n"
                                       "  alt: A picture added by the test.\n---\n", 1)  # fmt: skip
        article.write_text(text, encoding="utf-8")
        return f"new picture in {article.name}", [picture, article]

    def document_facts(self):
        path = self.pick(sorted((self.site.content / "documents").glob("*.yaml")))
        text = path.read_text(encoding="utf-8")
        kind = self.rng.choice(["report", "circular", "form", "policy"])
        text = re.sub(r"^kind: .*$", f"kind: {kind}", text, count=1, flags=re.M)
        path.write_text(text.replace("summary: ", f"summary: Step {self.count}. ", 1), "utf-8")
        return f"facts of {path.stem}: {kind}", [path]

    def new_document(self):
        """A copy of a sample PDF under a new name, its facts file, and a news item that
        links to it alone in a paragraph (an attachment block)."""
        original = self.pick(sorted((self.site.content / "documents").glob("*.pdf")))
        document = original.with_name(f"step-{self.count}-document.pdf")
        shutil.copyfile(original, document)
        facts = document.with_suffix(".yaml")
        facts.write_text(f"title: Document of step {self.count}\ndate: 2026-0{self.count % 9 + 1}-"
                         f"1{self.count % 9}\nkind: policy\ndirectorates:\n  - nursing-services\n",
                         encoding="utf-8")  # fmt: skip
        article = self.pick(self.news())
        with open(article, "a", encoding="utf-8") as source:
            source.write(f"\n[The document]({{static}}/documents/{document.name})\n")
        return f"new document {document.name} in {article.name}", [document, facts, article]

    def published_news_pages(self) -> list[str]:
        """The addresses of the news items in the default language published now."""
        pages = []
        for path in self.news():
            text = path.read_text(encoding="utf-8")
            date = re.search(r"^date: (\d{4})-\d\d-\d\d \d\d:\d\d", text, re.M)
            if (path.name.endswith(".mt.md") or "linked-" in path.as_posix() or not date
                    or re.search(r"^status: (draft|hidden)", text, re.M)
                    or date[0][6:] > f"{dt.datetime.now():%Y-%m-%d %H:%M}"):  # fmt: skip
                continue
            slug = re.search(r"^slug: (.*)$", text, re.M)
            name = item_name(path)[11:]
            pages.append(f"news/{date[1]}/{slug[1] if slug else name}/")
        return pages

    def comments(self):
        """Readers' comments as `make comments` writes them (content/comments/), with markup
        in their text, on a news item published now, in place of every comments file there
        was (another edit may have moved or hidden the item those were on)."""
        folder = self.site.content / "comments"
        gone = sorted(folder.glob("*.yaml"))
        for path in gone:
            path.unlink()
        page = self.pick(self.published_news_pages())
        path = folder / (page.strip("/").replace("/", "-") + ".yaml")
        path.write_text(
            f"page: {page}\ncomments:\n- id: {self.count:012x}\n  name: Reader {self.count}\n"
            f"  date: 2026-05-0{self.count % 9 + 1} 10:{self.count % 60:02d}\n"
            f"  language: {self.rng.choice(['en', 'mt'])}\n"
            f"  text: |-\n    <b>Step {self.count}</b> & more\n    on a second line.\n",
            encoding="utf-8",
        )
        return f"comments on {page}", [*gone, path]

    def office(self):
        path = self.site.content / "office.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("hours: 8am to 4pm", f"hours: 8am to {self.count}pm", 1)
                        .replace(f"hours: 8am to {self.count - 1}pm", "hours: 8am to 4pm"),
                        encoding="utf-8")  # fmt: skip
        return "office.yaml", [path]

    def mandate(self):
        path = self.site.content / "mandate.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("intro: |\n", f"intro: |\n  Step {self.count}.\n", 1), "utf-8")
        return "mandate.yaml", [path]

    def template(self):
        path = self.site.theme / "templates" / "partials" / "footer.html"
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"<!-- step {self.count} -->\n", encoding="utf-8")
        return "a template", [path]

    def stylesheet(self):
        path = self.site.theme / "static" / "css" / "main.css"
        with open(path, "a", encoding="utf-8") as css:
            css.write(f"/* step {self.count} */\n")
        return "the stylesheet", [path]

    def broken_file(self):
        path = self.pick(self.sources())
        good = path.read_bytes()
        path.write_bytes(good.replace(b"\ntitle:", b"\ntitel:", 1))
        self.broken = (path, good)
        return f"break {path.name}", [path]

    def symbolic_link(self):
        outside = self.site.folder / f"outside-{self.count}"
        outside.mkdir()
        shutil.copy(self.pick(self.news()), outside / "2026-05-05-behind-a-link.md")
        link = self.site.content / "news" / f"linked-{self.count}"
        link.symlink_to(outside, target_is_directory=True)
        self.link = link
        return "a symbolic link to a folder", [link]

    def two_saves(self):
        first, second = self.rng.sample(self.sources(), 2)
        with open(first, "a", encoding="utf-8") as source:
            source.write(f"\nFirst of two saves, step {self.count}.\n")
        self.replace_line(second, "title", f"Second of two saves, step {self.count}")
        return f"two saves: {first.name}, {second.name}", [first, second]


def compare(site: SiteCopy, preview: PreviewServer, output: Path) -> list[str]:
    """What differs between a whole build and the preview (empty: nothing)."""
    result = site.build(output)
    if result.returncode != 0:
        expected = site.check()
        got = [line for line in preview.status()["problems"].splitlines() if line]
        if not expected:
            return [f"the build failed but `make check` finds nothing:\n{result.stderr[-2000:]}"]
        return [] if got == expected else [f"problems: preview {got} != check {expected}"]
    if preview.status()["problems"]:
        return [f"the build succeeded, the preview shows problems: {preview.status()}"]
    built = {path.relative_to(output).as_posix(): path
             for path in output.rglob("*") if path.is_file()}  # fmt: skip
    differ = [f"only in the build: {name}" for name in sorted(set(built) - set(preview.files()))]
    differ += [f"only in the preview: {name}" for name in sorted(set(preview.files()) - set(built))]
    for name, path in sorted(built.items()):
        answer = preview.get(name)
        if answer.status != 200 or answer.body != path.read_bytes():
            differ.append(f"differs: {name} (status {answer.status})")
    return differ


@pytest.mark.parametrize("seed", SEEDS)
def test_the_preview_serves_what_a_whole_build_writes_after_random_edits(tmp_path, seed):
    site = SiteCopy(tmp_path)
    editor = Editor(site, random.Random(seed))
    preview = PreviewServer(site)
    steps = []
    try:
        assert not compare(site, preview, tmp_path / "build-0")
        for number in range(1, STEPS + 1):
            editor.count = number
            what, touched = editor.step()
            steps.append(f"{number}: {what}")
            preview.wait_until_taken(touched)
            differ = compare(site, preview, tmp_path / f"build-{number}")
            assert not differ, (f"seed {seed}, after the steps\n" + "\n".join(steps)
                                + "\n\n" + "\n".join(differ[:20]))  # fmt: skip
            shutil.rmtree(tmp_path / f"build-{number}", ignore_errors=True)
    finally:
        preview.stop()
        print("The preview server said:", preview.output(), sep="\n")  # shown if it failed
