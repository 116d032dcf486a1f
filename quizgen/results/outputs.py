"""The files ``quizgen score`` writes: scores, items, options (CSV), summary.json, report.html.

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
from pathlib import Path
from typing import Any

from quizgen.exam.blueprint import ExamPlan, plan_exam
from quizgen.exam.versions import Version, make_versions
from quizgen.render.markup import plain_text
from quizgen.render.progress import Progress, silent
from quizgen.results.analysis import Analysis, analyse
from quizgen.results.numbers import PERCENT, figure, json_figure
from quizgen.results.report import WITHHELD, report_html, withheld
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
FILES = ("scores.csv", "items.csv", "options.csv", "summary.json", "report.html")


def score_exam(
    blueprint: str | os.PathLike[str],
    responses: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    withhold_secure: bool = False,
    progress: Progress | None = None,
) -> Analysis:
    """Rebuild the exam's versions, score the responses and write the files to *outdir*.

    *withhold_secure* leaves the text of secure items (``use: exam``) out of the
    report and options.csv, for a report shown beyond the exam's instructors.

    Raise :class:`~quizgen.bank.problems.QuizgenError` on a bad blueprint, bank or responses file.
    """
    plan = plan_exam(blueprint)
    return write_results(
        plan,
        make_versions(plan),
        responses,
        outdir,
        withhold_secure=withhold_secure,
        progress=progress,
    )


def write_results(
    plan: ExamPlan,
    versions: list[Version],
    responses: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    withhold_secure: bool = False,
    progress: Progress | None = None,
) -> Analysis:
    """:func:`score_exam` for an exam already planned, with its versions."""
    sheets = read_responses(responses, versions)  # bad input stops here, before any progress
    steps = progress or silent()
    steps.plan(3)
    steps.step(f"scoring {len(sheets)} answer sheets")
    scored = score_sheets(plan, versions, sheets)
    steps.step("item analysis")
    analysis = analyse(scored)
    steps.step("writing the report and tables")
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in documents(analysis, plan, withhold_secure=withhold_secure).items():
        (folder / name).write_bytes(content)
    return analysis


def documents(
    analysis: Analysis, plan: ExamPlan, *, withhold_secure: bool = False
) -> dict[str, bytes]:
    """Every file, by name, as the bytes written; *plan* gives the report its titles."""
    texts = {
        "scores.csv": scores_csv(analysis),
        "items.csv": items_csv(analysis),
        "options.csv": options_csv(analysis, withhold_secure=withhold_secure),
        "summary.json": summary_json(analysis),
        "report.html": report_html(analysis, plan, withhold_secure=withhold_secure),
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
    return csv_text([*SCORES_COLUMNS, *analysis.objectives], rows)


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
    return csv_text(ITEMS_COLUMNS, rows)


def options_csv(analysis: Analysis, *, withhold_secure: bool = False) -> str:
    """A row per option of each choice item, in bank order; ``option`` is its place in the bank."""
    rows = (
        [
            item.question.id,
            str(option.place),
            WITHHELD
            if withheld(item.question, withhold_secure)
            else " ".join(plain_text(option.text).split()),
            "yes" if option.correct else "no",
            str(option.chosen),
            str(option.chosen_upper),
            str(option.chosen_lower),
        ]
        for item in analysis.items
        for option in item.options
    )
    return csv_text(OPTIONS_COLUMNS, rows)


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


def csv_text(header: Iterable[str], rows: Iterable[list[str]]) -> str:
    """A CSV file of *header* and *rows*, every cell inert in a spreadsheet."""
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
