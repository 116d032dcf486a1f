"""HTML from an LMS becomes bank Markdown that reads as the author meant and cannot run.

The round trip is checked against the real renderer of our export
(``quizgen.render.markup``) and the safety against real parsers: markdown-it
with raw HTML switched on, and myst-parser configured as the site's ``conf.py``.
"""

from __future__ import annotations

import ast
import glob
import re
from dataclasses import FrozenInstanceError
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.interchange.myst import Converted, html_to_myst
from quizgen.render.markup import markdown_block, markdown_inline

ROOT = Path(__file__).parent.parent


def myst(html: str, *, inline: bool = False) -> str:
    """What the instructor reads in the bank."""
    return html_to_myst(html, inline=inline).text


def block_round_trip(markdown: str) -> str:
    """The Markdown our export's HTML of *markdown* comes back as."""
    return myst(markdown_block(markdown))


def inline_round_trip(markdown: str) -> str:
    return myst(markdown_inline(markdown), inline=True)


# -- every text we ship comes back as the same HTML ---------------------------------------


def _bank_texts() -> tuple[list[str], list[str]]:
    """(block texts, inline texts) of every bank we ship, as the exporters render them."""
    paths = find_banks([ROOT / "curriculum"]) + sorted(
        glob.glob(str(ROOT / "tests/data/*.bank.yaml"))
    )
    catalog = load_catalog(paths)
    assert not catalog.problems and not catalog.failed
    blocks: list[str] = []
    inlines: list[str] = []
    for bank in catalog.banks.values():
        for question in bank.questions:
            blocks += [question.stem, question.explanation]
            for option in getattr(question, "options", ()):
                inlines.append(option.text)
                blocks += [option.feedback] if option.feedback else []
            for pair in getattr(question, "pairs", ()):
                inlines += [pair.left, pair.right]
            inlines += getattr(question, "items", ())
            blocks += [question.model_answer] if hasattr(question, "model_answer") else []
            blocks += getattr(question, "rubric", ())
    return blocks, inlines


BLOCK_TEXTS, INLINE_TEXTS = _bank_texts()


def test_the_banks_give_thousands_of_texts_of_every_kind() -> None:
    """The round-trip tests below read real banks, not an empty list."""
    assert len(BLOCK_TEXTS) > 1000 and len(INLINE_TEXTS) > 500
    html = "".join(markdown_block(text) for text in BLOCK_TEXTS)
    assert "<strong>" in html and "<em>" in html and "<code>" in html


def test_every_block_text_of_every_bank_renders_back_to_the_same_html() -> None:
    wrong = [
        text
        for text in BLOCK_TEXTS
        if markdown_block(block_round_trip(text)) != markdown_block(text)
    ]
    assert wrong == []


def test_every_inline_text_of_every_bank_renders_back_to_the_same_html() -> None:
    wrong = [
        text
        for text in INLINE_TEXTS
        if markdown_inline(inline_round_trip(text)) != markdown_inline(text)
    ]
    assert wrong == []


PLAIN = re.compile(r"[\\`*_\[\]<>{}#|&~:]|^\s*(?:[-+>%]|\d+[.)])", re.M)


def test_bank_texts_without_markup_characters_come_back_word_for_word() -> None:
    """An instructor who imports our own export finds the text as they wrote it."""
    plain_blocks = [text for text in BLOCK_TEXTS if not PLAIN.search(text)]
    plain_inlines = [text for text in INLINE_TEXTS if not PLAIN.search(text)]
    assert len(plain_blocks) > 1000
    assert [t for t in plain_blocks if block_round_trip(t) != t.strip()] == []
    assert [t for t in plain_inlines if inline_round_trip(t) != t.strip()] == []


HOSTILE = [
    "~ = # { } : \\",
    "Escape GIFT: \\~ \\= \\# \\{ \\} \\:",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp; written literally, and &amp;amp;",
    "&lt;b&gt; and &#60;i&#62; and &nbsp; in the middle",
    "a * b * c",
    "2*3*4 and 5*3",
    "\\*not emphasis\\* and \\_x\\_",
    "_x_ and __y__ and snake_case_name",
    "\\1. not a list",
    "1\\. not a list\n2\\) nor this",
    "\\# not a heading",
    "\\> not a quote",
    "\\- not a bullet\n\\+ nor this\n\\* nor this",
    "text\n\\===\n\\---",
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>) and <javascript:alert(1)>",
    '[link](https://example.org/a_(b)?q=1&x=2 "a title") and <https://example.org>',
    "mail <someone@example.org> or [write](mailto:a@example.org)",
    "![an image](https://example.org/x.png)",
    "[ref] and [ref][] and [^1]",
    "`code` and ``a ` tick`` and ` `` ` and `  padded  `",
    "a backtick ` alone and \\` escaped",
    "{term}`crisis <Crisis>` is a role; {abbr}`CIT (Crisis Intervention Team)` too",
    "\\{term}`not a role` and {{ substitution }} and `code`{.cls}",
    "(target)=",
    "% a MyST comment?",
    ":::{note}\nnot a directive\n:::",
    ":field: list?",
    "term\n: definition?",
    "+++ block break?",
    "| a | b |\n|---|---|\n| c | d |",
    "Arabic: مرحبا بالعالم (RTL) and Hebrew שלום",
    "Combining: e\u0301 n\u0303 a\u0308 and Zalgo z\u0351\u0352\u0353",
    "Emoji: 🚓 👮🏽\u200d♀️ 🇺🇸 and ZWJ",
    "no-break\u00a0space between\u00a0words",
    "line one  \nline two\\\nline three",
    "soft\nbreaks\nhere",
    "- one\n- two\n  - nested *em*\n  - nested **strong**\n- three",
    "1. first\n2. second\n\n   still second\n3. third",
    "3. starts at three\n4. four",
    "> quoted\n> **bold** quote",
    "```python\ndef f():\n    return '<script>'\n```",
    "    indented code\n    block",
    "***\n\nafter a rule",
    "*emphasis*, **strong**, ***both***, **_nested_**, *a **b** c*",
    "\\<b>not bold\\</b> and <em>raw</em>",
    "C:\\path\\new and a trailing backslash\\",
    "100% sure? 50/50. Q&A. It's 5 p.m. — is it?",
]


@pytest.mark.parametrize("markdown", HOSTILE)
def test_hostile_markdown_renders_back_to_the_same_html(markdown: str) -> None:
    assert markdown_block(block_round_trip(markdown)) == markdown_block(markdown)


@pytest.mark.parametrize("markdown", [text for text in HOSTILE if "\n\n" not in text])
def test_hostile_markdown_inline_renders_back_to_the_same_html(markdown: str) -> None:
    assert markdown_inline(inline_round_trip(markdown)) == markdown_inline(markdown)


# -- what can run, for a renderer with HTML on and for the site's MyST ------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


SAFE_TAGS = {"p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr"}


HTML_ON = MarkdownIt("commonmark", {"html": True})


def myst_html(text: str) -> str:
    """*text* rendered by CommonMark with raw HTML allowed: what an unwary renderer shows."""
    return str(HTML_ON.render(text))


def site_extensions() -> set[str]:
    """The MyST extensions the course site enables, read from its conf.py."""
    tree = ast.parse((ROOT / "conf.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == (
            "myst_enable_extensions"
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("conf.py sets no myst_enable_extensions")


MYST = create_md_parser(MdParserConfig(enable_extensions=site_extensions()), RendererHTML)
SAFE_MYST = {
    f"{name}_{end}"
    for name in (
        "paragraph",
        "em",
        "strong",
        "link",
        "bullet_list",
        "ordered_list",
        "list_item",
        "blockquote",
    )
    for end in ("open", "close")
} | {"inline", "text", "softbreak", "hardbreak", "code_inline", "fence", "hr"}


ATTRIBUTES = {"link_open": {"href", "title"}, "ordered_list_open": {"start"}}


def myst_tokens(text: str) -> list[Token]:
    def walk(tokens: list[Token]) -> list[Token]:
        return [each for token in tokens for each in (token, *walk(token.children or []))]

    return walk(MYST.parse(text))


def assert_safe(text: str) -> None:
    """Nothing in *text* runs, for CommonMark with HTML on and for the site's MyST."""
    rendered = myst_html(text)
    tags = _Tags()
    tags.feed(rendered)
    for tag, attrs in tags.found:
        assert tag in SAFE_TAGS, rendered
        assert not [name for name in attrs if name.startswith("on") or name == "style"], rendered
        assert all(
            (attrs[name] or "").startswith(("http://", "https://", "mailto:"))
            for name in ("href", "src")
            if name in attrs
        ), rendered
    tag_soup = "".join(re.findall(r"<[^>]*>", rendered)).lower()
    assert "<script" not in tag_soup and "javascript:" not in tag_soup, rendered
    assert not re.search(r"\son\w*\s*=", tag_soup), rendered
    for token in myst_tokens(text):
        assert token.type in SAFE_MYST, (token.type, text)
        assert not (token.type == "fence" and token.info.startswith("{")), text
        assert set(token.attrs) <= ATTRIBUTES.get(token.type, set()), (token.attrs, text)


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](ftp://example.org/x) and [y](page.html)",
        "<a href='javascript:alert(1)'>x</a>",
        "![x](https://example.org/x.png)",
        "{raw}`<b>x</b>`",
        "```{raw} html\n<b>x</b>\n```",
        ":::{note}\nx\n:::",
        "{{ secret }}",
        "% comment",
        "`x`{.cls}",
        "# heading",
    ],
)
def test_the_safety_check_catches_markup_that_could_run(unsafe: str) -> None:
    """The check the tests below rely on does fail on unsafe text."""
    with pytest.raises(AssertionError):
        assert_safe(unsafe)


# -- random text --------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        *"*_`[]()<>!#&;\\-+=~:|{}%.0123456789 \n\u00a0aé",
        *("&amp;", "&lt;", "```", "{x}", "https://a.example", "mailto:a@b.example", "\n\n"),
        *("    ", "\n- ", "\n  - ", "\n1. ", "\n2) ", "\n> ", "\n* ", "\n***\n", "\n~~~"),
        *("\n===", "\n---"),
    ]
)
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc"))
MARKDOWN = st.lists(st.one_of(PIECES, PRINTABLE), max_size=40).map("".join)

# What the conversion changes on purpose: headings become bold, links keep only web
# and mail addresses, two <br> end a paragraph, nothing at the edge of emphasis, no
# emphasis inside the same emphasis, no empty paragraph or list item, no trailing spaces,
# every code block ends with a line break, and a paragraph or a line break has no space
# around it.
LOSSY = re.compile(
    r"^\s|\s$|<p>\s|\s</p>|<h[1-6]>|<br />\n<br />|\n<br />|<p></p>|<li></li>"
    r"| \n(?![^<]*</code>)|[^\n>]</code></pre>"
    r"|<(?:em|strong)>(?:<br />|\s)|(?:<br />\n|\s)</(?:em|strong)>"
)


class _Nesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.self_nested = False
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.self_nested |= tag in ("em", "strong", "a") and tag in self.open
        self.open.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            self.open.remove(tag)


def converted_as_documented(html: str) -> bool:
    """Whether *html* holds only what the conversion keeps exactly (see LOSSY)."""
    nesting = _Nesting()
    nesting.feed(html)
    web = all(href.startswith(("http://", "https://", "mailto:")) for href in nesting.hrefs)
    return web and not nesting.self_nested and not LOSSY.search(html)


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@SETTINGS
@given(MARKDOWN)
def test_random_markdown_renders_back_to_the_same_html(markdown: str) -> None:
    html = markdown_block(markdown)
    assume(converted_as_documented(html))
    assert markdown_block(myst(html)) == html


@SETTINGS
@given(MARKDOWN)
def test_random_inline_markdown_renders_back_to_the_same_html(markdown: str) -> None:
    html = markdown_inline(markdown)
    assume(converted_as_documented(html) and not re.search(r"\n\s*\n", html))
    assert markdown_inline(myst(html, inline=True)) == html


TEXT = st.lists(st.one_of(PIECES, PRINTABLE), min_size=1, max_size=40).map("".join)


def _as_browser_shows(text: str) -> str:
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n", text).strip(MD_TRIM_CHARS)


@SETTINGS
@given(TEXT)
def test_random_text_in_lms_html_stays_text(text: str) -> None:
    """Whatever characters a paragraph holds, the bank shows exactly those characters."""
    shown = _as_browser_shows(text)
    assume(shown and "\n\n" not in shown)
    html = "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    written = myst(html)
    assert markdown_block(written) == "<p>" + _escape(shown) + "</p>"
    assert markdown_inline(myst(html, inline=True)) == _escape(shown)
    assert_safe(written)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# -- plain sentences are not escaped ------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "It's 5 p.m.",
        "Call 988 (24/7) - or text HOME to 741741.",
        "He said \"stop\" and she said 'wait'.",
        "Use 3-5 words; e.g. a name.",
        "100% sure? 50/50! Q&A, R&D and AT&T.",
        "5 * 3 = 15, and 2 + 2 = 4.",
        "The file_name and snake_case stay.",
        "Fill in: they do not ______.",
        "a < b and b > c",
        "Read C:\\path\\new first.",
        "Email: someone@example.org",
        "See https://example.org/page.",
        "#hashtag and issue #12",
        "Step 1. Then step 2.",
        "Don't - do; [sic] (see above) {like this}",
        "Time: 10:30, ratio 3:1.",
        "~50 people, approx.",
    ],
)
def test_a_plain_sentence_comes_back_as_it_is(sentence: str) -> None:
    html = "<p>" + sentence.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    assert myst(html) == sentence
    assert myst(html, inline=True) == sentence


# -- what is escaped, and only where it would mean something ------------------------------


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ("<p># not a heading</p>", "\\# not a heading"),
        ("<p>1. not a list</p>", "1\\. not a list"),
        ("<p>2) nor this</p>", "2\\) nor this"),
        ("<p>&gt; not a quote</p>", "\\> not a quote"),
        ("<p>- not a bullet</p>", "\\- not a bullet"),
        ("<p>+ not a bullet</p>", "\\+ not a bullet"),
        ("<p>* not a bullet</p>", "\\* not a bullet"),
        ("<p>text\n===</p>", "text\n\\==="),
        ("<p>text\n---</p>", "text\n\\---"),
        ("<p>***</p>", "\\*\\*\\*"),
        ("<p>_x_ and *y*</p>", "\\_x\\_ and \\*y\\*"),
        ("<p>a * b * c</p>", "a * b * c"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "\\<script>alert(1)\\</script>"),
        ("<p>&lt;https://example.org&gt;</p>", "\\<https://example.org>"),
        ("<p>&amp;amp; and &amp;#60;</p>", "\\&amp; and \\&#60;"),
        ("<p>[x](javascript:alert(1))</p>", "\\[x](javascript:alert(1))"),
        ("<p>a ` tick</p>", "a \\` tick"),
        ("<p>end\\</p>", "end\\\\"),
        ("<p>\\*</p>", "\\\\*"),
        ("<p>{term}<code>x</code></p>", "{term\\}`x`"),
        ("<p>{{ name }}</p>", "\\{{ name }}"),
        ("<p><code>a</code>{.cls}</p>", "`a`\\{.cls}"),
        ("<p>(target)=</p>", "(target)\\="),
        ("<p>% comment</p>", "\\% comment"),
        ("<p>:::{note}</p>", "\\:::{note}"),
        ("<p>:field: value</p>", "\\:field: value"),
        ("<p>term\n: definition</p>", "term\n\\: definition"),
        ("<p>~~~ fence</p>", "\\~~~ fence"),
        ("<p>+++</p>", "\\+++"),
        ("<p>a\n|---|---|</p>", "a\n\\|---|---|"),
    ],
)
def test_markup_characters_in_text_are_escaped_where_they_would_mean_something(
    html: str, written: str
) -> None:
    assert myst(html) == written
    rendered = markdown_block(written)  # the reader sees the same text, with the same tags
    assert _shown(rendered) == _shown(html)
    assert re.findall(r"</?\w+", rendered) == re.findall(r"</?\w+", html)


def _shown(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


# -- LMS HTML -----------------------------------------------------------------------------


def test_moodle_atto_html_becomes_paragraphs_bold_and_a_list() -> None:
    html = """
        <p dir="ltr" style="text-align: left;">You arrive at a <strong>welfare check</strong>.
            The caller says:</p>
        <ul>
            <li>he has not eaten in <em>three</em> days</li>
            <li>he gave away his <b>dog</b>, his <i>tools</i></li>
        </ul>
        <p dir="ltr" style="text-align: left;"><br></p>
    """
    assert myst(html) == (
        "You arrive at a **welfare check**.\nThe caller says:\n\n"
        "- he has not eaten in *three* days\n"
        "- he gave away his **dog**, his *tools*"
    )


def test_divs_and_line_breaks_become_paragraphs_and_hard_breaks() -> None:
    html = "<div>First line<br>second line<br/></div><div>Read this.<br><br>Then answer.</div>"
    assert myst(html) == "First line\\\nsecond line\n\nRead this.\n\nThen answer."


def test_white_space_collapses_the_way_a_browser_shows_it() -> None:
    html = "\n    <p>\n        Indented   by\n\t\tMoodle XML\n    </p>\n    <p>  </p>\n"
    assert myst(html) == "Indented   by\nMoodle XML"


def test_nested_lists_ordered_lists_and_their_start() -> None:
    html = (
        "<ol start='3'><li>three<ul><li>sub <strong>a</strong></li><li>sub b</li></ul></li>"
        "<li>four</li></ol>"
    )
    assert myst(html) == "3. three\n   - sub **a**\n   - sub b\n4. four"


def test_a_list_inside_a_list_without_an_item_joins_the_item_before() -> None:
    html = "<ul><li>one</li><ul><li>inner</li></ul><li>two</li></ul>"
    assert myst(html) == "- one\n  - inner\n- two"


def test_list_items_holding_paragraphs_make_a_loose_list() -> None:
    html = "<ul><li><p>one</p></li><li><p>two</p><p>more</p></li></ul>"
    assert myst(html) == "- one\n\n- two\n\n  more"


def test_two_lists_in_a_row_stay_two_lists() -> None:
    written = myst("<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>")
    assert written == "- a\n\n* b\n\n1. c\n\n1) d"
    assert markdown_block(written).count("<ul>") == 2
    assert markdown_block(written).count("<ol>") == 2


def test_code_and_code_blocks_keep_their_text() -> None:
    html = (
        "<p>Run <code>rm -rf *</code> or <kbd>Ctrl</kbd>+<kbd>C</kbd></p>"
        '<pre><code class="language-python">if a &lt; b:\n    print("*hi*")\n</code></pre>'
        "<pre>plain\n```\nfence inside</pre>"
    )
    assert myst(html) == (
        "Run `rm -rf *` or `Ctrl`+`C`\n\n"
        '```python\nif a < b:\n    print("*hi*")\n```\n\n'
        "````\nplain\n```\nfence inside\n````"
    )


def test_a_code_block_cannot_become_a_myst_directive() -> None:
    written = myst('<pre><code class="language-{raw}">&lt;script&gt;</code></pre>')
    assert written == "```\\{raw}\n<script>\n```"
    assert_safe(written)


def test_web_and_mail_links_are_kept_as_links() -> None:
    html = (
        '<p><a href="https://www.samhsa.gov/find-help/988" title="988 Lifeline">988</a>, '
        '<a href="http://example.org/a_(b)">wiki</a> and '
        '<a href="mailto:cit@example.org">write to us</a></p>'
    )
    converted = html_to_myst(html)
    assert converted.text == (
        '[988](https://www.samhsa.gov/find-help/988 "988 Lifeline"), '
        "[wiki](<http://example.org/a_(b)>) and [write to us](mailto:cit@example.org)"
    )
    assert converted.dropped == ()


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "@@PLUGINFILE@@/notes.pdf",
        "../relative/page.html",
        "#anchor",
    ],
)
def test_other_links_keep_their_text_only_and_are_reported(href: str) -> None:
    converted = html_to_myst(f'<p>Click <a href="{href}">here</a> now</p>')
    assert converted.text == "Click here now"
    assert converted.dropped == (f"href={' '.join(href.replace(chr(10), '').split())}",)


def test_a_link_around_blocks_links_each_paragraph_and_an_anchor_is_text() -> None:
    html = (
        '<a href="https://example.org"><p>one</p><p>two</p></a>'
        '<p><a name="top">Top</a> <a id="x" href="">empty</a></p>'
    )
    converted = html_to_myst(html)
    assert converted.text == (
        "[one](https://example.org)\n\n[two](https://example.org)\n\nTop empty"
    )
    assert converted.dropped == ("href=",)


def test_headings_become_a_bold_paragraph() -> None:
    html = "<h1>Scenario</h1><p>text</p><h3>Part <b>two</b></h3>"
    assert myst(html) == "**Scenario**\n\ntext\n\n**Part two**"


def test_harmless_formatting_keeps_its_text() -> None:
    html = (
        '<p><span style="color:red" class="x">red</span> <font face="Arial">font</font> '
        "<u>under</u> <small>small</small> <abbr title='x'>CIT</abbr></p>"
    )
    converted = html_to_myst(html)
    assert converted.text == "red font under small CIT"
    assert converted.dropped == ()


def test_sub_and_sup_keep_their_text_and_are_reported_as_flattened() -> None:
    converted = html_to_myst("<p>x<sup>2</sup> and H<sub>2</sub>O, <s>old</s></p>")
    assert converted.text == "x2 and H2O, old"
    assert converted.dropped == ("<sup>", "<sub>", "<s>")


def test_a_table_becomes_one_line_per_row() -> None:
    html = """
        <table border="1"><caption>Doses</caption>
          <thead><tr><th>Drug</th><th>Dose</th></tr></thead>
          <tbody><tr><td>Naloxone</td><td><p>4 mg</p><p>nasal</p></td></tr>
          <tr><td>---</td><td>---</td></tr></tbody>
        </table>
    """
    converted = html_to_myst(html)
    assert converted.text == "Doses\n\nDrug | Dose\n\nNaloxone | 4 mg nasal\n\n\\--- | ---"
    assert converted.dropped == ("<table>",)
    assert "<table" not in myst_html(converted.text)


def test_images_become_their_alt_text_and_their_source_is_listed() -> None:
    converted = html_to_myst(
        '<p>Look: <img src="@@PLUGINFILE@@/scene.png" alt="A man on a  bridge"> '
        '<img src="https://example.org/x.gif"></p>'
    )
    assert converted.text == "Look: [image: A man on a bridge] [image]"
    assert converted.media == ("@@PLUGINFILE@@/scene.png", "https://example.org/x.gif")
    assert markdown_block(converted.text) == "<p>Look: [image: A man on a bridge] [image]</p>"


def test_audio_video_frames_and_objects_are_listed_in_order() -> None:
    converted = html_to_myst(
        '<p><audio src="a.mp3"></audio></p>'
        '<video controls poster="p.jpg"><source src="v.mp4"><source src="v.webm">'
        "Your browser cannot play this.</video>"
        '<iframe src="https://www.youtube.com/embed/x" title="Briefing"></iframe>'
        '<embed src="e.swf"><object data="o.pdf"><param name="x" value="y">fallback</object>'
    )
    assert converted.media == (
        "a.mp3",
        "v.mp4",
        "v.webm",
        "https://www.youtube.com/embed/x",
        "e.swf",
        "o.pdf",
    )
    assert converted.text == (
        "[audio]\n\n[video][embedded content: Briefing][embedded content][embedded content]"
    )


def test_scripts_styles_comments_and_the_head_go_with_their_content() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<p>Before<script>alert('x')</script> after</p><!-- a secret note -->"
        "<noscript>no script</noscript><template><p>hidden</p></template>"
        "<style>.x{}</style></body></html>"
    )
    converted = html_to_myst(html)
    assert converted.text == "Before after"
    assert converted.dropped == (
        "<head>",
        "<script>",
        "<!-- -->",
        "<noscript>",
        "<template>",
        "<style>",
    )


def test_event_handlers_and_styles_are_gone_and_handlers_reported_once_each() -> None:
    html = (
        '<p onclick="a()" style="color:red">one <b onmouseover="b()">two</b></p>'
        '<p onclick="c()"><img src="x.png" onerror="d()" alt="x"></p>'
    )
    converted = html_to_myst(html)
    assert converted.text == "one **two**\n\n[image: x]"
    assert converted.dropped == ("onclick=", "onmouseover=", "onerror=")


def test_an_unknown_element_keeps_its_text_and_is_reported() -> None:
    converted = html_to_myst(
        "<p><marquee>Breaking</marquee> <blink>news</blink></p><custom-x>!</custom-x>"
    )
    assert converted.text == "Breaking news\n\n!"
    assert converted.dropped == ("<marquee>", "<blink>", "<custom-x>")


def test_entities_decode_and_a_no_break_space_is_kept() -> None:
    converted = html_to_myst(
        "<p>5&nbsp;km &amp; 3&#160;m &lt;b&gt; caf&eacute; &#x1F693;&nbsp;</p>"
    )
    assert converted.text == "5\u00a0km & 3\u00a0m \\<b> café 🚓"


def test_a_paragraph_of_no_break_spaces_is_left_out() -> None:
    assert myst("<p>First</p><p>&nbsp;</p><p>\u00a0 </p><p>Second</p>") == "First\n\nSecond"


def test_quotes_rules_and_q_elements() -> None:
    html = "<blockquote><p>I want to <q>go home</q>.</p><p>Now.</p></blockquote><hr><p>after</p>"
    assert myst(html) == '> I want to "go home".\n>\n> Now.\n\n***\n\nafter'


def test_emphasis_does_not_take_the_spaces_around_it() -> None:
    assert (
        myst("<p>a<strong> bold </strong>b and <em>\u00a0x</em></p>")
        == "a **bold** b and \u00a0*x*"
    )


def test_emphasis_that_markdown_cannot_say_keeps_its_text() -> None:
    """``**Note:**text`` would show its stars: the bold goes, the words stay."""
    assert myst("<p><b>Note:</b>text and <i>x</i></p>") == "Note:text and *x*"


def test_emphasis_inside_emphasis_of_the_same_kind_is_one() -> None:
    assert myst("<p><b>a <strong>b</strong> c</b> <i><em>d</em></i></p>") == "**a b c** *d*"


def test_bold_around_italics_keeps_both() -> None:
    written = myst("<p><strong><em>both</em></strong> and <em><strong>both</strong></em></p>")
    assert markdown_block(written) == (
        "<p><strong><em>both</em></strong> and <em><strong>both</strong></em></p>"
    )


def test_qti_xhtml_item_body() -> None:
    html = (
        '<div xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"><p>Which is <em>not</em> a '
        "warning sign?</p><p/><div><![CDATA[a < b]]></div></div>"
    )
    assert myst(html) == "Which is *not* a warning sign?\n\na < b"


def test_broken_html_still_gives_text() -> None:
    html = "<p>open <b>bold <i>both</b> after</i></p></div></p><li>stray<td>cell<p>last"
    assert myst(html) == "open **bold _both_** after\n\nstray\n\ncell\n\nlast"


def test_a_head_left_open_ends_where_the_body_starts() -> None:
    converted = html_to_myst("<head><title>Quiz</title><a href='https://x.example'>a</a><p>b")
    assert converted.text == "[a](https://x.example)\n\nb"
    assert converted.dropped == ("<head>",)


def test_empty_lists_and_tables_leave_nothing() -> None:
    assert myst("<ul></ul><ol> </ol><table><tr><td> </td></tr></table><p>x</p>") == "x"


def test_deeply_nested_html_gives_no_traceback() -> None:
    html = "<div><span><b>" * 3000 + "deep" + "</b></span></div>" * 3000
    assert myst(html) == "**deep**"
    assert myst("<i>" * 5000 + "x") == "*x*"


def test_empty_input_gives_empty_text() -> None:
    assert html_to_myst("") == Converted("", (), ())
    assert html_to_myst("   <p> </p> <br> ") == Converted("", (), ())


def test_converted_is_frozen() -> None:
    converted = html_to_myst("<p>x</p>")
    with pytest.raises(FrozenInstanceError):
        converted.text = "y"  # type: ignore[misc]


# -- inline texts: one paragraph ----------------------------------------------------------


def test_inline_joins_blocks_with_spaces_and_keeps_hard_breaks() -> None:
    html = "<p>First</p><ul><li>one</li><li>two</li></ul><p>line<br>break</p><pre>x\ny</pre>"
    written = myst(html, inline=True)
    assert written == "First one two line\\\nbreak `x y`"
    assert markdown_inline(written) == "First one two line<br />\nbreak <code>x y</code>"


def test_inline_text_is_one_paragraph_for_myst() -> None:
    html = "<h2>Title</h2><p># one</p><blockquote>two</blockquote><hr><p>1. three</p>"
    written = myst(html, inline=True)
    assert written == "**Title** # one two 1. three"
    assert [token.type for token in MYST.parse(written)] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]


def test_moodle_answer_in_a_paragraph_is_just_its_text() -> None:
    assert myst('<p dir="ltr">Call for an <b>ambulance</b></p>', inline=True) == (
        "Call for an **ambulance**"
    )


# -- the output's shape -------------------------------------------------------------------

SHAPES = [
    "<p>a</p>\n\n\n<p>b</p><div><div><p>c</p></div></div>",
    "<ul><li>x<br>y</li></ul><pre>code  \n</pre><p>z</p>",
    "  \n<p>  text  </p>  \n",
    "<blockquote><blockquote><p>deep</p></blockquote></blockquote>",
]


@pytest.mark.parametrize("html", SHAPES)
def test_output_is_stripped_with_one_blank_line_between_blocks_and_no_trailing_spaces(
    html: str,
) -> None:
    written = myst(html)
    assert written == written.strip()
    assert "\n\n\n" not in written
    outside_code = re.sub(r"```.*?```", "", written, flags=re.S)
    assert not re.search(r"[ \t]$", outside_code, re.M)


# -- nothing can run ----------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="  jAvAsCrIpT:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<body onload="alert(1)">text</body>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
    "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>",
    "<p>[x](javascript:alert(1)) and &lt;javascript:alert(1)&gt;</p>",
    "<p>&lt;!-- comment --&gt; &lt;?php ?&gt; &lt;![CDATA[x]]&gt;</p>",
    "<p>line\n&lt;div onclick=alert(1)&gt;</p>",
    '<style>@import "evil.css";</style><p style="background:url(javascript:alert(1))">x</p>',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<p>{raw}`<script>` and ```{raw} html</p>",
    '<pre><code class="language-{eval-rst}">.. raw:: html</code></pre>',
    "<p>:::{raw} html<br>&lt;script&gt;<br>:::</p>",
    "<p>{{ secret }} and (target)= and % comment</p>",
    "<p><code>x</code>{onclick=alert(1)}</p>",
    '<p><a href="https://ok.example">ok</a>{onclick="alert(1)"}</p>',
]


@pytest.mark.parametrize("inline", [False, True], ids=["block", "inline"])
@pytest.mark.parametrize("html", ATTACKS)
def test_nothing_in_the_output_can_run(html: str, inline: bool) -> None:
    assert_safe(myst(html, inline=inline))


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">click</a>',
        '<a href="  jAvAsCrIpT:alert(1)">click</a>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    ],
)
def test_addresses_that_could_run_are_not_written_at_all(html: str) -> None:
    assert "javascript" not in myst(html).lower()


def test_bank_texts_and_hostile_strings_are_safe_after_the_round_trip() -> None:
    for text in [*BLOCK_TEXTS, *HOSTILE]:
        assert_safe(block_round_trip(text))
