"""The ``{quiz}`` directive: practice questions of a bank, as doctree nodes.

Bank text (stems, options, feedback, explanations) is MyST Markdown parsed by
Sphinx, so emphasis, links, ``{term}`` and cross-references work. Raw HTML in
a bank is turned into visible text: a bank never injects markup into a page.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from docutils.utils import normalize_language_tag, smartquotes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxSmartQuotes
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
from quizgen.nodes import INLINE, part, quiz, quiz_part, quiz_question, role_of, slot
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
        builder = QuestionBuilder(self)
        for number, question in enumerate(questions, start=1):
            node += builder.build(question, f"{quiz_id}-{number}")
        builder.finish()
        return node

    def _register(self, bank: Bank, questions: list[Question]) -> None:
        registry = quiz_registry(self.env)
        entry = {"bank": bank.id, "ids": [question.id for question in questions]}
        registry.setdefault(self.env.docname, []).append(entry)

    def typography(self, text: str) -> str:
        """Plain bank text with the typography Sphinx gives page text (smart quotes, dashes)."""
        text = " ".join(text.split())
        if self._educate is not None and _QUOTABLE.search(text):
            return self._educate(text)
        return text

    @cached_property
    def _educate(self) -> Callable[[str], str] | None:
        """Sphinx's smart quotes for one string, or None where the build turns them off."""
        if not SphinxSmartQuotes(self.state.document, None).is_available():
            return None
        action = self.config.smartquotes_action
        tags = normalize_language_tag(self.env.settings["language_code"])
        language = next((tag for tag in tags if tag in smartquotes.smartchars.quotes), "")

        def educate(text: str) -> str:
            tokens = smartquotes.educate_tokens([("plain", text)], action, language)  # type: ignore[no-untyped-call]
            return "".join(tokens)

        return educate

    def parse(self, texts: list[str]) -> list[list[nodes.Node]]:
        """MyST text from a bank as nodes, raw HTML shown as text; one parse for all *texts*.

        A parse has a fixed cost that dwarfs a stem's few words, so the texts of
        a quiz are joined with a comment line between them and parsed once. Text
        that swallows the comments (an unclosed code fence, say) makes the pieces
        miscount; then each text is parsed on its own.
        """
        if not texts:
            return []
        pieces = self._parse_split(f"\n\n% {_SPLIT}\n\n".join(texts))
        if len(pieces) != len(texts):
            pieces = [self._parse_split(text)[0] for text in texts]
        return pieces

    def _parse_split(self, text: str) -> list[list[nodes.Node]]:
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines()), 0, holder)
        for raw in list(holder.findall(nodes.raw)):
            raw.replace_self(_raw_as_text(raw))
        pieces: list[list[nodes.Node]] = [[]]
        for child in holder.children:
            if isinstance(child, nodes.comment) and child.astext().strip() == _SPLIT:
                pieces.append([])
            else:
                pieces[-1].append(child)
        return pieces


# Anything that could be MyST syntax: then the text goes through the real parser.
_MARKUP = re.compile(
    r"[\\`*_\[\]<>{}#|$~]|&#?\w+;|^\s*(?:[-+]|\d+[.)])\s|^\s*(?:%|\+\+\+|:::)|\n\s*\n|://", re.M
)
# What smart quotes would change: quotes, dashes, ellipses.
_QUOTABLE = re.compile(r"['\"`]|--|\.\s?\.\s?\.")
# The comment line between the texts of a quiz parsed together.
_SPLIT = "quizgen: next text"


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
    """Turns the model questions of one quiz into ``quiz_question`` nodes.

    Plain text goes into the question's ``texts``; text with markup becomes a
    ``quiz_part`` child, filled when :meth:`finish` parses all of it at once.
    """

    def __init__(self, directive: QuizDirective) -> None:
        self.directive = directive
        self.pending: list[tuple[quiz_part, str]] = []

    def build(self, question: Question, dom_id: str) -> quiz_question:
        node = quiz_question(
            "",
            qid=question.id,
            qtype=question.type,
            dom_id=dom_id,
            shuffle=True,
            answer="{}",
            size=0,
            rubric=0,
            texts={},
        )
        if _MARKUP.search(question.stem):
            self._defer(node, "stem", question.stem)
        else:  # the stem is always a node, so that search finds the question
            node += part("stem", nodes.inline("", " ".join(question.stem.split())))
        self._body(node, question)
        self._text(node, "explanation", question.explanation)
        return node

    def finish(self) -> None:
        """Parse the text with markup of every question built, in one pass."""
        parsed = self.directive.parse([text for _, text in self.pending])
        for (target, _), children in zip(self.pending, parsed, strict=True):
            target += inline_content(children) if role_of(target["slot"]) in INLINE else children
        self.pending.clear()

    def _text(self, node: quiz_question, name: str, text: str) -> None:
        if _MARKUP.search(text):
            self._defer(node, name, text)
        else:
            node["texts"][name] = self.directive.typography(text)

    def _defer(self, node: quiz_question, name: str, text: str) -> None:
        """An empty part for the slot, filled with the parsed *text* by :meth:`finish`."""
        target = part(name)
        node += target
        self.pending.append((target, text))

    def _body(self, node: quiz_question, question: Question) -> None:
        if isinstance(question, ChoiceQuestion):
            node["shuffle"] = question.shuffle
            node["answer"] = _json({"correct": list(question.correct_indexes)})
            node["size"] = len(question.options)
            for index, option in enumerate(question.options):
                self._text(node, slot("label", index), option.text)
                if option.feedback:
                    self._text(node, slot("feedback", index), option.feedback)
        elif isinstance(question, TrueFalseQuestion):
            node["shuffle"] = False
            node["answer"] = _json({"correct": [0 if question.answer else 1]})
            node["size"] = 2
            for index, label in enumerate((_("True"), _("False"))):
                node["texts"][slot("label", index)] = str(label)
        elif isinstance(question, OrderQuestion):
            node["size"] = len(question.items)
            for index, item in enumerate(question.items):
                self._text(node, slot("item", index), item)
        elif isinstance(question, MatchQuestion):
            node["size"] = len(question.pairs)
            for index, pair in enumerate(question.pairs):
                self._text(node, slot("left", index), pair.left)
                self._text(node, slot("right", index), pair.right)
        elif isinstance(question, TextQuestion):
            node["answer"] = _json({"accept": list(question.accept)})
        elif isinstance(question, NumericQuestion):
            node["answer"] = _json({"answer": question.answer, "tolerance": question.tolerance})
        elif isinstance(question, EssayQuestion):
            self._text(node, "model", question.model_answer)
            node["rubric"] = len(question.rubric)
            for index, point in enumerate(question.rubric):
                self._text(node, slot("rubric", index), point)


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
