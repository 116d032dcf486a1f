"""The site's search finds the numbers trainees type: 988, 911, 5150, a year."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import FILE_SNIPPETS, search_results
from sphinx.testing.util import SphinxTestApp

from quizgen.sphinx_ext.search import (
    SKIP_NUMBERS,
    SKIP_SINGLE_DIGITS,
    _language_class,
    _search_numbers,
    with_numbers,
)

ROOT = Path(__file__).parent / "roots" / "test-search"


def search_index(outdir: Path) -> dict[str, Any]:
    text = (outdir / "searchindex.js").read_text("utf-8")
    index: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return index


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search-site")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(ROOT), str(out)], check=True
    )
    return out


def test_numbers_of_two_digits_or_more_are_indexed(search_site: Path) -> None:
    index = search_index(search_site)
    crisis = index["docnames"].index("crisis")
    for number in ("988", "911", "5150", "2022"):
        found = index["terms"].get(number)
        assert found == crisis or (isinstance(found, list) and crisis in found), number
    assert "7" not in index["terms"]  # single digits would find everything


def test_answers_stay_out_of_the_index_though_numbers_are_in(search_site: Path) -> None:
    """A quiz's numbers in answers, options and feedback are not searchable: only stems are."""
    terms = search_index(search_site)["terms"]
    for answer_only in ("72", "4242", "6161"):
        assert answer_only not in terms, answer_only


def test_the_search_page_looks_numbers_up(search_site: Path) -> None:
    script = (search_site / "_static" / "searchtools.js").read_text("utf-8")
    assert SKIP_SINGLE_DIGITS in script
    assert "queryTerm.match(/^\\d+$/)" not in script


def test_a_sphinx_whose_search_script_changed_is_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        (app.outdir / "_static" / "searchtools.js").write_text("/* another script */", "utf-8")
        _search_numbers(app, None)
        warnings = app.warning.getvalue()  # type: ignore[attr-defined]
    finally:
        app.cleanup()
    assert "may not find 988 or 911" in warnings and "[quizgen.search]" in warnings


class Intranet(SimpleHTTPRequestHandler):
    """Serves the site, answering the browser's own request for /favicon.ico with no content."""

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet test output


@pytest.fixture(scope="module")
def served(search_site: Path) -> Iterator[str]:
    """The search site on a local web server (loopback only), as an intranet would serve it."""
    handler = functools.partial(Intranet, directory=str(search_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["988", "911", "5150"])
def test_searching_a_number_finds_the_page_from_a_web_server(
    new_tab: Callable[..., Any], served: str, query: str
) -> None:
    tab = new_tab(local=("file:", served))
    assert search_results(tab, served, query) == ["crisis.html"]
    assert tab.errors == [] and tab.requests == []


@pytest.mark.browser
def test_searching_a_number_finds_the_page_from_the_disk(
    new_tab: Callable[..., Any], search_site: Path
) -> None:
    tab = new_tab()
    for query in ("988", "911"):
        assert search_results(tab, search_site.as_uri() + "/", query) == ["crisis.html"]
    assert [error for error in tab.errors if not FILE_SNIPPETS.match(error)] == []
    assert tab.requests == []


@pytest.mark.parametrize("language", ["en", "es", "en_US"])
def test_every_language_keeps_its_own_rules_and_adds_numbers(language: str) -> None:
    base = _language_class(language)
    numbers = with_numbers(base)({})
    assert numbers.word_filter("988") and numbers.word_filter("5150")
    assert not numbers.word_filter("7")
    stopword = next(iter(base.stopwords))
    assert not numbers.word_filter(stopword) and not base({}).word_filter(stopword)
    assert numbers.stem("crises") == base({}).stem("crises")


@pytest.mark.parametrize(
    "line",
    [
        # Sphinx 8 and 9
        "if (stopwords.has(queryTermLower) || queryTerm.match(/^\\d+$/)) return;",
        # Sphinx 7 (formatted over lines)
        "if (\n  stopwords.indexOf(queryTermLower) !== -1 ||\n"
        "  queryTerm.match(/^\\d+$/)\n)\n  return;",
    ],
)
def test_the_patch_fits_the_wordings_sphinx_has_shipped(line: str) -> None:
    patched, count = SKIP_NUMBERS.subn(lambda _: SKIP_SINGLE_DIGITS, line)
    assert count == 1 and "/^\\d+$/" not in patched and "/^\\d$/" in patched
