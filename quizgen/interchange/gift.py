"""GIFT, Moodle's text format for questions (one UTF-8 ``.txt`` file).

Written as Moodle's GIFT reader (``question/format/gift/format.php``) reads
it: a ``$CATEGORY:`` block per section; each question titled ``::id::``
after a comment line ``// [id:...] [tag:...]`` (Moodle 4's idnumber and tags);
bank Markdown converted to HTML behind an ``[html]`` prefix; the characters
GIFT gives a meaning (``~ = # { } :`` and ``\\``) escaped, and line breaks
written as ``\\n`` so that no blank line ends a question early. Order questions
have no core GIFT form (only a plugin's) and are left out; an essay's model
answer and rubric have no place either.
"""

from __future__ import annotations

import re

from typing_extensions import assert_never

from quizgen.bank.model import (
    AnyQuestion,
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from quizgen.interchange.base import Export, Quiz
from quizgen.interchange.fractions import multiple_fractions, percent
from quizgen.interchange.text import html_block, html_inline, metadata_tags, number, one_line

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(text: str) -> str:
    """*text* with GIFT's special characters escaped and line breaks as ``\\n``."""
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\r", ""))
    return escaped.replace("\n", "\\n")


def _comment_value(text: str) -> str:
    return text.replace("]", "\\]")


class Gift:
    """The GIFT exporter."""

    name = "gift"
    label = "GIFT"
    suffix = ".txt"

    def export(self, quiz: Quiz) -> Export:
        out = Export(b"")
        blocks = [f"// {escape_comment(quiz.title)}: written by quizgen"]
        for section in quiz.sections:
            blocks.append(f"$CATEGORY: $course$/top/{section.title.replace('/', '//')}")
            for question in section.questions:
                block = self._question(question, out)
                if block is not None:
                    blocks.append(block)
                    out.written += 1
        out.content = ("\n\n".join(blocks) + "\n").encode("utf-8")
        return out

    def _question(self, question: AnyQuestion, out: Export) -> str | None:
        answers = self._answers(question, out)
        if answers is None:
            return None
        out.leave_out_points(question, "GIFT")
        tags = " ".join(f"[tag:{_comment_value(tag)}]" for tag in metadata_tags(question))
        header = f"// [id:{_comment_value(question.id)}] {tags}".rstrip()
        stem = escape(html_block(question.stem))
        explanation = f"####[html]{escape(html_block(question.explanation))}"
        if isinstance(question, TrueFalseQuestion):  # one line: TRUE or FALSE, then the feedback
            return f"{header}\n::{escape(question.id)}::[html]{stem}{{{answers}{explanation}}}"
        body = "\n".join(part for part in (answers, explanation) if part)  # no blank line
        return f"{header}\n::{escape(question.id)}::[html]{stem}{{\n{body}\n}}"

    def _answers(self, question: AnyQuestion, out: Export) -> str | None:
        """The text between the braces (without the explanation); None: not carried."""
        match question:
            case SingleQuestion():
                return "\n".join(
                    f"{'=' if option.correct else '~'}{_option(option.text, option.feedback)}"
                    for option in question.options
                )
            case MultipleQuestion():
                grades = multiple_fractions(question)
                return "\n".join(
                    f"~%{percent(grade)}%{_option(option.text, option.feedback)}"
                    for option, grade in zip(question.options, grades, strict=True)
                )
            case TrueFalseQuestion():
                return "TRUE" if question.answer else "FALSE"
            case OrderQuestion():
                out.leave_out(
                    question,
                    "GIFT cannot carry an order question (core GIFT has no ordering form); "
                    "left out (Moodle XML carries it)",
                    whole=True,
                )
                return None
            case MatchQuestion():
                return "\n".join(
                    f"={_option(pair.left, None)} -> {escape(one_line(pair.right))}"
                    for pair in question.pairs
                )
            case TextQuestion():
                return "\n".join(f"={escape(answer)}" for answer in question.accept)
            case NumericQuestion():
                return f"#{number(question.answer)}:{number(question.tolerance)}"
            case EssayQuestion():
                out.leave_out(
                    question,
                    "GIFT cannot carry an essay's model answer and rubric "
                    "(Moodle's grader information); written without them",
                )
                return ""
            case _:
                assert_never(question)


def _option(text: str, feedback: str | None) -> str:
    written = f"[html]{escape(html_inline(text))}"
    return f"{written}#[html]{escape(html_inline(feedback))}" if feedback else written


def escape_comment(text: str) -> str:
    """A title on a comment line: one line, nothing GIFT would read."""
    return " ".join(text.split())
