"""The bank model: banks, objectives and the eight question types.

Plain dataclasses that know nothing of Sphinx, YAML or HTML. The quiz
directive, the exam builder, the command line and the LMS exporters all read
banks through these classes, so a rule about what an answer means lives here
once (see :meth:`TextQuestion.accepts`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeAlias

Use = Literal["practice", "exam", "both"]
Difficulty = Literal["easy", "medium", "hard"]
Level = Literal["recall", "application"]
QuestionType = Literal[
    "single", "multiple", "truefalse", "order", "match", "text", "numeric", "essay"
]

QUESTION_TYPES: tuple[QuestionType, ...] = (
    "single",
    "multiple",
    "truefalse",
    "order",
    "match",
    "text",
    "numeric",
    "essay",
)
USES: tuple[Use, ...] = ("practice", "exam", "both")
LEVELS: tuple[Level, ...] = ("recall", "application")
DEFAULT_POINTS = 1.0


@dataclass(frozen=True)
class Objective:
    """A learning objective, as a trainee reads it."""

    id: str
    text: str
    line: int = 0


@dataclass(frozen=True)
class Option:
    """One choice of a single or multiple question."""

    text: str
    correct: bool = False
    feedback: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Pair:
    """One left-right pair of a match question."""

    left: str
    right: str
    line: int = 0


@dataclass(frozen=True)
class Question:
    """What every question has; subclasses add their type's own keys."""

    type: ClassVar[QuestionType]
    id: str
    objective: str
    stem: str
    explanation: str
    use: Use = "both"
    difficulty: Difficulty | None = None
    source: str | None = None
    cite: tuple[str, ...] = ()  # keys of the project's bibliography
    level: Level | None = None  # application: the trainee decides on a situation given
    tags: tuple[str, ...] = ()
    points: float = DEFAULT_POINTS  # what the item is worth in an exam score or an LMS
    bank: str = ""  # id of the bank holding the question
    path: str = ""  # the bank file
    line: int = 0

    @property
    def on_site(self) -> bool:
        """Whether the question may appear on the public site (practice or both)."""
        return self.use != "exam"

    @property
    def in_exams(self) -> bool:
        """Whether the question may be drawn for a printed exam (exam or both)."""
        return self.use != "practice"


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """Shared shape of single- and multiple-answer questions."""

    options: tuple[Option, ...] = ()
    shuffle: bool = True

    @property
    def correct_indexes(self) -> tuple[int, ...]:
        """Positions of the correct options, as written in the bank."""
        return tuple(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class SingleQuestion(ChoiceQuestion):
    """Exactly one correct option."""

    type: ClassVar[QuestionType] = "single"


@dataclass(frozen=True)
class MultipleQuestion(ChoiceQuestion):
    """One or more correct options; the trainee picks all of them."""

    type: ClassVar[QuestionType] = "multiple"


@dataclass(frozen=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false."""

    type: ClassVar[QuestionType] = "truefalse"
    answer: bool = True


@dataclass(frozen=True)
class OrderQuestion(Question):
    """Items to put in order; the bank lists them in the correct order."""

    type: ClassVar[QuestionType] = "order"
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchQuestion(Question):
    """Left items each matched to one right item."""

    type: ClassVar[QuestionType] = "match"
    pairs: tuple[Pair, ...] = ()


def fold_text(answer: str) -> str:
    """Fold case and white space the way text answers are compared (the JS runtime agrees)."""
    return re.sub(r"\s+", " ", answer).strip().casefold()


@dataclass(frozen=True)
class TextQuestion(Question):
    """A short typed answer, compared with the accepted answers."""

    type: ClassVar[QuestionType] = "text"
    accept: tuple[str, ...] = ()

    def accepts(self, response: str) -> bool:
        """Whether *response* matches an accepted answer, ignoring case and spacing."""
        folded = fold_text(response)
        return any(fold_text(answer) == folded for answer in self.accept)


@dataclass(frozen=True)
class NumericQuestion(Question):
    """A number, right within a tolerance."""

    type: ClassVar[QuestionType] = "numeric"
    answer: float = 0
    tolerance: float = 0

    def accepts(self, response: float) -> bool:
        """Whether *response* lies within the tolerance of the answer."""
        return math.isfinite(response) and abs(response - self.answer) <= self.tolerance


@dataclass(frozen=True)
class EssayQuestion(Question):
    """Not auto-graded: the trainee compares with the model answer and rubric."""

    type: ClassVar[QuestionType] = "essay"
    model_answer: str = ""
    rubric: tuple[str, ...] = ()


AnyQuestion: TypeAlias = (
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | OrderQuestion
    | MatchQuestion
    | TextQuestion
    | NumericQuestion
    | EssayQuestion
)
"""Every concrete question class: ``match`` over it ends in ``assert_never`` (see answers)."""

QUESTION_CLASSES: dict[str, type[AnyQuestion]] = {
    cls.type: cls
    for cls in (
        SingleQuestion,
        MultipleQuestion,
        TrueFalseQuestion,
        OrderQuestion,
        MatchQuestion,
        TextQuestion,
        NumericQuestion,
        EssayQuestion,
    )
}


@dataclass(frozen=True)
class Bank:
    """A question bank: one ``*.bank.yaml`` file."""

    id: str
    title: str
    path: str
    objectives: dict[str, Objective] = field(default_factory=dict)
    questions: tuple[AnyQuestion, ...] = ()
    line: int = 1

    def select(
        self,
        *,
        objectives: frozenset[str] | None = None,
        ids: frozenset[str] | None = None,
        on_site: bool | None = None,
    ) -> list[AnyQuestion]:
        """The questions matching every filter given, in bank order."""
        return [
            question
            for question in self.questions
            if (objectives is None or question.objective in objectives)
            and (ids is None or question.id in ids)
            and (on_site is None or question.on_site == on_site)
        ]
