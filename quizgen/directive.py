"""The ``{quiz}`` directive: practice questions of a bank, as doctree nodes.

Bank text (stems, options, feedback, explanations) is MyST Markdown parsed by
Sphinx, so emphasis, links, ``{term}`` and cross-references work. Raw HTML in
a bank is turned into visible text: a bank never injects markup into a page.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from quizgen.html import site_id
from quizgen.model import (
    Bank,
    ChoiceQuestion,
    EssayQuestion,
    MatchQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from quizgen.nodes import part, quiz, quiz_question
from quizgen.sphinx_banks import catalog_for, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_ = get_translation("quizgen")


def setup_directive(app: Sphinx) -> None:
    """Register the directives and the cross-document quiz registry."""
    app.add_directive("quiz", QuizDirective)
    app.add_directive("bank-objectives", BankObjectives)
    app.connect("env-purge-doc", _purge_quizzes)
    app.connect("env-merge-info", _merge_quizzes)


def _comma_list(argument: str | None) -> list[str]:
    return [item.strip() for item in (argument or "").split(",") if item.strip()]


class QuizDirective(SphinxDirective):
    """``{quiz} bank.bank.yaml`` with ``:objectives:``, ``:ids:``, ``:count:``, ``:title:``."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {  # type: ignore[assignment,misc]
        "objectives": _comma_list,
        "ids": _comma_list,
        "count": directives.positive_int,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        bank = self._bank(os.path.normpath(absolute))
        if bank is None:
            return []
        questions = self._select(bank)
        if not questions:
            self._warn(
                "no practice questions to show (only use: practice or both appear on the site)"
            )
            return []
        count = self._count(len(questions))
        node = self._quiz_node(bank, questions, count)
        self._register(bank, questions)
        return [node]

    def _warn(self, message: str) -> None:
        warn(f"quiz: {message}", self.get_location(), "quiz")

    def _bank(self, path: str) -> Bank | None:
        loaded = catalog_for(self.env)
        bank = loaded.banks.get(path)
        if bank is None and os.path.isfile(path):
            self._warn(f"the bank {self.arguments[0]} has problems (listed above); quiz left out")
        elif bank is None:
            self._warn(f"no bank file at {self.arguments[0]} (looked for {path})")
        return bank

    def _select(self, bank: Bank) -> list[Question]:
        objectives = self.options.get("objectives")
        ids = self.options.get("ids")
        for objective in objectives or ():
            if objective not in bank.objectives:
                self._warn(f"objective {objective!r} is not in bank {bank.id}")
        by_id = {question.id: question for question in bank.questions}
        for qid in ids or ():
            if qid not in by_id:
                self._warn(f"question {qid!r} is not in bank {bank.id}")
            elif not by_id[qid].on_site:
                self._warn(f"question {qid!r} is secure (use: exam) and is never shown on the site")
        return bank.select(
            objectives=frozenset(objectives) if objectives else None,
            ids=frozenset(ids) if ids else None,
            on_site=True,
        )

    def _count(self, available: int) -> int:
        count: int = self.options.get("count", available)
        if count > available:
            self._warn(f":count: {count} asks for more questions than the {available} available")
        return min(count, available)

    def _quiz_node(self, bank: Bank, questions: list[Question], count: int) -> quiz:
        serial = self.env.new_serialno("quizgen-quiz")
        quiz_id = f"quiz-{serial}"
        title = self.options.get("title") or str(_("Self-check: %s")) % bank.title
        site = site_id(self.config)
        node = quiz("", quiz_id=quiz_id, bank=bank.id, count=count, title=title, site=site)
        self.set_source_info(node)
        for number, question in enumerate(questions, start=1):
            node += QuestionBuilder(self, f"{quiz_id}-{number}").build(question)
        return node

    def _register(self, bank: Bank, questions: list[Question]) -> None:
        registry = quiz_registry(self.env)
        entry = {"bank": bank.id, "ids": [question.id for question in questions]}
        registry.setdefault(self.env.docname, []).append(entry)

    def markdown(self, text: str) -> list[nodes.Node]:
        """Parse MyST text from a bank, with raw HTML shown as text."""
        if not _MARKUP.search(text):  # most options and feedback: skip the parser, same result
            return [nodes.paragraph("", " ".join(text.split()))]
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines()), 0, holder)
        for raw in list(holder.findall(nodes.raw)):
            raw.replace_self(_raw_as_text(raw))
        return list(holder.children)


# Anything that could be MyST syntax: then the text goes through the real parser.
_MARKUP = re.compile(r"[\\`*_\[\]<>{}#|$~]|&#?\w+;|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n|://", re.M)


class BankObjectives(SphinxDirective):
    """``{bank-objectives} bank.bank.yaml``: the bank's learning objectives, as a list.

    The bank is the one place objectives are written; a syllabus lists them from there.
    """

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        bank = catalog_for(self.env).banks.get(os.path.normpath(absolute))
        if bank is None:
            warn(
                f"bank-objectives: no valid bank at {self.arguments[0]}",
                self.get_location(),
                "quiz",
            )
            return []
        items = nodes.bullet_list()
        for objective in bank.objectives.values():
            paragraph = nodes.paragraph("", "", nodes.strong(objective.id, objective.id))
            paragraph += nodes.Text(f": {objective.text}")
            items += nodes.list_item("", paragraph)
        return [items]


def _raw_as_text(raw: nodes.raw) -> nodes.Node:
    text = nodes.Text(raw.astext())
    return (
        nodes.inline("", "", text)
        if isinstance(raw.parent, nodes.TextElement)
        else nodes.paragraph("", "", text)
    )


def inline_content(children: list[nodes.Node]) -> list[nodes.Node]:
    """A lone paragraph's inline children (labels and legends hold phrasing content)."""
    if len(children) == 1 and isinstance(children[0], nodes.paragraph):
        # An inline (a TextElement) keeps references legal where the paragraph was.
        return [nodes.inline("", "", *children[0].children)]
    return children


class QuestionBuilder:
    """Turns one model question into a ``quiz_question`` node."""

    def __init__(self, directive: QuizDirective, dom_id: str) -> None:
        self.directive = directive
        self.dom_id = dom_id

    def build(self, question: Question) -> quiz_question:
        node = quiz_question(
            "", qid=question.id, qtype=question.type, dom_id=self.dom_id, shuffle=True, answer="{}"
        )
        node += part("stem", *inline_content(self.directive.markdown(question.stem)))
        self._body(question, node)
        node += part("explanation", *self.directive.markdown(question.explanation))
        return node

    def _body(self, question: Question, node: quiz_question) -> None:
        if isinstance(question, ChoiceQuestion):
            self._choices(node, question)
        elif isinstance(question, TrueFalseQuestion):
            self._truefalse(node, question)
        elif isinstance(question, OrderQuestion):
            node += part(
                "items",
                *(self._text_part("item", item, i) for i, item in enumerate(question.items)),
            )
        elif isinstance(question, MatchQuestion):
            node += part(
                "pairs",
                *(self._pair(pair.left, pair.right, i) for i, pair in enumerate(question.pairs)),
            )
        elif isinstance(question, TextQuestion):
            node["answer"] = _json({"accept": list(question.accept)})
            node += part("response")
        elif isinstance(question, NumericQuestion):
            node["answer"] = _json({"answer": question.answer, "tolerance": question.tolerance})
            node += part("response")
        elif isinstance(question, EssayQuestion):
            self._essay(node, question)

    def _text_part(self, role: str, text: str, index: int) -> nodes.Node:
        return part(role, *inline_content(self.directive.markdown(text)), index=index)

    def _choices(self, node: quiz_question, question: ChoiceQuestion) -> None:
        node["shuffle"] = question.shuffle
        node["answer"] = _json({"correct": list(question.correct_indexes)})
        choices = part("choices", multiple=question.type == "multiple")
        for index, option in enumerate(question.options):
            choice = part("choice", self._text_part("label", option.text, index), index=index)
            if option.feedback:
                choice += part("feedback", *self.directive.markdown(option.feedback))
            choices += choice
        node += choices

    def _truefalse(self, node: quiz_question, question: TrueFalseQuestion) -> None:
        node["shuffle"] = False
        node["answer"] = _json({"correct": [0 if question.answer else 1]})
        choices = part("choices", multiple=False)
        for index, label in enumerate((_("True"), _("False"))):
            choices += part("choice", part("label", nodes.Text(str(label))), index=index)
        node += choices

    def _pair(self, left: str, right: str, index: int) -> nodes.Node:
        return part(
            "pair",
            self._text_part("left", left, index),
            self._text_part("right", right, index),
            index=index,
        )

    def _essay(self, node: quiz_question, question: EssayQuestion) -> None:
        node += part("response", multiline=True)
        node += part("model", *self.directive.markdown(question.model_answer))
        if question.rubric:
            points = nodes.bullet_list()
            for point in question.rubric:
                points += nodes.list_item("", *self.directive.markdown(point))
            node += part("rubric", points)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- the registry of quizzes across documents ------------------------------------------


def quiz_registry(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    """Docname -> the quizzes on that page (bank id and question ids), kept on the env."""
    if not hasattr(env, "quizgen_quizzes"):
        env.quizgen_quizzes = {}  # type: ignore[attr-defined]
    registry: dict[str, list[dict[str, Any]]] = env.quizgen_quizzes  # type: ignore[attr-defined]
    return registry


def _purge_quizzes(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    quiz_registry(env).pop(docname, None)


def _merge_quizzes(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = quiz_registry(other)
    mine = quiz_registry(env)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]
