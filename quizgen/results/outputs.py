"""The files ``quizgen score`` writes: scores, items, options (CSV) and summary.json.

Columns and keys are those of ``shared/spec/results.md``. Figures are rounded
to 3 decimals and percents to 1, half away from zero on the exact value (as a
spreadsheet rounds), and written as an instructor would write them: ``0.5``,
``42``, ``83.3``. A figure that does not exist (discrimination of an item all
answered alike, a result without a pass mark) is an empty cell or ``null``.
Rows keep the order of the responses file and of the exam's plan, so the same
blueprint, banks and responses always give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

from quizgen.exam.blueprint import plan_exam
from quizgen.exam.versions import make_versions
from quizgen.render.answers import number
from quizgen.render.markup import plain_text
from quizgen.results.analysis import Analysis, analyse
from quizgen.results.responses import read_responses
from quizgen.results.scoring import score_sheets

SCORES_COLUMNS = ("trainee", "version", "points", "max_points", "percent", "result")
ITEMS_COLUMNS = (
    "question_id",
    "objective",
    "type",
    "n",
    "difficulty",
    "discrimination",
    "upper_lower",
    "flags",
)
OPTIONS_COLUMNS = (
    "question_id",
    "option",
    "text",
    "correct",
    "chosen",
    "chosen_upper",
    "chosen_lower",
)
FILES = ("scores.csv", "items.csv", "options.csv", "summary.json")
FIGURE, PERCENT = 3, 1  # decimals


def score_exam(
    blueprint: str | os.PathLike[str],
    responses: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
) -> Analysis:
    """Rebuild the exam's versions, score the responses and write the files to *outdir*.

    Raise :class:`~quizgen.bank.problems.QuizgenError` on a bad blueprint, bank or responses file.
    """
    plan = plan_exam(blueprint)
    versions = make_versions(plan)
    sheets = read_responses(responses, versions)
    analysis = analyse(score_sheets(plan, versions, sheets))
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in documents(analysis).items():
        (folder / name).write_bytes(content)
    return analysis


def documents(analysis: Analysis) -> dict[str, bytes]:
    """Every file, by name, as the bytes written."""
    texts = {
        "scores.csv": scores_csv(analysis),
        "items.csv": items_csv(analysis),
        "options.csv": options_csv(analysis),
        "summary.json": summary_json(analysis),
    }
    return {name: texts[name].encode("utf-8") for name in FILES}


def scores_csv(analysis: Analysis) -> str:
    """A row per trainee: points, percent, pass or fail, then a percent per objective."""
    rows = (
        [
            t.trainee,
            t.version,
            figure(t.points),
            str(t.max_points),
            figure(t.percent, PERCENT),
            "" if t.passed is None else ("pass" if t.passed else "fail"),
            *(figure(t.objectives[objective], PERCENT) for objective in analysis.objectives),
        ]
        for t in analysis.trainees
    )
    return _csv([*SCORES_COLUMNS, *analysis.objectives], rows)


def items_csv(analysis: Analysis) -> str:
    """A row per item, in the plan's order."""
    rows = (
        [
            item.question.id,
            item.question.objective,
            item.question.type,
            str(item.n),
            figure(item.difficulty),
            figure(item.discrimination),
            figure(item.upper_lower),
            " ".join(item.flags),
        ]
        for item in analysis.items
    )
    return _csv(ITEMS_COLUMNS, rows)


def options_csv(analysis: Analysis) -> str:
    """A row per option of each choice item, in bank order; ``option`` is its place in the bank."""
    rows = (
        [
            item.question.id,
            str(option.place),
            " ".join(plain_text(option.text).split()),
            "yes" if option.correct else "no",
            str(option.chosen),
            str(option.chosen_upper),
            str(option.chosen_lower),
        ]
        for item in analysis.items
        for option in item.options
    )
    return _csv(OPTIONS_COLUMNS, rows)


def summary_json(analysis: Analysis) -> str:
    """The class on the whole exam (points: T, one per item), and per objective."""
    s = analysis.summary
    data: dict[str, Any] = {
        "n": s.n,
        "items": s.items,
        "mean": json_figure(s.mean),
        "sd": json_figure(s.sd),
        "median": json_figure(s.median),
        "min": json_figure(s.min),
        "max": json_figure(s.max),
        "reliability": json_figure(s.reliability),
        "sem": json_figure(s.sem),
        "pass_rate": json_figure(s.pass_rate, PERCENT),
        "objectives": {
            objective: {
                "mean": json_figure(figures.mean, PERCENT),
                "mastered": json_figure(figures.mastered, PERCENT),
            }
            for objective, figures in s.objectives.items()
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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


def _csv(header: Iterable[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_inert(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """*cell*, with a ``'`` before text a spreadsheet would run as a formula (``=HYPERLINK(...``).

    Negative figures (``-0.25``) stay numbers.
    """
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell
