"""HTML for quizzes: native form controls in fieldsets, and the assets that run them.

The markup is the accessibility contract of ``bank-format.md`` section 3:
each question is a ``<fieldset>`` whose ``<legend>`` is the stem, choices
are native inputs with labels, and a polite ``role="status"`` region says
what a check found. Answers reach the script as data attributes; text is
escaped by the translator, never formatted into markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.fileutil import copy_asset_file

from quizgen.nodes import (
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


def esc(text: object) -> str:
    """*text* as HTML text or an attribute value, quotes included."""
    return escape(str(text), quote=True)


STATIC = Path(__file__).parent / "static"
JS_FILE, CSS_FILE = "quizgen.js", "quizgen.css"
SITE_CSS_FILE = "quizgen-site.css"  # on every page: the academy profile's notices


def setup_html(app: Sphinx) -> None:
    """Register visitors and add the runtime to pages that hold a quiz."""
    app.add_config_value("quizgen_site_id", "", "html", types=(str,))
    app.add_node(quiz, html=(visit_quiz, depart_quiz))
    app.add_node(quiz_question, html=(visit_question, skip))
    app.add_node(quiz_part, html=(skip, skip))
    app.add_css_file(SITE_CSS_FILE)
    app.connect("html-page-context", assets_for(quiz, CSS_FILE, JS_FILE))
    app.connect("build-finished", _copy_assets)


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


def site_id(config: Config) -> str:
    """The storage namespace: ``quizgen_site_id``, else the project name as a slug."""
    configured: str = config.quizgen_site_id or config.project
    return re.sub(r"[^a-z0-9]+", "-", configured.lower()).strip("-") or "site"


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
    store = f"quizgen:{node['site']}:"
    attributes = {
        "class": "quiz",
        "id": quiz_id,
        "aria-labelledby": f"{quiz_id}-title",
        "data-quiz": "",
        "data-count": str(node["count"]),
        "data-store": store,
        "data-l10n": json.dumps(_messages(), ensure_ascii=False),
    }
    self.body.append(start_tag("section", attributes))
    self.body.append(f'<h2 class="quiz-title" id="{quiz_id}-title">{esc(node["title"])}</h2>')


def depart_quiz(self: HTML5Translator, node: quiz) -> None:
    self.body.append(
        '<div class="quiz-footer"><p class="quiz-score" role="status"></p>'
        f'<button type="button" class="quiz-retry">{esc(_("Try again"))}</button> '
        f'<button type="button" class="quiz-reset">{esc(_("Reset my answers"))}</button>'
        "</div></section>\n"
    )


def visit_question(self: HTML5Translator, node: quiz_question) -> None:
    """The whole question at once: its text comes from its slots (see quizgen.nodes)."""
    self.body.append(_QuestionWriter(self, node).html())
    raise nodes.SkipNode


def skip(self: HTML5Translator, node: nodes.Element) -> None:
    """Parts are written by their question's writer, never on their own."""
    raise nodes.SkipNode


def start_tag(name: str, attributes: dict[str, str]) -> str:
    """An opening tag with every attribute value escaped."""
    pairs = "".join(f' {key}="{esc(value)}"' for key, value in attributes.items())
    return f"<{name}{pairs}>"


def _render(self: HTML5Translator, node: quiz_part) -> str:
    """What Sphinx's translator writes for the children of *node*."""
    saved = self.body
    self.body = []
    try:
        for child in node.children:
            child.walkabout(self)
        return "".join(self.body)
    finally:
        self.body = saved


class _QuestionWriter:
    """The HTML of one question (the markup contract of bank-format.md section 3)."""

    def __init__(self, translator: HTML5Translator, node: quiz_question) -> None:
        self.translator = translator
        self.node = node
        self.qid: str = node["dom_id"]

    def text(self, name: str) -> str:
        """A slot as HTML: plain text escaped, parsed text as the translator writes it."""
        found = lookup(self.node, name)
        if isinstance(found, str):
            return esc(found) if role_of(name) in INLINE else f"<p>{esc(found)}</p>"
        return "" if found is None else _render(self.translator, found)

    def html(self) -> str:
        node = self.node
        kind = node["qtype"]
        attributes = {
            "class": f"quiz-question quiz-{kind}",
            "id": self.qid,
            "data-quiz-question": node["qid"],
            "data-type": kind,
            "data-answer": node["answer"],
            "data-shuffle": "true" if node["shuffle"] else "false",
        }
        body = {
            "order": self.order,
            "match": self.match,
            "text": self.response,
            "numeric": self.response,
            "essay": self.essay,
        }.get(kind, self.choices)
        check = f'<button type="button" class="quiz-check">{esc(_("Check answer"))}</button>'
        return (
            start_tag("fieldset", attributes)
            + f'<legend class="quiz-stem">{self.text("stem")}</legend>'
            + body()
            + f'<div class="quiz-explanation" hidden>{self.text("explanation")}</div>'
            + (_self_marks() if kind == "essay" else "")
            + f'<p class="quiz-actions">{check}</p>'
            '<div class="quiz-status" role="status"></div>'
            '<p class="quiz-last" hidden></p></fieldset>\n'
        )

    def choices(self) -> str:
        kind = "checkbox" if self.node["qtype"] == "multiple" else "radio"
        rows = []
        for index in range(self.node["size"]):
            choice_id = f"{self.qid}-c{index}"
            control = start_tag(
                "input", {"type": kind, "name": self.qid, "id": choice_id, "value": str(index)}
            )
            feedback = slot("feedback", index)
            note = (
                f'<div class="quiz-feedback" hidden>{self.text(feedback)}</div>'
                if has(self.node, feedback)
                else ""
            )
            label = f'<label for="{choice_id}">{self.text(slot("label", index))}</label>'
            rows.append(
                f'<div class="quiz-choice" data-index="{index}">{control}{label}{note}</div>'
            )
        return f'<div class="quiz-choices">{"".join(rows)}</div>'

    def order(self) -> str:
        rows = []
        for index in range(self.node["size"]):
            item_id = f"{self.qid}-i{index}"
            buttons = "".join(
                f'<button type="button" class="quiz-{kind}" id="{item_id}-{kind}" '
                f'aria-labelledby="{item_id}-{kind} {item_id}-t">{esc(label)}</button>'
                for kind, label in (("up", _("Move up")), ("down", _("Move down")))
            )
            text = self.text(slot("item", index))
            rows.append(
                f'<li class="quiz-item" data-index="{index}">'
                f'<span class="quiz-item-text" id="{item_id}-t">{text}</span> {buttons}</li>'
            )
        return f'<ol class="quiz-items">{"".join(rows)}</ol>'

    def match(self) -> str:
        """A select per left item, each offering every right side as plain text."""
        size = self.node["size"]
        options = "".join(
            f'<option value="{index}">{esc(plain(self.node, slot("right", index)))}</option>'
            for index in range(size)
        )
        choose = f'<option value="">{esc(_("Choose…"))}</option>'
        rows = []
        for index in range(size):
            select_id = f"{self.qid}-m{index}"
            rows.append(
                f'<div class="quiz-pair" data-index="{index}">'
                f'<label for="{select_id}">{self.text(slot("left", index))}</label>'
                f'<select id="{select_id}">{choose}{options}</select></div>'
            )
        return f'<div class="quiz-pairs">{"".join(rows)}</div>'

    def response(self) -> str:
        response_id = f"{self.qid}-r"
        label = f'<label for="{response_id}">{esc(_("Your answer"))}</label> '
        if self.node["qtype"] == "essay":
            control = f'<textarea id="{response_id}" rows="4"></textarea>'
        elif self.node["qtype"] == "numeric":
            control = (
                f'<input type="text" inputmode="decimal" id="{response_id}" autocomplete="off">'
            )
        else:
            control = (
                f'<input type="text" id="{response_id}" autocomplete="off" spellcheck="false">'
            )
        return f'<p class="quiz-response">{label}{control}</p>'

    def essay(self) -> str:
        model = (
            f'<div class="quiz-model" hidden><p class="quiz-heading">{esc(_("Model answer"))}</p>'
            f"{self.text('model')}</div>"
        )
        points = "".join(
            f"<li>{self.text(slot('rubric', index))}</li>" for index in range(self.node["rubric"])
        )
        rubric = (
            f'<div class="quiz-rubric" hidden><p class="quiz-heading">{esc(_("Rubric"))}</p>'
            f"<ul>{points}</ul></div>"
            if points
            else ""
        )
        return self.response() + model + rubric


def _self_marks() -> str:
    """An essay's self-assessment buttons, shown with the model answer."""
    marks = "".join(
        f'<button type="button" class="quiz-self" data-self="{value}">{esc(label)}</button> '
        for value, label in (("1", _("My answer covers it")), ("0", _("Not yet")))
    )
    return f'<p class="quiz-marks" hidden>{marks}</p>'
