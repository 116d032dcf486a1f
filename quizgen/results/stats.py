"""Item statistics back in the banks: what ``quizgen check --stats DIR`` adds to a check.

``DIR`` is a folder ``quizgen score`` wrote. Each item its ``items.csv`` flags
becomes a warning at the question's line in its bank, where the instructor
mends it (``shared/spec/results.md``)::

    bank-file:line: question ID: p = 0.96 in cit-written-final: too easy

One line per item and results folder, listing every flag it has, so that an
item is read once with all that is wrong with it; the two discrimination flags
carry r. ``p`` and ``r`` are the figures as ``items.csv`` writes them (3
decimals), not rounded again. The results are named by their folder's name:
``quizgen score`` records no exam id in its files, and the folder is what the
instructor named the results for (``-o results/cit-written-final``); when two
folders given share a name, each is named by its path as given.

A flagged item that no bank checked holds (renamed, removed, or its bank not
among those checked) is a warning at its line of ``items.csv``, unless a bank
could not be loaded (its questions are unknown, so the warning may be false). A folder with
no ``items.csv``, or one that cannot be read, is a problem: ``file:line: message``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from quizgen.bank.model import AnyQuestion
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.results import csvfile

ITEMS_FILE = "items.csv"
REQUIRED_COLUMNS = ("question_id", "difficulty", "discrimination", "flags")
# The flags of shared/spec/results.md, as a warning words them.
FLAG_WORDS = {
    "too-easy": "too easy",
    "too-hard": "too hard",
    "low-discrimination": "low discrimination",
    "negative-discrimination": "negative discrimination",
    "unused-distractor": "unused distractor",
    "distractor-draws-upper": "a distractor draws the upper group",
}
_WITH_R = frozenset({"low-discrimination", "negative-discrimination"})
_NUMBER = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)


@dataclass(frozen=True)
class FlaggedItem:
    """A row of ``items.csv`` with at least one flag; figures as the file writes them."""

    question_id: str
    difficulty: str
    discrimination: str
    flags: tuple[str, ...]
    line: int  # in items.csv

    def describe(self, results: str) -> str:
        """``p = 0.96 in cit-written-final: too easy, unused distractor``."""
        words = [
            f"{FLAG_WORDS[flag]} (r = {self.discrimination})"
            if flag in _WITH_R
            else FLAG_WORDS[flag]
            for flag in self.flags
        ]
        return f"p = {self.difficulty} in {results}: {', '.join(words)}"


@dataclass(frozen=True)
class ItemStats:
    """The flagged items of one ``quizgen score`` folder."""

    name: str  # how warnings name the results
    path: str  # its items.csv
    flagged: tuple[FlaggedItem, ...]


def results_names(folders: Sequence[str]) -> dict[str, str]:
    """How warnings name each folder: its own name, or its path when two share a name."""
    names = {folder: os.path.basename(os.path.abspath(folder)) for folder in folders}
    shared = Counter(names.values())
    return {
        folder: name if shared[name] == 1 else os.path.normpath(folder)
        for folder, name in names.items()
    }


def read_item_stats(folder: str, name: str) -> ItemStats:
    """The flagged items of *folder*'s ``items.csv``; raise :class:`QuizgenError` on a bad file."""
    path = os.path.join(folder, ITEMS_FILE)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        message = (
            f"no {ITEMS_FILE} here: give --stats a folder written by "
            "'quizgen score BLUEPRINT RESPONSES.csv -o DIR'"
        )
        raise QuizgenError([Problem(path, 1, message)]) from None
    except OSError as error:
        raise QuizgenError([Problem(path, 1, f"cannot read the file: {error.strerror}")]) from None
    return ItemStats(name, path, _flagged_items(path, csvfile.decode(path, raw)))


def stats_warnings(
    stats: Iterable[ItemStats], questions: Mapping[str, AnyQuestion], orphans: bool = True
) -> list[Problem]:
    """A warning per flagged item: at its bank line, or at its items.csv line when no bank has it.

    *orphans* false leaves out the items no bank has: when a bank could not be loaded,
    its questions are not known, and each of its items would be a false warning.
    """
    warnings: list[Problem] = []
    for results in stats:
        for item in results.flagged:
            subject = f"question {item.question_id}"
            described = item.describe(results.name)
            question = questions.get(item.question_id)
            if question is not None:
                warnings.append(Problem(question.path, question.line, described, subject))
            elif orphans:
                message = (
                    f"{described}; no bank checked holds this question "
                    "(renamed or removed, or its bank was not checked)"
                )
                warnings.append(Problem(results.path, item.line, message, subject))
    return warnings


# -- reading items.csv --------------------------------------------------------------------


def _flagged_items(path: str, text: str) -> tuple[FlaggedItem, ...]:
    rows, unreadable = csvfile.rows(path, text)
    if unreadable:
        raise QuizgenError(unreadable)
    if not rows:
        raise QuizgenError([Problem(path, 1, _header_message("the file is empty"))])
    header_line, header = rows[0]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        found = f"no column {', '.join(missing)}"
        raise QuizgenError([Problem(path, header_line, _header_message(found))])
    items: list[FlaggedItem] = []
    problems: list[Problem] = []
    for line, cells in rows[1:]:
        try:
            item = _row(header, cells, line)
        except ValueError as error:
            problems.append(Problem(path, line, str(error)))
        else:
            if item.flags:
                items.append(item)
    if problems:
        raise QuizgenError(problems)
    return tuple(items)


def _header_message(found: str) -> str:
    return (
        f"{found}: the first row of {ITEMS_FILE} names its columns, "
        f"{', '.join(REQUIRED_COLUMNS)} among them (run quizgen score again to rewrite it)"
    )


def _row(header: list[str], cells: list[str], line: int) -> FlaggedItem:
    """One row; raise :class:`ValueError` saying what is wrong with it."""
    if len(cells) != len(header):
        raise ValueError(f"this row has {len(cells)} cells, but the header names {len(header)}")
    row = dict(zip(header, (cell.strip() for cell in cells), strict=True))
    if not row["question_id"]:
        raise ValueError("the question_id is blank")
    subject = f"question {row['question_id']}: "
    difficulty = _figure(row["difficulty"], "difficulty", Fraction(0), subject)
    discrimination = _figure(row["discrimination"], "discrimination", Fraction(-1), subject)
    if not difficulty:
        raise ValueError(f"{subject}the difficulty is blank")
    flags = tuple(row["flags"].split())
    unknown = [flag for flag in flags if flag not in FLAG_WORDS]
    if unknown:
        raise ValueError(
            f"{subject}unknown flag '{unknown[0]}': the flags are {', '.join(FLAG_WORDS)}"
        )
    return FlaggedItem(row["question_id"], difficulty, discrimination, flags, line)


def _figure(cell: str, column: str, lowest: Fraction, subject: str) -> str:
    """*cell* when blank or a number from *lowest* to 1; else raise :class:`ValueError`."""
    if cell and not (_NUMBER.fullmatch(cell) and lowest <= Fraction(cell) <= 1):
        raise ValueError(f"{subject}{column} '{cell}' is not a number from {lowest} to 1")
    return cell
