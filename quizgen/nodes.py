"""Doctree nodes of a quiz: built by the directive, written by the HTML or print renderers.

All derive from ``nodes.container`` so that a builder without a visitor of
its own still has a generic one (they are also turned into plain nodes for
print builders, see :mod:`quizgen.printable`).
"""

from __future__ import annotations

from docutils import nodes


class quiz(nodes.container):
    """A self-check quiz. Attributes: ``quiz_id``, ``bank``, ``count``, ``title``."""


class quiz_question(nodes.container):
    """One question. Attributes: ``qid``, ``qtype``, ``answer`` (JSON), ``shuffle``."""


class quiz_part(nodes.container):
    """A rendered piece of a question; ``role`` says which (see ROLES)."""


ROLES = (
    "stem",  # the question text
    "choices",  # the options of single, multiple and truefalse; children: choice
    "choice",  # one option: children label and feedback; attribute ``index``
    "label",  # an option's text
    "feedback",  # shown when the option was chosen
    "items",  # order: children item
    "item",  # one item to order; attribute ``index``
    "pairs",  # match: children pair
    "pair",  # one pair: children left and right; attribute ``index``
    "left",
    "right",
    "response",  # text, numeric and essay: where the trainee types
    "model",  # essay: the model answer
    "rubric",  # essay: the points to compare with
    "explanation",  # shown after a check
)


# Parts the search index leaves out: a search must not show a trainee the answers.
UNSEARCHED = frozenset({"feedback", "explanation", "model", "rubric"})


def part(role: str, *children: nodes.Node, **attributes: object) -> quiz_part:
    """A quiz part of the given role."""
    assert role in ROLES, role
    classes = ["no-search"] if role in UNSEARCHED else []
    return quiz_part("", *children, role=role, classes=classes, **attributes)


def parts(node: nodes.Element, role: str) -> list[quiz_part]:
    """The direct children of *node* with the given role."""
    return [
        child for child in node.children if isinstance(child, quiz_part) and child["role"] == role
    ]
