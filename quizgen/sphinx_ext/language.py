"""The language check in builds: a ``quizgen.language`` warning at the page line of a term.

Pages are checked when they are read (banks when they are loaded, see
:mod:`~.banks`). Text in double quotation marks, block quotes, code and
quizzes (checked in their banks) is not flagged. ``quizgen_language_terms``
adds terms and ``quizgen_language_ignore`` silences one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from quizgen.bank.language import LanguageCheck, language_check
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.nodes import quiz
from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# By id of the config: built once per build, inherited by -j workers.
_checks: dict[int, LanguageCheck] = {}

# Not prose of the page's author, or exempt as quotation: never checked.
_SKIPPED = (
    nodes.literal_block,
    nodes.literal,
    nodes.raw,
    nodes.comment,
    nodes.math,
    nodes.math_block,
    nodes.doctest_block,
    nodes.block_quote,
    nodes.citation,
    nodes.substitution_definition,
    quiz,
)


def setup_language(app: Sphinx) -> None:
    """Check every page as it is read."""
    app.connect("config-inited", _configure)
    app.connect("doctree-read", _check_page)
    app.add_directive("language-terms", LanguageTerms)


class LanguageTerms(SphinxDirective):
    """``{language-terms}``: the terms this build's language check flags, as a table."""

    def run(self) -> list[nodes.Node]:
        rows = [
            "| Term (and other forms) | Why | Say instead | Source |",
            "|---|---|---|---|",
        ]
        for term in language_for(self.config).terms:
            forms = ", ".join(f'"{form}"' for form in term.forms)
            name = f'"{term.term}"' + (f" ({forms})" if forms else "")
            cells = [name, term.why, term.instead, term.source]
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        holder = nodes.container()
        self.state.nested_parse(StringList(rows, self.get_source_info()[0]), 0, holder)
        return holder.children


def language_for(config: Config) -> LanguageCheck:
    """The language check of a build: quizgen's terms, with ``conf.py``'s additions."""
    check = _checks.get(id(config))
    if check is None:
        check = _configure(None, config)
    return check


def _configure(app: Sphinx | None, config: Config) -> LanguageCheck:
    settings = quizgen_config(config)
    check, errors = language_check(settings.language_terms, settings.language_ignore)
    for error in errors:
        warn(error, "conf.py", Subtype.LANGUAGE)
    _checks[id(config)] = check
    return check


def _check_page(app: Sphinx, doctree: nodes.document) -> None:
    check = language_for(app.config)
    default_source = str(app.env.doc2path(app.env.docname))
    for element in _prose(doctree):
        text = _text(element)
        findings = check.find(text)
        if not findings:
            continue
        source, line = _where(element, default_source)
        for finding in findings:
            at = line + text.count("\n", 0, finding.start) if line else 0
            location = f"{source}:{at}" if at else source
            warn(f"language: {finding.term.message(finding.found)}", location, Subtype.LANGUAGE)


def _prose(doctree: nodes.document) -> list[nodes.TextElement]:
    """The outermost text elements (paragraphs, titles, terms...) outside skipped parts."""
    found: list[nodes.TextElement] = []

    def walk(node: nodes.Node) -> None:
        for child in node.children:
            scenario = isinstance(child, nodes.Element) and "scenario" in child["classes"]
            if isinstance(child, _SKIPPED) or scenario:
                continue  # scenarios are checked in their files
            if isinstance(child, nodes.TextElement):
                found.append(child)
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(doctree)
    return found


def _text(element: nodes.Element) -> str:
    """What a reader reads of *element*, without code, math or raw markup."""
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, _SKIPPED):
            parts.append(" ")
        elif isinstance(child, nodes.Text):
            parts.append(child.astext())
        elif isinstance(child, nodes.Element):
            parts.append(_text(child))
    return "".join(parts)


def _where(element: nodes.Node, default_source: str) -> tuple[str, int]:
    """The file and first line of *element*, from it or its nearest located parent."""
    node: nodes.Node | None = element
    while node is not None:
        line = getattr(node, "line", None)
        if line:
            return getattr(node, "source", None) or default_source, int(line)
        node = node.parent
    return default_source, 0
