"""The ``{quiz-progress}`` directive: "My progress", per module, from the browser's storage.

A module is the folder of a page that holds a quiz (``curriculum/03-suicide/``),
titled by that folder's index document. The page gets the modules and their
on-site question ids as JSON in a data attribute when it is written, after
every document was read; ``quizgen-progress.js`` counts the answers saved by
the quizzes (``quizgen:<site>:<question id>`` in localStorage) and offers
export, import and reset. Nothing is fetched, so it works from ``file://``.

Ids come from the quiz registry, which holds only rendered (practice and
both) questions: a secure item never reaches this page.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from quizgen.directive import quiz_registry
from quizgen.html import assets_for, copy_static, esc, site_id, start_tag
from quizgen.printable import prints

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("quizgen")

JS_FILE, CSS_FILE = "quizgen-progress.js", "quizgen-progress.css"
Module = dict[str, Any]


class quiz_progress(nodes.container):
    """The progress table and its controls. Attributes: ``progress_id``, ``site``, ``modules``."""


def setup_progress(app: Sphinx) -> None:
    """Register the directive, its HTML and the bookkeeping that keeps it current."""
    app.add_directive("quiz-progress", ProgressDirective)
    app.add_node(quiz_progress, html=(visit_progress, None))
    app.connect("env-purge-doc", _purge_pages)
    app.connect("env-merge-info", _merge_pages)
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
        serial = self.env.new_serialno("quizgen-progress")
        node = quiz_progress(
            "",
            progress_id=f"quiz-progress-{serial}",
            site=site_id(self.config),
            modules="[]",
            cards="cards" in self.options,
        )
        self.set_source_info(node)
        progress_pages(self.env).add(self.env.docname)
        return [node]


# -- what the page shows: the modules -----------------------------------------------------


def progress_modules(env: BuildEnvironment) -> list[Module]:
    """Each folder holding a quiz: its title, the document to link to, its question ids.

    Sorted by folder; an id asked on two pages of a module counts once.
    """
    registry = quiz_registry(env)
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
    for node in found:
        node["modules"] = json.dumps(modules, ensure_ascii=False, separators=(",", ":"))


_PRINTED = _(
    "Your progress is kept by your web browser: open this page on the course website to see it."
)


# -- keeping the pages current on incremental and parallel builds --------------------------


def progress_pages(env: BuildEnvironment) -> set[str]:
    """The docnames that hold a ``{quiz-progress}`` directive, kept on the env."""
    if not hasattr(env, "quizgen_progress_pages"):
        env.quizgen_progress_pages = set()  # type: ignore[attr-defined]
    pages: set[str] = env.quizgen_progress_pages  # type: ignore[attr-defined]
    return pages


def _purge_pages(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    progress_pages(env).discard(docname)


def _merge_pages(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    progress_pages(env).update(progress_pages(other) & docnames)


def _rewrite_when_modules_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Progress pages to write again because what they show changed.

    A page is written with the modules as they were then; an edited bank, a new
    quiz page or a retitled module changes them without touching the page. So
    the modules of the last build are kept (per builder: builders may share an
    environment) and the pages are rewritten when they differ.
    """
    pages = progress_pages(env)
    if not pages:
        return []
    if not hasattr(env, "quizgen_progress_shown"):
        env.quizgen_progress_shown = {}  # type: ignore[attr-defined]
    shown: dict[str, str] = env.quizgen_progress_shown  # type: ignore[attr-defined]
    current = json.dumps(progress_modules(env), sort_keys=True)
    if shown.get(app.builder.name) == current:
        return []
    shown[app.builder.name] = current
    return sorted(pages)


# -- HTML ------------------------------------------------------------------------------------


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and progress_pages(app.env):
        copy_static(app, (JS_FILE, CSS_FILE))


def _messages() -> dict[str, str]:
    """What the script says; ``{0}``... are filled in by the script."""
    messages = {
        "total": _("All modules"),
        "none": _("There are no quizzes on this site yet."),
        "blocked": _(
            "This browser does not let the course keep answers (private browsing or blocked "
            "storage), so there is no progress to show."
        ),
        "exported": _("Saved {0} answers to {1}."),
        "imported": _("Imported {0} answers."),
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
        "cleared": _("Deleted {0} saved answers."),
        "kept": _("Nothing was deleted."),
        "empty": _("There are no saved answers to delete."),
        "card": _("Your progress: {0} of {1} questions answered, {2} correct."),
        "card_none": _("Your progress: not started."),
    }
    return {key: str(text) for key, text in messages.items()}


def visit_progress(self: HTML5Translator, node: quiz_progress) -> None:
    pid, site = node["progress_id"], node["site"]
    attributes = {
        "class": "quiz-progress",
        "id": pid,
        "data-quiz-progress": "",
        "data-site": site,
        "data-store": f"quizgen:{site}:",
        "data-modules": node["modules"],
        "data-l10n": json.dumps(_messages(), ensure_ascii=False),
    }
    if node.get("cards"):
        attributes["data-quiz-progress-cards"] = attributes.pop("data-quiz-progress")
        self.body.append(start_tag("div", {**attributes, "hidden": ""}) + "</div>\n")
        raise nodes.SkipNode
    self.body.append(start_tag("div", attributes))
    self.body.append(_table(pid) + _controls(pid))
    self.body.append('<p class="quiz-progress-status" role="status"></p></div>\n')
    raise nodes.SkipNode


def _table(pid: str) -> str:
    """The table's frame; the script fills the rows. Hidden until it runs."""
    headers = "".join(
        f'<th scope="col">{esc(label)}</th>'
        for label in (_("Module"), _("Answered"), _("Correct"), _("Questions"))
    )
    nojs = _("Your progress is shown here when JavaScript is on.")
    return (
        f"<noscript><p>{esc(nojs)}</p></noscript>"
        f'<p class="quiz-progress-note" hidden></p>'
        f'<table class="quiz-progress-table" hidden><caption>{esc(_("Your answers by module"))}'
        f"</caption><thead><tr>{headers}</tr></thead><tbody></tbody><tfoot></tfoot></table>"
    )


def _controls(pid: str) -> str:
    button = '<button type="button" class="quiz-progress-{0}">{1}</button>'
    confirm_id = f"{pid}-confirm"
    return (
        '<div class="quiz-progress-actions" hidden>'
        f"<p>{button.format('export', esc(_('Export my progress')))}</p>"
        f'<p><label for="{pid}-import">{esc(_("Import progress from a file"))}</label> '
        f'<input type="file" id="{pid}-import" class="quiz-progress-import" '
        'accept=".json,application/json"></p>'
        f"<p>{button.format('reset', esc(_('Reset all my answers')))}</p>"
        f'<div class="quiz-progress-confirm" role="group" aria-labelledby="{confirm_id}" '
        f'tabindex="-1" hidden><p id="{confirm_id}"></p><p>'
        f"{button.format('yes', esc(_('Yes, delete my answers')))} "
        f"{button.format('no', esc(_('Cancel')))}</p></div></div>"
    )
