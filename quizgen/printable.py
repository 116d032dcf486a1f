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

from quizgen.nodes import parts, quiz, quiz_part, quiz_question

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
    item += nodes.paragraph("", "", *_copy(parts(question, "stem")[0].children))
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
    explanation = parts(question, "explanation")[0]
    label = nodes.Text(f"{question['qid']}: ")
    if answer and isinstance(answer[0], nodes.paragraph):
        answer[0].insert(0, label)
    else:
        answer.insert(0, nodes.paragraph("", "", label))
    return item, [*answer, *_copy(explanation.children)]


def _copy(children: list[nodes.Node]) -> list[nodes.Node]:
    return [child.deepcopy() for child in children]


def _lettered(labels: list[list[nodes.Node]]) -> nodes.line_block:
    """Options as "a) ...", "b) ...": letters written out, since not every builder letters lists."""
    block = nodes.line_block()
    for letter, label in zip(LETTERS, labels, strict=False):
        block += nodes.line("", "", nodes.Text(f"{letter}) "), *label)
    return block


def _choices(
    item: nodes.list_item, question: quiz_question, rng: random.Random
) -> list[nodes.Node]:
    choices = parts(parts(question, "choices")[0], "choice")
    if question["shuffle"]:
        rng.shuffle(choices)
    item += _lettered([_copy(parts(choice, "label")[0].children) for choice in choices])
    correct = set(json.loads(question["answer"])["correct"])
    letters = [LETTERS[n] for n, choice in enumerate(choices) if choice["index"] in correct]
    return [nodes.paragraph("", ", ".join(letters))]


def _order(item: nodes.list_item, question: quiz_question, rng: random.Random) -> list[nodes.Node]:
    items = parts(parts(question, "items")[0], "item")
    shown = _scrambled(items, rng)
    item += nodes.paragraph("", _("Put these in order:"))
    item += _lettered([_copy(part.children) for part in shown])
    position = {id(part): n for n, part in enumerate(shown)}
    return [nodes.paragraph("", ", ".join(LETTERS[position[id(part)]] for part in items))]


def _match(item: nodes.list_item, question: quiz_question, rng: random.Random) -> list[nodes.Node]:
    pairs = parts(parts(question, "pairs")[0], "pair")
    rights = _scrambled([parts(pair, "right")[0] for pair in pairs], rng)
    lefts = nodes.enumerated_list(enumtype="arabic")
    for pair in pairs:
        lefts += nodes.list_item(
            "", nodes.paragraph("", "", *_copy(parts(pair, "left")[0].children))
        )
    item += nodes.paragraph("", _("Match each item with a letter:"))
    item += lefts
    item += _lettered([_copy(right.children) for right in rights])
    letter = {right["index"]: LETTERS[n] for n, right in enumerate(rights)}
    return [nodes.paragraph("", ", ".join(f"{n + 1}-{letter[n]}" for n in range(len(pairs))))]


def _scrambled(values: list[quiz_part], rng: random.Random) -> list[quiz_part]:
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
    model = _copy(parts(question, "model")[0].children)
    rubric = [child for part in parts(question, "rubric") for child in _copy(part.children)]
    return [*model, *rubric]
