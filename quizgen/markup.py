"""Safe HTML for print: a tiny element builder and MyST-ish Markdown with raw HTML escaped.

Instructors write stems and options in MyST Markdown. Printed exams need the
inline and block basics (emphasis, strong, code, lists, paragraphs), never
raw HTML from a bank: markdown-it-py (which myst-parser already uses) renders
with ``html`` off, so ``<script>`` prints as text. Everything else is built
with :func:`tag`, which escapes every value that is not already :class:`Html`.
"""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt


class Html(str):
    """Text that is already HTML: :func:`tag` and :func:`join` never escape it again."""

    __slots__ = ()


Child = str | Html | None

_VOID = frozenset({"br", "hr", "meta", "link", "img", "input", "col"})
_MYST_ROLE = re.compile(r"\{[A-Za-z][\w:.-]*\}`([^`]*)`")
_ROLE_TARGET = re.compile(r"\s*<[^<>]*>\s*$")
_TAG = re.compile(r"<[^>]*>")


def escape(text: Child) -> Html:
    """*text* as HTML: escaped unless it is already :class:`Html`."""
    if text is None:
        return Html("")
    return text if isinstance(text, Html) else Html(html.escape(text, quote=True))


def join(*parts: Child) -> Html:
    """Concatenate, escaping whatever is not already HTML."""
    return Html("".join(escape(part) for part in parts))


def tag(name: str, /, *children: Child, **attributes: str | int | bool | None) -> Html:
    """One element; ``class_="x"`` gives ``class``, ``data_id`` gives ``data-id``.

    ``True`` writes a bare attribute, ``None`` and ``False`` leave it out.
    """
    attrs = "".join(_attribute(key, value) for key, value in attributes.items())
    if name in _VOID:
        return Html(f"<{name}{attrs}>")
    return Html(f"<{name}{attrs}>{join(*children)}</{name}>")


def _attribute(key: str, value: str | int | bool | None) -> str:
    name = key.rstrip("_").replace("_", "-")
    if value is None or value is False:
        return ""
    if value is True:
        return f" {name}"
    return f' {name}="{html.escape(str(value), quote=True)}"'


@cache
def _markdown() -> MarkdownIt:
    # html off: raw HTML in a bank is text. Images off: a printed exam fetches nothing.
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def _unroll_roles(text: str) -> str:
    """``{term}`crisis <Crisis>``` prints as ``crisis``: MyST roles mean nothing on paper."""

    def plain(match: re.Match[str]) -> str:
        return _ROLE_TARGET.sub("", match.group(1)) or match.group(1)

    return _MYST_ROLE.sub(plain, text)


def markdown_block(text: str) -> Html:
    """Markdown with paragraphs, lists and code blocks, as safe HTML."""
    return Html(_markdown().render(_unroll_roles(text)).strip())


def markdown_inline(text: str) -> Html:
    """One line of Markdown (emphasis, strong, code, links), as safe HTML."""
    return Html(_markdown().renderInline(_unroll_roles(text.strip())))


def plain_text(markdown: str) -> str:
    """What a reader sees of *markdown*: rendered, tags dropped, entities decoded."""
    return html.unescape(_TAG.sub(" ", markdown_block(markdown)))
