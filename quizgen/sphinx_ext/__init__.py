"""The Sphinx extension: the only layer of quizgen that imports Sphinx or docutils.

One module per feature, each with its own ``setup_<feature>(app)``:
:mod:`~.config` (the ``quizgen_*`` settings), :mod:`~.domain` (what is kept
between documents), :mod:`~.banks` (every bank loaded once per build),
:mod:`~.quiz` and :mod:`~.nodes` (the ``{quiz}`` directive),
:mod:`~.html` and :mod:`~.printable` (quizzes on screen and on paper),
:mod:`~.progress` ("My progress"), :mod:`~.academy` (the academy profile in
pages), :mod:`~.coverage` (``{exam-coverage}``), :mod:`~.handbook` (the
handbook builder), :mod:`~.search` (a search that finds numbers),
:mod:`~.results` (the instructor edition's sample results report),
:mod:`~.language` (stigmatizing or outdated terms in pages and banks),
:mod:`~.offline` (the installable offline app), :mod:`~.scenario` (branching
scenarios, in the browser and on paper), :mod:`~.glossary` (term definitions in
place).
:mod:`~.a11y` is an extension of its own, opt-in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizgen import __version__
from quizgen.render.i18n import DOMAIN, LOCALE_DIR, compiled
from quizgen.sphinx_ext.academy import setup_academy
from quizgen.sphinx_ext.banks import setup_banks
from quizgen.sphinx_ext.config import setup_config
from quizgen.sphinx_ext.coverage import setup_exam_coverage
from quizgen.sphinx_ext.domain import QuizgenDomain
from quizgen.sphinx_ext.glossary import setup_glossary
from quizgen.sphinx_ext.handbook import setup_handbook
from quizgen.sphinx_ext.html import setup_html
from quizgen.sphinx_ext.language import setup_language
from quizgen.sphinx_ext.offline import setup_offline
from quizgen.sphinx_ext.printable import setup_printable
from quizgen.sphinx_ext.progress import setup_progress
from quizgen.sphinx_ext.quiz import setup_quiz
from quizgen.sphinx_ext.results import setup_results
from quizgen.sphinx_ext.scenario import setup_scenario
from quizgen.sphinx_ext.search import setup_search

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Bump when what quizgen keeps in doctrees or the environment changes shape:
# Sphinx then reads every page again instead of reusing old pickles.
# 2: a question is one node, its plain text in ``texts``.
# 3: cross-document data in the quizgen domain; DOM ids given when pages are written.
# 4: a question's cite: keys in a ``sources`` part.
# 5: scenarios: their nodes, and the domain's record of them.
ENV_VERSION = 5


def setup(app: Sphinx) -> dict[str, Any]:
    """Wire every quizgen feature into a Sphinx build."""
    app.add_message_catalog(DOMAIN, str(compiled(LOCALE_DIR)))
    setup_config(app)
    app.add_domain(QuizgenDomain)
    setup_language(app)
    setup_banks(app)
    setup_academy(app)
    setup_quiz(app)
    setup_scenario(app)
    setup_exam_coverage(app)
    setup_html(app)
    setup_printable(app)
    setup_handbook(app)
    setup_progress(app)
    setup_search(app)
    setup_results(app)
    setup_offline(app)
    setup_glossary(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": ENV_VERSION,
    }
