"""quizgen: YAML question banks to self-graded quizzes, printable exams and more.

The layers, bottom up (see docs/authoring/architecture.md): :mod:`quizgen.bank` (the
model and loading), :mod:`quizgen.render` (answers, safe Markdown, PDF,
translations), :mod:`quizgen.exam` and :mod:`quizgen.site` (what is built from
banks), :mod:`quizgen.cli` (the command line) and :mod:`quizgen.sphinx_ext`
(the Sphinx extension, the only layer that imports Sphinx). ``extensions =
["quizgen"]`` in ``conf.py`` loads the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx's entry point: see :func:`quizgen.sphinx_ext.setup`."""
    from quizgen.sphinx_ext import setup as setup_extension  # Sphinx only when Sphinx asks

    return setup_extension(app)
