"""What an answer is, said once for every output.

The site's runtime data (which options are right, which texts are accepted),
the order in which printed options, items and right-hand sides appear, and
the key a reader sees ("B, D", "1-C, 2-A", "5 ± 0.5") are all decided here:
the quiz directive, the handbook's key, the exam key (PDF and CSV) and the
LMS exporters ask this module and format nothing themselves.

Dispatch over question types is a ``match`` over :data:`AnyQuestion` that
ends in ``assert_never``, so a ninth type that is not handled everywhere is a
type error, not a silent fall-through.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from typing import Any

from typing_extensions import assert_never

from quizgen.bank.model import (
    AnyQuestion,
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

LETTERS = string.ascii_uppercase

Gettext = Callable[[str], str]


def untranslated(message: str) -> str:
    """The English message itself: the default of every ``gettext`` parameter."""
    return message


def true_false_labels(gettext: Gettext = untranslated) -> tuple[str, str]:
    """The two choices of a true-or-false item, in their fixed order."""
    return gettext("True"), gettext("False")


def arrangement(question: AnyQuestion, rng: random.Random) -> tuple[int, ...]:
    """Bank positions of the options, items or right-hand sides, in the order they are printed.

    Choice options are shuffled unless the bank says ``shuffle: false``; True
    comes before False. Order items and match sides are never printed in the
    bank's order, which would give the answer away. Typed answers have nothing
    to arrange.
    """
    match question:
        case SingleQuestion() | MultipleQuestion():
            order = list(range(len(question.options)))
            if question.shuffle:
                rng.shuffle(order)
            return tuple(order)
        case TrueFalseQuestion():
            return (0, 1)
        case OrderQuestion():
            return scrambled(len(question.items), rng)
        case MatchQuestion():
            return scrambled(len(question.pairs), rng)
        case TextQuestion() | NumericQuestion() | EssayQuestion():
            return ()
        case _:
            assert_never(question)


def scrambled(size: int, rng: random.Random) -> tuple[int, ...]:
    """``0 .. size-1`` shuffled, never in their own order (turned by one if the shuffle was)."""
    order = list(range(size))
    rng.shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return tuple(order)


def choices(
    question: AnyQuestion, order: tuple[int, ...], gettext: Gettext = untranslated
) -> list[str]:
    """The lettered texts in printed order: options, order items, right sides, True/False."""
    match question:
        case SingleQuestion() | MultipleQuestion():
            return [question.options[i].text for i in order]
        case OrderQuestion():
            return [question.items[i] for i in order]
        case MatchQuestion():
            return [question.pairs[i].right for i in order]
        case TrueFalseQuestion():
            labels = true_false_labels(gettext)
            return [labels[i] for i in order]
        case TextQuestion() | NumericQuestion() | EssayQuestion():
            return []
        case _:
            assert_never(question)


def bubbles(question: AnyQuestion, order: tuple[int, ...]) -> int:
    """How many bubbles an answer sheet gives the item (0: answered in writing)."""
    match question:
        case SingleQuestion() | MultipleQuestion() | TrueFalseQuestion():
            return len(order)
        case (
            OrderQuestion() | MatchQuestion() | TextQuestion() | NumericQuestion() | EssayQuestion()
        ):
            return 0
        case _:
            assert_never(question)


def key(question: AnyQuestion, order: tuple[int, ...], gettext: Gettext = untranslated) -> str:
    """The key's answer for one printed item: letters for lettered items, else the text.

    *order* is the item's :func:`arrangement` as printed.
    """
    match question:
        case SingleQuestion() | MultipleQuestion():
            return ", ".join(sorted(LETTERS[order.index(i)] for i in question.correct_indexes))
        case TrueFalseQuestion():
            return gettext("A (True)") if question.answer else gettext("B (False)")
        case OrderQuestion():
            return ", ".join(LETTERS[order.index(i)] for i in range(len(question.items)))
        case MatchQuestion():
            return ", ".join(
                f"{n + 1}-{LETTERS[order.index(n)]}" for n in range(len(question.pairs))
            )
        case TextQuestion():
            return " | ".join(answer.strip() for answer in question.accept)
        case NumericQuestion():
            return numeric_answer(question)
        case EssayQuestion():
            model = gettext("Model answer: {0}").format(question.model_answer.strip())
            if not question.rubric:
                return model
            rubric = gettext("Rubric: {0}").format("; ".join(p.strip() for p in question.rubric))
            return f"{model} {rubric}"
        case _:
            assert_never(question)


def numeric_answer(question: NumericQuestion) -> str:
    """``5`` or ``5 ± 0.5``."""
    text = number(question.answer)
    return f"{text} ± {number(question.tolerance)}" if question.tolerance else text


def number(value: float) -> str:
    """A number as an instructor wrote it: ``3``, not ``3.0``; ``2.5`` as is."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def runtime(question: AnyQuestion) -> dict[str, Any]:
    """What the browser needs to mark an answer (the site's ``data-answer``).

    Positions are the bank's: the browser shuffles, then maps back. Order and
    match questions need nothing, since the bank lists them in the right
    order; an essay is marked by the trainee.
    """
    match question:
        case SingleQuestion() | MultipleQuestion():
            return {"correct": list(question.correct_indexes)}
        case TrueFalseQuestion():
            return {"correct": [0 if question.answer else 1]}
        case TextQuestion():
            return {"accept": list(question.accept)}
        case NumericQuestion():
            return {"answer": question.answer, "tolerance": question.tolerance}
        case OrderQuestion() | MatchQuestion() | EssayQuestion():
            return {}
        case _:
            assert_never(question)
