"""The trainee handbook: the whole course as one HTML page for paper, and its PDF.

``sphinx-build -b handbook`` inlines every document, as ``singlehtml`` does,
with a theme that has no navigation, search or scripts, and print CSS:
``@page`` margins, the course title in the page head, "page N of M" in the
foot, each top-level document (each module) on a new page, and a table of
contents with page numbers. Quizzes print as exercises with the answer key at
the end of the book (:mod:`quizgen.sphinx_ext.printable`). What only works on a screen is
made readable on paper first (:class:`ForPaper`). When the build is done,
WeasyPrint writes ``handbook.pdf`` beside the HTML, identical for identical
HTML, as the printed exams are (:mod:`quizgen.exam.documents`).

The handbook is whatever edition the tags make it: built without
``-t instructor`` (``make handbook``) it is the trainee edition.
"""

from __future__ import annotations

import logging as stdlib_logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.display import progress_message
from sphinx_design.shared import is_component

from quizgen.render.i18n import css_string, page_numbers
from quizgen.render.pdf import pdf_bytes
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("quizgen")

THEME = Path(__file__).parent / "handbook_theme"
THEME_NAME = "quizgen-handbook"
PDF_NAME = "handbook.pdf"


def setup_handbook(app: Sphinx) -> None:
    """Register the ``handbook`` builder, its theme, and the PDF step."""
    app.add_html_theme(THEME_NAME, str(THEME))
    app.add_builder(HandbookBuilder)
    app.add_post_transform(ForPaper)
    app.connect("build-finished", write_pdf, priority=900)  # after every asset is copied


class HandbookBuilder(SingleFileHTMLBuilder):
    """The whole course as one HTML page for paper, turned into ``handbook.pdf``."""

    name = "handbook"
    epilog = _("The handbook is %(outdir)s/handbook.pdf.")
    search = False  # nothing to search on paper
    add_permalinks = False  # no "¶" after every heading

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        # The site's theme options (furo's) mean nothing to the handbook theme.
        return THEME_NAME, {}

    def init_css_files(self) -> None:
        super().init_css_files()
        # Last, so the print rules win over sphinx-design's and the site's screen rules.
        self.add_css_file("handbook.css", priority=900)

    def assemble_doctree(self) -> nodes.document:
        """The inlined course, its top-level documents marked as parts, with contents."""
        tree = super().assemble_doctree()
        _one_set_of_anchors(tree, self.config.root_doc)
        parts = set(self.env.toctree_includes.get(self.config.root_doc, ()))
        headings: dict[str, str] = {}
        for start in tree.findall(addnodes.start_of_file):
            section = next((c for c in start.children if isinstance(c, nodes.section)), None)
            if section is None or not section["ids"]:
                continue
            headings[f"#document-{start['docname']}"] = "#" + section["ids"][0]
            if start["docname"] in parts:
                section["classes"].append("handbook-part")
        _insert_before_first_toctree(tree, self._notice())
        _insert_before_first_toctree(tree, self._contents(headings))
        return tree

    def _notice(self) -> nodes.Element | None:
        """The project's copyright line on the first page: who made it, under which license."""
        if not self.config.copyright:
            return None
        return nodes.paragraph("", f"© {self.config.copyright}", classes=["handbook-notice"])

    def _contents(self, headings: dict[str, str]) -> nodes.Element | None:
        """Modules and their pages, two levels, as links the print CSS numbers.

        Each link points at its page's first heading rather than at the marker
        before it, which can sit at the foot of the previous printed page.
        """
        toc = global_toctree_for_doc(
            self.env,
            self.config.root_doc,
            self,
            tags=self.tags,
            maxdepth=2,
            titles_only=True,
            includehidden=False,
        )
        if toc is None:
            return None
        for reference in toc.findall(nodes.reference):
            reference["refuri"] = headings.get(reference["refuri"], reference["refuri"])
        heading = nodes.rubric("", _("Contents"), classes=["handbook-contents-title"])
        return nodes.container("", heading, toc, classes=["handbook-contents"])

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, body, metatags)
        # html_title names the edition too ("... (instructor edition)"), on every page.
        title, paper = str(self.config.html_title), quizgen_config(self.config).handbook_paper
        context["handbook_page_css"] = page_css(title, paper)
        return context


def _one_set_of_anchors(tree: nodes.document, root_doc: str) -> None:
    """Make every id unique on the one page, and every link a plain ``#id``.

    Documents inlined on one page repeat ids (``id1``, ``learning-objectives``):
    a later document's copy is renamed, with the links that meant it. Links to
    another document come out of Sphinx 9 as ``#document-<doc>#<id>``, which
    no browser or PDF resolves (sphinx-doc/sphinx#14221): they become ``#<id>``.
    """
    elements = list(_with_documents(tree, root_doc))
    owner: dict[str, str] = {}
    renamed: dict[tuple[str, str], str] = {}
    for element, docname in elements:
        for index, anchor in enumerate(element["ids"]):
            if owner.setdefault(anchor, docname) != docname:
                new = f"{re.sub(r'[^A-Za-z0-9]+', '-', docname)}-{anchor}"
                element["ids"][index] = renamed[docname, anchor] = new
    for element, docname in elements:
        _relink(element, docname, renamed)


def _relink(element: nodes.Element, docname: str, renamed: dict[tuple[str, str], str]) -> None:
    """Point *element*'s links at the ids as renamed, and at ``#id`` across documents."""
    if "refid" in element:
        element["refid"] = renamed.get((docname, element["refid"]), element["refid"])
    if element.get("backrefs"):
        element["backrefs"] = [renamed.get((docname, ref), ref) for ref in element["backrefs"]]
    uri = element.get("refuri", "")
    if isinstance(element, nodes.reference) and uri.startswith("#document-") and "#" in uri[1:]:
        target, anchor = uri.removeprefix("#document-").split("#", 1)
        element["refuri"] = "#" + renamed.get((target, anchor), anchor)


def _with_documents(node: nodes.Node, docname: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element of the assembled tree, with the document it comes from."""
    if isinstance(node, addnodes.start_of_file):
        docname = node["docname"]
    if isinstance(node, nodes.Element):
        yield node, docname
        for child in node.children:
            yield from _with_documents(child, docname)


def _insert_before_first_toctree(tree: nodes.document, node: nodes.Element | None) -> None:
    """Put *node* where the root document's first toctree was (now its inlined pages)."""
    if node is None:
        return
    for wrapper in tree.findall(nodes.compound):
        if "toctree-wrapper" in wrapper["classes"] and wrapper.parent is not None:
            wrapper.parent.insert(wrapper.parent.index(wrapper), node)
            return


def page_css(title: str, paper: str) -> str:
    """The ``@page`` rules that depend on the project: paper, running head, page numbers."""
    numbers = page_numbers(str(_("page {page} of {pages}")))
    return (
        f"@page {{ size: {paper}; "
        f"@top-left {{ content: {css_string(title)}; }} "
        f"@bottom-center {{ content: {numbers}; }} }}"
    )


class ForPaper(SphinxPostTransform):
    """What only works on a screen, made readable on paper, before sphinx-design's HTML.

    Tab sets become every tab under its label, dropdowns are open, and an
    external link is followed by its address.
    """

    builders = ("handbook",)
    # Before sphinx-design turns tab sets (200) and dropdowns (199) into HTML widgets.
    default_priority = 150  # type: ignore[assignment]  # docutils types it as None

    def run(self, **kwargs: Any) -> None:
        for dropdown in self.document.findall(lambda node: is_component(node, "dropdown")):
            dropdown["opened"] = True
        for tab_set in list(self.document.findall(lambda node: is_component(node, "tab-set"))):
            # parent.replace, not replace_self: that would copy sphinx-design's classes back
            tab_set.parent.replace(tab_set, _tabs_in_a_row(tab_set))
        for reference in list(self.document.findall(nodes.reference)):
            _show_address(reference)


def _tabs_in_a_row(tab_set: nodes.Element) -> nodes.container:
    """Every tab of a tab set, its label as a heading over its content."""
    shown = nodes.container(classes=["handbook-tab-set"], ids=tab_set["ids"])
    for child in tab_set.children:
        if is_component(child, "tab-item") and len(child.children) == 2:
            label, content = child.children
            assert isinstance(label, nodes.Element) and isinstance(content, nodes.Element)
            label["classes"] = ["handbook-tab-label"]
            content["classes"] = ["handbook-tab-content"]
            shown += nodes.container("", label, content, classes=["handbook-tab"], ids=child["ids"])
        else:
            shown += child
    return shown


def _show_address(reference: nodes.reference) -> None:
    """Follow a link to another site by its address, unless its text is the address."""
    uri = reference.get("refuri", "")
    if reference.get("internal") or not uri or uri.startswith("#"):
        return
    if not isinstance(reference.parent, nodes.TextElement):
        return  # a linked image or card: no sentence to add the address to
    address = uri.removeprefix("mailto:")
    if reference.astext().strip() in {uri, address}:
        return
    parent = reference.parent
    parent.insert(
        parent.index(reference) + 1, nodes.inline("", f" ({address})", classes=["handbook-url"])
    )


# -- PDF ----------------------------------------------------------------------------------


def write_pdf(app: Sphinx, exception: BaseException | None) -> None:
    """Turn the handbook's HTML page into ``handbook.pdf`` in the output folder."""
    if exception is not None or not isinstance(app.builder, HandbookBuilder):
        return
    page = Path(app.builder.get_outfilename(app.config.root_doc))
    with progress_message(_("writing %s") % PDF_NAME):
        pdf = pdf_of(page)
    (Path(app.builder.outdir) / PDF_NAME).write_bytes(pdf)


def pdf_of(page: Path) -> bytes:
    """The PDF of an HTML page, identical for identical HTML (see :mod:`quizgen.render.pdf`)."""
    with _resource_problems_as_warnings(page):
        return pdf_bytes(page.read_bytes().decode("utf-8"), base_url=str(page))


@contextmanager
def _resource_problems_as_warnings(page: Path) -> Iterator[None]:
    """Report what WeasyPrint could not load or use (an image, a style sheet) as warnings.

    WeasyPrint logs those as errors; its warnings are about CSS it does not
    support (sphinx-design's screen rules), which the PDF does not need.
    """

    class Forward(stdlib_logging.Handler):
        def emit(self, record: stdlib_logging.LogRecord) -> None:
            # No source line is known: the message names the file, the page is where it was met.
            warn(f"handbook: {page}: {record.getMessage()}", None, Subtype.HANDBOOK)

    weasyprint_logger = stdlib_logging.getLogger("weasyprint")
    handler = Forward(stdlib_logging.ERROR)
    weasyprint_logger.addHandler(handler)
    try:
        yield
    finally:
        weasyprint_logger.removeHandler(handler)
