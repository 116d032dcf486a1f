"""HTML from an LMS as MyST Markdown that a bank can keep: nothing in it can run.

Moodle XML and QTI carry question text as HTML (Moodle's Atto and TinyMCE
editors, Canvas, QTI ``itemBody`` XHTML, and our own export). An importer turns
that HTML into the MyST Markdown our banks hold with :func:`html_to_myst`.

What the conversion keeps: paragraphs, line breaks, bold, italics, code, code
blocks, lists (nested too), block quotes, rules, and links to ``http``,
``https`` and ``mailto`` addresses. A heading becomes a bold paragraph; a table
becomes one paragraph per row, its cells joined by `` | `` (one line cannot make
a Markdown table, so the bars need no backslash); an image becomes
``[image: alt]`` and audio, video and frames ``[video]`` and the like, their
addresses listed in :attr:`Converted.media`. Everything else keeps its text
only. Scripts, styles, comments and the document head go with their content,
and so do event handlers and ``style`` attributes; what was removed or flattened
is listed in :attr:`Converted.dropped` (``<sub>``, ``<sup>`` and struck-out text
are listed: their meaning is lost; spans, fonts and underlining are not).

Text is escaped only where Markdown or MyST would read it as markup, so plain
sentences come back as they were written: a ``*`` or ``_`` that another run
could pair with (``5*3`` and ``______`` stay), a ``#``, ``>``, ``-``, ``1.``,
``%``, ``:``, ``+++`` or ``~~~`` that would start a block at the start of a line,
``<`` before a letter (a tag or an autolink), ``&`` that spells an entity, ``[``
whose ``]`` comes before ``(``, ``{`` or ``:``, ``!`` before a link, every
backtick, a backslash before punctuation, ``{{`` (a substitution), ``}`` of a
``{role}`` before code, ``{`` right after code or a link (attributes) and the
``=`` of ``(target)=``. Our own export
(:func:`quizgen.render.markup.markdown_block`) is inverted exactly: rendering
the Markdown this module writes gives the HTML it read, except where a decision
below says otherwise.

Decisions an editor of a bank should know:

- ``&nbsp;`` is kept as a no-break space (U+00A0), as the author typed it, but
  not at the start or end of a paragraph; a paragraph of nothing but spaces, or
  an empty list item's text, is left out.
- White space collapses as a browser shows it: a run holding a line break is one
  line break (a soft break, shown as a space), other runs are kept as they are;
  no line ends with a space, and emphasis never starts or ends with one.
- ``<br>`` is a hard line break, written as a backslash ending the line; two or
  more in a row end the paragraph.
- With ``inline=True`` (option texts, match pairs, order items) the result is
  one paragraph: blocks are joined with a space, ``<br>`` stays a hard break.
- Emphasis inside the same emphasis is one; emphasis Markdown cannot write where
  it stands (``<b>Note:</b>text``) keeps its words only.
- Code blocks keep their text byte for byte, trailing spaces included, and end
  with a line break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Literal, TypeAlias

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import (
    MD_TRIM_CHARS,
    escapeHtml,
    isMdAsciiPunct,
    isPunctChar,
    isWhiteSpace,
)

from quizgen.render.markup import markdown_inline


@dataclass(frozen=True)
class Converted:
    """HTML turned into bank Markdown, with what it referred to and what was left out."""

    text: str  # MyST Markdown, safe: nothing in it can run as markup
    media: tuple[str, ...]  # src of every img/audio/video/source/iframe/embed/object, in order
    dropped: tuple[str, ...]  # what was removed or flattened: "<script>", "onclick=", ...


def html_to_myst(html: str, *, inline: bool = False) -> Converted:
    """Convert LMS *html* to safe MyST Markdown (one paragraph when *inline*)."""
    root = _parse(html)
    converter = _Converter()
    blocks = converter.blocks(root)
    if inline:
        text = _write_paragraph(_tidy_paragraph(_flatten(blocks)))
    else:
        text = _write_blocks(blocks, tight=False)
    return Converted(
        text.strip("\n"),
        tuple(dict.fromkeys(converter.media)),
        tuple(dict.fromkeys(converter.dropped)),
    )


# -- the HTML, as a tree ------------------------------------------------------------------


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_VOID = _tags(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source "
    "track wbr"
)
_DROPPED = _tags("script style noscript template head title meta link base")
_HEAD_CONTENT = _tags("title meta link style script base noscript template")
_HEADINGS = _tags("h1 h2 h3 h4 h5 h6")
_LISTS = _tags("ul ol menu dir")
_TABLE_PARTS = _tags("table caption colgroup col thead tbody tfoot tr td th")
_CONTAINERS = _tags(
    "p div section article header footer main aside nav address center figure figcaption "
    "details summary fieldset legend body html dl dt dd hgroup search li"
)
_BLOCKS = _CONTAINERS | _HEADINGS | _LISTS | _TABLE_PARTS | {"pre", "listing", "blockquote", "hr"}
_STRONG = _tags("b strong")
_EM = _tags("i em")
_CODE = _tags("code kbd samp tt")
_MEDIA = {"img": "image", "audio": "audio", "video": "video", "iframe": "embedded content"}
_MEDIA |= {"embed": "embedded content", "object": "embedded content"}
_SILENT_TEXT = _tags(
    "span font u small big mark abbr acronym cite dfn var time bdi bdo label nobr data ruby "
    "rb rt rp o:p picture"
)
_FLATTENED = _tags("sub sup s strike del ins")  # their meaning is lost: reported
_NOTHING = _tags("wbr source track param colgroup col")
_KNOWN = (
    _BLOCKS | _STRONG | _EM | _CODE | _MEDIA.keys() | _SILENT_TEXT | _FLATTENED | _NOTHING
) | {"a", "br", "q", "#comment"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_MAX_DEPTH = 100  # deeper elements join their parent: no recursion limit for odd files


@dataclass
class _Element:
    """One element of the parsed HTML; ``#root`` holds the whole fragment."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)
    events: tuple[str, ...] = ()  # on*= attributes it had, already removed
    has_block: bool = False  # a block element somewhere inside


class _TreeBuilder(HTMLParser):
    """Builds an :class:`_Element` tree, closing what a browser would close implicitly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, void=True)  # XHTML's <p/>: an empty element

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read </br> as <br>
            self._add("br", [], void=True)
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def handle_comment(self, data: str) -> None:
        self.stack[-1].children.append(_Element("#comment"))

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):  # XHTML: character data, read as text
            self.handle_data(data[len("CDATA[") :])

    def _add(self, tag: str, attrs: list[tuple[str, str | None]], *, void: bool) -> None:
        self._close_implied(tag)
        events = tuple(f"{name}=" for name, _ in attrs if name.startswith("on"))
        kept = {name: value or "" for name, value in attrs if not name.startswith("on")}
        kept.pop("style", None)
        element = _Element(tag, kept, events=events)
        self.stack[-1].children.append(element)
        if tag in _BLOCKS:
            for open_element in self.stack:
                open_element.has_block = True
        if not void and len(self.stack) < _MAX_DEPTH:
            self.stack.append(element)

    def _close_implied(self, tag: str) -> None:
        if self._open(("head",), ()) and tag not in _HEAD_CONTENT:
            self._close("head", ())
        if tag in _BLOCKS:
            self._close("p", ("table", "td", "th", "caption", "button", "object", "template"))
        if tag == "li":
            self._close("li", ("ul", "ol", "menu", "dir", "table"))
        elif tag in ("dt", "dd"):
            self._close(("dt", "dd"), ("dl", "table"))
        elif tag in ("td", "th"):
            self._close(("td", "th"), ("tr", "table"))
        elif tag == "tr":
            self._close("tr", ("table",))
        elif tag in ("thead", "tbody", "tfoot"):
            self._close(("thead", "tbody", "tfoot"), ("table",))

    def _open(self, tags: tuple[str, ...], scope: tuple[str, ...]) -> int:
        """Depth of the innermost open element named *tags* inside *scope*, or 0."""
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in tags:
                return depth
            if self.stack[depth].tag in scope:
                break
        return 0

    def _close(self, tags: str | tuple[str, ...], scope: tuple[str, ...]) -> None:
        depth = self._open(tags if isinstance(tags, tuple) else (tags,), scope)
        if depth:
            del self.stack[depth:]


def _parse(html: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(str(html))  # a Markup would escape what is added to its pieces
    builder.close()
    return builder.root


# -- what the Markdown will say -----------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    value: str


@dataclass(frozen=True)
class _Soft:
    """A line break in the source text: shown as a space."""


@dataclass(frozen=True)
class _Hard:
    """``<br>``: a line break the reader sees."""


@dataclass(frozen=True)
class _Span:
    kind: Literal["em", "strong"]
    children: tuple[_Inline, ...]


@dataclass(frozen=True)
class _Code:
    value: str


@dataclass(frozen=True)
class _Link:
    href: str
    title: str
    children: tuple[_Inline, ...]


_Inline: TypeAlias = _Text | _Soft | _Hard | _Span | _Code | _Link


@dataclass(frozen=True)
class _Para:
    inlines: tuple[_Inline, ...]


@dataclass(frozen=True)
class _List:
    ordered: bool
    start: int
    items: tuple[tuple[_Block, ...], ...]
    loose: bool


@dataclass(frozen=True)
class _CodeBlock:
    text: str
    lang: str


@dataclass(frozen=True)
class _Quote:
    blocks: tuple[_Block, ...]


@dataclass(frozen=True)
class _Rule:
    """``<hr>``."""


_Block: TypeAlias = _Para | _List | _CodeBlock | _Quote | _Rule
_Wrap = Callable[[tuple[_Inline, ...]], _Inline]  # formatting around each paragraph
_SOFT, _HARD, _RULE = _Soft(), _Hard(), _Rule()


# -- from the tree to blocks --------------------------------------------------------------


class _Converter:
    """Walks the tree once, in document order, noting media and what it drops."""

    def __init__(self) -> None:
        self.media: list[str] = []
        self.dropped: list[str] = []

    def blocks(self, node: _Element, wraps: tuple[_Wrap, ...] = ()) -> list[_Block]:
        """The children of *node* as blocks; loose inline content makes paragraphs."""
        out: list[_Block] = []
        pending: list[_Inline] = []
        for child in node.children:
            if isinstance(child, str):
                pending.append(_Text(child))
            elif child.tag in _BLOCKS or child.has_block:
                out += _paragraphs(pending, wraps)
                pending = []
                out += self._block(child, wraps)
            else:
                pending += self.inlines(child)
        return out + _paragraphs(pending, wraps)

    def _block(self, node: _Element, wraps: tuple[_Wrap, ...]) -> list[_Block]:
        if not self._visit(node):
            return []
        tag = node.tag
        if tag in _HEADINGS:
            return self.blocks(node, (*wraps, _strong))
        if tag in _LISTS:
            listed = self._list(node, wraps)
            return [listed] if listed.items else []
        if tag == "table":
            self.dropped.append("<table>")
            return self._table(node, wraps)
        if tag in ("pre", "listing"):
            return [_CodeBlock(_pre_text(self._text(node)), _language(node))]
        if tag == "blockquote":
            return [_Quote(tuple(self.blocks(node, wraps)))]
        if tag == "hr":
            return [_RULE]
        if tag in _MEDIA:
            return [_Para((_Text(self._media(node)),))]
        if tag in _CODE:
            return [_CodeBlock(_pre_text(self._text(node)), _language(node))]
        return self.blocks(node, (*wraps, *self._formatting(node)))

    def inlines(self, node: _Element) -> list[_Inline]:
        """An inline element as inline Markdown items."""
        if not self._visit(node):
            return []
        tag = node.tag
        if tag == "br":
            return [_HARD]
        if tag in _CODE:
            return [_Code(" ".join(self._text(node).split("\n")))]
        if tag in _MEDIA:
            return [_Text(self._media(node))]
        wraps = self._formatting(node)
        children = [item for child in node.children for item in self._inline_child(child)]
        if tag == "q":
            return [_Text('"'), *children, _Text('"')]
        return [wraps[0](tuple(children))] if wraps else children

    def _inline_child(self, child: _Element | str) -> list[_Inline]:
        return [_Text(child)] if isinstance(child, str) else self.inlines(child)

    def _visit(self, node: _Element) -> bool:
        """Note what *node* loses; whether its content is kept at all."""
        self.dropped += node.events
        tag = node.tag
        if tag in _DROPPED or tag == "#comment":
            self.dropped.append("<!-- -->" if tag == "#comment" else f"<{tag}>")
            return False
        if tag not in _KNOWN or tag in _FLATTENED:
            self.dropped.append(f"<{tag}>")
        return tag not in _NOTHING

    def _formatting(self, node: _Element) -> tuple[_Wrap, ...]:
        """What an inline element (or one around blocks) puts around its content."""
        if node.tag in _STRONG:
            return (_strong,)
        if node.tag in _EM:
            return (_em,)
        if node.tag == "a" and "href" in node.attrs:
            href = re.sub(r"[\t\n\r]", "", node.attrs["href"]).strip()
            if href.lower().startswith(_LINK_SCHEMES):
                return (_linker(href, node.attrs.get("title", "")),)
            self.dropped.append(f"href={_shorten(href)}")
        return ()

    def _media(self, node: _Element) -> str:
        """Note the sources of an image, sound, video or frame; its placeholder text."""
        for element in _walk(node):
            if element.tag in (*_MEDIA, "source"):
                source = element.attrs.get("src") or element.attrs.get("data") or ""
                if source.strip():
                    self.media.append(source.strip())
        kind = _MEDIA[node.tag]
        label = " ".join((node.attrs.get("alt") or node.attrs.get("title") or "").split())
        return f"[{kind}: {label}]" if label else f"[{kind}]"

    def _text(self, node: _Element) -> str:
        """The text inside *node* as a code block shows it; images by their placeholder."""
        parts: list[str] = []
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif self._visit(child):
                parts.append(self._child_text(child))
        return "".join(parts)

    def _child_text(self, child: _Element) -> str:
        if child.tag == "br":
            return "\n"
        return self._media(child) if child.tag in _MEDIA else self._text(child)

    def _list(self, node: _Element, wraps: tuple[_Wrap, ...]) -> _List:
        items: list[list[_Block]] = []
        loose = False
        for child in node.children:
            if isinstance(child, _Element) and child.tag == "li":
                self._visit(child)
                items.append(self.blocks(child, wraps))
                loose = loose or any(_is(grandchild, "p") for grandchild in child.children)
            elif isinstance(child, _Element) or child.strip():  # stray content joins an item
                holder = _Element("div", children=[child], has_block=_is_blockish(child))
                stray = self.blocks(holder, wraps)
                if items:
                    items[-1] += stray
                elif stray:
                    items.append(stray)
        start = node.attrs.get("start", "1").strip()
        number = int(start) if start.isdigit() and len(start) <= 9 else 1
        ordered = node.tag == "ol"
        return _List(ordered, number, tuple(tuple(item) for item in items), loose)

    def _table(self, node: _Element, wraps: tuple[_Wrap, ...]) -> list[_Block]:
        out: list[_Block] = []
        for row in self._rows(node):
            if row.tag == "caption":
                out += self.blocks(row, wraps)
                continue
            cells = [self._cell(cell, wraps) for cell in _cells(row) if self._visit(cell)]
            joined: list[_Inline] = []
            for number, cell in enumerate(cells):
                joined += [_Text(" | ")] if number else []
                joined += cell
            out += _paragraphs(joined, ())
        return out

    def _rows(self, node: _Element) -> Iterator[_Element]:
        """The rows (and caption) of a table, in order; cells outside a row each make one."""
        for child in node.children:
            if not isinstance(child, _Element) or not self._visit(child):
                continue
            if child.tag in ("thead", "tbody", "tfoot"):
                yield from self._rows(child)
            elif child.tag in ("td", "th"):
                yield _Element("tr", children=[child])
            elif child.tag in ("tr", "caption"):
                yield child

    def _cell(self, cell: _Element, wraps: tuple[_Wrap, ...]) -> list[_Inline]:
        return _flatten(self.blocks(cell, wraps))


def _walk(node: _Element) -> Iterator[_Element]:
    yield node
    for child in node.children:
        if isinstance(child, _Element):
            yield from _walk(child)


def _cells(row: _Element) -> Iterator[_Element]:
    for child in row.children:
        if isinstance(child, _Element) and child.tag in ("td", "th"):
            yield child


def _is(node: _Element | str, tag: str) -> bool:
    return isinstance(node, _Element) and node.tag == tag


def _is_blockish(node: _Element | str) -> bool:
    return isinstance(node, _Element) and (node.tag in _BLOCKS or node.has_block)


def _strong(children: tuple[_Inline, ...]) -> _Inline:
    return _Span("strong", children)


def _em(children: tuple[_Inline, ...]) -> _Inline:
    return _Span("em", children)


def _linker(href: str, title: str) -> _Wrap:
    def link(children: tuple[_Inline, ...]) -> _Inline:
        return _Link(href, " ".join(title.split()), children)

    return link


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _language(node: _Element) -> str:
    """The language a ``<pre><code class="language-x">`` names, as markdown-it writes it."""
    for element in _walk(node):
        for name in element.attrs.get("class", "").split():
            if name.startswith("language-") and len(name) > len("language-"):
                return name[len("language-") :]
    return ""


def _pre_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if not text or text.endswith("\n") else text + "\n"


# -- white space, as a browser shows it ---------------------------------------------------

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _paragraphs(pending: Sequence[_Inline], wraps: tuple[_Wrap, ...]) -> list[_Block]:
    """Loose inline content as paragraphs: two ``<br>`` in a row end a paragraph."""
    out: list[_Block] = []
    for part in _split_at_double_breaks(_tidy(pending)):
        if not _tidy_paragraph(part):
            continue  # white space between blocks: no paragraph, not even a wrapped one
        inlines: tuple[_Inline, ...] = tuple(part)
        for wrap in reversed(wraps):
            inlines = (wrap(inlines),)
        tidy = _tidy_paragraph(inlines)
        if tidy:
            out.append(_Para(tuple(tidy)))
    return out


def _split_at_double_breaks(inlines: list[_Inline]) -> Iterator[list[_Inline]]:
    part: list[_Inline] = []
    breaks = 0
    for item in inlines:
        if isinstance(item, _Hard):
            breaks += 1
            continue
        if breaks >= 2:
            yield part
            part = []
        part += [_HARD] if breaks == 1 else []
        breaks = 0
        part.append(item)
    yield part + ([_HARD] if breaks == 1 else [])


def _tidy_paragraph(inlines: Sequence[_Inline]) -> list[_Inline]:
    """*inlines* tidied, without white space or a line break at either end."""
    items = _tidy(inlines)
    while items and (_blank_edge(items[0], first=True)):
        items = _trim(items, 0, str.lstrip)
    while items and _blank_edge(items[-1], first=False):
        items = _trim(items, -1, str.rstrip)
    return items


def _blank_edge(item: _Inline, *, first: bool) -> bool:
    if isinstance(item, _Text):
        edge = item.value[0] if first else item.value[-1]
        return edge in MD_TRIM_CHARS
    # A paragraph may open with a hard break (markdown-it writes one); none ends one.
    return isinstance(item, _Soft) or (isinstance(item, _Hard) and not first)


def _trim(items: list[_Inline], index: int, strip: Callable[[str, str], str]) -> list[_Inline]:
    item = items[index]
    rest = items[1:] if index == 0 else items[:-1]
    if isinstance(item, _Text) and strip(item.value, MD_TRIM_CHARS):
        kept = _Text(strip(item.value, MD_TRIM_CHARS))
        return [kept, *rest] if index == 0 else [*rest, kept]
    return rest


def _tidy(inlines: Sequence[_Inline]) -> list[_Inline]:
    """White space collapsed, kept out of emphasis; same formatting not nested in itself."""
    out: list[_Inline] = []
    for item in _expand(inlines, frozenset()):
        _push(out, item)
    return out


def _expand(inlines: Sequence[_Inline], inside: frozenset[str]) -> Iterator[_Inline]:
    """Items with text split at line breaks and emphasis edges moved out, not yet merged."""
    for item in inlines:
        if isinstance(item, _Text):
            yield from _split_space(item.value)
        elif isinstance(item, _Span) and item.kind not in inside:
            yield from _span_edges(
                item.kind, _tidy(list(_expand(item.children, inside | {item.kind})))
            )
        elif isinstance(item, _Span | _Link) and _kind(item) in inside:
            yield from _expand(item.children, inside)
        elif isinstance(item, _Link):
            yield replace(item, children=tuple(_tidy(list(_expand(item.children, inside | {"a"})))))
        elif not (isinstance(item, _Code) and not item.value):
            yield item


def _kind(item: _Span | _Link) -> str:
    return item.kind if isinstance(item, _Span) else "a"


def _split_space(text: str) -> Iterator[_Inline]:
    text = text.replace("\0", "\ufffd")
    position = 0
    for match in _HTML_SPACE.finditer(text):
        if match.start() > position:
            yield _Text(text[position : match.start()])
        run = match.group()
        yield _SOFT if "\n" in run or "\r" in run else _Text(run.replace("\f", " "))
        position = match.end()
    if position < len(text):
        yield _Text(text[position:])


def _span_edges(kind: Literal["em", "strong"], children: list[_Inline]) -> Iterator[_Inline]:
    """Emphasis cannot start or end with white space in Markdown: it moves outside."""
    lead: list[_Inline] = []
    trail: list[_Inline] = []
    while children and _starts_blank(children[0]):
        lead.append(_split_edge(children, 0))
    while children and _starts_blank(children[-1], end=True):
        trail.insert(0, _split_edge(children, -1))
    yield from lead
    if children:
        yield _Span(kind, tuple(children))
    yield from trail


def _starts_blank(item: _Inline, *, end: bool = False) -> bool:
    if isinstance(item, _Text):
        return isWhiteSpace(ord(item.value[-1] if end else item.value[0]))
    return isinstance(item, _Soft | _Hard)


def _split_edge(children: list[_Inline], index: int) -> _Inline:
    """Take the white space at one end of *children* off and return it."""
    item = children[index]
    if not isinstance(item, _Text):
        return children.pop(index)
    value = item.value
    cut = 0
    if index == 0:
        while cut < len(value) and isWhiteSpace(ord(value[cut])):
            cut += 1
        blank, rest = value[:cut], value[cut:]
    else:
        cut = len(value)
        while cut and isWhiteSpace(ord(value[cut - 1])):
            cut -= 1
        rest, blank = value[:cut], value[cut:]
    if rest:
        children[index] = _Text(rest)
    else:
        children.pop(index)
    return _Text(blank)


def _push(out: list[_Inline], item: _Inline) -> None:
    """Append *item*, merging text and code and dropping spaces around line breaks."""
    last = out[-1] if out else None
    if isinstance(item, _Soft | _Hard):
        if isinstance(last, _Text) and isinstance(item, _Soft):
            _replace_last(out, last.value.rstrip(" \t"))
        if isinstance(out[-1] if out else None, _Soft):
            out.pop()
        if not (isinstance(item, _Soft) and isinstance(out[-1] if out else None, _Hard)):
            out.append(item)
    elif isinstance(item, _Text):
        value = item.value.lstrip(" \t") if isinstance(last, _Soft | _Hard) else item.value
        if isinstance(last, _Text):
            out[-1] = _Text(last.value + value)
        elif value:
            out.append(_Text(value))
    elif isinstance(item, _Code) and isinstance(last, _Code):
        out[-1] = _Code(last.value + item.value)  # two code spans side by side read as one
    else:
        out.append(item)


def _replace_last(out: list[_Inline], value: str) -> None:
    if value:
        out[-1] = _Text(value)
    else:
        out.pop()


def _flatten(blocks: Sequence[_Block]) -> list[_Inline]:
    """Blocks as one run of inline text, joined with spaces."""
    out: list[_Inline] = []
    for block in blocks:
        inlines = _block_inlines(block)
        if inlines:
            out += [_Text(" "), *inlines] if out else inlines
    return _tidy(out)


def _block_inlines(block: _Block) -> list[_Inline]:
    if isinstance(block, _Para):
        return list(block.inlines)
    if isinstance(block, _List):
        return _flatten([_Para(tuple(_flatten(item))) for item in block.items])
    if isinstance(block, _CodeBlock):
        return [_Code(" ".join(block.text.split("\n")).strip(" "))]
    if isinstance(block, _Quote):
        return _flatten(block.blocks)
    return []


# -- writing blocks -----------------------------------------------------------------------


def _write_blocks(blocks: Sequence[_Block], *, tight: bool) -> str:
    """Blocks as Markdown: a blank line between them (a line break inside a tight list)."""
    parts: list[str] = []
    bullet = ""
    for block in blocks:
        if isinstance(block, _List):
            # Two lists in a row stay two lists only with different markers.
            choices = (".", ")") if block.ordered else ("-", "*")
            bullet = choices[1] if bullet == choices[0] else choices[0]
            parts.append(_write_list(block, bullet))
        else:
            bullet = ""
            parts.append(_write_block(block))
    return ("\n" if tight else "\n\n").join(parts)


def _write_block(block: _Para | _CodeBlock | _Quote | _Rule) -> str:
    if isinstance(block, _Para):
        return _write_paragraph(block.inlines)
    if isinstance(block, _CodeBlock):
        return _write_code_block(block)
    if isinstance(block, _Quote):
        lines = _write_blocks(block.blocks, tight=False).split("\n")
        return "\n".join(f"> {line}" if line else ">" for line in lines)
    return "***"  # not ---, which opens front matter at the top of a text


def _write_list(block: _List, marker: str) -> str:
    loose = block.loose or not all(_can_be_tight(item) for item in block.items)
    items = []
    for number, item in enumerate(block.items):
        bullet = f"{block.start + number}{marker}" if block.ordered else marker
        items.append(_indent_item(bullet, _write_blocks(item, tight=not loose)))
    return ("\n\n" if loose else "\n").join(items)


def _can_be_tight(item: Sequence[_Block]) -> bool:
    """Whether the blocks of a list item can follow one another without a blank line."""
    return all(_interrupts(following) for following in item[1:])


def _interrupts(block: _Block) -> bool:
    """Whether *block* can start right under a paragraph line (else it would continue it)."""
    if isinstance(block, _List):
        return bool(block.items and block.items[0]) and (not block.ordered or block.start == 1)
    return isinstance(block, _CodeBlock | _Quote | _Rule)


def _indent_item(bullet: str, body: str) -> str:
    """An item's blocks under its marker ("- - -" would be a rule: then from the next line)."""
    lines = body.split("\n")
    pad = " " * (len(bullet) + 1)
    if lines[0] and _THEMATIC.fullmatch(f"{bullet} {lines[0]}"):
        lines.insert(0, "")
    first = f"{bullet} {lines[0]}" if lines[0] else bullet
    return "\n".join([first, *(pad + line if line else "" for line in lines[1:])])


def _write_code_block(block: _CodeBlock) -> str:
    fence_char = "~" if "`" in block.lang else "`"
    runs = [len(run) for run in re.findall(re.escape(fence_char) + "+", block.text)]
    fence = fence_char * max(3, max(runs, default=0) + 1)
    info = re.sub(r"([\\`{&])", r"\\\1", block.lang)  # \{raw} is no MyST directive
    return f"{fence}{info}\n{block.text}{fence}"


# -- writing a paragraph ------------------------------------------------------------------


@dataclass
class _Token:
    """One piece of a paragraph's Markdown: text to escape, or markup written as it is."""

    kind: Literal["text", "soft", "hard", "open", "close", "code", "link", "end-link"]
    value: str = ""  # text; the code span; for both ends of a link: ](url "title")
    pair: int = -1  # the emphasis an open or close belongs to
    in_link: bool = False
    html: str = ""  # what markdown-it writes for code, a link's start and end


_STRATEGIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("*", "_"), ("**", "__")),  # markers tried in order for em and strong
    ((), ()),  # no emphasis at all: a last resort that cannot misparse
)


def _write_paragraph(inlines: Sequence[_Inline]) -> str:
    """One paragraph as Markdown that renders to exactly these inlines."""
    tokens: list[_Token] = []
    kinds: list[str] = []
    _tokenize(inlines, tokens, kinds, in_link=False)
    candidates = []
    for em, strong in _STRATEGIES:
        marks = _choose_marks(tokens, kinds, {"em": em, "strong": strong})
        candidates.append("".join(_render(tokens, marks)))
        if _reads_back(candidates[-1], tokens, marks):
            return candidates[-1]
    return candidates[0]


def _tokenize(
    inlines: Sequence[_Inline], out: list[_Token], kinds: list[str], *, in_link: bool
) -> None:
    for item in inlines:
        if isinstance(item, _Text):
            out.append(_Token("text", item.value, in_link=in_link))
        elif isinstance(item, _Soft | _Hard):
            out.append(_Token("soft" if isinstance(item, _Soft) else "hard"))
        elif isinstance(item, _Span):
            kinds.append(item.kind)
            pair = len(kinds) - 1
            out.append(_Token("open", pair=pair))
            _tokenize(item.children, out, kinds, in_link=in_link)
            out.append(_Token("close", pair=pair))
        elif isinstance(item, _Code):
            html = f"<code>{escapeHtml(item.value)}</code>"
            out.append(_Token("code", _code_span(item.value), html=html))
        else:
            title = f' title="{escapeHtml(item.title)}"' if item.title else ""
            start = f'<a href="{escapeHtml(normalizeLink(item.href))}"{title}>'
            out.append(_Token("link", html=start))
            _tokenize(item.children, out, kinds, in_link=True)
            out.append(_Token("end-link", _destination(item.href, item.title), html="</a>"))


def _choose_marks(
    tokens: list[_Token], kinds: list[str], options: dict[str, tuple[str, ...]]
) -> dict[int, str]:
    """The marker of each emphasis ("" where none parses): never two of one character abut."""
    ends: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.kind in ("open", "close"):
            ends.setdefault(token.pair, []).append(index)
    marks: dict[int, str] = {}
    for _ in range(4):  # a choice can change its neighbours' choices; this settles at once
        before = dict(marks)
        for pair, kind in enumerate(kinds):
            fitting = (mark for mark in options[kind] if _fits(tokens, ends[pair], mark, marks))
            marks[pair] = next(fitting, "")
        if marks == before:
            break
    return marks


def _fits(tokens: list[_Token], ends: list[int], mark: str, marks: dict[int, str]) -> bool:
    """Whether *mark* at the two *ends* of an emphasis opens and closes it where they stand."""
    for index in ends:
        token = tokens[index]
        before = _neighbour(tokens, index, -1, marks)
        after = _neighbour(tokens, index, 1, marks)
        if _touches(tokens, index, -1, marks, mark) or _touches(tokens, index, 1, marks, mark):
            return False
        can_open, can_close = _flanking(before or " ", after or " ", mark[0])
        if not (can_open if token.kind == "open" else can_close):
            return False
    return True


def _touches(tokens: list[_Token], index: int, step: int, marks: dict[int, str], mark: str) -> bool:
    """Whether the marker next to token *index* is made of the same character as *mark*.

    Two runs of one character side by side would read as one run; text beside a
    marker is escaped instead (see :func:`_emphasis_in_text`).
    """
    token = _visible(tokens, index, step, marks)
    if token is None or token.kind not in ("open", "close") or token.pair not in marks:
        return False
    return marks[token.pair][:1] == mark[0]


def _neighbour(tokens: list[_Token], index: int, step: int, marks: dict[int, str]) -> str | None:
    """The character written next to token *index* on one side (None: the paragraph's end)."""
    position = index + step
    while 0 <= position < len(tokens):
        token = tokens[position]
        written = _surface(token, marks)
        if written:
            return written[0] if step > 0 else written[-1]
        position += step
    return None


def _surface(token: _Token, marks: dict[int, str]) -> str:
    """Roughly what *token* writes: enough to know the characters at its two ends."""
    if token.kind in ("open", "close"):
        return marks.get(token.pair, "*")
    return {"soft": "\n", "hard": "\\\n", "link": "["}.get(token.kind, token.value)


def _flanking(before: str, after: str, marker: str) -> tuple[bool, bool]:
    """Whether a run of *marker* between *before* and *after* can open, and can close."""
    last_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    next_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    last_space = isWhiteSpace(ord(before))
    next_space = isWhiteSpace(ord(after))
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    if marker == "*":
        return left, right
    return left and (not right or last_punct), right and (not left or next_punct)


def _render(tokens: list[_Token], marks: dict[int, str]) -> Iterator[str]:
    surfaces = [_surface(token, marks) for token in tokens]
    literal_runs = _emphasis_in_text(tokens, surfaces)
    brackets_after = [False] * len(tokens)
    for index in range(len(tokens) - 2, -1, -1):
        brackets_after[index] = brackets_after[index + 1] or "]" in surfaces[index + 1]
    for index, token in enumerate(tokens):
        if token.kind == "text":
            context = _Context.of(tokens, index, marks, closes_later=brackets_after[index])
            yield _escape(token, context, literal_runs.get(index, set()))
        else:
            yield surfaces[index]


@dataclass(frozen=True)
class _Run:
    """A run of ``*`` or ``_`` in a paragraph: in a text token, or a marker we write."""

    token: int
    start: int
    end: int
    char: str
    can_open: bool
    can_close: bool
    touching: bool  # beside another run of the same character


def _emphasis_in_text(tokens: list[_Token], surfaces: list[str]) -> dict[int, set[int]]:
    """Where text holds ``*`` or ``_`` that could pair up with another run: to escape.

    A run that could open emphasis stays text when nothing after it could close
    it (and the other way round), so ``5*3`` and ``______`` need no backslash.
    """
    runs = list(_runs(tokens, surfaces))
    closers_after: list[set[str]] = []
    seen: set[str] = set()
    for run in reversed(runs):
        closers_after.append(set(seen))
        seen |= {run.char} if run.can_close else set()
    closers_after.reverse()
    escaped: dict[int, set[int]] = {}
    openers: set[str] = set()
    for run, closers in zip(runs, closers_after, strict=True):
        pairs = (run.can_open and run.char in closers) or (run.can_close and run.char in openers)
        if tokens[run.token].kind == "text" and (run.touching or pairs):
            escaped.setdefault(run.token, set()).update(range(run.start, run.end))
        openers |= {run.char} if run.can_open else set()
    return escaped


def _runs(tokens: list[_Token], surfaces: list[str]) -> Iterator[_Run]:
    # Code spans and link destinations hold no emphasis: stand-ins keep their edges.
    scans = [
        {"code": "``", "end-link": "])"}.get(token.kind, surface)
        for token, surface in zip(tokens, surfaces, strict=True)
    ]
    line = "".join(scans)
    offset = 0
    for index, scan in enumerate(scans):
        for match in re.finditer(r"\*+|_+", scan):
            start, end = offset + match.start(), offset + match.end()
            before = line[start - 1] if start else " "
            after = line[end] if end < len(line) else " "
            can_open, can_close = _flanking(before, after, match.group()[0])
            touching = match.group()[0] in (before, after)
            yield _Run(
                index, match.start(), match.end(), match.group()[0], can_open, can_close, touching
            )
        offset += len(scan)


def _reads_back(written: str, tokens: list[_Token], marks: dict[int, str]) -> bool:
    """Whether *written* renders to the HTML its tokens stand for (markdown-it decides)."""
    expected = "".join(_expected_html(tokens, marks))
    return str(markdown_inline(written)) == expected if written.strip() else not expected


def _expected_html(tokens: list[_Token], marks: dict[int, str]) -> Iterator[str]:
    """The HTML markdown-it should make of *tokens*, built from the tokens themselves."""
    for token in tokens:
        if token.kind in ("open", "close"):
            mark = marks.get(token.pair, "")
            tag = "em" if len(mark) == 1 else "strong"
            yield (f"<{tag}>" if token.kind == "open" else f"</{tag}>") if mark else ""
        elif token.kind == "text":
            yield escapeHtml(token.value)
        else:
            yield {"soft": "\n", "hard": "<br />\n"}.get(token.kind, token.html)


@dataclass(frozen=True)
class _Context:
    """What surrounds a text token: the characters either side and where the line is."""

    before: str | None  # None: the paragraph starts here
    after: str | None  # None: the paragraph ends here
    line_start: bool
    line_end: bool  # a soft break or the paragraph's end follows (a hard break does not count)
    after_markup: bool  # right after a code span or a link (MyST reads {...} there)
    before_code: bool
    in_link: bool
    closes_later: bool  # a ] comes in a later token

    @classmethod
    def of(
        cls, tokens: list[_Token], index: int, marks: dict[int, str], *, closes_later: bool
    ) -> _Context:
        previous = _visible(tokens, index, -1, marks)
        following = _visible(tokens, index, 1, marks)
        return cls(
            before=_neighbour(tokens, index, -1, marks),
            after=_neighbour(tokens, index, 1, marks),
            line_start=previous is None or previous.kind in ("soft", "hard"),
            line_end=following is None or following.kind == "soft",
            after_markup=previous is not None and previous.kind in ("code", "end-link"),
            before_code=following is not None and following.kind == "code",
            in_link=tokens[index].in_link,
            closes_later=closes_later,
        )


def _visible(tokens: list[_Token], index: int, step: int, marks: dict[int, str]) -> _Token | None:
    position = index + step
    while 0 <= position < len(tokens):
        if _surface(tokens[position], marks):
            return tokens[position]
        position += step
    return None


# -- escaping: only where a character would mean something --------------------------------

_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_EMAIL_AUTOLINK = re.compile(r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9][A-Za-z0-9.-]*>")
_ROLE_NAME = re.compile(r"\{[\w+:.-]+\Z")  # a MyST role's {name} before its `content`
_ORDERED = re.compile(r"\d{1,9}[.)]")
_THEMATIC = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
_SETEXT_OR_TABLE = re.compile(r"=+[ \t]*|[-|: \t]*-[-|: \t]*")


def _escape(token: _Token, context: _Context, runs: set[int]) -> str:
    """A text token with a backslash before each character that would be read as markup.

    *runs* are the positions of ``*`` and ``_`` that could make emphasis.
    """
    text = token.value
    marked = runs | (_line_start_marks(text, context) if context.line_start else set())
    marked.update(n for n in range(len(text)) if _means_something(text, n, context))
    for n in sorted(marked):  # half a run of * or _ escaped would leave a shorter run
        for step in (-1, 1):
            near = n + step
            while text[n] in "*_" and 0 <= near < len(text) and text[near] == text[n]:
                marked.add(near)
                near += step
    return "".join("\\" + char if n in marked else char for n, char in enumerate(text))


def _means_something(text: str, position: int, context: _Context) -> bool:
    char = text[position]
    after = text[position + 1] if position + 1 < len(text) else context.after
    if char == "`" or (char in "[]" and context.in_link):
        return True
    if char == "[":  # a link, a footnote, a MyST span, a definition: [text]( { or :
        return after == "^" or _bracket_leads_on(text, position, context)
    if char == "!":  # ![text](url) would be an image
        return after == "["
    if char == "\\":
        return after is None or after == "\n" or isMdAsciiPunct(ord(after))
    if char == "<":
        tag_like = after is not None and ((after.isascii() and after.isalpha()) or after in "/!?")
        return tag_like or bool(_EMAIL_AUTOLINK.match(text, position))
    if char == "&":
        return bool(_ENTITY.match(text, position))
    if char == "{":  # {{substitution}}; {.attrs} right after code or a link
        return after == "{" or (position == 0 and context.after_markup)
    if char == "}":  # {role}`content`
        last = position == len(text) - 1
        return last and context.before_code and bool(_ROLE_NAME.search(text, 0, position))
    if char == "=":  # (target)= ends a line
        last = position == len(text) - 1
        before = text[position - 1] if position else context.before
        return last and context.line_end and before == ")"
    return False


def _bracket_leads_on(text: str, position: int, context: _Context) -> bool:
    """Whether the ``]`` matching the ``[`` at *position* comes before ``(``, ``{`` or ``:``.

    ``[sic]`` or ``[image: a car]`` stays as it is: with no definition of its
    label (a bank text has none) a reference is text.
    """
    depth = 0
    for index in range(position, len(text)):
        depth += {"[": 1, "]": -1}.get(text[index], 0)
        if depth == 0:
            after = text[index + 1] if index + 1 < len(text) else context.after
            return after is not None and after in "({:"
    return context.closes_later


def _line_start_marks(text: str, context: _Context) -> set[int]:
    """Where a line's start would begin a block: a heading, a list, a quote, a fence..."""
    first = text[0]
    rest = text[1:2] or ("\n" if context.line_end else "x")
    whole_line = context.line_end
    if first in ">%":  # quote, MyST comment
        return {0}
    if first == "~" and (rest in " \t\n" or text.startswith("~~~")):  # definition, fence
        return {0}
    if first == ":" and (rest in " \t\n" or ":" in text[1:] or not whole_line):
        return {0}  # definition, field list :name:, colon fence :::
    if first == "#":
        hashes = len(text) - len(text.lstrip("#"))
        following = text[hashes : hashes + 1] or ("\n" if whole_line else "x")
        return {0} if hashes <= 6 and following in " \t\n" else set()
    if first in "-+*" and rest in " \t\n":
        return {0}
    if first == "+" and _plus_break(text):
        return {0}
    ordered = _ORDERED.match(text)
    if ordered:
        following = text[ordered.end() : ordered.end() + 1] or ("\n" if whole_line else "x")
        return {ordered.end() - 1} if following in " \t\n" else set()
    if whole_line and (_THEMATIC.fullmatch(text) or _SETEXT_OR_TABLE.fullmatch(text)):
        return {0}
    return set()


def _plus_break(text: str) -> bool:
    """MyST's block break: three ``+`` (spaces between allowed) start the line."""
    run = re.match(r"[+ \t]*", text)
    return run is not None and run.group().count("+") >= 3


def _code_span(value: str) -> str:
    """*value* as a code span, fenced with more backticks than it holds in a row."""
    runs = {len(run) for run in re.findall("`+", value)}
    size = 1
    while size in runs:
        size += 1
    fence = "`" * size
    both_spaces = value.startswith(" ") and value.endswith(" ") and value.strip(" ")
    pad = " " if value[0] == "`" or value[-1] == "`" or both_spaces else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _destination(href: str, title: str) -> str:
    """The ``](url "title")`` that ends a link."""
    url = _ENTITY.sub(lambda match: "\\" + match.group(), href)
    if re.search(r"[\s<>()\\\x00-\x1f]", url):
        url = "<" + re.sub(r"([<>\\])", r"\\\1", url) + ">"
    if not title:
        return f"]({url})"
    quoted = _ENTITY.sub(lambda match: "\\" + match.group(), re.sub(r'(["\\])', r"\\\1", title))
    return f']({url} "{quoted}")'
