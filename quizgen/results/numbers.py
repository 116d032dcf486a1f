"""Figures as the results files write them: rounded half away from zero on the exact value.

Figures to 3 decimals and percents to 1 (``shared/spec/results.md``), written as
an instructor would write them: ``0.5``, ``42``, ``83.3``; a figure that does
not exist is an empty cell, ``null`` in JSON.
"""

from __future__ import annotations

from fractions import Fraction

from quizgen.render.answers import number

FIGURE, PERCENT = 3, 1  # decimals


def rounded(value: Fraction | float, places: int) -> Fraction:
    """*value* to *places* decimals, half away from zero, decided on its exact value."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    whole = int(scaled + Fraction(1, 2))  # floor, for a non-negative number
    return Fraction(whole if exact >= 0 else -whole, 10**places)


def figure(value: Fraction | float | None, places: int = FIGURE) -> str:
    """A CSV cell: the rounded figure as an instructor writes it, empty for none."""
    return "" if value is None else number(float(rounded(value, places)))


def json_figure(value: Fraction | float | None, places: int = FIGURE) -> float | None:
    """A JSON number: the rounded figure, null for none."""
    return None if value is None else float(rounded(value, places))
