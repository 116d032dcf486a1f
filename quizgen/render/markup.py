"""Bank Markdown as safe HTML, for every output that is not the Sphinx site.

Instructors write stems and options in MyST Markdown. Printed exams (and the
LMS exporters) need the inline and block basics (emphasis, strong, code,
lists, paragraphs), never raw HTML from a bank: markdown-it-py (which
myst-parser already uses) renders with ``html`` off, so ``<script>`` prints
as text. The results are :class:`markupsafe.Markup`, so templates with
autoescape insert them as they are and escape everything else.
"""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_MYST_ROLE = re.compile(r"\{[A-Za-z][\w:.-]*\}`([^`]*)`")
_ROLE_TARGET = re.compile(r"\s*<[^<>]*>\s*$")
_TAG = re.compile(r"<[^>]*>")


@cache
def _markdown() -> MarkdownIt:
    # html off: raw HTML in a bank is text. Images off: a printed exam fetches nothing.
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def _unroll_roles(text: str) -> str:
    """``{term}`crisis <Crisis>``` prints as ``crisis``: MyST roles mean nothing on paper."""

    def plain(match: re.Match[str]) -> str:
        return _ROLE_TARGET.sub("", match.group(1)) or match.group(1)

    return _MYST_ROLE.sub(plain, text)


def markdown_block(text: str) -> Markup:
    """Markdown with paragraphs, lists and code blocks, as safe HTML."""
    return Markup(_markdown().render(_unroll_roles(text)).strip())  # html is off


def markdown_inline(text: str) -> Markup:
    """One line of Markdown (emphasis, strong, code, links), as safe HTML."""
    return Markup(_markdown().renderInline(_unroll_roles(text.strip())))


def plain_text(markdown: str) -> str:
    """What a reader sees of *markdown*: rendered, tags dropped, entities decoded."""
    return html.unescape(_TAG.sub(" ", markdown_block(markdown)))
