"""Exam versions: the drawn items in each version's own order, and each one's answers.

Every version holds the items the plan drew. Each shuffles the questions
within each section (sections keep the blueprint's order) and the options of
choice questions (unless the bank says ``shuffle: false``), with a generator
derived from the seed and the version letter, so version A is the same
however many versions are printed.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass

from quizgen.blueprint import ExamPlan, seeded_random
from quizgen.model import (
    ChoiceQuestion,
    EssayQuestion,
    MatchQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)

LETTERS = string.ascii_uppercase
TRUE_FALSE = ("True", "False")


@dataclass(frozen=True)
class PrintedQuestion:
    """One item as one version prints it."""

    number: int
    question: Question
    order: tuple[int, ...] = ()  # bank positions of the options, items or right sides, as printed

    def choices(self) -> list[str]:
        """The lettered texts, in printed order (options, order items or right sides)."""
        question = self.question
        if isinstance(question, ChoiceQuestion):
            return [question.options[i].text for i in self.order]
        if isinstance(question, OrderQuestion):
            return [question.items[i] for i in self.order]
        if isinstance(question, MatchQuestion):
            return [question.pairs[i].right for i in self.order]
        if isinstance(question, TrueFalseQuestion):
            return list(TRUE_FALSE)
        return []

    @property
    def bubbles(self) -> int:
        """How many bubbles the answer sheet gives it (0: answered in writing)."""
        return len(self.choices()) if _bubbled(self.question) else 0


def _bubbled(question: Question) -> bool:
    return isinstance(question, ChoiceQuestion | TrueFalseQuestion)


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


# -- versions -----------------------------------------------------------------------------


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
            PrintedQuestion(number + i, question, _printed_order(question, rng))
            for i, question in enumerate(questions)
        )
        sections.append(PrintedSection(drawn.section.title, printed))
        number += len(printed)
    return Version(letter, tuple(sections))


def _printed_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    shuffle = rng.shuffle
    if isinstance(question, ChoiceQuestion):
        order = list(range(len(question.options)))
        if question.shuffle:
            shuffle(order)
        return tuple(order)
    if isinstance(question, OrderQuestion | MatchQuestion):
        size = len(question.items) if isinstance(question, OrderQuestion) else len(question.pairs)
        order = list(range(size))
        shuffle(order)
        if order == sorted(order):  # printed in the right order, the answer would be given away
            order = order[1:] + order[:1]
        return tuple(order)
    return ()


# -- answers ------------------------------------------------------------------------------


def answer(printed: PrintedQuestion) -> str:
    """The key's answer for one printed item: letters for lettered items, else the text."""
    question, order = printed.question, printed.order
    if isinstance(question, ChoiceQuestion):
        return ", ".join(sorted(LETTERS[order.index(i)] for i in question.correct_indexes))
    if isinstance(question, TrueFalseQuestion):
        return "A (True)" if question.answer else "B (False)"
    if isinstance(question, OrderQuestion):
        return ", ".join(LETTERS[order.index(i)] for i in range(len(question.items)))
    if isinstance(question, MatchQuestion):
        return ", ".join(f"{n + 1}-{LETTERS[order.index(n)]}" for n in range(len(question.pairs)))
    return _written_answer(question)


def _written_answer(question: Question) -> str:
    if isinstance(question, TextQuestion):
        return " | ".join(answer.strip() for answer in question.accept)
    if isinstance(question, NumericQuestion):
        text = _number(question.answer)
        return f"{text} ± {_number(question.tolerance)}" if question.tolerance else text
    if isinstance(question, EssayQuestion):
        rubric = "; ".join(point.strip() for point in question.rubric)
        model = f"Model answer: {question.model_answer.strip()}"
        return f"{model} Rubric: {rubric}" if rubric else model
    raise TypeError(f"no answer for question type {question.type}")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def pass_points(plan: ExamPlan) -> int | None:
    """Points needed to pass (one per item), from the pass mark; None without one."""
    mark = plan.blueprint.pass_mark
    total = sum(len(drawn.questions) for drawn in plan.sections)
    if mark is None:
        return None
    return math.ceil(round(mark * total / 100, 6))  # round first: 70% of 10 is 7, not 7.000001
