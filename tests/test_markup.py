"""Bank Markdown as HTML: the plain-line shortcut gives exactly what markdown-it gives."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizgen.bank.loader import find_banks, load_bank
from quizgen.bank.model import AnyQuestion
from quizgen.render import markup
from quizgen.render.markup import markdown_block, markdown_inline

ROOT = Path(__file__).resolve().parent.parent


def reference_block(text: str) -> str:
    return markup._markdown().render(markup._unroll_roles(text)).strip()


def reference_inline(text: str) -> str:
    return markup._markdown().renderInline(markup._unroll_roles(text.strip()))


def texts_of(question: AnyQuestion) -> Iterator[str]:
    yield question.stem
    yield question.explanation
    for name in ("options",):
        for option in getattr(question, name, ()):
            yield option.text
            if option.feedback:
                yield option.feedback
    for pair in getattr(question, "pairs", ()):
        yield pair.left
        yield pair.right
    yield from getattr(question, "items", ())
    yield from getattr(question, "accept", ())


def course_texts() -> list[str]:
    data = ROOT / "tests" / "data"  # its broken/ banks are broken on purpose
    banks = find_banks([ROOT / "curriculum", *data.glob("*.bank.yaml")])
    texts = {text for path in banks for q in load_bank(path).questions for text in texts_of(q)}
    return sorted(texts)


TRICKY = [
    "",
    "Plain sentence.",
    'He said "stop" and waited.',
    "988 is the number",  # a digit first: could start a list
    "1. First",
    "2) Second",
    "- a dash",
    "+ a plus",
    "= equals",
    "# heading",
    "> quote",
    "    indented code",
    " leading space",
    "trailing space ",
    "two spaces at the end  ",
    "a\u00a0no-break space",
    "ends in a no-break space\u00a0",
    "tab\there",
    "AT&T",
    "&amp; spelled",
    "x < y > z",
    "a_b_c",
    "5*3",
    "`code`",
    "[link](https://example.org)",
    "https://example.org",
    "<https://example.org>",
    "{term}`crisis <Crisis>`",
    "~strike~",
    "a | b",
    "back\\slash",
    "line one\nline two",
    "it's fine: no apostrophe escaping",
    "nul\x00char",
    "\u2028line separator",
    "emoji 🙂 and accents é",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_lines_render_as_markdown_it_renders_them(text: str) -> None:
    assert markdown_block(text) == reference_block(text)
    assert markdown_inline(text) == reference_inline(text)


def test_every_course_text_renders_as_markdown_it_renders_it() -> None:
    texts = course_texts()
    assert len(texts) > 2000  # every bank of the course was read
    plain = [text for text in texts if markup._plain_line(text)]
    assert len(plain) > len(texts) // 4  # the shortcut is taken, not only written
    for text in texts:
        assert markdown_block(text) == reference_block(text), text
        assert markdown_inline(text) == reference_inline(text), text


def test_random_lines_render_as_markdown_it_renders_them() -> None:
    alphabet = "ab 1.-+=*_`[]()<>&!#{}|~\\\"':;\u00a0é\t"
    chooser = random.Random(20261206)
    for _ in range(3000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 12)))
        assert markdown_block(text) == reference_block(text), repr(text)
        assert markdown_inline(text) == reference_inline(text), repr(text)
