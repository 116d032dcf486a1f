"""Quizzes for print builders (LaTeX, text, man, ...): an exercise, and a key at the end.

Any builder that does not write HTML, and the HTML builders meant for paper
(``PRINT_HTML_BUILDERS``), get plain docutils nodes instead of the interactive
quiz: numbered questions with lettered options (arranged the same way on every
build), blanks to write in, and an answer key appended to the end of the
document. What the key says comes from :mod:`quizgen.render.answers`, as the
printed exams' keys do.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
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
from quizgen.render import answers
from quizgen.render.answers import LETTERS
from quizgen.sphinx_ext.banks import catalog_for
from quizgen.sphinx_ext.nodes import content, quiz, quiz_question, slot

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

_ = get_translation("quizgen")

# HTML builders whose pages are printed, not clicked: they get the exercises and the key.
PRINT_HTML_BUILDERS = frozenset({"handbook"})


def setup_printable(app: Sphinx) -> None:
    """Turn quizzes into exercises for every builder that prints."""
    app.connect("doctree-resolved", printable_quizzes)


def prints(builder: Builder) -> bool:
    """Whether what *builder* writes is read on paper, where nothing can be clicked."""
    return builder.format != "html" or builder.name in PRINT_HTML_BUILDERS


def printable_quizzes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each quiz by an exercise; collect the answers in a key at the end.

    For LaTeX and the handbook this runs once on the whole assembled book, so the
    key closes the book.
    """
    if not prints(app.builder):
        return
    found = list(doctree.findall(quiz))
    if not found:
        return
    exercises = _Exercises(catalog_for(app.env).questions_by_id())
    for node in found:
        node.replace_self(exercises.exercise(node))
    if exercises.key.children:
        section = nodes.section("", nodes.title("", _("Answer key")), ids=["quizgen-answer-key"])
        section += exercises.key
        doctree += section


def _gettext(message: str) -> str:
    return str(_(message))


class _Exercises:
    """The exercises of one printed document, and its key."""

    def __init__(self, questions: dict[str, AnyQuestion]) -> None:
        self.questions = questions
        self.key = nodes.enumerated_list(enumtype="arabic")

    def exercise(self, node: quiz) -> nodes.Element:
        exercise = nodes.container(classes=["quiz-exercise"])
        if node["show_title"]:
            exercise += nodes.rubric("", node["title"])
        listed = nodes.enumerated_list(enumtype="arabic", start=len(self.key.children) + 1)
        for question in node.findall(quiz_question):
            item, answer = self._question(question)
            listed += item
            self.key += nodes.list_item("", *answer)
        exercise += listed
        return exercise

    def _question(self, node: quiz_question) -> tuple[nodes.list_item, list[nodes.Node]]:
        """The printed question, and what the key says for it."""
        question = self.questions[node["qid"]]
        order = answers.arrangement(question, random.Random(question.id))  # the same every build
        item = nodes.list_item()
        item += nodes.paragraph("", "", *content(node, "stem"))
        item += _answer_space(node, question, order)
        label = nodes.Text(f"{question.id}: ")
        if isinstance(question, EssayQuestion):
            answer = _essay_key(node)
        else:
            answer = [nodes.paragraph("", answers.key(question, order, _gettext))]
        if isinstance(answer[0], nodes.paragraph):
            answer[0].insert(0, label)
        else:
            answer.insert(0, nodes.paragraph("", "", label))
        sources = content(node, "sources")
        cited = [nodes.paragraph("", "", *sources)] if sources else []
        return item, [*answer, *content(node, "explanation"), *cited]


def _answer_space(
    node: quiz_question, question: AnyQuestion, order: tuple[int, ...]
) -> list[nodes.Node]:
    """What the printed question offers: the one per-type choice of print builders."""
    match question:
        case SingleQuestion() | MultipleQuestion() | TrueFalseQuestion():
            return [_lettered([content(node, slot("label", index)) for index in order])]
        case OrderQuestion():
            return [
                nodes.paragraph("", _("Put these in order:")),
                _lettered([content(node, slot("item", index)) for index in order]),
            ]
        case MatchQuestion():
            lefts = nodes.enumerated_list(enumtype="arabic")
            for index in range(len(question.pairs)):
                lefts += nodes.list_item(
                    "", nodes.paragraph("", "", *content(node, slot("left", index)))
                )
            return [
                nodes.paragraph("", _("Match each item with a letter:")),
                lefts,
                _lettered([content(node, slot("right", index)) for index in order]),
            ]
        case TextQuestion() | NumericQuestion() | EssayQuestion():
            return [nodes.paragraph("", _("Answer:") + " " + "_" * 30)]
        case _:
            assert_never(question)


def _lettered(labels: list[list[nodes.Node]]) -> nodes.line_block:
    """Options as "A) ...", "B) ...": letters written out, since not every builder letters lists."""
    block = nodes.line_block()
    for letter, label in zip(LETTERS, labels, strict=False):
        block += nodes.line("", "", nodes.Text(f"{letter}) "), *label)
    return block


def _essay_key(node: quiz_question) -> list[nodes.Node]:
    """An essay's key: its model answer and rubric, with their markup."""
    rubric = nodes.bullet_list()
    for index in range(node["rubric"]):
        rubric += nodes.list_item("", *content(node, slot("rubric", index)))
    return [*content(node, "model"), *([rubric] if node["rubric"] else [])]
