"""Scoring: every answer mapped back to its question and the bank's own options, then scored.

A version prints the drawn items in its own order, and the options of each in
its own order (:class:`~quizgen.exam.versions.PrintedQuestion`), so a letter
on a sheet means nothing until it goes back through the version that printed
it. Item scores and chosen options are therefore kept by question id and by
the option's place in the bank, and versions A and B count together.

Which options are right is asked of :func:`quizgen.render.answers.runtime`,
the one place that says so in bank positions. Each item is worth 1 point
(``shared/spec/results.md``): a choice item scores 1 when exactly the keyed
options are marked, else 0; a written item scores the grader's points.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from typing_extensions import assert_never

from quizgen.bank.model import AnyQuestion
from quizgen.exam.blueprint import ExamPlan
from quizgen.exam.versions import PrintedQuestion, Version
from quizgen.render import answers
from quizgen.results.responses import Graded, Mark, Marked, Sheet


@dataclass(frozen=True)
class TraineeScores:
    """One trainee's item scores and choices, by question id, whatever the version."""

    trainee: str
    version: str
    scores: dict[str, Fraction]  # question id -> item score in [0, 1]
    chosen: dict[str, frozenset[int]]  # choice question id -> bank positions marked (0: first)

    @functools.cached_property  # asked for once per item in the analysis: add up once
    def total(self) -> Fraction:
        """T: the sum of the item scores."""
        return sum(self.scores.values(), Fraction(0))


@dataclass(frozen=True)
class ClassScores:
    """A class's scores on one exam, ready for analysis."""

    plan: ExamPlan
    questions: tuple[AnyQuestion, ...]  # every item, in the plan's order
    options: dict[str, tuple[str, ...]]  # choice question id -> its option texts, bank order
    trainees: tuple[TraineeScores, ...]  # in the order of the responses file


def score_sheets(
    plan: ExamPlan, versions: Sequence[Version], sheets: Sequence[Sheet]
) -> ClassScores:
    """Score every sheet against the plan its versions were printed from."""
    return ClassScores(
        plan=plan,
        questions=tuple(plan.questions()),
        options=_bank_options(versions[0]),
        trainees=tuple(score_sheet(sheet) for sheet in sheets),
    )


def score_sheet(sheet: Sheet) -> TraineeScores:
    """One sheet's item scores and bank options chosen, by question id."""
    scores: dict[str, Fraction] = {}
    chosen: dict[str, frozenset[int]] = {}
    for printed, mark in sheet.answers():
        scores[printed.question.id] = item_score(printed, mark)
        if isinstance(mark, Marked):
            chosen[printed.question.id] = bank_positions(printed, mark)
    return TraineeScores(sheet.trainee, sheet.version.letter, scores, chosen)


def item_score(printed: PrintedQuestion, mark: Mark) -> Fraction:
    """x in [0, 1]: 1 when exactly the keyed options are marked; a written item's points."""
    match mark:
        case Marked():
            return Fraction(int(bank_positions(printed, mark) == keyed_positions(printed.question)))
        case Graded():
            return mark.points
        case _:
            assert_never(mark)


def bank_positions(printed: PrintedQuestion, mark: Marked) -> frozenset[int]:
    """The bank positions of the letters marked: the letter's place in the print, mapped back."""
    return frozenset(printed.order[position] for position in mark.positions)


def keyed_positions(question: AnyQuestion) -> frozenset[int]:
    """The bank positions of the right options of a choice question (True is 0, False 1)."""
    return frozenset(int(position) for position in answers.runtime(question).get("correct", ()))


def _bank_options(version: Version) -> dict[str, tuple[str, ...]]:
    """Option texts of every choice question in bank order (a version lists them all)."""
    return {
        printed.question.id: tuple(
            answers.choices(printed.question, tuple(range(len(printed.order))))
        )
        for printed in version.questions()
        if printed.bubbles
    }
