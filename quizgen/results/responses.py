"""Responses files: the marked answer sheets of a printed exam, typed in or exported by a scanner.

A CSV file in UTF-8 (a spreadsheet's byte-order mark allowed) with the header
``trainee,version,1,2,...,N`` and one row per trainee (``shared/spec/results.md``).
Each cell is read against the question its row's version printed under that
number: a choice question holds the letters marked, a written one the points
the grader gave. Nothing is scored here; :mod:`quizgen.results.scoring` maps
the marks back to the bank.

Every problem in the file is reported at once, at the physical line where its
row starts: a quoted cell may hold a line break, so rows and lines differ.
Cells are compared after Unicode NFKC normalisation, so full-width letters and
no-break spaces from a word processor read as what they look like; what still
cannot be seen (a zero-width space, a control character) is named, never
guessed at.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TypeAlias

from quizgen.bank.model import MultipleQuestion, TrueFalseQuestion
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.exam.versions import PrintedQuestion, Version
from quizgen.render.answers import LETTERS, true_false_labels
from quizgen.results import csvfile

_SEPARATORS = re.compile(r"[\s,]+")
_LETTERS = re.compile(r"[A-Za-z]*", re.ASCII)
_POINTS = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", re.ASCII)
_SHOWN = 40  # characters of a cell quoted in a message


@dataclass(frozen=True)
class Marked:
    """The letters marked for a choice question, as printed positions (0 for A)."""

    positions: frozenset[int]


@dataclass(frozen=True)
class Graded:
    """The points a grader gave a written question, from 0 to 1 (exact, as written)."""

    points: Fraction


Mark: TypeAlias = Marked | Graded


@dataclass(frozen=True)
class Sheet:
    """One trainee's answer sheet: a row of the responses file."""

    trainee: str
    version: Version
    marks: tuple[Mark, ...]  # marks[0] answers the question printed as 1
    line: int

    def answers(self) -> Iterator[tuple[PrintedQuestion, Mark]]:
        """Each printed question of the sheet's version with its mark, in printed order."""
        return zip(self.version.questions(), self.marks, strict=True)


class _BadCell(ValueError):
    """What is wrong with one cell, said for the instructor."""


def read_responses(
    path: str | os.PathLike[str], versions: Sequence[Version], content: bytes | None = None
) -> list[Sheet]:
    """Read a responses file against the printed *versions*; raise :class:`QuizgenError`.

    Every problem is reported at once. *content*, when given, is read instead of the file.
    """
    name = os.fspath(path)
    raw = _read(name) if content is None else content
    text = csvfile.decode(name, raw, ": save it from the spreadsheet as 'CSV UTF-8'")
    rows, problems = csvfile.rows(name, text)
    if not rows:
        raise QuizgenError([*problems, Problem(name, 1, _empty_message(versions))])
    header_line, header = rows[0]
    problems += _header_problems(name, header_line, header, versions)
    sheets: list[Sheet] = []
    first_lines: dict[str, int] = {}
    for line, cells in rows[1:]:
        sheet, found = _sheet(name, line, cells, versions, first_lines)
        problems += found
        if sheet is not None:
            sheets.append(sheet)
    if len(rows) == 1 and not problems:
        message = "the file has a header but no trainees: add one row per answer sheet"
        problems.append(Problem(name, header_line, message))
    if problems:
        raise QuizgenError(problems)
    return sheets


# -- the file as rows ---------------------------------------------------------------------


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise QuizgenError([Problem(name, 1, f"cannot read the file: {error.strerror}")]) from None


def _empty_message(versions: Sequence[Version]) -> str:
    return (
        f"the file is empty: the first row is the header {_header_text(versions)}, "
        "then one row per trainee"
    )


def _header_text(versions: Sequence[Version]) -> str:
    count = _question_count(versions)
    numbers = ",".join(str(n) for n in range(1, count + 1)) if count <= 3 else f"1,2,...,{count}"
    return f"trainee,version,{numbers}"


def _question_count(versions: Sequence[Version]) -> int:
    """How many questions each version prints (every version holds the same items)."""
    return sum(1 for _ in versions[0].questions())


def _header_problems(
    name: str, line: int, cells: list[str], versions: Sequence[Version]
) -> list[Problem]:
    count = _question_count(versions)
    headings = [_normal(cell).casefold() for cell in cells]
    if headings[:2] != ["trainee", "version"]:
        message = (
            f"the first row must be the header {_header_text(versions)}; "
            f"found {_shown(','.join(cells))}"
        )
        return [Problem(name, line, message)]
    numbers = headings[2:]
    if len(numbers) != count:
        message = (
            f"the header has {_plural(len(numbers), 'question column')}, but each version of "
            f"this exam has {_plural(count, 'question')}: head the columns 1 to {count}"
        )
        return [Problem(name, line, message)]
    for place, heading in enumerate(numbers, start=1):
        if heading != str(place):
            message = (
                f"column {place + 2} is headed {_shown(cells[place + 1])}, not '{place}': "
                f"head the question columns 1 to {count}, in order"
            )
            return [Problem(name, line, message)]
    return []


# -- one row ------------------------------------------------------------------------------


def _sheet(
    name: str,
    line: int,
    cells: list[str],
    versions: Sequence[Version],
    first_lines: dict[str, int],
) -> tuple[Sheet | None, list[Problem]]:
    """The sheet of one row, or the problems that keep it from being read."""
    trainee = _trainee(cells[0])
    problems = [Problem(name, line, m) for m in _trainee_problems(trainee, first_lines)]
    first_lines.setdefault(trainee, line)
    version = _version(cells[1] if len(cells) > 1 else "", versions)
    if isinstance(version, str):
        problems.append(Problem(name, line, version))
    count = _question_count(versions)
    answered = len(cells) - 2
    if answered != count:
        problems.append(Problem(name, line, _columns_message(max(answered, 0), count)))
    if isinstance(version, str):
        return None, problems
    marks: list[Mark] = []
    for printed, cell in zip(version.questions(), cells[2:], strict=False):
        try:
            marks.append(_mark(cell, printed))
        except _BadCell as error:
            subject = f"question {printed.number} (version {version.letter})"
            problems.append(Problem(name, line, str(error), subject))
    if problems:
        return None, problems
    return Sheet(trainee, version, tuple(marks), line), []


def _trainee(cell: str) -> str:
    """The trainee as written, canonically composed, white space folded."""
    return " ".join(unicodedata.normalize("NFC", cell).split())


def _trainee_problems(trainee: str, first_lines: dict[str, int]) -> Iterator[str]:
    if not trainee:
        yield "the trainee is blank: write a name or number that tells the trainees apart"
    elif trainee in first_lines:
        yield (
            f"trainee {_shown(trainee)} has two rows (the first on line {first_lines[trainee]}): "
            "keep one row per trainee"
        )
    odd = _odd_character(trainee)
    if odd:
        yield f"the trainee {_shown(trainee)} holds {odd}: retype it"


def _version(cell: str, versions: Sequence[Version]) -> Version | str:
    """The version the row names, or what is wrong with it."""
    letter = _normal(cell).upper()
    for version in versions:
        if version.letter == letter:
            return version
    letters = [version.letter for version in versions]
    known = (
        f"its only version is {letters[0]}"
        if len(letters) == 1
        else (f"its versions are {', '.join(letters[:-1])} and {letters[-1]}")
    )
    if not letter:
        return f"the version is blank: write the version letter printed on the sheet ({known})"
    return f"version {_shown(cell.strip())} is not a version of this exam: {known}"


def _columns_message(answered: int, count: int) -> str:
    if answered < count:
        return (
            f"this row has {_plural(answered, 'answer cell')}, but the exam has "
            f"{_plural(count, 'question')}: add the missing cells (a blank cell is no answer)"
        )
    return (
        f"this row has {_plural(answered, 'answer cell')}, but the exam has "
        f"{_plural(count, 'question')}: remove the {answered - count} extra at the end of the row"
    )


# -- one cell -----------------------------------------------------------------------------


def _mark(cell: str, printed: PrintedQuestion) -> Mark:
    """The mark a cell holds for *printed*; raise :class:`_BadCell`."""
    text = _normal(cell)
    odd = _odd_character(text)
    if odd:
        raise _BadCell(f"{_shown(text)} holds {odd}: retype the cell")
    if printed.bubbles:
        return _marked(text, printed)
    return _graded(text)


def _marked(text: str, printed: PrintedQuestion) -> Marked:
    letters = _SEPARATORS.sub("", text)
    if not _LETTERS.fullmatch(letters):
        what = (
            "the letters marked, e.g. B, D"
            if isinstance(printed.question, MultipleQuestion)
            else "the letter marked"
        )
        raise _BadCell(
            f"{_shown(text)} is not a mark: write {what}; the options are {_options(printed)}"
        )
    letters = letters.upper()
    outside = sorted({letter for letter in letters if LETTERS.index(letter) >= printed.bubbles})
    if outside:
        named = " and ".join(f"'{letter}'" for letter in outside)
        verb = "is not an option" if len(outside) == 1 else "are not options"
        raise _BadCell(f"{named} {verb}; the options are {_options(printed)}")
    return Marked(frozenset(LETTERS.index(letter) for letter in letters))


@functools.lru_cache(maxsize=256)  # a class's sheets repeat a few scores: parse each once
def _graded(text: str) -> Graded:
    if not text:
        return Graded(Fraction(0))
    if not _POINTS.fullmatch(text):
        raise _BadCell(
            f"{_shown(text)} is not a score: write the points the grader gave, "
            "a number from 0 to 1 (1, 0.5, 0)"
        )
    points = Fraction(text)
    if points > 1:
        raise _BadCell(f"{_shown(text)} is more than 1: a written question is worth 0 to 1 point")
    return Graded(points)


def _options(printed: PrintedQuestion) -> str:
    """The letters a question offers, as a message names them."""
    if isinstance(printed.question, TrueFalseQuestion):
        true, false = true_false_labels()
        return f"A ({true}) and B ({false})"
    last = LETTERS[printed.bubbles - 1]
    return {1: "A", 2: "A and B"}.get(printed.bubbles, f"A to {last}")


# -- text ---------------------------------------------------------------------------------


def _normal(cell: str) -> str:
    """A cell as it looks: full-width letters and no-break spaces made plain, ends stripped."""
    return unicodedata.normalize("NFKC", cell).strip()


def _odd_character(text: str) -> str:
    """``a zero-width space (U+200B)`` for the first character no one can see, else ``""``."""
    for char in text:
        if not char.isprintable() and char != " ":
            what = unicodedata.name(char, "").lower() or "control character"
            return f"an invisible character, {what} (U+{ord(char):04X})"
    return ""


def _shown(text: str) -> str:
    """*text* quoted for a message: cut short, nothing invisible printed raw."""
    visible = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return f"'{visible[:_SHOWN]}...'" if len(visible) > _SHOWN else f"'{visible}'"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
