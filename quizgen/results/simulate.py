"""A simulated class: answer sheets for an exam, to show instructors a results report.

The instructor edition shows what ``quizgen score`` makes of a real exam before any
class has sat it: :func:`simulated_responses` writes a responses file for the exam's
versions, and the report is built from it. Nothing here is a trainee's data.

The model (seeded, so the same exam gives the same file): each trainee has an
ability a drawn from a normal distribution (mean 1.3, sd 1); each item a difficulty b
drawn once per question id (mean 0, sd 1); a trainee answers an item right with
probability 1 / (1 + e^(b - a)), the one-parameter logistic (Rasch) model. A wrong
answer to a choice item marks a wrong option, drawn with weights that halve from the
bank's first wrong option to the next, so that some distractors draw many and some
none, as in real classes; one answer in 40 is left blank. A written item gets the
probability rounded to a quarter point, as a grader might give.
"""

from __future__ import annotations

import csv
import io
import math
import random
import string
from collections.abc import Sequence

from quizgen.exam.blueprint import seeded_random
from quizgen.exam.versions import PrintedQuestion, Version
from quizgen.results.scoring import keyed_positions

CHOICE_TYPES = frozenset({"single", "multiple", "truefalse"})


def simulated_responses(versions: Sequence[Version], trainees: int, seed: int) -> str:
    """A responses file (CSV text) of *trainees* answer sheets, versions taken in turn."""
    rng = random.Random(seed)
    count = sum(1 for _ in versions[0].questions())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["trainee", "version", *(str(n) for n in range(1, count + 1))])
    for number in range(1, trainees + 1):
        version = versions[(number - 1) % len(versions)]
        ability = rng.gauss(1.3, 1.0)
        cells = [_answer(printed, ability, seed, rng) for printed in version.questions()]
        writer.writerow([f"T-{number:03d}", version.letter, *cells])
    return buffer.getvalue()


def _answer(printed: PrintedQuestion, ability: float, seed: int, rng: random.Random) -> str:
    question = printed.question
    difficulty = seeded_random(seed, "difficulty", question.id).gauss(0.0, 1.0)
    chance = 1 / (1 + math.exp(difficulty - ability))
    if question.type not in CHOICE_TYPES:
        return str(round(chance * 4) / 4)
    if rng.random() < 1 / 40:
        return ""
    key = keyed_positions(question)
    if rng.random() < chance:
        marked = set(key)
    else:
        wrong = [position for position in sorted(printed.order) if position not in key]
        marked = {rng.choices(wrong, weights=[2.0**-i for i in range(len(wrong))])[0]}
        if question.type == "multiple" and len(key) > 1:
            marked |= set(sorted(key)[:-1])  # some of the right ones, and a wrong one
    return "".join(sorted(string.ascii_uppercase[printed.order.index(p)] for p in marked))
