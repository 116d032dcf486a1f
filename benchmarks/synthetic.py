"""Synthetic banks for the benchmarks: valid, varied, and as large as asked."""

from __future__ import annotations

import yaml

TYPES = ("single", "multiple", "truefalse", "order", "match", "text", "numeric", "essay")


def question(
    number: int, prefix: str, objective: str, use: str, markup: bool = True
) -> dict[str, object]:
    """One valid question; the type cycles through all eight; *markup* puts MyST in the stem."""
    kind = TYPES[number % len(TYPES)]
    first = "*first*" if markup else "first"
    base: dict[str, object] = {
        "id": f"{prefix}-{number:05d}",
        "type": kind,
        "objective": objective,
        "use": use,
        "stem": f"Question {number}: you are dispatched to a call about a person in crisis. "
        f"What do you do {first}, and why?",
        "explanation": "Slow down, create distance and time, and listen before you act.",
        "source": "Synthetic benchmark item",
    }
    extra: dict[str, object]
    if kind in {"single", "multiple"}:
        extra = {
            "options": [
                {
                    "text": f"Option {i} for {number}",
                    "correct": i == 0 or (kind == "multiple" and i == 1),
                    "feedback": f"Feedback {i}.",
                }
                for i in range(4)
            ]
        }
    elif kind == "truefalse":
        extra = {"answer": number % 2 == 0}
    elif kind == "order":
        extra = {"items": [f"Step {i} of {number}" for i in range(4)]}
    elif kind == "match":
        extra = {"pairs": [{"left": f"L{i}-{number}", "right": f"R{i}-{number}"} for i in range(3)]}
    elif kind == "text":
        extra = {"accept": ["988", "nine eight eight"]}
    elif kind == "numeric":
        extra = {"answer": 40, "tolerance": 0}
    else:
        extra = {"model_answer": "Introduce yourself and ask an open question.", "rubric": ["Name"]}
    return base | extra


def bank_yaml(
    bank_id: str, count: int, prefix: str | None = None, start: int = 0, markup_every: int = 1
) -> str:
    """A bank of *count* questions over four objectives, a third of them secure.

    One stem in *markup_every* holds MyST emphasis, spread over the types; the other
    texts are plain.
    """
    prefix = prefix or bank_id
    objectives = {f"OB-{i}": f"Objective {i} of {bank_id}." for i in range(1, 5)}
    uses = ("practice", "both", "exam")
    questions = [
        question(
            n, prefix, f"OB-{n % 4 + 1}", uses[n % 3], (n + n // markup_every) % markup_every == 0
        )
        for n in range(start, start + count)
    ]
    data = {
        "bank": bank_id,
        "title": f"Bank {bank_id}",
        "objectives": objectives,
        "questions": questions,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
