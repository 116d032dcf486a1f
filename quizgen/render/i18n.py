"""The ``quizgen`` message catalog, for the outputs made without Sphinx (exams, reports).

Every word quizgen shows goes through this one catalog: the Sphinx extension
registers it with ``app.add_message_catalog`` (so a build's ``language``
picks it), and the exam documents load it here by language. A translation
is a ``locale/<language>/LC_MESSAGES/quizgen.po`` compiled to ``.mo`` beside
``locale/quizgen.pot``; where a message has no translation, English shows.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

DOMAIN = "quizgen"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def translations(language: str | None, *more_dirs: Path) -> gettext.NullTranslations:
    """The catalog for *language* (English where a message or the whole catalog is missing).

    Catalogs in *more_dirs* (a project's own ``locale/``) come first, ours after.
    """
    if not language or language == "en":
        return english()
    found: gettext.NullTranslations = english()
    for folder in reversed([*more_dirs, LOCALE_DIR]):
        catalog = gettext.translation(DOMAIN, folder, languages=[language], fallback=True)
        if type(catalog) is not gettext.NullTranslations:
            catalog.add_fallback(found)
            found = catalog
    return found


def english() -> gettext.NullTranslations:
    """No translation: every message as written."""
    return gettext.NullTranslations()


def css_string(text: str) -> str:
    """*text* as a CSS string literal: anything but plain characters as a hex escape.

    Safe inside ``<style>`` whatever the text holds (``<``, quotes, backslashes).
    """
    return '"' + "".join(c if c.isalnum() or c in " ,.-" else f"\\{ord(c):x} " for c in text) + '"'


def page_numbers(template: str) -> str:
    """A footer such as ``Version A, page {page} of {pages}`` as CSS ``content`` with counters."""
    pieces = re.split(r"\{(page|pages)\}", template)
    return " ".join(
        f"counter({piece})" if n % 2 == 1 else css_string(piece)
        for n, piece in enumerate(pieces)
        if piece
    )
