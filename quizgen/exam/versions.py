"""Exam versions: the drawn items in each version's own order.

Every version holds the items the plan drew. Each shuffles the questions
within each section (sections keep the blueprint's order) and arranges the
options, items and right-hand sides of each item
(:func:`quizgen.render.answers.arrangement`), with a generator derived from
the seed and the version letter, so version A is the same however many
versions are printed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from quizgen.bank.model import AnyQuestion
from quizgen.exam.blueprint import ExamPlan, seeded_random
from quizgen.render import answers
from quizgen.render.answers import Gettext, untranslated


@dataclass(frozen=True)
class PrintedQuestion:
    """One item as one version prints it."""

    number: int
    question: AnyQuestion
    order: tuple[int, ...] = ()  # bank positions of the options, items or right sides, as printed

    def choices(self, gettext: Gettext = untranslated) -> list[str]:
        """The lettered texts, in printed order (options, order items or right sides)."""
        return answers.choices(self.question, self.order, gettext)

    @property
    def bubbles(self) -> int:
        """How many bubbles the answer sheet gives it (0: answered in writing)."""
        return answers.bubbles(self.question, self.order)

    def key(self, gettext: Gettext = untranslated) -> str:
        """The key's answer: letters for lettered items, else the text."""
        return answers.key(self.question, self.order, gettext)


@dataclass(frozen=True)
class PrintedSection:
    """A section as one version prints it."""

    title: str
    questions: tuple[PrintedQuestion, ...]


@dataclass(frozen=True)
class Version:
    """One printed version of an exam: A, B, C..."""

    letter: str
    sections: tuple[PrintedSection, ...]

    def questions(self) -> Iterator[PrintedQuestion]:
        """Every item, in printed order."""
        for section in self.sections:
            yield from section.questions


def make_versions(plan: ExamPlan) -> list[Version]:
    """Every version of the plan, each shuffled with its own generator."""
    return [_version(plan, letter) for letter in plan.blueprint.letters]


def _version(plan: ExamPlan, letter: str) -> Version:
    rng = seeded_random(plan.blueprint.seed, "version", letter)
    sections, number = [], 1
    for drawn in plan.sections:
        questions = list(drawn.questions)
        rng.shuffle(questions)
        printed = tuple(
            PrintedQuestion(number + i, question, answers.arrangement(question, rng))
            for i, question in enumerate(questions)
        )
        sections.append(PrintedSection(drawn.section.title, printed))
        number += len(printed)
    return Version(letter, tuple(sections))


def pass_points(plan: ExamPlan) -> int | None:
    """Points needed to pass, from the pass mark and each item's points; None without one."""
    mark = plan.blueprint.pass_mark
    if mark is None:
        return None
    # round first: 70% of 10 is 7, not 7.000001
    return math.ceil(round(mark * plan.total_points / 100, 6))
