"""quizgen's Sphinx warnings: one type, ``quizgen``, and the subtypes below.

Every warning carries the file and line it is about, so ``-W`` stops a build
on it and ``suppress_warnings = ["quizgen.<subtype>"]`` silences one kind
(not recommended for banks: a broken bank leaves its quiz out).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from sphinx.util import logging

from quizgen.bank.problems import Problem

logger = logging.getLogger("quizgen")

WARNING_TYPE = "quizgen"


class Subtype(str, enum.Enum):
    """The kinds of quizgen warning, as ``suppress_warnings`` names them (``quizgen.bank``)."""

    BANK = "bank"
    """A problem in a question bank (``*.bank.yaml``), at its file and line."""
    QUIZ = "quiz"
    """A ``{quiz}`` or ``{bank-objectives}`` directive that cannot show what it asks for."""
    ACADEMY = "academy"
    """A problem in the academy profile, or an ``{academy}`` field that does not exist."""
    EXAM = "exam"
    """An ``{exam-coverage}`` directive whose blueprint or banks have problems."""
    HANDBOOK = "handbook"
    """Something the handbook's PDF could not load or use (an image, a style sheet)."""
    SEARCH = "search"
    """A Sphinx whose search page quizgen cannot teach to look up numbers."""
    RESULTS = "results"
    """A blueprint of ``quizgen_sample_results`` whose sample report cannot be built."""
    LANGUAGE = "language"
    """A stigmatizing or outdated term in a page or a bank, outside quotation marks."""
    SCENARIO = "scenario"
    """A problem in a branching scenario (``*.scenario.yaml``), at its file and line."""

    def __str__(self) -> str:
        return self.value


def warn(message: str, location: str | None, subtype: Subtype) -> None:
    """A Sphinx warning of type ``quizgen`` and the given subtype."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)


def warn_problems(problems: Iterable[Problem], subtype: Subtype) -> None:
    """Each problem of an instructor's file as a warning at its file and line."""
    for problem in problems:
        message = f"{problem.subject}: {problem.message}" if problem.subject else problem.message
        warn(message, f"{problem.path}:{problem.line}", subtype)
