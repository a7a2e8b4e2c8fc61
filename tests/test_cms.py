"""The browser editor (Decap CMS at /admin/): its configuration follows the content schemas, it
is published with its own policy and kept out of search, and, driven in Chromium against its
real local backend (decap-server) on a git repository, what an editor writes becomes a branch
whose files pass the content check and build into the site.

Screenshots for docs/cms.md: `make cms-screenshots` runs these tests with SCREENSHOTS set to
docs/images/, where they save them (otherwise they are not kept).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, build
from pelican.settings import read_settings

from plugins.checks.content_check.checks import check_site
from plugins.checks.content_check.schemas import NEWS, PAGE
from plugins.content_model.source_reader.parse import parse_source
from preview.checking import errors_in
from tools.static_server import serve

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
FOLDER = SETTINGS["CMS_SAVE_AS"]
BACKEND = SETTINGS["CMS_LOCAL_BACKEND"]
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
GIT_PERSON = {
    "GIT_AUTHOR_NAME": "Test Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
}  # fmt: skip
PICTURE = ROOT / "content" / "images" / "news" / "saturday-physiotherapy-clinics.svg"


# --- The configuration ---------------------------------------------------------------------


def committed_config() -> dict:
    return yaml.safe_load((ROOT / "cms" / "config.yml").read_text(encoding="utf-8"))


def collection(name: str) -> dict:
    return next(item for item in committed_config()["collections"] if item["name"] == name)


def test_the_committed_configuration_is_the_one_the_schemas_give():
    result = subprocess.run([sys.executable, "tools/cms_config.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("name", "schema"), [("news", NEWS), ("pages", PAGE)])
def test_the_form_requires_what_the_check_requires(name, schema):
    fields = {field["name"]: field for field in collection(name)["fields"]}
    for field_name in schema["properties"]:
        if field_name == "lang":
            assert field_name not in fields  # a file's language is its name's
            continue
        required = fields[field_name].get("required", True)
        assert required == (field_name in schema["required"]), field_name
    assert fields["slug"]["pattern"][0] == schema["properties"]["slug"]["pattern"]


def test_directorates_are_chosen_from_the_directorates_and_files_named_as_make_news_does():
    news = collection("news")
    directorates = next(field for field in news["fields"] if field["name"] == "directorates")
    assert directorates["widget"] == "relation"
    assert directorates["collection"] == "directorates"
    config = committed_config()
    assert config["publish_mode"] == "editorial_workflow"
    assert config["i18n"]["locales"] == SETTINGS["LANGUAGES"]
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True,
                              "sanitize_replacement": "-"}  # fmt: skip


# --- In the build ----------------------------------------------------------------------------


def test_the_admin_page_has_its_own_policy_and_stays_out_of_search(published_site):
    root = published_site.root
    admin = (root / FOLDER / "index.html").read_text(encoding="utf-8")
    assert "unsafe-eval" in admin and "decap-cms.js" in admin
    assert (root / FOLDER / "decap-cms.js").stat().st_size > 1_000_000
    assert (root / FOLDER / "config.yml").read_bytes() == (ROOT / "cms/config.yml").read_bytes()
    for page in published_site.html_files():
        assert "unsafe-eval" not in page.read_text(encoding="utf-8"), page
    assert f"Disallow: /{FOLDER}/" in (root / "robots.txt").read_text(encoding="utf-8")
    assert f"/{FOLDER}/" not in (root / "sitemap.xml").read_text(encoding="utf-8")
    index = "".join(path.read_text(encoding="utf-8") for path in (root / "search").rglob("*.json"))
    assert f"{FOLDER}/" not in index
    headers = (root / "_headers").read_text(encoding="utf-8")
    rule = headers.split(f"/{FOLDER}/*\n", 1)[1].split("\n/", 1)[0]
    assert "! Content-Security-Policy" in rule and "'unsafe-eval'" in rule
    assert "'unsafe-eval'" not in headers.split(f"/{FOLDER}/*")[0]


# --- In the browser, against the local backend -------------------------------------------------


def git(repository: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repository), *args], capture_output=True,
                            text=True, env={**os.environ, **GIT_PERSON}, check=True)  # fmt: skip
    return result.stdout


@pytest.fixture
def repository(tmp_path) -> Path:
    """A git repository with a copy of the sample content, as the office's is."""
    repository = tmp_path / "repository"
    shutil.copytree(ROOT / "content", repository / "content")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "The sample content")
    return repository


def wait_for_port_free(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)
    pytest.fail(f"port {port} is taken (is `make cms` running?): the local backend needs it")


def wait_for_backend(process: subprocess.Popen, seconds: float = 30) -> None:
    request = urllib.request.Request(BACKEND, data=json.dumps({"action": "info"}).encode(),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "decap-server stopped"
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("decap-server did not answer")


@pytest.fixture
def local_backend(repository):
    """decap-server in git mode on the repository, at the address cms/config.yml names (the
    configuration the site publishes, unchanged)."""
    address = urlsplit(BACKEND)
    wait_for_port_free(address.port)
    environment = {
        **os.environ, **GIT_PERSON, "MODE": "git", "GIT_REPO_DIRECTORY": str(repository),
        "BIND_HOST": address.hostname, "PORT": str(address.port), "LOG_LEVEL": "warn",
    }  # fmt: skip
    process = subprocess.Popen(["node", str(DECAP_SERVER)], env=environment)
    try:
        wait_for_backend(process)
        yield repository
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory):
    """The sample site, served as the host serves it: the readers' policy everywhere, the
    editor's own in its folder."""
    site = build(ROOT / "content", tmp_path_factory.mktemp("cms") / "output")
    with serve(site.root, SETTINGS["SECURITY_HEADERS"],
               {FOLDER: SETTINGS["CMS_SECURITY_HEADERS"]}) as base_url:  # fmt: skip
        yield base_url


class Editor:
    """A browser on the admin page, signed in to the local backend, noting every request."""

    def __init__(self, browser, base_url: str, repository: Path, workflow: bool = True):
        self.base_url = base_url
        self.repository = repository
        self.workflow = workflow
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self.note_console)
        self.page.goto(f"{base_url}{FOLDER}/")
        self.page.get_by_role("button", name="Login").click()
        self.page.get_by_text("Collections", exact=False).first.wait_for()

    def note_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.errors.append(message.text)

    def open(self, route: str) -> None:
        self.page.goto(f"{self.base_url}{FOLDER}/#/{route}")
        self.page.locator("label").first.wait_for()

    def field(self, label: str, language: int = 0):
        """The input of the field labelled `label`: in the default language's column (0) or
        the next (1)."""
        label_element = self.page.locator("label", has_text=label).nth(language)
        return self.page.locator(f"#{label_element.get_attribute('for')}")

    def save(self) -> None:
        """Save: in the editorial workflow a draft; straight into the files with `make cms`,
        where the local backend has no workflow and the button is Publish."""
        if self.workflow:
            self.page.get_by_role("button", name="Save").click()
        else:
            self.page.get_by_role("button", name="Publish", exact=True).click()
            self.page.get_by_text("Publish now").click()

    def screenshot(self, name: str) -> None:
        folder = os.environ.get("SCREENSHOTS")
        if folder:
            self.page.screenshot(path=str(Path(folder) / f"cms-{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def editor(browser, admin_site, local_backend):
    editor = Editor(browser, admin_site, local_backend)
    yield editor
    editor.close()


def wait_for_branch(repository: Path, prefix: str, seconds: float = 30) -> str:
    """The branch the editor saved to, once its commit is there and the local backend is back
    on main (it moves between branches to save)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        branches = git(repository, "branch", "--list", f"{prefix}*", "--format=%(refname:short)")
        done = git(repository, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
        if done and branches.strip() and files_on(repository, branches.split()[0]):
            return branches.split()[0]
        time.sleep(0.2)
    pytest.fail(f"no branch {prefix}… with a change")


def files_on(repository: Path, branch: str) -> list[str]:
    return git(repository, "diff", "--name-only", "main", branch).split()


def checked_out(repository: Path, branch: str, tmp_path: Path) -> Path:
    """The content as it is on `branch`, in a folder of its own (read from git, not checked
    out: the local backend owns the repository's working tree)."""
    work = tmp_path / "branch"
    work.mkdir()
    archive = subprocess.run(["git", "-C", str(repository), "archive", branch, "content"],
                             capture_output=True, check=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    return work / "content"


def write_news_item(editor: Editor) -> None:
    """A news item in English and Maltese, with a directorate and a picture."""
    editor.open("collections/news/new")
    editor.field("Title").fill("Saturday physiotherapy in Gozo")
    editor.field("Date").fill("2026-03-10T09:30")
    editor.field("Summary").fill("Physiotherapy clinics in Gozo now open on Saturday mornings.")
    editor.page.get_by_role("button", name="Add authors").first.click()
    editor.page.locator("input[id^=item-field]").first.fill("Maria Borg")
    editor.field("Directorates").click()
    editor.page.get_by_text("Directorate Allied Healthcare Professions", exact=True).click()
    editor.page.keyboard.press("Escape")
    editor.page.get_by_role("button", name="Choose an image").first.click()
    with editor.page.expect_file_chooser() as chooser:
        editor.page.get_by_text("Upload", exact=False).last.click()
    chooser.value.set_files(str(PICTURE))
    editor.page.get_by_role("button", name="Choose selected").click()
    editor.field("Text alternative").fill("A calendar with Saturday marked in green.")
    body = editor.page.locator("[data-slate-editor=true]")
    body.first.click()
    editor.page.keyboard.type("The clinics open at eight in the morning.")
    # The Maltese column asks only for words: the date, authors, directorates and the
    # picture's file are the original's.
    editor.field("Title", 1).fill("Fiżjoterapija s-Sibt f'Għawdex")
    editor.field("Summary", 1).fill("Il-kliniki f'Għawdex jiftħu s-Sibt filgħodu.")
    body.nth(1).click()
    editor.page.keyboard.type("Il-kliniki jiftħu fit-tmienja ta' filgħodu.")
    editor.field("Text alternative", 1).fill("Kalendarju bis-Sibt immarkat bl-aħdar.")
    editor.field("Title").scroll_into_view_if_needed()
    editor.screenshot("news-form")


def test_a_news_item_written_in_the_browser_is_a_branch_that_builds(editor, tmp_path):
    write_news_item(editor)
    editor.save()
    repository = editor.repository
    branch = wait_for_branch(repository, "cms/news/")
    assert branch == "cms/news/2026/2026-03-10-saturday-physiotherapy-in-gozo"
    changed = files_on(repository, branch)
    assert "content/news/2026/2026-03-10-saturday-physiotherapy-in-gozo.en.md" in changed
    assert "content/news/2026/2026-03-10-saturday-physiotherapy-in-gozo.mt.md" in changed
    assert f"content/{SETTINGS['CMS_MEDIA_FOLDER']}/{PICTURE.name}" in changed
    content = checked_out(repository, branch, tmp_path)
    problems = check_site(content, SETTINGS)
    assert not errors_in(problems), "\n".join(map(str, problems))
    site = build(content, tmp_path / "output")
    english = site.page("news/2026/saturday-physiotherapy-in-gozo/")
    assert english.h1.get_text() == "Saturday physiotherapy in Gozo"
    assert english.find("img", alt="A calendar with Saturday marked in green.")
    assert "Allied Healthcare Professions" in english.get_text()
    maltese = site.page("mt/news/2026/saturday-physiotherapy-in-gozo/")
    assert maltese.h1.get_text() == "Fiżjoterapija s-Sibt f\u2019Għawdex"  # typography
    assert not editor.errors, editor.errors


def error_messages(editor: Editor) -> list[str]:
    return re.findall(r"[A-Z][\w ]{0,40} is required\.", editor.page.content())


def test_the_form_refuses_an_empty_required_field_and_an_impossible_date(editor):
    editor.open("collections/news/new")
    editor.field("Title").fill("A title and nothing else")
    date = editor.field("Date")
    date.click()
    editor.page.keyboard.type("02302026")  # 30 February: the browser's field stays empty
    editor.page.keyboard.press("Tab")
    editor.page.keyboard.type("1030AM")
    assert date.evaluate("field => field.validity.badInput")
    editor.save()
    editor.page.get_by_text("Date is required.").wait_for()
    assert {"Date is required.", "Summary is required.", "Text is required."} <= set(
        error_messages(editor)
    )
    editor.screenshot("refused")
    time.sleep(1)
    assert not git(editor.repository, "branch", "--list", "cms/*").strip()


def test_a_picture_needs_its_text_alternative_before_saving(editor):
    editor.open("collections/news/entries/2019/2019-11-06-mentors-for-student-nurses")
    editor.page.get_by_role("button", name="Choose an image").first.click()
    with editor.page.expect_file_chooser() as chooser:
        editor.page.get_by_text("Upload", exact=False).last.click()
    chooser.value.set_files(str(PICTURE))
    editor.page.get_by_role("button", name="Choose selected").click()
    editor.save()
    editor.page.get_by_text("write its text alternative").wait_for()
    time.sleep(1)
    assert not git(editor.repository, "branch", "--list", "cms/*").strip()


def fields_at(repository: Path, revision: str, path: str) -> tuple[dict, str]:
    source = parse_source(git(repository, "show", f"{revision}:{path}").encode("utf-8"))
    return source.data, source.body


def test_editing_a_page_changes_only_its_file(editor):
    editor.open("collections/pages/entries/contact")
    summary = editor.field("Summary")
    before = summary.input_value()
    summary.fill(before + " Replies within two working days.")
    editor.save()
    branch = wait_for_branch(editor.repository, "cms/pages/")
    path = "content/pages/contact.en.md"
    assert files_on(editor.repository, branch) == [path]
    old, old_text = fields_at(editor.repository, "main", path)
    new, new_text = fields_at(editor.repository, branch, path)
    assert new == {**old, "summary": before + " Replies within two working days."}
    assert new_text == old_text


def test_the_workflow_shows_a_saved_item_for_review(editor):
    editor.open("collections/pages/entries/privacy")
    summary = editor.field("Summary")
    summary.fill(summary.input_value() + " Updated.")
    editor.save()
    wait_for_branch(editor.repository, "cms/pages/")
    editor.page.goto(f"{editor.base_url}{FOLDER}/#/workflow")
    editor.page.get_by_text("Privacy notice", exact=False).first.wait_for()
    editor.screenshot("workflow")


def test_the_admin_page_asks_nothing_of_another_site(editor):
    editor.open("collections/news/new")
    editor.page.get_by_role("button", name="Choose an image").first.click()
    editor.page.keyboard.press("Escape")
    allowed = {urlsplit(editor.base_url).netloc, urlsplit(BACKEND).netloc}
    elsewhere = {url for url in editor.requests
                 if urlsplit(url).scheme in ("http", "https")
                 and urlsplit(url).netloc not in allowed}  # fmt: skip
    assert not elsewhere
    assert not editor.errors, editor.errors


def test_the_preview_beside_the_form_looks_like_the_site(editor):
    editor.open("collections/news/entries/2026/2026-03-04-saturday-physiotherapy-clinics")
    editor.page.get_by_title("Toggle i18n").click()
    editor.page.get_by_title("Toggle preview").click()
    frame = editor.page.frame_locator("iframe").first
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == editor.field("Title").input_value()
    assert frame.locator("article.article .prose h2").count() >= 1
    stylesheet = frame.locator("link[rel=stylesheet]").get_attribute("href")
    assert stylesheet.endswith("/theme/css/main.css")
    picture = frame.locator("figure.figure--lead img")
    picture.wait_for()
    editor.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    editor.screenshot("preview")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer")


def test_make_cms_saves_into_content_and_the_preview_shows_it(browser, tmp_path):
    """`make cms` (tools/cms.py): the local backend writes the file, the preview beside it
    shows the change, and serves the editor even while the content has a problem."""
    root = tmp_path / "laptop"
    shutil.copytree(ROOT / "content", root / "content")
    wait_for_port_free(urlsplit(BACKEND).port)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([sys.executable, "tools/cms.py", "--root", str(root),
                                "--port", str(port)], cwd=ROOT)  # fmt: skip
    try:
        wait_for(base + "contact/")
        admin = wait_for(base + f"{FOLDER}/").decode("utf-8")
        assert "decap-cms.js" in admin and "reload.js" not in admin  # no reloading mid-edit
        editor = Editor(browser, base, root, workflow=False)
        editor.open("collections/pages/entries/contact")
        summary = editor.field("Summary")
        summary.fill("How to reach each of our teams, written in the browser.")
        editor.save()
        page = editor.context.new_page()
        page.goto(base + "contact/")
        page.wait_for_function(
            "() => document.querySelector('.lead').textContent.includes('in the browser')",
            timeout=60_000,
        )
        saved = (root / "content/pages/contact.en.md").read_text(encoding="utf-8")
        assert "written in the browser" in saved
        # A broken file: the site shows the problem, the editor is still there to fix it.
        (root / "content/pages/contact.en.md").write_text(saved.replace("title:", "titel:"))
        page.wait_for_selector("[role=alert]", timeout=60_000)
        assert b"decap-cms.js" in wait_for(base + f"{FOLDER}/")
        editor.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
