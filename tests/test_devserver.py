"""The editors' live preview (`make devserver`): it serves on 127.0.0.1, rebuilds on save and
reloads the open page, shows a broken file's problems in the page while it keeps serving the
last good site, and recovers when the file is fixed."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, open_page

ARTICLE = "news/2019/2019-09-13-smart-health-working-session.md"
ADDRESS = "news/2019/smart-health-working-session/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(content_copy, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "tools/devserver.py", "--port", str(port),
         "--content", str(content_copy), "--output", str(tmp_path / "output")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    said: queue.Queue = queue.Queue()  # read all the time: a full pipe would stop the server
    reader = threading.Thread(target=lambda: [said.put(line) for line in process.stdout])
    reader.daemon = True
    reader.start()
    deadline = time.monotonic() + 120
    while not said.get(timeout=max(deadline - time.monotonic(), 1)).startswith("Previewing on"):
        pass
    yield f"http://127.0.0.1:{port}/", content_copy, said
    process.terminate()
    process.wait(timeout=10)


def test_saving_a_file_rebuilds_and_reloads_the_open_page(preview, browser):
    base_url, content, said = preview
    context, page = open_page(browser)
    page.goto(base_url + ADDRESS)
    assert "smart health" in page.locator("h1").inner_text()
    source = content / ARTICLE
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            'title: City leaders ask health department to build a "smart health" sector',
            "title: Preview reloads by itself",
        ),
        encoding="utf-8",
    )
    page.wait_for_function(
        "() => document.querySelector('h1').textContent === 'Preview reloads by itself'",
        timeout=60_000,
    )
    # The page came from the quick path first, then from the whole build.
    lines = [said.get(timeout=60) for _ in range(2)]
    assert lines[0].startswith(f"Quick preview: {ADDRESS}index.html in ")
    assert lines[1].startswith("Built: ")
    assert "quick rebuild" not in lines[1]  # a new title: every list shows it
    # A change to the text alone: the whole build is a quick rebuild (plugins/quick_rebuild).
    with open(source, "a", encoding="utf-8") as text:
        text.write("\nA sentence added in the preview.\n")
    page.wait_for_function(
        "() => document.body.textContent.includes('A sentence added in the preview.')",
        timeout=60_000,
    )
    context.close()
    lines = [said.get(timeout=60) for _ in range(2)]
    assert lines[0].startswith(f"Quick preview: {ADDRESS}index.html in ")
    assert lines[1].startswith("Built: ") and lines[1].rstrip().endswith("quick rebuild)")


def test_a_broken_file_shows_its_problems_in_the_page_and_the_last_good_site_stays(
    preview, browser
):
    base_url, content, said = preview
    context, page = open_page(browser)
    page.on("console", lambda message: print("console:", message.text))
    page.on("crash", lambda _: print("the page crashed"))
    page.goto(base_url + ADDRESS)
    source = content / ARTICLE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("authors: [Tran Huong]", "authers: [Tran Huong]"), "utf-8")
    alert = page.locator("[role=alert]")
    alert.wait_for(timeout=60_000)
    assert "2019-09-13-smart-health-working-session.md:4: authers: unknown field" in (
        alert.inner_text()
    )
    assert "did you mean 'authors'?" in alert.inner_text()
    other = context.new_page()
    assert other.goto(base_url + ADDRESS).status == 200  # the last good site is still served
    source.write_text(good, encoding="utf-8")
    try:
        page.wait_for_function("() => !document.querySelector('[role=alert]')", timeout=60_000)
    finally:
        while not said.empty():  # shown if the test fails: what the server did meanwhile
            print("server:", said.get().rstrip())
    context.close()
