"""Aiken: single-choice questions as plain text, the simplest format Moodle imports.

Moodle's Aiken reader (``question/format/aiken/format.php``) takes a one-line
stem, options ``A)`` to ``Z)`` and ``ANSWER: X``; nothing else. So only single
questions go out, as plain text on one line each; every other type is left
out, and each question's id, feedback and explanation are reported as lost.
"""

from __future__ import annotations

import string

from quizgen.bank.model import AnyQuestion, SingleQuestion
from quizgen.interchange.base import Export, Quiz
from quizgen.interchange.text import one_line

LETTERS = string.ascii_uppercase


class Aiken:
    """The Aiken exporter."""

    name = "aiken"
    label = "Aiken"
    suffix = ".txt"

    def export(self, quiz: Quiz) -> Export:
        out = Export(b"")
        blocks = []
        for question in quiz.questions():
            block = self._question(question, out)
            if block is not None:
                blocks.append(block)
                out.written += 1
        out.content = ("\n\n".join(blocks) + "\n" if blocks else "").encode("utf-8")
        return out

    def _question(self, question: AnyQuestion, out: Export) -> str | None:
        if not isinstance(question, SingleQuestion):
            message = (
                f"Aiken cannot carry a {question.type} question (single choice only); left out"
            )
            out.leave_out(question, message, whole=True)
            return None
        if len(question.options) > len(LETTERS):
            message = "Aiken cannot carry more than 26 options (A to Z); left out"
            out.leave_out(question, message, whole=True)
            return None
        lost = ["its id, objective, use and tags", "the explanation"]
        if any(option.feedback for option in question.options):
            lost.insert(1, "option feedback")
        out.leave_out(question, f"Aiken cannot carry {', '.join(lost)}; written without them")
        out.leave_out_points(question, "Aiken")
        lines = [one_line(question.stem)]
        lines += [f"{LETTERS[i]}) {one_line(o.text)}" for i, o in enumerate(question.options)]
        lines.append(f"ANSWER: {LETTERS[question.correct_indexes[0]]}")
        return "\n".join(lines)
