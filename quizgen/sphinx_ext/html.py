"""HTML for quizzes: native form controls in fieldsets, and the assets that run them.

The markup is the accessibility contract of ``bank-format.md`` section 3:
each question is a ``<fieldset>`` whose ``<legend>`` is the stem, choices
are native inputs with labels, and a polite ``role="status"`` region says
what a check found. Answers reach the script as data attributes. Elements
that stand for a node are opened with the translator's ``starttag`` (so the
node's ids and classes are kept); the rest is :class:`markupsafe.Markup`,
which escapes every value put into it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.fileutil import copy_asset_file
from typing_extensions import assert_never

from quizgen.bank.model import QuestionType
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.nodes import (
    INLINE,
    has,
    lookup,
    plain,
    quiz,
    quiz_part,
    quiz_question,
    role_of,
    slot,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("quizgen")

STATIC = Path(__file__).parent / "static"
JS_FILE, CSS_FILE = "quizgen.js", "quizgen.css"
SITE_CSS_FILE = "quizgen-site.css"  # on every page: the academy profile's notices


def setup_html(app: Sphinx) -> None:
    """Register visitors and add the runtime to pages that hold a quiz."""
    app.add_node(quiz, html=(visit_quiz, depart_quiz))
    app.add_node(quiz_question, html=(visit_question, skip))
    app.add_node(quiz_part, html=(skip, skip))
    app.add_post_transform(QuizIds)
    app.add_css_file(SITE_CSS_FILE)
    app.connect("html-page-context", assets_for(quiz, CSS_FILE, JS_FILE))
    app.connect("build-finished", _copy_assets)


class QuizIds(SphinxPostTransform):
    """Number the quizzes of each written page: ``quiz-0``, its questions ``quiz-0-1``...

    Ids are given to the tree that becomes one HTML file, so a page of
    ``singlehtml`` (every document on one page) numbers its quizzes on from
    the first document's, and no two quizzes share an id or a radio ``name``.
    """

    formats = ("html",)
    default_priority = 100  # type: ignore[assignment]  # docutils types it as None

    def run(self, **kwargs: Any) -> None:
        for number, node in enumerate(self.document.findall(quiz)):
            node["quiz_id"] = quiz_id = f"quiz-{number}"
            for position, question in enumerate(node.findall(quiz_question), start=1):
                question["dom_id"] = f"{quiz_id}-{position}"


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        copy_static(app, (JS_FILE, CSS_FILE, SITE_CSS_FILE))


def copy_static(app: Sphinx, names: tuple[str, ...]) -> None:
    """Copy quizgen's static files into the HTML output's ``_static``.

    Copied here rather than added to html_static_path: changing that config value
    would make every later incremental build rewrite every page.
    """
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        for name in names:
            copy_asset_file(STATIC / name, static / name, force=True)


PageContextHandler = Callable[["Sphinx", str, str, dict[str, Any], "nodes.Node | None"], None]


def assets_for(node_class: type[nodes.Element], css: str, js: str) -> PageContextHandler:
    """An html-page-context handler adding *css* and *js* only to pages holding *node_class*."""

    def add_assets(
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.Node | None,
    ) -> None:
        if doctree is not None and any(doctree.findall(node_class)):
            app.add_css_file(css)
            app.add_js_file(js, loading_method="defer")

    return add_assets


def storage_prefix(config: Config) -> str:
    """The prefix of every answer this site saves in the browser: ``quizgen:<site>:``."""
    return f"quizgen:{quizgen_config(config).storage_namespace(config.project)}:"


def open_tag(
    translator: HTML5Translator, node: nodes.Element, name: str, **attributes: Any
) -> Markup:
    """The opening tag of *node*'s element: its ids and classes kept, every value escaped.

    ``CLASS`` adds classes to the node's, ``ids`` adds ids after the node's own.
    """
    tag: str = translator.starttag(node, name, suffix="", **attributes)  # type: ignore[no-untyped-call]
    return Markup(tag)  # every value escaped by the translator


def json_attribute(value: object) -> str:
    """*value* as JSON for a data attribute (the translator escapes it)."""
    return json.dumps(value, ensure_ascii=False)


def _messages() -> dict[str, str]:
    """What the script says, translated here so a Spanish build speaks Spanish."""
    messages = {
        "correct": _("Correct."),
        "incorrect": _("Incorrect."),
        "essay": _("Compare your answer with the model answer below, then mark it."),
        "unanswered": _("Answer the question first."),
        "score": _("{0} of {1} correct"),
        "last_ok": _("Last time you answered this correctly."),
        "last_bad": _("Last time your answer was not correct."),
        "moved": _("{0}: position {1} of {2}"),
        "reset": _("Your saved answers were cleared."),
    }
    return {key: str(text) for key, text in messages.items()}


# -- visitors ----------------------------------------------------------------------------


def visit_quiz(self: HTML5Translator, node: quiz) -> None:
    quiz_id = node["quiz_id"]
    title_id = f"{quiz_id}-title"
    # Where the quiz's title repeats the heading above it, it is not shown twice.
    named = {"aria-labelledby": title_id} if node["show_title"] else {"aria-label": node["title"]}
    attributes = {
        "data-quiz": "",
        "data-count": str(node["count"]),
        "data-store": storage_prefix(self.config),
        "data-l10n": json_attribute(_messages()),
        **named,
    }
    self.body.append(open_tag(self, node, "section", CLASS="quiz", ids=[quiz_id], **attributes))
    if node["show_title"]:
        title = Markup('<h2 class="quiz-title" id="{0}">{1}</h2>').format(title_id, node["title"])
        self.body.append(title)


def depart_quiz(self: HTML5Translator, node: quiz) -> None:
    self.body.append(
        Markup(
            '<div class="quiz-footer"><p class="quiz-score" role="status"></p>'
            '<button type="button" class="quiz-retry">{0}</button> '
            '<button type="button" class="quiz-reset">{1}</button>'
            "</div></section>\n"
        ).format(_("Try again"), _("Reset my answers"))
    )


def visit_question(self: HTML5Translator, node: quiz_question) -> None:
    """The whole question at once: its text comes from its slots (see quizgen.sphinx_ext.nodes)."""
    self.body.append(_QuestionWriter(self, node).html())
    raise nodes.SkipNode


def skip(self: HTML5Translator, node: nodes.Element) -> None:
    """Parts are written by their question's writer, never on their own."""
    raise nodes.SkipNode


def _render(self: HTML5Translator, node: quiz_part) -> Markup:
    """What Sphinx's translator writes for the children of *node* (already escaped HTML)."""
    saved = self.body
    self.body = []
    try:
        for child in node.children:
            child.walkabout(self)
        return Markup("".join(self.body))  # written by the translator
    finally:
        self.body = saved


class _QuestionWriter:
    """The HTML of one question (the markup contract of bank-format.md section 3)."""

    def __init__(self, translator: HTML5Translator, node: quiz_question) -> None:
        self.translator = translator
        self.node = node
        self.qid: str = node["dom_id"]

    def text(self, name: str) -> Markup:
        """A slot as HTML: plain text escaped, parsed text as the translator writes it."""
        found = lookup(self.node, name)
        if isinstance(found, str):
            return Markup("{0}" if role_of(name) in INLINE else "<p>{0}</p>").format(found)
        return Markup("") if found is None else _render(self.translator, found)

    def html(self) -> str:
        node = self.node
        kind: QuestionType = node["qtype"]
        attributes = {
            "data-quiz-question": node["qid"],
            "data-type": kind,
            "data-answer": node["answer"],
            "data-shuffle": "true" if node["shuffle"] else "false",
        }
        opening = open_tag(
            self.translator,
            node,
            "fieldset",
            CLASS=f"quiz-question quiz-{kind}",
            ids=[self.qid],
            **attributes,
        )
        return opening + Markup(
            '<legend class="quiz-stem">{stem}</legend>{body}'
            '<div class="quiz-explanation" hidden>{explanation}</div>{marks}'
            '<p class="quiz-actions"><button type="button" class="quiz-check">{check}</button></p>'
            '<div class="quiz-status" role="status"></div>'
            '<p class="quiz-last" hidden></p></fieldset>\n'
        ).format(
            stem=self.text("stem"),
            body=self.body(kind),
            explanation=self.text("explanation") + self.sources(),
            marks=_self_marks() if kind == "essay" else "",
            check=_("Check answer"),
        )

    def sources(self) -> Markup:
        """The item's references (its ``cite:`` keys), linked to the bibliography."""
        if not has(self.node, "sources"):
            return Markup("")
        return Markup('<p class="quiz-sources">{0}</p>').format(self.text("sources"))

    def body(self, kind: QuestionType) -> Markup:
        """What the trainee answers with: the one per-type choice of the site's HTML."""
        match kind:
            case "single" | "multiple" | "truefalse":
                return self.choices("checkbox" if kind == "multiple" else "radio")
            case "order":
                return self.order()
            case "match":
                return self.match()
            case "text" | "numeric":
                return self.response(kind)
            case "essay":
                return self.essay()
            case _:
                assert_never(kind)

    def choices(self, control: str) -> Markup:
        rows = Markup()
        for index in range(self.node["size"]):
            choice_id = f"{self.qid}-c{index}"
            feedback = slot("feedback", index)
            note = (
                Markup('<div class="quiz-feedback" hidden>{0}</div>').format(self.text(feedback))
                if has(self.node, feedback)
                else ""
            )
            rows += Markup(
                '<div class="quiz-choice" data-index="{index}">'
                '<input type="{control}" name="{name}" id="{id}" value="{index}">'
                '<label for="{id}">{label}</label>{note}</div>'
            ).format(
                index=index,
                control=control,
                name=self.qid,
                id=choice_id,
                label=self.text(slot("label", index)),
                note=note,
            )
        return Markup('<div class="quiz-choices">{0}</div>').format(rows)

    def order(self) -> Markup:
        rows = Markup()
        for index in range(self.node["size"]):
            item_id = f"{self.qid}-i{index}"
            buttons = Markup("").join(
                Markup(
                    '<button type="button" class="quiz-{kind}" id="{item}-{kind}" '
                    'aria-labelledby="{item}-{kind} {item}-t">{label}</button>'
                ).format(kind=kind, item=item_id, label=label)
                for kind, label in (("up", _("Move up")), ("down", _("Move down")))
            )
            rows += Markup(
                '<li class="quiz-item" data-index="{index}">'
                '<span class="quiz-item-text" id="{item}-t">{text}</span> {buttons}</li>'
            ).format(
                index=index, item=item_id, text=self.text(slot("item", index)), buttons=buttons
            )
        return Markup('<ol class="quiz-items">{0}</ol>').format(rows)

    def match(self) -> Markup:
        """A select per left item, each offering every right side as plain text."""
        size = self.node["size"]
        options = Markup("").join(
            Markup('<option value="{0}">{1}</option>').format(
                index, plain(self.node, slot("right", index))
            )
            for index in range(size)
        )
        choose = Markup('<option value="">{0}</option>').format(_("Choose…"))
        rows = Markup()
        for index in range(size):
            rows += Markup(
                '<div class="quiz-pair" data-index="{index}">'
                '<label for="{id}">{left}</label>'
                '<select id="{id}">{choose}{options}</select></div>'
            ).format(
                index=index,
                id=f"{self.qid}-m{index}",
                left=self.text(slot("left", index)),
                choose=choose,
                options=options,
            )
        return Markup('<div class="quiz-pairs">{0}</div>').format(rows)

    def response(self, kind: QuestionType) -> Markup:
        response_id = f"{self.qid}-r"
        if kind == "essay":
            control = Markup('<textarea id="{0}" rows="4"></textarea>')
        elif kind == "numeric":
            control = Markup('<input type="text" inputmode="decimal" id="{0}" autocomplete="off">')
        else:
            control = Markup('<input type="text" id="{0}" autocomplete="off" spellcheck="false">')
        return Markup('<p class="quiz-response"><label for="{0}">{1}</label> {2}</p>').format(
            response_id, _("Your answer"), control.format(response_id)
        )

    def essay(self) -> Markup:
        model = Markup(
            '<div class="quiz-model" hidden><p class="quiz-heading">{0}</p>{1}</div>'
        ).format(_("Model answer"), self.text("model"))
        points = Markup("").join(
            Markup("<li>{0}</li>").format(self.text(slot("rubric", index)))
            for index in range(self.node["rubric"])
        )
        rubric = (
            Markup(
                '<div class="quiz-rubric" hidden><p class="quiz-heading">{0}</p><ul>{1}</ul></div>'
            ).format(_("Rubric"), points)
            if points
            else ""
        )
        return self.response("essay") + model + rubric


def _self_marks() -> Markup:
    """An essay's self-assessment buttons, shown with the model answer."""
    marks = Markup("").join(
        Markup('<button type="button" class="quiz-self" data-self="{0}">{1}</button> ').format(
            value, label
        )
        for value, label in (("1", _("My answer covers it")), ("0", _("Not yet")))
    )
    return Markup('<p class="quiz-marks" hidden>{0}</p>').format(marks)
