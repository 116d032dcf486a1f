"""The ``{quiz-progress}`` directive: "My progress", per module, from the browser's storage.

A module is the folder of a page that holds a quiz (``curriculum/03-suicide/``),
titled by that folder's index document. The page gets the modules and their
on-site question ids as JSON in a data attribute when it is written, after
every document was read; ``quizgen-progress.js`` counts the answers saved by
the quizzes (``quizgen:<site>:<question id>`` in localStorage) and offers
export, import and reset. Nothing is fetched, so it works from ``file://``.

Ids come from the quizgen domain, which holds only rendered (practice and
both) questions: a secure item never reaches this page.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.domain import quizgen_domain
from quizgen.sphinx_ext.html import (
    assets_for,
    copy_static,
    json_attribute,
    open_tag,
    storage_prefix,
)
from quizgen.sphinx_ext.printable import prints

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("quizgen")

JS_FILE, CSS_FILE = "quizgen-progress.js", "quizgen-progress.css"
Module = dict[str, Any]


class quiz_progress(nodes.container):
    """The progress table and its controls. Attributes: ``progress_id``, ``modules``, ``cards``."""


def setup_progress(app: Sphinx) -> None:
    """Register the directive, its HTML and the bookkeeping that keeps it current."""
    app.add_directive("quiz-progress", ProgressDirective)
    app.add_node(quiz_progress, html=(visit_progress, None))
    app.add_post_transform(ProgressIds)
    app.connect("env-updated", _rewrite_when_modules_change)
    app.connect("doctree-resolved", _fill_progress)
    app.connect("html-page-context", assets_for(quiz_progress, CSS_FILE, JS_FILE))
    app.connect("build-finished", _copy_assets)


class ProgressDirective(SphinxDirective):
    """``{quiz-progress}``: the trainee's saved answers, per module, with export, import, reset."""

    has_content = False
    # :cards: shows each module's progress on the page's module cards (sphinx-design
    # cards linking to the module) instead of a table: the home page's course map.
    option_spec = {"cards": directives.flag}  # type: ignore[assignment]  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        node = quiz_progress("", modules="[]", cards="cards" in self.options)
        self.set_source_info(node)
        quizgen_domain(self.env).note_progress_page(self.env.docname)
        return [node]


class ProgressIds(SphinxPostTransform):
    """``quiz-progress-0``...: unique on each written page, as :class:`QuizIds` does."""

    formats = ("html",)
    default_priority = 100  # type: ignore[assignment]  # docutils types it as None

    def run(self, **kwargs: Any) -> None:
        for number, node in enumerate(self.document.findall(quiz_progress)):
            node["progress_id"] = f"quiz-progress-{number}"


# -- what the page shows: the modules -----------------------------------------------------


def progress_modules(env: BuildEnvironment) -> list[Module]:
    """Each folder holding a quiz: its title, the document to link to, its question ids.

    Sorted by folder; an id asked on two pages of a module counts once.
    """
    registry = quizgen_domain(env).quizzes
    ids_by_folder: dict[str, dict[str, None]] = {}
    docs_by_folder: dict[str, list[str]] = {}
    for docname in sorted(registry):
        folder = posixpath.dirname(docname)
        docs_by_folder.setdefault(folder, []).append(docname)
        ids = ids_by_folder.setdefault(folder, {})
        for entry in registry[docname]:
            ids.update(dict.fromkeys(entry["ids"]))
    return [
        _module(env, folder, docs_by_folder[folder], list(ids))
        for folder, ids in sorted(ids_by_folder.items())
    ]


def _module(env: BuildEnvironment, folder: str, docnames: list[str], ids: list[str]) -> Module:
    index = posixpath.join(folder, "index") if folder else env.config.root_doc
    if index not in env.found_docs:  # no index page: link to its first quiz page instead
        index = docnames[0]
    title = env.titles.get(index)
    return {
        "folder": f"{folder}/" if folder else "",
        "title": title.astext() if title is not None else folder or env.config.project,
        "doc": index,
        "ids": ids,
    }


def _fill_progress(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Embed the modules in each progress node; print builders get a sentence instead."""
    found = list(doctree.findall(quiz_progress))
    if not found:
        return
    if prints(app.builder):
        for node in found:
            node.replace_self(nodes.paragraph("", str(_PRINTED)))
        return
    modules = [
        {
            "folder": module["folder"],
            "title": module["title"],
            "href": app.builder.get_relative_uri(docname, module["doc"]),
            "ids": module["ids"],
        }
        for module in progress_modules(app.env)
    ]
    calls = [
        {**call, "href": app.builder.get_relative_uri(docname, page)}
        for page, entries in sorted(quizgen_domain(app.env).scenarios.items())
        for call in entries
    ]
    for node in found:
        node["modules"] = json.dumps(modules, ensure_ascii=False, separators=(",", ":"))
        node["scenarios"] = json.dumps(calls, ensure_ascii=False, separators=(",", ":"))


_PRINTED = _(
    "Your progress is kept by your web browser: open this page on the course website to see it."
)


# -- keeping the pages current on incremental and parallel builds --------------------------


def _rewrite_when_modules_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Progress pages to write again because what they show changed.

    A page is written with the modules as they were then; an edited bank, a new
    quiz page or a retitled module changes them without touching the page. So
    the modules of the last build are kept (per builder: builders may share an
    environment) and the pages are rewritten when they differ.
    """
    domain = quizgen_domain(env)
    pages = domain.progress_pages
    if not pages:
        return []
    current = json.dumps([progress_modules(env), domain.scenarios], sort_keys=True)
    if domain.shown.get(app.builder.name) == current:
        return []
    domain.shown[app.builder.name] = current
    return pages


# -- HTML ------------------------------------------------------------------------------------


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and quizgen_domain(app.env).progress_pages:
        copy_static(app, (JS_FILE, CSS_FILE))


def _messages() -> dict[str, str]:
    """What the script says; ``{0}``... are filled in by the script.

    A count of one takes the ``<key>_one`` message where there is one.
    """
    messages = {
        "total": _("All modules"),
        "none": _("There are no quizzes on this site yet."),
        "blocked": _(
            "This browser does not let the course keep answers (private browsing or blocked "
            "storage), so there is no progress to show."
        ),
        "exported": _("Saved {0} answers to {1}."),
        "exported_one": _("Saved {0} answer to {1}."),
        "imported": _("Imported {0} answers."),
        "imported_one": _("Imported {0} answer."),
        "not_json": _("{0} is not a progress file (it is not JSON). Nothing was imported."),
        "not_progress": _(
            "{0} is not a progress file exported from this page. Nothing was imported."
        ),
        "other_site": _(
            "{0} holds progress for another course site ({1}), not this one ({2}). "
            "Nothing was imported."
        ),
        "bad_answer": _(
            "{0} has an answer in an unexpected shape (question {1}). Nothing was imported."
        ),
        "unreadable": _("{0} could not be read. Nothing was imported."),
        "not_saved": _(
            "This browser did not let the course save answers (storage is blocked or full). "
            "Nothing was imported."
        ),
        "confirm": _(
            "Delete all {0} answers saved in this browser for this course? This cannot be undone."
        ),
        "confirm_one": _(
            "Delete the {0} answer saved in this browser for this course? This cannot be undone."
        ),
        "cleared": _("Deleted {0} saved answers."),
        "cleared_one": _("Deleted {0} saved answer."),
        "kept": _("Nothing was deleted."),
        "empty": _("There are no saved answers to delete."),
        "card": _("Your progress: {0} of {1} questions answered, {2} correct."),
        "card_none": _("Your progress: not started."),
        "card_done": _("Done: all {0} questions answered, {1} correct ({2} %)."),
        "course": _("{0} of {1} self-checks complete"),
        "continue": _("Continue where you left off:"),
        "begin": _("Start with:"),
        "call_none": _("not started"),
        "call_going": _("in progress"),
        "call_safe": _("finished: reached a safe ending"),
        "call_partial": _("finished: reached a partial ending"),
        "call_harmful": _("finished: reached a harmful ending"),
    }
    return {key: str(text) for key, text in messages.items()}


def visit_progress(self: HTML5Translator, node: quiz_progress) -> None:
    pid = node["progress_id"]
    attributes = {
        "data-site": quizgen_config(self.config).storage_namespace(self.config.project),
        "data-store": storage_prefix(self.config),
        "data-modules": node["modules"],
        "data-scenarios": node.get("scenarios", "[]"),
        "data-l10n": json_attribute(_messages()),
    }
    if node.get("cards"):
        # The home page's course map: the script puts progress on the module cards.
        attributes.update({"data-quiz-progress-cards": "", "hidden": ""})
        opening = open_tag(self, node, "div", CLASS="quiz-progress", ids=[pid], **attributes)
        self.body.append(opening + "</div>\n")
        raise nodes.SkipNode
    attributes["data-quiz-progress"] = ""
    opening = open_tag(self, node, "div", CLASS="quiz-progress", ids=[pid], **attributes)
    self.body.append(opening + _table(pid) + _scenario_list() + _controls(pid))
    self.body.append('<p class="quiz-progress-status" role="status"></p></div>\n')
    raise nodes.SkipNode


def _table(pid: str) -> Markup:
    """The table's frame; the script fills the rows. Hidden until it runs."""
    headers = Markup("").join(
        Markup('<th scope="col">{0}</th>').format(label)
        for label in (_("Module"), _("Answered"), _("Correct"), _("Questions"))
    )
    return Markup(
        "<noscript><p>{nojs}</p></noscript>"
        '<p class="quiz-progress-note" hidden></p>'
        '<table class="quiz-progress-table" hidden><caption>{caption}</caption>'
        "<thead><tr>{headers}</tr></thead><tbody></tbody><tfoot></tfoot></table>"
    ).format(
        nojs=_("Your progress is shown here when JavaScript is on."),
        caption=_("Your answers by module"),
        headers=headers,
    )


def _scenario_list() -> Markup:
    """Where the branching calls' progress goes; the script fills it, if the site has any."""
    return Markup(
        '<div class="quiz-progress-scenarios" hidden><h2>{heading}</h2><ul></ul></div>'
    ).format(heading=_("Branching calls"))


def _controls(pid: str) -> Markup:
    button = Markup('<button type="button" class="quiz-progress-{0}">{1}</button>')
    return Markup(
        '<div class="quiz-progress-actions" hidden>'
        "<p>{export}</p>"
        '<p><label for="{pid}-import">{import_label}</label> '
        '<input type="file" id="{pid}-import" class="quiz-progress-import" '
        'accept=".json,application/json"></p>'
        "<p>{reset}</p>"
        '<div class="quiz-progress-confirm" role="group" aria-labelledby="{pid}-confirm" '
        'tabindex="-1" hidden><p id="{pid}-confirm"></p><p>{yes} {no}</p></div></div>'
    ).format(
        pid=pid,
        export=button.format("export", _("Export my progress")),
        import_label=_("Import progress from a file"),
        reset=button.format("reset", _("Reset all my answers")),
        yes=button.format("yes", _("Yes, delete my answers")),
        no=button.format("no", _("Cancel")),
    )
