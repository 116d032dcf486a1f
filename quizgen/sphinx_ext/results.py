"""The sample results report of the instructor edition (``quizgen_sample_results``).

Instructors learn to read item analysis from a report, not from a description of
one. For each blueprint the setting names, an HTML build writes what
``quizgen score`` would make of a simulated class
(:mod:`quizgen.results.simulate`) into ``results/<exam id>/`` of its output:
the responses file and every file of ``score``, ``report.html`` among them. The
authoring guide links to it. Only the instructor edition sets it, and the
secure items' text is withheld (exams stay on paper): the report shows their
figures and ids only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.bank.problems import QuizgenError
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.versions import make_versions
from quizgen.results.outputs import write_results
from quizgen.results.simulate import simulated_responses
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.warnings import Subtype, warn_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TRAINEES = 120  # a year of academy classes
SEED = 2026


def setup_results(app: Sphinx) -> None:
    """Write the sample reports once an HTML build has written its pages."""
    app.connect("build-finished", _write_samples)


def _write_samples(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for written in quizgen_config(app.config).sample_results:
        blueprint = Path(app.confdir, written)
        try:
            plan = plan_exam(blueprint)
            versions = make_versions(plan)
            folder = Path(app.outdir, "results", plan.blueprint.exam)
            folder.mkdir(parents=True, exist_ok=True)
            responses = folder / "simulated-responses.csv"
            responses.write_text(simulated_responses(versions, TRAINEES, SEED), "utf-8")
            write_results(plan, versions, responses, folder, withhold_secure=True)
        except QuizgenError as error:
            warn_problems(error.problems, Subtype.RESULTS)
