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

from quizgen.nodes import quiz, quiz_part, quiz_question

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("quizgen")


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _parent(node: nodes.Node) -> nodes.Element:
    assert node.parent is not None
    return node.parent


STATIC = Path(__file__).parent / "static"
JS_FILE, CSS_FILE = "quizgen.js", "quizgen.css"
SITE_CSS_FILE = "quizgen-site.css"  # on every page: the academy profile's notices


def setup_html(app: Sphinx) -> None:
    """Register visitors and add the runtime to pages that hold a quiz."""
    app.add_config_value("quizgen_site_id", "", "html", types=(str,))
    app.add_node(quiz, html=(visit_quiz, depart_quiz))
    app.add_node(quiz_question, html=(visit_question, depart_question))
    app.add_node(quiz_part, html=(visit_part, depart_part))
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
    self.body.append(_tag(self, "section", attributes))
    self.body.append(f'<h2 class="quiz-title" id="{quiz_id}-title">{_esc(node["title"])}</h2>')


def depart_quiz(self: HTML5Translator, node: quiz) -> None:
    self.body.append(
        '<div class="quiz-footer"><p class="quiz-score" role="status"></p>'
        f'<button type="button" class="quiz-retry">{_esc(_("Try again"))}</button> '
        f'<button type="button" class="quiz-reset">{_esc(_("Reset my answers"))}</button>'
        "</div></section>\n"
    )


def visit_question(self: HTML5Translator, node: quiz_question) -> None:
    attributes = {
        "class": f"quiz-question quiz-{node['qtype']}",
        "id": node["dom_id"],
        "data-quiz-question": node["qid"],
        "data-type": node["qtype"],
        "data-answer": node["answer"],
        "data-shuffle": "true" if node["shuffle"] else "false",
    }
    self.body.append(_tag(self, "fieldset", attributes))


def depart_question(self: HTML5Translator, node: quiz_question) -> None:
    check = _esc(_("Check answer"))
    if node["qtype"] == "essay":
        self.body.append(_self_marks(self))
    self.body.append(
        f'<p class="quiz-actions"><button type="button" class="quiz-check">{check}</button></p>'
        '<div class="quiz-status" role="status"></div>'
        '<p class="quiz-last" hidden></p></fieldset>\n'
    )


def _question_of(node: nodes.Node) -> quiz_question:
    parent = _parent(node)
    while not isinstance(parent, quiz_question):
        parent = _parent(parent)
    return parent


def _tag(self: HTML5Translator, name: str, attributes: dict[str, str]) -> str:
    pairs = "".join(f' {key}="{_esc(value)}"' for key, value in attributes.items())
    return f"<{name}{pairs}>"


# Each role: (opening markup, closing markup), computed from the part and its question id.
PartMarkup = Callable[["HTML5Translator", quiz_part, str], tuple[str, str]]


def _choice(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    multiple = _parent(node)["multiple"]
    index = node["index"]
    control = _tag(
        self,
        "input",
        {
            "type": "checkbox" if multiple else "radio",
            "name": qid,
            "id": f"{qid}-c{index}",
            "value": str(index),
        },
    )
    return f'<div class="quiz-choice" data-index="{index}">{control}', "</div>"


def _label(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    return f'<label for="{qid}-c{_parent(node)["index"]}">', "</label>"


def _item(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    item_id = f"{qid}-i{node['index']}"
    buttons = "".join(
        f'<button type="button" class="quiz-{kind}" id="{item_id}-{kind}" '
        f'aria-labelledby="{item_id}-{kind} {item_id}-t">{_esc(label)}</button>'
        for kind, label in (("up", _("Move up")), ("down", _("Move down")))
    )
    opening = f'<li class="quiz-item" data-index="{node["index"]}">'
    return f'{opening}<span class="quiz-item-text" id="{item_id}-t">', f"</span> {buttons}</li>"


def _pair(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    return f'<div class="quiz-pair" data-index="{node["index"]}">', "</div>"


def _left(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    return f'<label for="{qid}-m{node["index"]}">', "</label>"


def _select(self: HTML5Translator, node: quiz_part, qid: str) -> str:
    """The select for one left item, offering every right side as plain text."""
    pairs = _parent(_parent(node))
    options = "".join(
        f'<option value="{pair["index"]}">{_esc(pair.children[1].astext())}</option>'
        for pair in pairs.children
        if isinstance(pair, nodes.Element)
    )
    choose = _esc(_("Choose…"))
    return (
        f'<select id="{qid}-m{node["index"]}"><option value="">{choose}</option>{options}</select>'
    )


def _response(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    label = f'<label for="{qid}-r">{_esc(_("Your answer"))}</label> '
    if node.get("multiline"):
        control = f'<textarea id="{qid}-r" rows="4"></textarea>'
    elif _question_of(node)["qtype"] == "numeric":
        control = f'<input type="text" inputmode="decimal" id="{qid}-r" autocomplete="off">'
    else:
        control = f'<input type="text" id="{qid}-r" autocomplete="off" spellcheck="false">'
    return f'<p class="quiz-response">{label}{control}', "</p>"


def _model(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    heading = _esc(_("Model answer"))
    return f'<div class="quiz-model" hidden><p class="quiz-heading">{heading}</p>', "</div>"


def _self_marks(self: HTML5Translator) -> str:
    """An essay's self-assessment buttons, shown with the model answer."""
    marks = "".join(
        f'<button type="button" class="quiz-self" data-self="{value}">{_esc(label)}</button> '
        for value, label in (("1", _("My answer covers it")), ("0", _("Not yet")))
    )
    return f'<p class="quiz-marks" hidden>{marks}</p>'


def _simple(tag: str, css: str, hidden: bool = False) -> PartMarkup:
    def markup(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
        return f'<{tag} class="{css}"{" hidden" if hidden else ""}>', f"</{tag}>"

    return markup


def _rubric(self: HTML5Translator, node: quiz_part, qid: str) -> tuple[str, str]:
    heading = _esc(_("Rubric"))
    return f'<div class="quiz-rubric" hidden><p class="quiz-heading">{heading}</p>', "</div>"


PARTS: dict[str, PartMarkup] = {
    "stem": _simple("legend", "quiz-stem"),
    "choices": _simple("div", "quiz-choices"),
    "choice": _choice,
    "label": _label,
    "feedback": _simple("div", "quiz-feedback", hidden=True),
    "items": _simple("ol", "quiz-items"),
    "item": _item,
    "pairs": _simple("div", "quiz-pairs"),
    "pair": _pair,
    "left": _left,
    "response": _response,
    "model": _model,
    "rubric": _rubric,
    "explanation": _simple("div", "quiz-explanation", hidden=True),
}


def visit_part(self: HTML5Translator, node: quiz_part) -> None:
    if node["role"] == "right":  # shown as an option of each select, as plain text
        self.body.append(_select(self, node, _question_of(node)["dom_id"]))
        raise nodes.SkipNode
    opening, closing = PARTS[node["role"]](self, node, _question_of(node)["dom_id"])
    self.body.append(opening)
    node["closing"] = closing


def depart_part(self: HTML5Translator, node: quiz_part) -> None:
    self.body.append(node["closing"])
