"""Shared fixtures: real Pelican builds of the sample site, or of a copy of it that a test
changes, into temporary folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitecheck import BuiltSite  # noqa: E402

from tools.browser import launch_chromium  # noqa: E402
from tools.static_server import serve  # noqa: E402


def run_pelican(content: Path, output: Path, settings: str = "pelicanconf.py", *extra: str):
    """Build `content` into `output` with the project's settings; return the finished process.
    `extra` are settings, as KEY=VALUE: they join the one `-e` (Pelican keeps only the last)."""
    cache = output.parent / f"{output.name}-cache"  # each build its own: no state shared
    command = [
        sys.executable, "-m", "pelican", str(content),
        "-s", str(ROOT / settings), "-o", str(output), "--fatal", "errors",
        "-e", f'CACHE_PATH="{cache}"', *extra,
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def build(content: Path, output: Path, settings: str = "pelicanconf.py", *extra) -> BuiltSite:
    result = run_pelican(content, output, settings, *extra)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(output)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path there, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The sample site, built once for the whole run."""
    return build(ROOT / "content", tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> BuiltSite:
    """The sample site built with publishconf.py, as CI publishes it."""
    return build(
        ROOT / "content", tmp_path_factory.mktemp("published") / "output", "publishconf.py"
    )


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the sample content that a test may change before building it."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


# --- A browser on the served sample site (readers' gates, search) -----------------------------


def production_csp() -> str:
    """The Content-Security-Policy the public site is served with, from pelicanconf.py."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["CONTENT_SECURITY_POLICY"]


@pytest.fixture(scope="session")
def served(site):
    with serve(site.root, {"Content-Security-Policy": production_csp()}) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def open_page(browser, width=1280, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    return context, context.new_page()


def pytest_collection_modifyitems(items):
    """Tests that drive a browser are marked `browser`: `make test-fast` leaves them out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
