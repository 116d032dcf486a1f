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
from sphinx.transforms import SphinxSmartQuotes, SphinxTransform
from sphinx.util.docutils import SphinxDirective
from typing_extensions import assert_never

from quizgen.bank.model import (
    AnyQuestion,
    Bank,
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
from quizgen.sphinx_ext.banks import catalog_for
from quizgen.sphinx_ext.domain import quizgen_domain
from quizgen.sphinx_ext.nodes import INLINE, part, quiz, quiz_part, quiz_question, role_of, slot
from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("quizgen")


def setup_quiz(app: Sphinx) -> None:
    """Register the ``{quiz}`` and ``{bank-objectives}`` directives."""
    app.add_directive("quiz", QuizDirective)
    app.add_directive("bank-objectives", BankObjectives)
    app.add_transform(RepeatedTitles)


class RepeatedTitles(SphinxTransform):
    """A quiz titled as the section it sits in does not show its title a second time.

    A self-check page is titled "Module 8 self-check" and so is its quiz: the
    quiz is then named by that heading instead of repeating it.
    """

    default_priority = 500  # type: ignore[assignment]  # docutils types it as None

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(quiz):
            node["show_title"] = node["title"] != _section_title(node)


def _section_title(node: nodes.Element) -> str:
    """The title of the section *node* is in ('' outside any section)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    first = parent.children[0] if parent is not None and parent.children else None
    return first.astext().strip() if isinstance(first, nodes.title) else ""


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
        ids = [question.id for question in questions]
        quizgen_domain(self.env).note_quiz(self.env.docname, bank.id, ids)
        return [node]

    def _warn(self, message: str) -> None:
        warn(f"quiz: {message}", self.get_location(), Subtype.QUIZ)

    def _bank(self, path: str) -> Bank | None:
        loaded = catalog_for(self.env)
        bank = loaded.banks.get(path)
        if bank is None and os.path.isfile(path):
            self._warn(f"the bank {self.arguments[0]} has problems (listed above); quiz left out")
        elif bank is None:
            self._warn(f"no bank file at {self.arguments[0]} (looked for {path})")
        return bank

    def _select(self, bank: Bank) -> list[AnyQuestion]:
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

    def _quiz_node(self, bank: Bank, questions: list[AnyQuestion], count: int) -> quiz:
        title = self.options.get("title") or str(_("Self-check: %s")) % bank.title
        node = quiz("", bank=bank.id, count=count, title=title.strip(), show_title=True)
        self.set_source_info(node)
        builder = QuestionBuilder(self)
        for question in questions:
            node += builder.build(question)
        builder.finish()
        return node

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

    def sources(self, keys: tuple[str, ...]) -> str:
        """MyST for an item's ``cite:`` keys: each a citation linked to the bibliography.

        Without sphinxcontrib-bibtex in the build the keys are shown as they are.
        """
        if "cite" in self.env.domains:  # sphinxcontrib-bibtex's domain
            cited = "; ".join(f"{{cite:t}}`{key}`" for key in keys)
        else:
            cited = "; ".join(f"`{key}`" for key in keys)
        label = _("Sources:")
        return f"{label} {cited}"

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
            raw.replace_self(raw_as_text(raw))
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
            message = f"bank-objectives: no valid bank at {self.arguments[0]}"
            warn(message, self.get_location(), Subtype.QUIZ)
            return []
        items = nodes.bullet_list()
        for objective in bank.objectives.values():
            paragraph = nodes.paragraph("", "", nodes.strong(objective.id, objective.id))
            paragraph += nodes.Text(f": {objective.text}")
            items += nodes.list_item("", paragraph)
        return [items]


def raw_as_text(raw: nodes.raw) -> nodes.Node:
    """Raw HTML from a bank or scenario as the text it is: inline in a paragraph, else one."""
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

    def build(self, question: AnyQuestion) -> quiz_question:
        """The question's node; its ``dom_id`` is given when the page is written."""
        node = quiz_question(
            "",
            qid=question.id,
            qtype=question.type,
            shuffle=True,  # choices keep the bank's order only where it says shuffle: false
            answer=_json(answers.runtime(question)),
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
        if question.cite:
            self._defer(node, "sources", self.directive.sources(question.cite))
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

    def _body(self, node: quiz_question, question: AnyQuestion) -> None:
        match question:
            case SingleQuestion() | MultipleQuestion():
                node["shuffle"] = question.shuffle
                node["size"] = len(question.options)
                for index, option in enumerate(question.options):
                    self._text(node, slot("label", index), option.text)
                    if option.feedback:
                        self._text(node, slot("feedback", index), option.feedback)
            case TrueFalseQuestion():
                node["shuffle"] = False  # always True, then False
                node["size"] = 2
                labels = answers.true_false_labels(lambda message: str(_(message)))
                for index, label in enumerate(labels):
                    node["texts"][slot("label", index)] = label
            case OrderQuestion():
                node["size"] = len(question.items)
                for index, item in enumerate(question.items):
                    self._text(node, slot("item", index), item)
            case MatchQuestion():
                node["size"] = len(question.pairs)
                for index, pair in enumerate(question.pairs):
                    self._text(node, slot("left", index), pair.left)
                    self._text(node, slot("right", index), pair.right)
            case TextQuestion() | NumericQuestion():
                pass  # a typed answer: nothing but the stem and the explanation
            case EssayQuestion():
                self._text(node, "model", question.model_answer)
                node["rubric"] = len(question.rubric)
                for index, point in enumerate(question.rubric):
                    self._text(node, slot("rubric", index), point)
            case _:
                assert_never(question)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
