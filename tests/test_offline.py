"""The trainee site as an installable app that works offline (contract: delivery.md).

Served over HTTP from a local server, in Chromium: after the first visit the
network goes off and pages, search and a quiz still work; a rebuilt site
deployed over it makes the open page say a new version is available, and the
old cache goes. From file:// nothing of this runs and nothing fails.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizgen.site.offline import App, precache, service_worker, write_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import Tab


def test_the_worker_lists_every_file_and_its_version_follows_the_content(
    trainee_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(trainee_site, site)
    worker = (site / "sw.js").read_text("utf-8")
    listed = json.loads(re.search(r"const FILES = (\[.*\]);", worker).group(1))  # type: ignore[union-attr]
    files = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name not in {"sw.js", "objects.inv"}
    }
    assert set(listed) - {"./"} == files
    assert {"index.html", "searchindex.js", "manifest.webmanifest", "_static/quizgen.js"} <= files
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./index.html"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    version = re.search(r'const CACHE = PREFIX \+ "([0-9a-f]+)"', worker)
    assert version is not None
    assert (
        service_worker(precache(site), "cit-training") == worker
    )  # the same build, the same worker
    (site / "index.html").write_text((site / "index.html").read_text("utf-8") + "\n", "utf-8")
    changed = service_worker(precache(site), "cit-training")
    assert version.group(1) not in changed  # other content: a cache of its own


def test_the_academy_names_and_colors_the_app(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>", "utf-8")
    app = App("Riverside Regional Police Academy CIT", "Riverside CIT", color="#7a1f2b")
    write_app(tmp_path, app, "riverside")
    manifest = json.loads((tmp_path / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["theme_color"]) == (
        "Riverside Regional Police Academy CIT",
        "Riverside CIT",
        "#7a1f2b",
    )
    from PIL import Image

    with Image.open(tmp_path / "_static" / "quizgen-icon-512.png") as icon:
        assert icon.size == (512, 512)
        assert icon.getpixel((5, 5)) == (0x7A, 0x1F, 0x2B)
    assert '"quizgen-riverside-"' in (tmp_path / "sw.js").read_text("utf-8")


# -- over HTTP, in Chromium ------------------------------------------------------------------


@pytest.fixture
def served(
    trainee_site: Path, tmp_path: Path, serve: Callable[[Path], AbstractContextManager[str]]
) -> Iterator[tuple[str, Path]]:
    """A copy of the trainee site on a local HTTP server (a secure context for workers)."""
    root = tmp_path / "www"
    shutil.copytree(trainee_site, root)
    with serve(root) as base:
        yield base, root


def first_visit(tab: Tab, url: str) -> Page:
    """Open *url* and wait until the worker has cached the site and controls the page."""
    page = tab.page
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    return page


@pytest.mark.browser
def test_after_one_visit_the_site_works_with_the_network_off(
    served: tuple[str, Path], new_tab: Callable[..., Tab]
) -> None:
    base, _ = served
    tab = new_tab(local=(base, "data:"))
    page = first_visit(tab, f"{base}/index.html")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{base}/manifest.webmanifest" and manifest["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test browser profile is incognito-like, which alone keeps Chromium from installing.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []

    page.context.set_offline(True)
    for path in (
        "curriculum/03-suicide/index.html",
        "curriculum/08-de-escalation/lesson-1-active-listening.html",
        "docs/glossary.html",
        "docs/progress.html",
        "curriculum/syllabus.html",
    ):
        page.goto(f"{base}/{path}")
        assert page.locator("h1").first.inner_text().strip() != ""
    page.goto(f"{base}/search.html?q=suicide")
    page.locator("#search-results li").first.wait_for()
    assert page.locator("#search-results li").count() > 3
    page.goto(f"{base}/curriculum/03-suicide/self-check.html")
    question = page.locator("[data-quiz-question]:visible").first
    question.locator("input, textarea, select").first.focus()
    page.keyboard.press("Space")
    question.get_by_role("button", name="Check answer").press("Enter")
    assert question.get_by_role("status").inner_text() != ""
    assert tab.errors == []


@pytest.mark.browser
def test_a_new_build_says_so_and_replaces_the_old_cache(
    served: tuple[str, Path], new_tab: Callable[..., Tab], axe: Callable[[Page], list[str]]
) -> None:
    base, root = served
    tab = new_tab(local=(base, "data:"))
    page = first_visit(tab, f"{base}/curriculum/03-suicide/index.html")
    old = page.evaluate("caches.keys()")
    # An academy deploys a rebuilt site: a page changed, so the build wrote a new worker.
    page_file = root / "curriculum" / "03-suicide" / "index.html"
    page_file.write_text(page_file.read_text("utf-8").replace("</h1>", " (2027)</h1>", 1), "utf-8")
    write_app(root, App("CIT Training", "CIT Training"), "cit-training")
    page.reload()
    notice = page.get_by_role("status").filter(has_text="A new version of this course is available")
    notice.wait_for(timeout=60_000)
    assert axe(page) == []
    notice.get_by_role("button", name="Reload").press("Enter")
    page.wait_for_function(
        "document.querySelector('h1').textContent.includes('(2027)')", timeout=60_000
    )
    page.wait_for_function(
        f"caches.keys().then((k) => k.length === 1 && k[0] !== {old[0]!r})", timeout=60_000
    )
    assert tab.errors == []


@pytest.mark.browser
def test_from_the_file_system_nothing_registers_and_nothing_fails(
    trainee_site: Path, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab()
    tab.page.goto((trainee_site / "index.html").as_uri())
    tab.page.wait_for_load_state("load")
    assert tab.page.evaluate("document.querySelector('link[rel=manifest]')") is None
    assert (
        tab.page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null")
        is None
    )
    assert tab.errors == [] and tab.requests == []
