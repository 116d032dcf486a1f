"""Bank text for other systems: MyST Markdown as safe HTML, and what travels as tags."""

from __future__ import annotations

from quizgen.bank.model import AnyQuestion
from quizgen.render.answers import number as number
from quizgen.render.markup import markdown_block, markdown_inline, plain_text


def html_block(markdown: str) -> str:
    """Bank Markdown as HTML with paragraphs (raw HTML in the bank stays text)."""
    return str(markdown_block(markdown))


def html_inline(markdown: str) -> str:
    """One line of bank Markdown as HTML."""
    return str(markdown_inline(markdown))


def one_line(markdown: str) -> str:
    """Bank Markdown as one line of plain text (for places a format takes no markup)."""
    return " ".join(plain_text(markdown).split())


def metadata_tags(question: AnyQuestion) -> list[str]:
    """What an LMS without our fields keeps as tags: objective, use, difficulty, source, tags."""
    tags = [f"objective:{question.objective}", f"use:{question.use}"]
    if question.difficulty:
        tags.append(f"difficulty:{question.difficulty}")
    if question.source:
        tags.append(f"source:{' '.join(question.source.split())}")
    return tags + list(question.tags)
