"""Make the sample publications: each HTML file in tools/sample_documents/ printed by
Chromium as a tagged PDF (with its title and language) into content/documents/.

    make sample-documents

Chromium writes the structure tree screen readers need when asked for a tagged PDF, and
takes the title and language from the page's <title> and `lang`. The PDFs are committed, so
a build needs no browser; run this again after changing a source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.browser import launch_chromium

SOURCES = Path(__file__).resolve().parent / "sample_documents"
STYLESHEET = SOURCES / "document.css"
PAGE_FORMAT = {"format": "A4", "margin": {"top": "20mm", "bottom": "20mm", "left": "20mm",
                                          "right": "20mm"}}  # fmt: skip


def print_pdfs(browser, sources: list[Path], target: Path, tagged: bool = True) -> list[Path]:
    """Print each HTML file in `sources` as `target/<its name>.pdf` with a Playwright
    `browser`; return the PDFs."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    page = browser.new_page()
    for source in sources:
        page.set_content(source.read_text(encoding="utf-8"))
        if STYLESHEET.is_file():
            page.add_style_tag(path=str(STYLESHEET))
        pdf = target / f"{source.stem}.pdf"
        page.pdf(path=str(pdf), tagged=tagged, **PAGE_FORMAT)
        written.append(pdf)
    page.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="content/documents", type=Path)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for pdf in print_pdfs(browser, sorted(SOURCES.glob("*.html")), args.target):
            print(f"wrote {pdf}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
