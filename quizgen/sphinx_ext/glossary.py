"""Glossary terms in place: a ``{term}`` link shows its definition without leaving the page.

Each HTML page that links to glossary terms ends with the definitions it uses,
in a hidden block; ``quizgen-terms.js`` points each link's ``aria-describedby``
at its definition (so screen readers announce it) and shows the same text in
a tooltip on hover and keyboard focus, which stays while the pointer is over
it and closes with Escape (WCAG 1.4.13). The link still goes to the glossary.
Print style sheets hide the tooltip. Pages without a script still work: the
link is a link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from quizgen.sphinx_ext.domain import quizgen_domain
from quizgen.sphinx_ext.html import assets_for, copy_static

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

JS_FILE, CSS_FILE = "quizgen-terms.js", "quizgen-terms.css"
BUILDERS = frozenset({"html", "dirhtml"})  # sites read on screen: not the printed handbook
PREFIX = "qg-def-"  # the id of a definition is this and the glossary entry's own id


class term_definitions(nodes.General, nodes.Element):
    """The definitions a page links to: ``definitions`` is a list of ``(entry id, text)``."""


def setup_glossary(app: Sphinx) -> None:
    """Collect definitions when glossaries are read; add them to the pages that use them."""
    app.add_node(term_definitions, html=(visit_definitions, depart_definitions))
    app.add_post_transform(DefinitionsInPlace)
    app.connect("doctree-read", _collect)
    app.connect("env-get-outdated", _users_of_changed_glossaries)
    app.connect("html-page-context", assets_for(term_definitions, CSS_FILE, JS_FILE))
    app.connect("build-finished", _copy_assets)


# -- the definitions, kept by the quizgen domain -----------------------------------------


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    domain, docname = quizgen_domain(app.env), app.env.docname
    defined: dict[str, str] = {}
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            definition = next(iter(item.findall(nodes.definition)), None)
            if definition is None:
                continue
            text = " ".join(definition.astext().split())
            for term in item.findall(nodes.term):
                for entry_id in term["ids"]:
                    defined[entry_id] = text
    if defined:
        domain.note_terms(docname, defined)
    if any(ref.get("reftype") == "term" for ref in doctree.findall(addnodes.pending_xref)):
        domain.note_term_user(docname)


def _users_of_changed_glossaries(
    app: Sphinx,
    env: BuildEnvironment,
    added: Set[str],
    changed: Set[str],
    removed: Set[str],
) -> list[str]:
    """A changed definition is rewritten into every page that links to a term."""
    domain = quizgen_domain(env)
    if any(domain.defines_terms(docname) for docname in (*changed, *removed)):
        return sorted(domain.term_users - set(changed) - set(removed))
    return []


# -- on each written page ----------------------------------------------------------------


class DefinitionsInPlace(SphinxPostTransform):
    """Mark each resolved term link and end the page with the definitions it links to."""

    builders = tuple(BUILDERS)
    default_priority = 900  # type: ignore[assignment]  # after references are resolved

    def run(self, **kwargs: Any) -> None:
        definitions = quizgen_domain(self.env).definitions()
        used: dict[str, str] = {}
        for link in self.document.findall(nodes.reference):
            if not any(
                isinstance(child, nodes.Element) and "std-term" in child["classes"]
                for child in link.children
            ):
                continue
            target = link.get("refuri", "").rpartition("#")[2] or link.get("refid", "")
            if target in definitions:
                link["classes"].append("qg-term")
                used.setdefault(target, definitions[target])
        if used:
            self.document += term_definitions(definitions=sorted(used.items()))


def visit_definitions(self: HTML5Translator, node: term_definitions) -> None:
    self.body.append('<div class="qg-term-defs" hidden>')
    for entry_id, text in node["definitions"]:
        span = Markup('<span id="{0}">{1}</span>').format(PREFIX + entry_id, text)
        self.body.append(span)


def depart_definitions(self: HTML5Translator, node: term_definitions) -> None:
    self.body.append("</div>\n")


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name in BUILDERS:
        copy_static(app, (JS_FILE, CSS_FILE))
