"""``{exam-coverage}``: an exam blueprint's coverage table, for the instructor edition.

Shows what a blueprint covers (objectives and how many items each) without a
single item's text: the table is safe to publish to instructors, and the
secure pool stays in the printed exams.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from quizgen.bank.problems import QuizgenError
from quizgen.exam.blueprint import ExamPlan, plan_exam
from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("quizgen")


def setup_exam_coverage(app: Sphinx) -> None:
    """Register the ``exam-coverage`` directive."""
    app.add_directive("exam-coverage", ExamCoverage)


class ExamCoverage(SphinxDirective):
    """``{exam-coverage} ../curriculum/exams/final.exam.yaml``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        try:
            plan = plan_exam(os.path.normpath(absolute))
        except QuizgenError as error:
            for problem in error.problems:
                warn(f"exam-coverage: {problem}", self.get_location(), Subtype.EXAM)
            return []
        for bank in plan.banks:
            self.env.note_dependency(bank.path)
        return [_summary(plan), _table(plan)]


def _summary(plan: ExamPlan) -> nodes.paragraph:
    blueprint = plan.blueprint
    count = sum(len(drawn.questions) for drawn in plan.sections)
    parts = [
        str(_("%(title)s: %(count)d items, %(versions)d versions (%(letters)s), seed %(seed)d."))
        % {
            "title": blueprint.title,
            "count": count,
            "versions": blueprint.versions,
            "letters": ", ".join(blueprint.letters),
            "seed": blueprint.seed,
        }
    ]
    if blueprint.duration:
        parts.append(str(_("%d minutes.")) % blueprint.duration)
    if blueprint.pass_mark is not None:
        parts.append(str(_("Pass mark %g %%.")) % blueprint.pass_mark)
    parts.append(str(_("Every version holds the same items, in its own order.")))
    return nodes.paragraph("", " ".join(parts))


def _table(plan: ExamPlan) -> nodes.table:
    counts = Counter((question.bank, question.objective) for question in plan.questions())
    headers = [_("Bank"), _("Objective"), _("The objective"), _("Items")]
    rows = [
        [bank.id, key, objective.text, str(counts[(bank.id, key)])]
        for bank in plan.banks
        for key, objective in bank.objectives.items()
        if counts[(bank.id, key)]
    ]
    rows.append([str(_("Total")), "", "", str(sum(counts.values()))])
    table = nodes.table(classes=["exam-coverage"])
    table += nodes.title("", str(_("Coverage of %s")) % plan.blueprint.exam)
    group = nodes.tgroup(cols=4)
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in (2, 1, 6, 1))
    group += nodes.thead("", _row([str(header) for header in headers]))
    group += nodes.tbody("", *(_row(row) for row in rows))
    return table


def _row(cells: list[str]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in cells))
