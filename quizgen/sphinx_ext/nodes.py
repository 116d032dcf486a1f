"""Doctree nodes of a quiz: built by the directive, written by the HTML or print renderers.

A question is one ``quiz_question`` node. Its bank text sits in *slots*
named by role and position (``stem``, ``label-2``, ``feedback-2``,
``item-0``, ``left-1``, ``right-1``, ``explanation``, ``model``,
``rubric-0``, ``sources``): text without markup is kept as a string in the question's
``texts`` attribute, text with markup is parsed by MyST into a
``quiz_part`` child whose ``slot`` attribute names it. Thousands of
questions make large doctrees, and every Sphinx transform walks them (and
Python's garbage collector scans them), so plain text costs no nodes at all.
The stem is always a child, so that search finds questions by their stem.

All derive from ``nodes.container`` so that a builder without a visitor of
its own still has a generic one (they are also turned into plain nodes for
print builders, see :mod:`quizgen.sphinx_ext.printable`).
"""

from __future__ import annotations

from docutils import nodes


class quiz(nodes.container):
    """A self-check quiz. Attributes: ``bank``, ``count``, ``title``, ``show_title``.

    ``quiz_id`` is given when the page is written (:class:`~quizgen.sphinx_ext.html.QuizIds`).
    """


class quiz_question(nodes.container):
    """One question.

    Attributes: ``qid``, ``qtype``, ``answer`` (JSON, from
    :func:`quizgen.render.answers.runtime`), ``shuffle``, ``size`` (options,
    items or pairs), ``rubric`` (rubric points) and ``texts`` (slot -> plain
    text); ``dom_id`` is given when the page is written.
    """


class quiz_part(nodes.container):
    """Parsed bank text of one slot of its question (attribute ``slot``)."""


# Roles whose text is phrasing content (inline); the others hold paragraphs.
INLINE = frozenset({"stem", "label", "item", "left", "right", "sources"})

# Search finds a question by its stem and nothing else: not by its options (mostly
# wrong answers), and never by feedback, explanations or model answers.
SEARCHED = frozenset({"stem"})


def slot(role: str, index: int | None = None) -> str:
    """The name of a slot: ``stem``, or ``label-2`` for the third option's label."""
    return role if index is None else f"{role}-{index}"


def role_of(name: str) -> str:
    """The role of a slot name: ``label`` for ``label-2``."""
    return name.partition("-")[0]


def part(name: str, *children: nodes.Node) -> quiz_part:
    """A part holding the parsed text of the slot *name*."""
    classes = [] if role_of(name) in SEARCHED else ["no-search"]
    return quiz_part("", *children, slot=name, classes=classes)


def lookup(question: quiz_question, name: str) -> str | quiz_part | None:
    """What the slot *name* holds: its plain text, its parsed part, or None (no such slot)."""
    text: str | None = question["texts"].get(name)
    if text is not None:
        return text
    for child in question.children:
        if isinstance(child, quiz_part) and child["slot"] == name:
            return child
    return None


def has(question: quiz_question, name: str) -> bool:
    """Whether the question has text in the slot *name* (feedback is optional)."""
    return lookup(question, name) is not None


def content(question: quiz_question, name: str) -> list[nodes.Node]:
    """A copy of the slot's content as nodes, whether it was parsed or kept as text."""
    found = lookup(question, name)
    if isinstance(found, str):
        return [nodes.Text(found)] if role_of(name) in INLINE else [nodes.paragraph("", found)]
    return [] if found is None else [child.deepcopy() for child in found.children]


def plain(question: quiz_question, name: str) -> str:
    """The slot's text as a reader sees it, without markup."""
    found = lookup(question, name)
    if isinstance(found, str):
        return found
    return "" if found is None else found.astext()
