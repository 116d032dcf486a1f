"""``quizgen gain``: what a class learned, from the ``quizgen score`` folders of two checks.

Reads each folder's ``scores.csv`` (a trainee's percent, and a percent per
objective in the columns after ``result``) and ``summary.json``, matches the
trainees by their ``trainee`` cell, and writes ``gain.csv``, ``gain.json`` and
``report.html`` as ``shared/spec/results.md`` defines them.

Where the contract is silent: the means, g and d are over the matched trainees
only (a paired comparison), the trainees in one folder only are listed and left
out. An objective is compared when both folders have its column; the others
are named in a note. g is none when the mean before is 100 (no room to gain);
d is none with fewer than two matched trainees or when every trainee gained
the same (sd 0); each such none has a note saying why. Percents are read as
written (exact decimals), so the figures do not depend on binary rounding.
"""

from __future__ import annotations

import csv
import json
import math
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from quizgen.bank.problems import Problem, QuizgenError
from quizgen.results import plots
from quizgen.results.numbers import PERCENT, figure, json_figure
from quizgen.results.outputs import SCORES_COLUMNS, csv_text
from quizgen.results.report import Plot, Table, plotted, render_page, shown, trainees

GAIN_COLUMNS = ("trainee", "pre", "post", "gain")
GAIN_FILES = ("gain.csv", "gain.json", "report.html")
NEEDED = ("scores.csv", "summary.json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # cells scores.csv wrote after a '


@dataclass(frozen=True)
class Check:
    """One folder of ``quizgen score``: each trainee's percent, overall and per objective."""

    folder: Path
    percents: dict[str, Fraction]  # trainee -> percent, in the file's order
    objectives: dict[str, dict[str, Fraction]]  # objective -> trainee -> percent
    summary: dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    """The class before and after, on the whole check or one objective."""

    mean_pre: Fraction
    mean_post: Fraction
    g: Fraction | None
    d: float | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gain:
    """Everything ``gain.json`` holds, and the rows of ``gain.csv``."""

    pre: Check
    post: Check
    matched: tuple[str, ...]
    only_pre: tuple[str, ...]
    only_post: tuple[str, ...]
    overall: Comparison
    objectives: dict[str, Comparison]
    notes: tuple[str, ...] = field(default=())


def missing_files(folder: str | os.PathLike[str]) -> list[str]:
    """The files of ``quizgen score`` that *folder* lacks (all of them when it is no folder)."""
    return [name for name in NEEDED if not (Path(folder) / name).is_file()]


def gain_report(
    pre: str | os.PathLike[str], post: str | os.PathLike[str], outdir: str | os.PathLike[str]
) -> Gain:
    """Compare two checks and write the files to *outdir*.

    Raise :class:`~quizgen.bank.problems.QuizgenError` on a bad file, or no trainee in both.
    """
    checks, problems = [], []
    for folder in (pre, post):
        try:
            checks.append(read_check(Path(folder)))
        except QuizgenError as error:
            problems += error.problems
    if problems:
        raise QuizgenError(problems)
    result = compare(*checks)
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    for name, content in gain_documents(result).items():
        (target / name).write_bytes(content)
    return result


# -- reading ------------------------------------------------------------------------------


def read_check(folder: Path) -> Check:
    """A folder's ``scores.csv`` and ``summary.json``; every problem at once."""
    problems: list[Problem] = []
    summary = _read_summary(folder / "summary.json", problems)
    percents, objectives = _read_scores(folder / "scores.csv", problems)
    if problems:
        raise QuizgenError(problems)
    return Check(folder, percents, objectives, summary)


def _read_summary(path: Path, problems: list[Problem]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(str(path), 1, "not UTF-8: is this quizgen score's summary.json?"))
        return {}
    except json.JSONDecodeError as error:
        problems.append(Problem(str(path), error.lineno, f"not JSON: {error.msg}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), 1, "not quizgen score's summary.json: no object"))
        return {}
    return data


def _read_scores(
    path: Path, problems: list[Problem]
) -> tuple[dict[str, Fraction], dict[str, dict[str, Fraction]]]:
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        problems.append(Problem(str(path), 1, "not UTF-8: is this quizgen score's scores.csv?"))
        return {}, {}
    rows = list(csv.reader(lines))
    header = rows[0] if rows else []
    if tuple(header[: len(SCORES_COLUMNS)]) != SCORES_COLUMNS:
        expected = ",".join(SCORES_COLUMNS)
        problems.append(
            Problem(str(path), 1, f"the header must start {expected}: run quizgen score")
        )
        return {}, {}
    names = header[len(SCORES_COLUMNS) :]
    percents: dict[str, Fraction] = {}
    objectives: dict[str, dict[str, Fraction]] = {name: {} for name in names}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        values = _row(path, line, header, row, problems)
        if values is None:
            continue
        trainee, percent, by_objective = values
        if trainee in percents:
            problems.append(Problem(str(path), line, f"trainee {trainee!r} is here twice"))
            continue
        percents[trainee] = percent
        for name, value in zip(names, by_objective, strict=True):
            objectives[name][trainee] = value
    return percents, objectives


def _row(
    path: Path, line: int, header: list[str], row: list[str], problems: list[Problem]
) -> tuple[str, Fraction, list[Fraction]] | None:
    """One trainee's name, percent and objective percents, or none after a problem."""
    if len(row) != len(header):
        problems.append(
            Problem(str(path), line, f"{len(row)} cells where the header has {len(header)}")
        )
        return None
    trainee = row[0]
    cells = [row[4], *row[len(SCORES_COLUMNS) :]]
    columns = ["percent", *header[len(SCORES_COLUMNS) :]]
    values = [_percent(cell) for cell in cells]
    bad = [column for column, value in zip(columns, values, strict=True) if value is None]
    if not trainee.strip():
        problems.append(Problem(str(path), line, "the trainee cell is blank"))
    if bad:
        problems.append(Problem(str(path), line, f"{', '.join(bad)}: not a percent from 0 to 100"))
    if bad or not trainee.strip():
        return None
    percent, *by_objective = (value for value in values if value is not None)
    return trainee, percent, by_objective


def _percent(cell: str) -> Fraction | None:
    try:
        value = Fraction(cell.strip())
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 <= value <= 100 else None


# -- comparing ----------------------------------------------------------------------------


def compare(pre: Check, post: Check) -> Gain:
    """The matched trainees, and the class before and after, overall and per objective."""
    matched = tuple(t for t in pre.percents if t in post.percents)
    if not matched:
        raise QuizgenError(
            [
                Problem(
                    str(post.folder / "scores.csv"),
                    1,
                    f"no trainee is also in {pre.folder / 'scores.csv'}: the trainee "
                    "cells must be written alike in both checks",
                )
            ]
        )
    shared = [o for o in pre.objectives if o in post.objectives]
    one_only = [o for o in pre.objectives if o not in shared]
    one_only += [o for o in post.objectives if o not in shared]
    notes: tuple[str, ...] = ()
    if one_only:
        notes = (f"Objectives in one check only, not compared: {', '.join(one_only)}.",)
    return Gain(
        pre=pre,
        post=post,
        matched=matched,
        only_pre=tuple(t for t in pre.percents if t not in post.percents),
        only_post=tuple(t for t in post.percents if t not in pre.percents),
        overall=comparison([pre.percents[t] for t in matched], [post.percents[t] for t in matched]),
        objectives={
            o: comparison(
                [pre.objectives[o][t] for t in matched], [post.objectives[o][t] for t in matched]
            )
            for o in shared
        },
        notes=notes,
    )


def comparison(before: Sequence[Fraction], after: Sequence[Fraction]) -> Comparison:
    """Means, normalized gain g and paired effect size d of two matched columns of percents."""
    mean_pre, mean_post = statistics.mean(before), statistics.mean(after)
    differences = [b - a for a, b in zip(before, after, strict=True)]
    notes = []
    g = None
    if mean_pre == 100:
        notes.append("g: the mean before is already 100 %, so there was no room to gain.")
    else:
        g = (mean_post - mean_pre) / (100 - mean_pre)
    d = None
    if len(differences) < 2:
        notes.append("d: it needs at least two matched trainees.")
    elif not (variance := statistics.variance(differences)):
        notes.append("d: every trainee's change is the same (sd 0).")
    else:
        d = float(statistics.mean(differences)) / math.sqrt(variance)
    return Comparison(mean_pre, mean_post, g, d, tuple(notes))


# -- writing ------------------------------------------------------------------------------


def gain_documents(result: Gain) -> dict[str, bytes]:
    """Every file, by name, as the bytes written."""
    texts = {
        "gain.csv": gain_csv(result),
        "gain.json": gain_json(result),
        "report.html": gain_html(result),
    }
    return {name: texts[name].encode("utf-8") for name in GAIN_FILES}


def gain_csv(result: Gain) -> str:
    """A row per matched trainee: percent before, after, and the change in points."""
    pre, post = result.pre.percents, result.post.percents
    rows = (
        [
            trainee,
            figure(pre[trainee], PERCENT),
            figure(post[trainee], PERCENT),
            figure(post[trainee] - pre[trainee], PERCENT),
        ]
        for trainee in result.matched
    )
    return csv_text(GAIN_COLUMNS, rows)


def _json_comparison(c: Comparison) -> dict[str, Any]:
    return {
        "mean_pre": json_figure(c.mean_pre, PERCENT),
        "mean_post": json_figure(c.mean_post, PERCENT),
        "g": json_figure(c.g),
        "d": json_figure(c.d),
        "notes": list(c.notes),
    }


def gain_json(result: Gain) -> str:
    """The class's gain, overall and per objective."""
    data: dict[str, Any] = {
        "n": len(result.matched),
        "only_pre": list(result.only_pre),
        "only_post": list(result.only_post),
        **_json_comparison(result.overall),
        "objectives": {o: _json_comparison(c) for o, c in result.objectives.items()},
    }
    data["notes"] = [*result.notes, *data["notes"]]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def shown_name(trainee: str) -> str:
    """A trainee as entered: without the ``'`` scores.csv put before a formula-like name."""
    return trainee[1:] if trainee[:1] == "'" and trainee[1:2] in FORMULA_START else trainee


def gain_html(result: Gain) -> str:
    """The report: the class before and after, per objective and per trainee."""
    pre, post = result.pre, result.post
    lede = (
        f"Before: {pre.folder.name} ({trainees(len(pre.percents))}); "
        f"after: {post.folder.name} ({trainees(len(post.percents))}). "
        f"Compared: the {trainees(len(result.matched))} in both."
    )
    notes = [*result.notes, *_unmatched_notes(result)]
    notes += [f"Whole check: {note}" for note in result.overall.notes]
    notes += [f"{o}: {note}" for o, c in result.objectives.items() for note in c.notes]
    return render_page(
        "gain.html",
        title="Pre/post check: what the class learned",
        footer="The figures are those of gain.csv and gain.json.",
        heading="Pre/post check: what the class learned",
        lede=lede,
        summary=_summary_table(result),
        notes=notes,
        by_objective=_objective_plot(result),
        trainee_table=_trainee_table(result),
        trainee_objectives=_trainee_objective_table(result),
    )


def _unmatched_notes(result: Gain) -> list[str]:
    notes = []
    for where, names in (("before", result.only_pre), ("after", result.only_post)):
        if names:
            listed = ", ".join(shown_name(t) for t in names)
            notes.append(f"Only in the check {where}, left out: {listed}.")
    return notes


def _summary_table(result: Gain) -> Table:
    c = result.overall
    rows = [
        ("Matched trainees (n)", str(len(result.matched)), "Trainees who sat both checks."),
        (
            "Mean before",
            shown(c.mean_pre, PERCENT, " %"),
            "The matched class's mean percent before.",
        ),
        ("Mean after", shown(c.mean_post, PERCENT, " %"), "The same trainees' mean percent after."),
        ("Normalized gain g", shown(c.g), G_NOTE),
        ("Effect size d", shown(c.d), D_NOTE),
    ]
    return Table(
        "gain-summary", "The class before and after", ("Figure", "Value", "What it means"), rows
    )


G_NOTE = (
    "The share of the room to improve that the class gained: (mean after - mean before) "
    "/ (100 - mean before). 0.3 to 0.7 is a medium gain, above 0.7 a high one."
)
D_NOTE = (
    "The mean change divided by how much the changes vary from trainee to trainee "
    "(sd with n - 1). Near 0.2 small, 0.5 medium, 0.8 or more large."
)


def _objective_plot(result: Gain) -> Plot:
    comparisons = {"whole check": result.overall, **result.objectives}
    labels = list(comparisons)
    series = [
        plots.Series("before", [plotted(c.mean_pre) for c in comparisons.values()], plots.SERIES_3),
        plots.Series("after", [plotted(c.mean_post) for c in comparisons.values()], plots.SERIES_1),
    ]
    rows = [
        (
            label,
            shown(c.mean_pre, PERCENT),
            shown(c.mean_post, PERCENT),
            shown(c.mean_post - c.mean_pre, PERCENT),
            shown(c.g),
            shown(c.d),
        )
        for label, c in comparisons.items()
    ]
    return Plot(
        plots.svg(
            plots.bars(labels, series), "plot-gain", "Mean percent before and after, by objective"
        ),
        "The matched class's mean percent before (grey) and after (blue), on the whole "
        "check and on each objective.",
        Table(
            "table-gain-objectives",
            "Before and after, by objective (mean percent of the matched trainees)",
            ("Objective", "Before", "After", "Change (points)", "g", "d"),
            rows,
            (1, 2, 3, 4, 5),
        ),
    )


def _trainee_table(result: Gain) -> Table:
    pre, post = result.pre.percents, result.post.percents
    rows = [
        (
            shown_name(t),
            shown(pre[t], PERCENT),
            shown(post[t], PERCENT),
            shown(post[t] - pre[t], PERCENT),
        )
        for t in result.matched
    ]
    return Table(
        "table-gain-trainees",
        "Each matched trainee's percent before and after",
        ("Trainee", "Before", "After", "Gain (points)"),
        rows,
        (1, 2, 3),
    )


def _trainee_objective_table(result: Gain) -> Table:
    objectives = list(result.objectives)
    heads = ["Trainee"] + [f"{o} {when}" for o in objectives for when in ("before", "after")]
    rows = [
        (
            shown_name(t),
            *(
                shown(check.objectives[o][t], PERCENT)
                for o in objectives
                for check in (result.pre, result.post)
            ),
        )
        for t in result.matched
    ]
    return Table(
        "table-gain-trainee-objectives",
        "Each matched trainee's percent on each objective, before and after",
        heads,
        rows,
        tuple(range(1, len(heads))),
    )
