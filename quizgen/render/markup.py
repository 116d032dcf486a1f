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
from functools import cache, lru_cache

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


# Most options and feedback are one plain sentence: no character Markdown gives a
# meaning inside a line, and no block marker at its start. markdown-it renders such a
# line as the line itself with ``"`` escaped; saying so here saves parsing it
# (tests/test_markup.py holds this to markdown-it's own output, text by text).
_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>&!{}|~#\n\r\t\x00]|^[-+=\d]")


def _plain_line(text: str) -> bool:
    """Whether *text* is a line Markdown leaves as it is (then only ``"`` needs escaping)."""
    return text == text.strip() and text.isprintable() and not _MARKUP_CHARS.search(text)


# The same text is rendered more than once (an LMS item's title and body, a stem in
# every exam version): remember the latest few thousand.
@lru_cache(maxsize=4096)
def markdown_block(text: str) -> Markup:
    """Markdown with paragraphs, lists and code blocks, as safe HTML."""
    if text and _plain_line(text):
        return Markup("<p>" + text.replace('"', "&quot;") + "</p>")
    return Markup(_markdown().render(_unroll_roles(text)).strip())  # html is off


@lru_cache(maxsize=4096)
def markdown_inline(text: str) -> Markup:
    """One line of Markdown (emphasis, strong, code, links), as safe HTML."""
    if _plain_line(text):
        return Markup(text.replace('"', "&quot;"))
    return Markup(_markdown().renderInline(_unroll_roles(text.strip())))


def plain_text(markdown: str) -> str:
    """What a reader sees of *markdown*: rendered, tags dropped, entities decoded."""
    return html.unescape(_TAG.sub(" ", markdown_block(markdown)))
