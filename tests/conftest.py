"""Shared fixtures: Sphinx's test fixtures and the test projects in ``tests/roots``."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its projects."""
    return TESTS / "roots"


@pytest.fixture
def all_types_text() -> str:
    """A valid bank holding every question type (and one secure item)."""
    return (DATA / "all-types.bank.yaml").read_text("utf-8")


# -- a real browser -----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; skipped where it is missing, except in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("QUIZGEN_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and QUIZGEN_REQUIRE_BROWSER is set")
        pytest.skip(f"browser tests need {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def axe() -> Callable[[Page], list[str]]:
    """``axe(page)``: axe-core's WCAG 2.1 A and AA violations on the page, one line a node."""
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()  # reads axe.min.js once

    def violations(page: Page) -> list[str]:
        found = engine.run(page, options=WCAG_21_AA).response["violations"]
        return [f"{item['id']}: {node['target']}" for item in found for node in item["nodes"]]

    return violations


@dataclass
class Tab:
    """A browser page and what it reported: script errors and dialogs, requests off the disk."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def new_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """``new_tab(init_script=None, local=("file:",), **context options)``: a fresh profile's page.

    Requests to URLs not starting with one of *local* are recorded: a page that works
    offline makes none.
    """
    contexts = []

    def open_tab(
        init_script: str | None = None, local: tuple[str, ...] = ("file:",), **options: Any
    ) -> Tab:
        context = browser.new_context(**options)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        tab = Tab(context.new_page())
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        tab.page.on("dialog", lambda dialog: tab.errors.append(f"dialog: {dialog.message}"))
        tab.page.on(
            "request", lambda r: None if r.url.startswith(local) else tab.requests.append(r.url)
        )
        return tab

    yield open_tab
    for context in contexts:
        context.close()


# -- the search page ------------------------------------------------------------------------

# From file:// the browser blocks the requests Sphinx's search page makes for the
# snippets under each result: the results are listed all the same, without snippets.
FILE_SNIPPETS = re.compile(
    r"^(Access to fetch at 'file://.*from origin 'null'.*|Failed to load resource: net::ERR_FAILED"
    r"|(TypeError: )?Failed to fetch)$"
)


def search_results(tab: Tab, base: str, query: str) -> list[str]:
    """The pages the search page at *base* lists for *query*, in order."""
    page = tab.page
    page.goto(f"{base}search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=20_000)
    page.wait_for_function(
        "() => !document.querySelector('#search-results h2')"
        " || !/Searching/.test(document.querySelector('#search-results h2').textContent)"
    )
    links = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [re.sub(r"[?#].*$", "", href) for href in links]


@pytest.fixture(scope="session")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``test-quiz`` project built to HTML once for all browser tests."""
    out = tmp_path_factory.mktemp("quiz-site")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-W",
        "-b",
        "html",
        str(TESTS / "roots" / "test-quiz"),
        str(out),
    ]
    subprocess.run(command, check=True)
    return out


# -- the real project, built as the Makefile builds it ------------------------------------

PROJECT = TESTS.parent


def build_project(out: Path, *options: str) -> Path:
    """Build the project's HTML into *out* with ``make html``'s options (and *options*)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-n", "-W", "--keep-going", "-b", "html"]
    command += [*options, "-d", str(out / "doctrees"), str(PROJECT), str(out / "html")]
    subprocess.run(command, check=True)
    return out / "html"


@pytest.fixture(scope="session")
def trainee_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trainee edition (``make html``)."""
    return build_project(tmp_path_factory.mktemp("trainee"))


@pytest.fixture(scope="session")
def instructor_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The instructor edition (``make instructor``)."""
    return build_project(tmp_path_factory.mktemp("instructor"), "-t", "instructor")


# -- a local web server --------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serving(root: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def serve() -> Callable[[Path], AbstractContextManager[str]]:
    """``with serve(folder) as base:``: the folder over HTTP on 127.0.0.1 (a secure context
    for service workers), quietly; *base* is its address."""
    return _serving
