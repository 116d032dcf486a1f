"""The site's search finds numbers: 988, 911, 5150, a statute number, a year.

Sphinx leaves every all-digit word out twice: its indexer
(``SearchLanguage.word_filter`` rejects ``word.isdigit()``) and its search
page (``searchtools.js`` skips a query term matching ``/^\\d+$/``). A course
whose crisis line is 988 cannot live with that, so:

- the index: the build's search language is replaced, through Sphinx's own
  extension point (``app.add_search_language``), by a subclass that keeps
  numbers of two digits or more (single digits would swell the index and
  find everything);
- the search page: Sphinx has no hook there, so after each HTML build the
  ``searchtools.js`` that Sphinx (or the theme) copied into ``_static`` gets
  one change, the skip of numbers narrowed to single digits. The change is
  made to the file of the Sphinx version in use, so it stays in step with
  it; if a Sphinx release words that line differently, the build warns
  (``quizgen.search``) instead of silently finding no numbers.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search import SearchLanguage, languages
from sphinx.search.en import SearchEnglish

from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SEARCH_SCRIPT = "searchtools.js"
# The test in searchtools.js that drops every all-digit query term.
SKIP_NUMBERS = re.compile(r"\|\|\s*queryTerm\.match\(/\^\\d\+\$/\)")
SKIP_SINGLE_DIGITS = "|| queryTerm.match(/^\\d$/) /* quizgen: numbers are indexed */"


def setup_search(app: Sphinx) -> None:
    """Index numbers, and let the search page look them up."""
    app.connect("config-inited", _index_numbers)
    app.connect("build-finished", _search_numbers)


def keeps(word: str) -> bool:
    """Whether a number goes into the index: two digits or more (``988``, ``5150``, ``2024``)."""
    return len(word) >= 2


def with_numbers(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """*base*, indexing numbers of two digits or more as well as words."""

    def word_filter(self: SearchLanguage, word: str) -> bool:
        if word.isdigit():
            return keeps(word)
        return base.word_filter(self, word)

    namespace = {"word_filter": word_filter, "indexes_numbers": True}
    return type(f"{base.__name__}WithNumbers", (base,), namespace)


def _language_class(name: str) -> type[SearchLanguage]:
    """The search language Sphinx would use for *name* (as ``IndexBuilder`` looks it up)."""
    found = languages.get(name)
    if found is None and "_" in name:
        found = languages.get(name.partition("_")[0])
    if found is None:
        return SearchEnglish
    if isinstance(found, str):
        module, classname = found.rsplit(".", 1)
        loaded: type[SearchLanguage] = getattr(import_module(module), classname)
        return loaded
    return found


def _index_numbers(app: Sphinx, config: Config) -> None:
    base = _language_class(config.html_search_language or config.language or "en")
    if not getattr(base, "indexes_numbers", False):  # else registered by an earlier build
        app.add_search_language(with_numbers(base))


def _search_numbers(app: Sphinx, exception: Exception | None) -> None:
    """Let the built search page look up numbers (see the module's docstring)."""
    if exception is not None or not getattr(app.builder, "search", False):
        return
    script = Path(app.outdir) / "_static" / SEARCH_SCRIPT
    if not script.is_file():
        return
    text = script.read_text("utf-8")
    patched, count = SKIP_NUMBERS.subn(lambda _: SKIP_SINGLE_DIGITS, text)
    if count == 1:
        script.write_text(patched, "utf-8")
    elif SKIP_SINGLE_DIGITS not in text:
        warn(
            f"search: {SEARCH_SCRIPT} of this Sphinx version does not skip numbers the way "
            "quizgen expects, so the search page may not find 988 or 911: "
            "see quizgen/sphinx_ext/search.py",
            None,
            Subtype.SEARCH,
        )
