"""Quizzes for print builders (LaTeX, text, man, ...): an exercise, and a key at the end.

Any builder that does not write HTML, and the HTML builders meant for paper
(``PRINT_HTML_BUILDERS``), get plain docutils nodes instead of the interactive
quiz: numbered questions with lettered options (shuffled the same way on every
build), blanks to write in, and an answer key appended to the end of the
document.
"""

from __future__ import annotations

import json
import random
import string
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation

from quizgen.nodes import content, quiz, quiz_question, slot

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

_ = get_translation("quizgen")
LETTERS = string.ascii_lowercase

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
    key = nodes.enumerated_list(enumtype="arabic")
    for node in list(doctree.findall(quiz)):
        node.replace_self(_exercise(node, key))
    if key.children:
        section = nodes.section("", nodes.title("", _("Answer key")), ids=["quizgen-answer-key"])
        section += key
        doctree += section


def _exercise(node: quiz, key: nodes.enumerated_list) -> nodes.Element:
    exercise = nodes.container(classes=["quiz-exercise"])
    exercise += nodes.rubric("", node["title"])
    questions = nodes.enumerated_list(enumtype="arabic", start=len(key.children) + 1)
    for question in node.findall(quiz_question):
        item, answer = _question(question)
        questions += item
        key += nodes.list_item("", *answer)
    exercise += questions
    return exercise


def _question(question: quiz_question) -> tuple[nodes.list_item, list[nodes.Node]]:
    """The printed question, and what the key says for it."""
    item = nodes.list_item()
    item += nodes.paragraph("", "", *content(question, "stem"))
    kind = question["qtype"]
    rng = random.Random(question["qid"])  # stable across builds, unlike the browser's
    answer: list[nodes.Node]
    if kind in {"single", "multiple", "truefalse"}:
        answer = _choices(item, question, rng)
    elif kind == "order":
        answer = _order(item, question, rng)
    elif kind == "match":
        answer = _match(item, question, rng)
    else:
        answer = _written(item, question)
    label = nodes.Text(f"{question['qid']}: ")
    if answer and isinstance(answer[0], nodes.paragraph):
        answer[0].insert(0, label)
    else:
        answer.insert(0, nodes.paragraph("", "", label))
    return item, [*answer, *content(question, "explanation")]


def _lettered(labels: list[list[nodes.Node]]) -> nodes.line_block:
    """Options as "a) ...", "b) ...": letters written out, since not every builder letters lists."""
    block = nodes.line_block()
    for letter, label in zip(LETTERS, labels, strict=False):
        block += nodes.line("", "", nodes.Text(f"{letter}) "), *label)
    return block


def _choices(
    item: nodes.list_item, question: quiz_question, rng: random.Random
) -> list[nodes.Node]:
    choices = list(range(question["size"]))
    if question["shuffle"]:
        rng.shuffle(choices)
    item += _lettered([content(question, slot("label", index)) for index in choices])
    correct = set(json.loads(question["answer"])["correct"])
    letters = [LETTERS[n] for n, index in enumerate(choices) if index in correct]
    return [nodes.paragraph("", ", ".join(letters))]


def _order(item: nodes.list_item, question: quiz_question, rng: random.Random) -> list[nodes.Node]:
    items = list(range(question["size"]))
    shown = _scrambled(items, rng)
    item += nodes.paragraph("", _("Put these in order:"))
    item += _lettered([content(question, slot("item", index)) for index in shown])
    return [nodes.paragraph("", ", ".join(LETTERS[shown.index(index)] for index in items))]


def _match(item: nodes.list_item, question: quiz_question, rng: random.Random) -> list[nodes.Node]:
    pairs = list(range(question["size"]))
    rights = _scrambled(pairs, rng)
    lefts = nodes.enumerated_list(enumtype="arabic")
    for index in pairs:
        lefts += nodes.list_item(
            "", nodes.paragraph("", "", *content(question, slot("left", index)))
        )
    item += nodes.paragraph("", _("Match each item with a letter:"))
    item += lefts
    item += _lettered([content(question, slot("right", index)) for index in rights])
    letter = {index: LETTERS[n] for n, index in enumerate(rights)}
    return [nodes.paragraph("", ", ".join(f"{n + 1}-{letter[n]}" for n in pairs))]


def _scrambled(values: list[int], rng: random.Random) -> list[int]:
    """A shuffled copy that is never the original order (else the key is on the page)."""
    shuffled = list(values)
    while len(shuffled) > 1 and shuffled == values:
        rng.shuffle(shuffled)
    return shuffled


def _written(item: nodes.list_item, question: quiz_question) -> list[nodes.Node]:
    item += nodes.paragraph("", _("Answer:") + " " + "_" * 30)
    answer = json.loads(question["answer"])
    if question["qtype"] == "text":
        return [nodes.paragraph("", " / ".join(answer["accept"]))]
    if question["qtype"] == "numeric":
        tolerance = f" (± {answer['tolerance']:g})" if answer["tolerance"] else ""
        return [nodes.paragraph("", f"{answer['answer']:g}{tolerance}")]
    rubric = nodes.bullet_list()
    for index in range(question["rubric"]):
        rubric += nodes.list_item("", *content(question, slot("rubric", index)))
    return [*content(question, "model"), *([rubric] if question["rubric"] else [])]
