"""Which theme: axe-core violations and page weight of the real course in each theme.

Needs the candidate themes installed (``pip install pydata-sphinx-theme
sphinx-book-theme sphinx-rtd-theme``; missing ones are skipped) and Debian's
Chromium. Prints, per theme, the WCAG 2.1 A/AA violations axe-core finds on a
sample of pages (desktop light and phone dark) and the gzipped bytes a browser
loads for the home page and a quiz page (HTML plus local CSS and JS).
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).parent.parent
THEMES = {
    "furo": "furo",
    "pydata_sphinx_theme": "pydata_sphinx_theme",
    "sphinx_book_theme": "sphinx_book_theme",
    "sphinx_rtd_theme": "sphinx_rtd_theme",
    "alabaster": "alabaster",
}
SAMPLE = [
    "index.html",
    "curriculum/08-de-escalation/lesson-1-active-listening.html",
    "curriculum/08-de-escalation/self-check.html",
    "curriculum/01-cit-model/lesson-2-crisis-system.html",
    "docs/glossary.html",
    "docs/references.html",
]
WEIGHED = ["index.html", "curriculum/08-de-escalation/self-check.html"]
MODES = [(1280, "light"), (375, "dark")]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def build(theme: str, out: Path) -> Path:
    """The trainee site in *theme* (warnings allowed: themes differ in what they support)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"html_theme={theme}"]
    command += ["-d", str(out / "doctrees"), str(PROJECT), str(out / "html")]
    subprocess.run(command, check=True, capture_output=True)
    return out / "html"


def page_weight(site: Path, page: str) -> int:
    """Gzipped bytes of a page and the local stylesheets and scripts it loads."""
    html_path = site / page
    html = html_path.read_text("utf-8")
    total = len(gzip.compress(html.encode("utf-8"), 9))
    for ref in re.findall(r'(?:href|src)="([^"?#]+\.(?:css|js))', html):
        asset = (html_path.parent / ref).resolve()
        if asset.is_file():
            total += len(gzip.compress(asset.read_bytes(), 9))
    return total


def violations(site: Path) -> int:
    """axe-core violations (nodes) over the sample pages in both modes."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    args += ["--disable-component-update", "--disable-sync"]
    count = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for width, scheme in MODES:
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                color_scheme=scheme,  # type: ignore[arg-type]
            )
            tab = context.new_page()
            for page in SAMPLE:
                tab.goto((site / page).as_uri())
                result = Axe().run(tab, options=WCAG_21_AA)
                count += sum(len(item["nodes"]) for item in result.response["violations"])
            context.close()
        browser.close()
    return count


def bench_themes(workdir: Path) -> None:
    """Print violations and page weight per installed theme."""
    for theme, module in THEMES.items():
        if importlib.util.find_spec(module) is None:
            print(f"themes: {theme}: not installed, skipped")
            continue
        site = build(theme, workdir / theme)
        weights = ", ".join(f"{page_weight(site, page):,} B" for page in WEIGHED)
        print(
            f"themes: {theme}: {violations(site)} axe violations on {len(SAMPLE)} pages x "
            f"{len(MODES)} modes; home, quiz page: {weights} gzipped"
        )
