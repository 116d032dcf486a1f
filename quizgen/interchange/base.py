"""What an export is made of: a quiz of sections, the file written, and what was left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from quizgen.bank.model import DEFAULT_POINTS, AnyQuestion, Bank
from quizgen.exam.blueprint import ExamPlan
from quizgen.interchange.text import number

UseFilter = Literal["practice", "exam", "both"]


@dataclass(frozen=True)
class Section:
    """A group of questions that goes out as one category (a bank, or a blueprint's section)."""

    title: str
    questions: tuple[AnyQuestion, ...]


@dataclass(frozen=True)
class Quiz:
    """What an export writes: a title and its sections, in order."""

    title: str
    sections: tuple[Section, ...]

    def questions(self) -> list[AnyQuestion]:
        """Every question, section by section."""
        return [question for section in self.sections for question in section.questions]


@dataclass(frozen=True)
class LeftOut:
    """Something a format could not carry: a whole question, or a part of one."""

    question: AnyQuestion
    message: str  # "GIFT cannot carry an order question; left out"
    whole: bool  # the question itself was not written

    def __str__(self) -> str:
        question = self.question
        return f"{question.path}:{question.line}: question {question.id}: {self.message}"


@dataclass
class Export:
    """The file a format wrote, and what it left out."""

    content: bytes
    written: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    _parts: dict[int, int] = field(default_factory=dict, repr=False)  # question -> its line

    def leave_out(self, question: AnyQuestion, message: str, *, whole: bool = False) -> None:
        """Note that *question* (or a part of it, unless *whole*) did not go out.

        One line per question: parts lost from the same question join one message.
        """
        index = None if whole else self._parts.get(id(question))
        if index is None:
            if not whole:
                self._parts[id(question)] = len(self.left_out)
            self.left_out.append(LeftOut(question, message, whole))
            return
        earlier = self.left_out[index]
        self.left_out[index] = LeftOut(question, f"{earlier.message}; {message}", False)

    def leave_out_points(self, question: AnyQuestion, label: str) -> None:
        """Note that a format with no marks cannot carry *question*'s points, unless 1."""
        if question.points != DEFAULT_POINTS:
            self.leave_out(
                question,
                f"{label} cannot carry its points ({number(question.points)}); "
                "the LMS gives it 1 mark",
            )

    def summary(self, format_name: str, output: str) -> str:
        """One line: how many questions were written, and how many were left out or cut."""
        whole = len({id(item.question) for item in self.left_out if item.whole})
        parts = len({id(item.question) for item in self.left_out if not item.whole})
        return (
            f"{output}: {format_name}: {_count(self.written, 'question')} written, "
            f"{whole} left out, {parts} written without a part the format cannot carry"
        )


class Exporter(Protocol):
    """A format: its name, the file it writes, and how."""

    name: str  # "gift"
    label: str  # "GIFT"
    suffix: str  # ".txt"

    def export(self, quiz: Quiz) -> Export:
        """The file of *quiz* in this format."""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def keeps(question: AnyQuestion, use: UseFilter | None) -> bool:
    """Whether ``--use`` lets *question* out: practice (site items), exam (secure), both, or all."""
    if use is None:
        return True
    if use == "practice":
        return question.on_site
    if use == "exam":
        return question.in_exams
    return question.use == "both"


def quiz_of_banks(banks: Iterable[Bank], use: UseFilter | None = None) -> Quiz:
    """One section per bank, titled by the bank, in the order given."""
    sections = tuple(
        Section(bank.title, tuple(q for q in bank.questions if keeps(q, use))) for bank in banks
    )
    titles = [section.title for section in sections]
    return Quiz(titles[0] if len(titles) == 1 else "Question banks", sections)


def quiz_of_plan(plan: ExamPlan, use: UseFilter | None = None) -> Quiz:
    """A blueprint's drawn items, one section per blueprint section."""
    sections = tuple(
        Section(drawn.section.title, tuple(q for q in drawn.questions if keeps(q, use)))
        for drawn in plan.sections
    )
    return Quiz(plan.blueprint.title, sections)
