"""The public build as CI publishes it: byte-identical from one build to the next,
precompressed, fingerprinted, with its security headers; and the workflows that publish it."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import brotli
import yaml
from conftest import ROOT, build
from pelican.settings import read_settings

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
WORKFLOWS = ROOT / ".github/workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def published_csp() -> str:
    """The public build's Content-Security-Policy (publishconf.py: with no feedback service
    named, nothing but the site itself)."""
    return read_settings(str(ROOT / "publishconf.py"))["CONTENT_SECURITY_POLICY"]


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_at_different_times_in_different_folders_are_identical(published_site, tmp_path):
    time.sleep(1.1)  # a different second on the clock than the first build
    elsewhere = tmp_path / "somewhere else" / "content"
    shutil.copytree(ROOT / "content", elsewhere)
    second = build(elsewhere, tmp_path / "another output", "publishconf.py")
    first, again = digests(published_site.root), digests(second.root)
    assert first.keys() == again.keys()
    assert [name for name in first if first[name] != again[name]] == []


def test_every_text_file_has_gzip_and_brotli_copies_that_decompress_to_it(published_site):
    checked = 0
    for path in published_site.root.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        if published_site.is_editor(path) and path.name.endswith("decap-cms.js"):
            # Decap's own scripts are copied after the compression, on purpose
            # (plugins/publishing/cms_admin): the host compresses them for the few editors.
            assert not path.with_name(path.name + ".br").exists()
            continue
        original = path.read_bytes()
        compressed = [path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")]
        if len(original) < 200:
            continue  # too small to gain from compression; the plugin may skip it
        assert all(p.exists() for p in compressed), path
        assert gzip.decompress(compressed[0].read_bytes()) == original
        assert brotli.decompress(compressed[1].read_bytes()) == original
        checked += 1
    assert checked > 50


def test_stylesheets_and_scripts_carry_a_content_hash_that_every_page_uses(published_site):
    root = published_site.root
    assets = [p for p in (root / "theme").rglob("*") if p.suffix in (".css", ".js")]
    assert assets
    for path in assets:
        digest = path.stem.rsplit(".", 1)[-1]
        assert re.fullmatch(r"[0-9a-f]{10}", digest), f"{path} has no hash in its name"
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest)
    references = set()
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        references |= set(re.findall(r'(?:href|src)="[^"]*?/(theme/[^"]+\.(?:css|js))"', html))
    assert {"theme/css", "theme/js"} <= {ref.rsplit("/", 1)[0] for ref in references}
    for reference in references:
        assert (root / reference).is_file(), reference


def headers_of(text: str) -> dict[str, dict[str, str]]:
    rules, current = {}, None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        elif line.strip() and not line.strip().startswith("! "):  # "! name" detaches a header
            name, value = line.strip().split(": ", 1)
            current[name] = value
    return rules


def test_headers_file_sets_a_strict_policy_and_long_caching_for_hashed_files(published_site):
    rules = headers_of(published_site.text("_headers"))
    everything = rules["/*"]
    csp = everything["Content-Security-Policy"]
    assert csp == published_csp()
    for directive in ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
                      "form-action 'self'", "script-src 'self'", "style-src 'self'"]:  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert everything["Strict-Transport-Security"].startswith("max-age=")
    assert int(everything["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31536000
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Referrer-Policy"] and everything["Permissions-Policy"]
    for folder in ["/theme/css/*", "/theme/js/*"]:
        assert "immutable" in rules[folder]["Cache-Control"]


def test_every_page_carries_the_policy_without_what_a_meta_element_cannot_hold(published_site):
    expected = "; ".join(
        part for part in published_csp().split("; ") if not part.startswith("frame-ancestors")
    )
    for path in published_site.html_files():
        soup = published_site.page(published_site.url_of(path))
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta and meta["content"] == expected, path
        first = soup.head.find(True)
        assert first.name == "meta" and first.get("charset"), "charset must come first"


def workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); read it back as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def steps_of(data: dict):
    for job in data["jobs"].values():
        yield from job.get("steps", [])


def test_workflows_are_valid_github_actions_files():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.github-workflows", *map(str, sorted(WORKFLOWS.glob("*.yml")))],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit():
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps_of(workflow(path.name)):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']}"


def test_pull_requests_run_the_tests_and_upload_the_built_site():
    data = workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    assert data["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in steps_of(data)]
    assert "bash .ci/run" in runs and "make publish" in runs
    uploads = [s for s in steps_of(data) if s.get("uses", "").startswith("actions/upload-art")]
    assert uploads and uploads[0]["with"]["path"] == "${{ steps.site.outputs.path }}"
    assert uploads_the_folder_output_links_to(data)


def uploads_the_folder_output_links_to(data) -> bool:
    """output/ is a symbolic link to the build's folder (tools/build.py): the step before
    the upload resolves it."""
    steps = steps_of(data)
    return any(step.get("id") == "site" and "readlink -f output" in step.get("run", "")
               for step in steps)  # fmt: skip


def test_publishing_runs_on_merge_and_hourly_one_at_a_time_with_least_privilege():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["on"]["schedule"][0]["cron"].split()[1:] == ["*", "*", "*", "*"]  # hourly
    assert data["concurrency"]["cancel-in-progress"] is False
    assert data["permissions"] == {"contents": "read"}
    build_job, deploy_job = data["jobs"]["build"], data["jobs"]["deploy"]
    assert "permissions" not in build_job
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["needs"] == "build"
    assert "make publish" in [step.get("run") for step in build_job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps_of(data)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert uploads_the_folder_output_links_to(data)


def test_make_targets_the_workflows_run_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps_of(workflow(path.name)):
            for target in re.findall(r"\bmake (\w+)", step.get("run", "")):
                assert re.search(rf"^{target}:|^\S.* {target}:|^{target} ", makefile, re.M), target
    assert (ROOT / ".ci/run").exists()
