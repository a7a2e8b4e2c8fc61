"""The preview server as an editor and a browser meet it: a save shows in the open page, a
broken file's problems show in every open page until it is mended, a site whose first
reading fails answers every address with its problems, an unknown address gets the site's
404 page, a news item dated in the future appears when it falls due, and the server answers
only to its own host name and survives malformed requests."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import socket
import time
from zoneinfo import ZoneInfo

import pytest
from conftest import open_page

from preview.server import with_reload_script

from .preview_site import PreviewServer, SiteCopy

ARTICLE = "news/2019/2019-09-13-smart-health-working-session.en.md"
ADDRESS = "news/2019/smart-health-working-session/"
OTHER_ADDRESS = "contact/"


@pytest.fixture
def site(tmp_path):
    return SiteCopy(tmp_path)


@pytest.fixture
def preview(site):
    server = PreviewServer(site)
    yield server
    server.stop()
    print("The preview server said:", server.output(), sep="\n")  # shown if the test failed


def test_a_save_shows_in_the_open_page(site, preview, browser):
    context, page = open_page(browser)
    page.goto(preview.base + ADDRESS)
    source = site.content / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("title: City leaders", "title: Preview shows it, city leaders"),
                      encoding="utf-8")  # fmt: skip
    page.wait_for_function(
        "() => document.querySelector('h1').textContent.startsWith('Preview shows it')",
        timeout=60_000,
    )
    context.close()


def test_a_broken_file_shows_its_problems_in_every_open_page_until_it_is_mended(
    site, preview, browser
):
    context, page = open_page(browser)
    page.goto(preview.base + ADDRESS)
    other = context.new_page()
    other.goto(preview.base + OTHER_ADDRESS)
    source = site.content / ARTICLE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("\nauthors:", "\nauthers:", 1), "utf-8")
    for open_page_ in (page, other):
        alert = open_page_.locator("[role=alert]")
        alert.wait_for(timeout=60_000)
        assert f"content/{ARTICLE}:4: authers: unknown field" in alert.inner_text()
        assert "did you mean 'authors'?" in alert.inner_text()
    # Meanwhile the site before the change is still there to look at.
    assert preview.get(OTHER_ADDRESS).status == 200
    source.write_text(good, encoding="utf-8")
    page.wait_for_function("() => !document.querySelector('[role=alert]')", timeout=60_000)
    other.wait_for_function("() => !document.querySelector('[role=alert]')", timeout=60_000)
    context.close()


def test_a_site_whose_first_reading_fails_answers_every_address_with_its_problems(tmp_path):
    site = SiteCopy(tmp_path)
    source = site.content / ARTICLE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("summary:", "sumary:"), encoding="utf-8")
    server = PreviewServer(site)
    try:
        for address in ("", ADDRESS, "no/such/page/", "theme/css/main.css"):
            answer = server.get(address)
            assert answer.status == 500, address
            assert f"content/{ARTICLE}:6: sumary: unknown field".encode() in answer.body
        # The browser editor is there all the same: an editor may need it to mend the file.
        editor = server.get("admin/")
        assert editor.status == 200 and b"decap-cms.js" in editor.body
        assert b"reload.js" not in editor.body
        source.write_text(good, encoding="utf-8")
        server.wait_until_taken([source])
        assert server.get(ADDRESS).status == 200
    finally:
        server.stop()


def test_an_unknown_address_gets_the_sites_404_page(site, preview, tmp_path):
    site.build(tmp_path / "build")
    answer = preview.get("no/such/page/")
    assert answer.status == 404
    assert answer.body == (tmp_path / "build" / "404.html").read_bytes()
    assert preview.get("../../etc/passwd").status == 404


def test_pages_carry_the_reload_script_unless_asked_for_as_built(preview):
    raw = preview.get(ADDRESS).body
    shown = preview.get(ADDRESS, raw=False).body
    assert b"/_preview/" not in raw
    version = int(re.search(rb"reload\.js\?v=(\d+)", shown)[1])
    assert shown == with_reload_script(raw, version)


def test_only_the_servers_own_host_name_is_answered(preview):
    assert preview.get("", headers={"Host": f"attacker.example:{preview.port}"}).status == 421
    assert preview.get("", headers={"Host": f"localhost:{preview.port}"}).status == 200


def test_malformed_requests_get_an_answer(preview):
    for target in ("/%ff%fe/", "/?%%%", "/search/?q=%E0%A4%A", "//", "/a\\b"):
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
        connection.putrequest("GET", target, skip_host=True)
        connection.putheader("Host", f"127.0.0.1:{preview.port}")
        connection.endheaders()
        assert connection.getresponse().status in (200, 301, 400, 404), target
        connection.close()
    with socket.create_connection(("127.0.0.1", preview.port), timeout=30) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        assert b"Bad request" in raw.recv(1000)  # http.server's answer to a request line
    assert preview.get(ADDRESS).status == 200


def test_a_news_item_dated_in_the_future_appears_when_it_falls_due(site, preview):
    due = dt.datetime.now(ZoneInfo("Europe/Malta")).replace(microsecond=0)
    due += dt.timedelta(seconds=8)
    path = site.content / "news" / str(due.year) / f"{due:%Y-%m-%d}-falls-due.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"---\ntitle: An item that falls due\ndate: {due:%Y-%m-%d %H:%M:%S}\n"
        "authors: [Test Editor]\nsummary: It appears on its own.\n---\nIts text.\n",
        encoding="utf-8",
    )
    preview.wait_until_taken([path])
    address = f"news/{due.year}/falls-due/"
    if (due - dt.datetime.now(ZoneInfo("Europe/Malta"))).total_seconds() > 3:
        # Before its time it is a draft: previewed, not published.
        assert preview.get(address).status == 404
        assert preview.get("drafts/falls-due/").status == 200
    deadline = time.monotonic() + 60
    while preview.get(address).status != 200:
        assert time.monotonic() < deadline, preview.output()
        time.sleep(0.2)


def test_a_saved_catalogue_of_the_sites_words_shows_in_the_open_page(site, preview, browser):
    context, page = open_page(browser)
    page.goto(preview.base + "mt/kuntatt/")
    catalogue = site.theme / "translations/mt/LC_MESSAGES/messages.po"
    text = catalogue.read_text(encoding="utf-8")
    old = 'msgstr "Aqbeż għall-kontenut ewlieni"'
    assert old in text
    catalogue.write_text(text.replace(old, 'msgstr "Mur għall-kontenut"'), encoding="utf-8")
    page.wait_for_function(
        "() => document.querySelector('.skip-link')?.textContent === 'Mur għall-kontenut'",
        timeout=120_000,
    )
    context.close()
