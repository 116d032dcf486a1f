"""Aiken in: single-choice questions as plain text, read as Moodle's Aiken reader reads them.

A question is its text (one or more lines), then options ``A)`` or ``A.`` (a
capital letter, a bracket or a full stop, a space), then ``ANSWER: X``. Aiken
has no ids, feedback or explanations: the bank gets a placeholder explanation
for each question, and the command says so once.
"""

from __future__ import annotations

import html
import re
from typing import Any

from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.myst import html_to_myst
from quizgen.interchange.reading import Draft, Reading, decode_text

MISSING_EXPLANATION = "(Aiken carries no explanation: write one here.)"
_OPTION = re.compile(r"^([A-Z])[).][ \t]+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(\S*)")


def _markdown(text: str) -> str:
    return html_to_myst(html.escape(" ".join(text.split())), inline=True).text


class _Question:
    def __init__(self, line: int) -> None:
        self.line = line
        self.stem: list[str] = []
        self.options: list[tuple[str, str]] = []


def read_aiken(path: str, data: bytes) -> Reading:
    """Read an Aiken file; raise :class:`QuizgenError` at the first line that breaks the format."""
    text = decode_text(path, data, "")
    reading = Reading(path, "aiken")
    problems: list[Problem] = []
    current: _Question | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if current is None:
            current = _Question(number)
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if answer:
            problem = _finish(reading, current, answer.group(1), number)
            if problem:
                problems.append(problem)
            current = None
        elif option and current.stem:
            current.options.append((option.group(1), option.group(2)))
        elif current.options:
            problems.append(
                Problem(path, number, "expected an option (A) ...) or ANSWER: after the options")
            )
        else:
            current.stem.append(line)
    if current is not None:
        problems.append(Problem(path, current.line, "the question has no ANSWER: line"))
    if problems:
        raise QuizgenError(problems)
    if reading.drafts:
        reading.note(
            1,
            f"Aiken carries no ids, feedback or explanations: {len(reading.drafts)} questions "
            "got new ids and a placeholder explanation to write",
        )
    return reading


def _finish(reading: Reading, question: _Question, letter: str, line: int) -> Problem | None:
    letters = [option_letter for option_letter, _ in question.options]
    if len(question.options) < 2:
        return Problem(reading.path, question.line, "a question needs at least two options")
    if letter not in letters:
        message = f"ANSWER: {letter or '(nothing)'} names no option of the question"
        return Problem(reading.path, line, message)
    options: list[dict[str, Any]] = []
    for option_letter, text in question.options:
        option: dict[str, Any] = {"text": _markdown(text)}
        if option_letter == letter:
            option["correct"] = True
        options.append(option)
    fields = {
        "type": "single",
        "stem": _markdown(" ".join(question.stem)),
        "options": options,
        "explanation": MISSING_EXPLANATION,
    }
    reading.drafts.append(Draft(line=question.line, fields=fields, path=reading.path))
    return None
