"""The ``quizgen`` message catalog, for the outputs made without Sphinx (exams, reports).

Every word quizgen shows goes through this one catalog: the Sphinx extension
registers it with ``app.add_message_catalog`` (so a build's ``language``
picks it), and the exam documents load it here by language. A translation
is a ``locale/<language>/LC_MESSAGES/quizgen.po`` beside ``locale/quizgen.pot``,
compiled to ``.mo`` when a build or an exam first needs it (:func:`compiled`),
never by hand; where a message has no translation, English shows.
"""

from __future__ import annotations

import gettext
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "quizgen"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def translations(language: str | None, *more_dirs: Path) -> gettext.NullTranslations:
    """The catalog for *language* (English where a message or the whole catalog is missing).

    Catalogs in *more_dirs* (a project's own ``locale/``) come first, ours after.
    """
    return _chained(DOMAIN, language, [*more_dirs, LOCALE_DIR])


def bank_translations(
    language: str | None, folders: Iterable[Path], domain: str
) -> gettext.NullTranslations:
    """The translations of one bank's text (*domain*: ``banks/<bank id>``) for *language*,
    from a project's ``locale_dirs`` (the first folder wins); English where there is none."""
    return _chained(domain, language, folders)


def _chained(
    domain: str, language: str | None, folders: Iterable[Path]
) -> gettext.NullTranslations:
    """*domain*'s catalogs for *language* in *folders*, each falling back to the next one's,
    the last to English. Folders that do not exist are skipped."""
    found: gettext.NullTranslations = english()
    if not language or language == "en":
        return found
    for folder in reversed([Path(folder) for folder in folders]):
        if not folder.is_dir():
            continue
        catalog = gettext.translation(
            domain, compiled(folder, domain), languages=[language], fallback=True
        )
        if type(catalog) is not gettext.NullTranslations:
            catalog.add_fallback(found)
            found = catalog
    return found


def compiled(folder: Path, domain: str = DOMAIN) -> Path:
    """A folder of ``.mo`` files compiled from the ``.po`` files under *folder* (fuzzy left out).

    Written beside each ``.po`` (ignored by Git), or, where *folder* cannot be written
    (an installed package), under the temporary folder. A ``.mo`` older than its
    ``.po`` is compiled again; the rename makes it safe for parallel builds.
    """
    target = folder if os.access(folder, os.W_OK) else _cache(folder)
    for po in sorted(Path(folder).glob(f"*/LC_MESSAGES/{domain}.po")):
        mo = target / po.relative_to(folder).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        mo.parent.mkdir(parents=True, exist_ok=True)
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        with partial.open("wb") as out:
            write_mo(out, catalog)
        partial.replace(mo)
    return target


def _cache(folder: Path) -> Path:
    """Where the catalogs of a read-only *folder* are compiled: one folder per source folder."""
    name = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "quizgen-locale" / name


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
