"""`make audit`: Lighthouse on the main page types, mobile and desktop, against the sample site
built and served here with the production Content-Security-Policy. Writes a short report of
scores and failed audits to reports/lighthouse.md (and the raw JSON beside it).

Slow (about 15 s a page), so it is not part of `make test`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from tools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tools.static_server import serve  # noqa: E402

PAGES = {
    "home": "",
    "office": "office/",
    "directorate": "directorates/nursing-services/",
    "news index": "news/",
    "article": "news/2019/smart-health-working-session/",
    "standing page": "accessibility/",
    "search": "search/?q=nurse",
}
PRESETS = ["mobile", "desktop"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
REPORTS = ROOT / "reports"


def csp() -> str:
    return read_settings(str(ROOT / "pelicanconf.py"))["CONTENT_SECURITY_POLICY"]


def build_site(output: Path, siteurl: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
         "--fatal", "errors", "-q"],
        cwd=ROOT, check=True, env={**os.environ, "SITEURL": siteurl.rstrip("/")},
    )  # fmt: skip


def lighthouse(url: str, preset: str, json_path: Path) -> dict:
    command = [
        str(ROOT / "node_modules/.bin/lighthouse"), url, "--quiet", "--output=json",
        f"--output-path={json_path}", f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    return json.loads(json_path.read_text(encoding="utf-8"))


def failed_audits(report: dict) -> list[str]:
    """Titles of the audits that count towards a score and did not pass."""
    failed = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failed.append(f"{category['title']}: {audit['title']} ({audit['score']:.2f})")
    return sorted(set(failed))


def main() -> int:
    REPORTS.mkdir(exist_ok=True)
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        with serve(output, {"Content-Security-Policy": csp()}) as base_url:
            build_site(output, base_url)
            for name, address in PAGES.items():
                for preset in PRESETS:
                    slug = f"{name.replace(' ', '-')}-{preset}"
                    report = lighthouse(base_url + address, preset, REPORTS / f"{slug}.json")
                    scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                    rows.append(f"| {name} | {preset} | " + " | ".join(map(str, scores)) + " |")
                    notes += [f"- {name}, {preset}: {audit}" for audit in failed_audits(report)]
    lines = [
        "# Lighthouse audit",
        "",
        "| page | preset | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "## Audits that did not pass",
        "",
        *(notes or ["None."]),
        "",
    ]
    (REPORTS / "lighthouse.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
