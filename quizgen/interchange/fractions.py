"""Grades an LMS accepts: Moodle's list of allowed fractions.

Moodle refuses a grade that is not on its list (``question_bank::fraction_options_full``
in ``question/engine/bank.php``) and, by default, the whole import with it. A
multiple-answer item shares 100 % among its correct options and takes a
negative share for each wrong one, so that ticking every option scores 0.
"""

from __future__ import annotations

from quizgen.bank.model import MultipleQuestion

# Moodle's allowed grades, as fractions (question/engine/bank.php), largest first.
ALLOWED = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip


def share(count: int) -> float:
    """The largest allowed grade no more than 1/*count* (1/3 is 0.3333333)."""
    return next(grade for grade in ALLOWED if grade <= 1 / count + 1e-6)


def penalty(count: int) -> float:
    """The smallest allowed grade whose *count* together take away at least 100 %."""
    return -min((grade for grade in ALLOWED if grade * count >= 1 - 1e-6), default=1.0)


def multiple_fractions(question: MultipleQuestion) -> list[float]:
    """Each option's grade: correct ones share 100 %, wrong ones take it all back."""
    correct = len(question.correct_indexes)
    wrong = len(question.options) - correct
    return [share(correct) if option.correct else penalty(wrong) for option in question.options]


def percent(fraction: float) -> str:
    """A grade as Moodle writes it: ``100``, ``50``, ``33.33333``, ``-100``."""
    value = round(fraction * 100, 5)
    return str(int(value)) if value.is_integer() else f"{value:.5f}".rstrip("0")
