"""Accessibility repairs to Sphinx's, docutils' and themes' HTML, found by axe-core.

An extension of its own, opt-in (``extensions = [..., "quizgen.sphinx_ext.a11y"]``):
it replaces the HTML translator, which a project may not want from a quiz engine.

- Toctree captions are ``<p role="heading">`` with no ``aria-level``
  (axe: aria-required-attr): we add level 2.
- Citations use the deprecated DPUB role ``doc-biblioentry`` inside
  ``role="list"`` (axe: aria-deprecated-role, aria-required-children):
  we use ``listitem``, which the list requires.
- Code blocks scroll sideways too: their ``<pre>`` becomes focusable.
- Themes (furo) wrap wide tables in a container that scrolls sideways on a
  phone, which a keyboard cannot reach (axe: scrollable-region-focusable):
  the wrapper becomes a focusable, labelled region.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("quizgen")


class AccessibleHTML5Translator(HTML5Translator):
    """Sphinx's HTML5 translator, with its ARIA roles made valid."""

    def visit_title(self, node: nodes.title) -> None:
        start = len(self.body)
        super().visit_title(node)
        for index in range(start, len(self.body)):
            if 'role="heading"' in self.body[index] and "aria-level" not in self.body[index]:
                self.body[index] = self.body[index].replace(
                    'role="heading"', 'role="heading" aria-level="2"'
                )

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        finally:  # Sphinx writes the whole block, then raises SkipNode
            for index in range(start, len(self.body)):
                self.body[index] = self.body[index].replace("<pre>", '<pre tabindex="0">', 1)

    def visit_citation(self, node: nodes.citation) -> None:
        start = len(self.body)
        super().visit_citation(node)
        for index in range(start, len(self.body)):
            self.body[index] = self.body[index].replace('role="doc-biblioentry"', 'role="listitem"')


Visitor = Callable[[HTML5Translator, nodes.Element], None]


def focusable_wrappers(earlier: Visitor | None) -> Visitor:
    """A container visitor making scroll wrappers focusable regions; others go to *earlier*."""

    def visit_container(self: HTML5Translator, node: nodes.Element) -> None:
        wrapper = {"table-wrapper", "math-wrapper"} & set(node["classes"])
        if not wrapper:
            (earlier or HTML5Translator.visit_container)(self, node)
            return
        titles = [title.astext() for title in node.findall(nodes.title)]
        fallback = _("Table") if "table-wrapper" in wrapper else _("Math")
        label = titles[0] if titles else str(fallback)
        attributes = {"tabindex": "0", "role": "region", "aria-label": label}
        self.body.append(self.starttag(node, "div", CLASS="docutils container", **attributes))  # type: ignore[no-untyped-call]

    return visit_container


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the repaired translator for the HTML builders (unless a project set its own)."""
    for builder in ("html", "dirhtml", "singlehtml"):
        if builder not in app.registry.translators:
            app.set_translator(builder, AccessibleHTML5Translator)
    # Extensions (sphinx-design) register container visitors that win over a translator
    # subclass: wrap whichever is registered, keeping its behaviour for other containers.
    handlers = app.registry.translation_handlers.get("html", {}).get("container")
    visit, depart = handlers if handlers else (None, HTML5Translator.depart_container)
    app.add_node(nodes.container, override=True, html=(focusable_wrappers(visit), depart))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
