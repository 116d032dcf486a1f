"""quizgen: YAML question banks to self-graded quizzes and printable exams."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Wire every quizgen feature into a Sphinx build."""
    from quizgen.a11y import setup_a11y
    from quizgen.academy_sphinx import setup_academy
    from quizgen.directive import setup_directive
    from quizgen.exam_sphinx import setup_exam_coverage
    from quizgen.handbook import setup_handbook
    from quizgen.html import setup_html
    from quizgen.printable import setup_printable
    from quizgen.progress import setup_progress
    from quizgen.sphinx_banks import setup_banks

    setup_banks(app)
    setup_a11y(app)
    setup_academy(app)
    setup_directive(app)
    setup_exam_coverage(app)
    setup_html(app)
    setup_printable(app)
    setup_handbook(app)
    setup_progress(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # Bump when what quizgen keeps in doctrees or the environment changes shape:
        # Sphinx then reads every page again instead of reusing old pickles.
        # 2: a question is one node, its plain text in ``texts``.
        "env_version": 2,
    }
