"""Item analysis: the figures of ``shared/spec/results.md``, exactly as it defines them.

Item scores are exact fractions (a grader's ``0.3`` is 3/10, not a binary
approximation), so totals tie when they should, the upper and lower groups do
not depend on rounding, and every flag compares exact values with its bound:
an item with p = 0.9 is not "too easy" because a sum came out as 0.9000000001.
Only the figures that need a square root (discrimination, sd, sem) are floats.

Definitions, from the contract: x in [0, 1] per item, T = sum of x.
``difficulty`` p = mean x. ``discrimination`` = Pearson's r of x with T - x,
none when either has no variance. Upper and lower groups: trainees sorted by
T, highest first, ties by trainee text ascending; the first and the last
ceil(0.27 n). ``upper_lower`` = mean x upper - mean x lower. ``reliability`` =
Cronbach's alpha, variances divided by n. ``sem`` = sd(T) sqrt(1 - alpha), sd
divided by n.

The contract does not say what ``mastered`` is. Here it is the percent of
trainees whose percent on the objective reaches the blueprint's
``pass_mark``: the same bar the exam sets as a whole (none without a pass mark).
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from quizgen.bank.model import AnyQuestion
from quizgen.results.scoring import ClassScores, TraineeScores, keyed_positions

GROUP_SHARE = Fraction(27, 100)  # upper and lower groups: the first and last 27 %
TOO_EASY = Fraction(90, 100)  # p above
TOO_HARD = Fraction(30, 100)  # p below
LOW_DISCRIMINATION = Fraction(20, 100)  # r from 0 up to (not including)


@dataclass(frozen=True)
class OptionFigures:
    """How often one option of a choice question was marked."""

    place: int  # 1-based place in the bank
    text: str  # as the bank writes it
    correct: bool
    chosen: int
    chosen_upper: int
    chosen_lower: int


@dataclass(frozen=True)
class ItemFigures:
    """One item's row of ``items.csv``, and its options."""

    question: AnyQuestion
    n: int
    difficulty: Fraction
    discrimination: float | None  # none when x or T - x has no variance
    upper_lower: Fraction
    flags: tuple[str, ...]
    options: tuple[OptionFigures, ...]  # choice questions only


@dataclass(frozen=True)
class TraineeFigures:
    """One trainee's row of ``scores.csv``."""

    trainee: str
    version: str
    points: Fraction
    max_points: int
    percent: Fraction
    passed: bool | None  # none without a pass mark
    objectives: dict[str, Fraction]  # objective id -> percent of its items' points


@dataclass(frozen=True)
class ObjectiveFigures:
    """The class on one objective."""

    mean: Fraction  # mean of the trainees' percents
    mastered: Fraction | None  # percent of trainees at or above the pass mark; none without one


@dataclass(frozen=True)
class Summary:
    """``summary.json``: the class on the whole exam (points are T, one per item)."""

    n: int
    items: int
    mean: Fraction
    sd: float
    median: Fraction
    min: Fraction
    max: Fraction
    reliability: Fraction | None  # none with fewer than 2 items or no variance of T
    sem: float | None
    pass_rate: Fraction | None  # percent of trainees passing; none without a pass mark
    objectives: dict[str, ObjectiveFigures]


@dataclass(frozen=True)
class Analysis:
    """Every figure of one exam's results."""

    objectives: tuple[str, ...]  # objective ids, in the order the exam first draws them
    trainees: tuple[TraineeFigures, ...]
    items: tuple[ItemFigures, ...]
    summary: Summary


@dataclass(frozen=True)
class Correlation:
    """Pearson's r kept as exact parts, so that its sign and bounds compare exactly."""

    covariance: Fraction
    variances: Fraction  # the product of the two variances

    @property
    def value(self) -> float | None:
        """r, or none when either side has no variance."""
        if not self.variances:
            return None
        return float(self.covariance) / math.sqrt(self.variances)

    def below(self, bound: Fraction) -> bool:
        """r < *bound* (a positive bound), without a square root."""
        return self.covariance < 0 or self.covariance**2 < bound**2 * self.variances


def analyse(scores: ClassScores) -> Analysis:
    """Every figure of the contract for a scored class (at least one trainee)."""
    objectives = tuple(dict.fromkeys(question.objective for question in scores.questions))
    mark = scores.plan.blueprint.pass_mark
    threshold = None if mark is None else Fraction(str(mark))
    trainees = tuple(_trainee(t, scores.questions, objectives, threshold) for t in scores.trainees)
    upper, lower = groups(scores.trainees)
    whole = _WholeScores.of(scores.trainees)
    items = tuple(_item(q, scores, whole, upper, lower) for q in scores.questions)
    summary = _summary(scores, trainees, objectives, threshold)
    return Analysis(objectives, trainees, items, summary)


def groups(
    trainees: Sequence[TraineeScores],
) -> tuple[tuple[TraineeScores, ...], tuple[TraineeScores, ...]]:
    """The upper and lower groups: first and last ceil(0.27 n) by T, highest first, ties by name."""
    ranked = sorted(trainees, key=lambda t: (-t.total, t.trainee))
    size = math.ceil(GROUP_SHARE * len(ranked))
    return tuple(ranked[:size]), tuple(ranked[len(ranked) - size :])


def correlation(xs: Sequence[Fraction], ys: Sequence[Fraction]) -> Correlation:
    """Pearson's r of two equally long columns, variances divided by n."""
    scale = common_denominator([*xs, *ys])
    return _integer_correlation(scaled(xs, scale), scaled(ys, scale), scale)


def _integer_correlation(xs: Sequence[int], ys: Sequence[int], scale: int) -> Correlation:
    """:func:`correlation` of the columns ``xs / scale`` and ``ys / scale``, on whole numbers.

    n^2 cov = n sum(xy) - sum(x) sum(y), and so for each variance: the same exact
    values as the means of deviations, without a fraction per trainee.
    """
    n, sum_x, sum_y = len(xs), sum(xs), sum(ys)
    unit = (n * scale) ** 2
    products = n * sum(map(operator.mul, xs, ys)) - sum_x * sum_y
    x_squares = n * sum(x * x for x in xs) - sum_x * sum_x
    y_squares = n * sum(y * y for y in ys) - sum_y * sum_y
    return Correlation(
        Fraction(products, unit), Fraction(x_squares, unit) * Fraction(y_squares, unit)
    )


def cronbach_alpha(
    columns: Sequence[Sequence[Fraction]], totals: Sequence[Fraction]
) -> Fraction | None:
    """k/(k-1) (1 - sum of item variances / variance of T); none for k < 2 or constant T."""
    k, total_variance = len(columns), exact_pvariance(totals)
    if k < 2 or not total_variance:
        return None
    item_variances = sum((exact_pvariance(column) for column in columns), Fraction(0))
    return Fraction(k, k - 1) * (1 - item_variances / total_variance)


# Exact figures on whole numbers: item scores over their common denominator (4 for
# quarter points, 1 for choice items only) add up as integers, far faster than
# fractions one by one, and give the very same fractions.


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common denominator of *values*."""
    return math.lcm(*{value.denominator for value in values})


def scaled(values: Iterable[Fraction], scale: int) -> list[int]:
    """*values* times *scale* (a common denominator of theirs), as whole numbers."""
    return [value.numerator * (scale // value.denominator) for value in values]


def exact_mean(values: Sequence[Fraction]) -> Fraction:
    """The mean of *values*, exactly (``statistics.mean`` of fractions, faster)."""
    scale = common_denominator(values)
    return Fraction(sum(scaled(values, scale)), scale * len(values))


def exact_pvariance(values: Sequence[Fraction]) -> Fraction:
    """The variance of *values*, divided by n, exactly (``statistics.pvariance``)."""
    scale = common_denominator(values)
    whole = scaled(values, scale)
    n, total = len(whole), sum(whole)
    return Fraction(n * sum(w * w for w in whole) - total * total, (n * scale) ** 2)


# -- trainees -----------------------------------------------------------------------------


def _trainee(
    trainee: TraineeScores,
    questions: Sequence[AnyQuestion],
    objectives: Sequence[str],
    threshold: Fraction | None,
) -> TraineeFigures:
    points, max_points = trainee.total, len(questions)
    percent = 100 * points / max_points
    by_objective = {
        objective: _percent([trainee.scores[q.id] for q in questions if q.objective == objective])
        for objective in objectives
    }
    passed = None if threshold is None else percent >= threshold
    return TraineeFigures(
        trainee.trainee, trainee.version, points, max_points, percent, passed, by_objective
    )


def _percent(scores: Sequence[Fraction]) -> Fraction:
    return 100 * exact_mean(scores)


# -- items --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _WholeScores:
    """Every item score over one common denominator, so that an item's figures add integers."""

    scale: int
    totals: tuple[int, ...]  # T times scale, per trainee in file order

    @classmethod
    def of(cls, trainees: Sequence[TraineeScores]) -> _WholeScores:
        scale = common_denominator(x for t in trainees for x in t.scores.values())
        return cls(scale, tuple(sum(scaled(t.scores.values(), scale)) for t in trainees))


def _item(
    question: AnyQuestion,
    scores: ClassScores,
    whole: _WholeScores,
    upper: Sequence[TraineeScores],
    lower: Sequence[TraineeScores],
) -> ItemFigures:
    xs = scaled((t.scores[question.id] for t in scores.trainees), whole.scale)
    rests = [total - x for total, x in zip(whole.totals, xs, strict=True)]
    r = _integer_correlation(xs, rests, whole.scale)
    options = _options(question, scores, upper, lower)
    difficulty = Fraction(sum(xs), whole.scale * len(xs))
    return ItemFigures(
        question=question,
        n=len(xs),
        difficulty=difficulty,
        discrimination=r.value,
        upper_lower=_mean_score(question, upper) - _mean_score(question, lower),
        flags=_flags(difficulty, r, options),
        options=options,
    )


def _mean_score(question: AnyQuestion, group: Sequence[TraineeScores]) -> Fraction:
    return exact_mean([trainee.scores[question.id] for trainee in group])


def _options(
    question: AnyQuestion,
    scores: ClassScores,
    upper: Sequence[TraineeScores],
    lower: Sequence[TraineeScores],
) -> tuple[OptionFigures, ...]:
    keyed = keyed_positions(question)
    return tuple(
        OptionFigures(
            place=position + 1,
            text=text,
            correct=position in keyed,
            chosen=_chose(question, position, scores.trainees),
            chosen_upper=_chose(question, position, upper),
            chosen_lower=_chose(question, position, lower),
        )
        for position, text in enumerate(scores.options.get(question.id, ()))
    )


def _chose(question: AnyQuestion, position: int, group: Sequence[TraineeScores]) -> int:
    """How many of *group* marked the option at bank *position*."""
    return sum(1 for trainee in group if position in trainee.chosen.get(question.id, ()))


def _flags(
    difficulty: Fraction, r: Correlation, options: Sequence[OptionFigures]
) -> tuple[str, ...]:
    wrong = [option for option in options if not option.correct]
    checks = {
        "too-easy": difficulty > TOO_EASY,
        "too-hard": difficulty < TOO_HARD,
        "low-discrimination": bool(r.variances)
        and r.covariance >= 0
        and r.below(LOW_DISCRIMINATION),
        "negative-discrimination": bool(r.variances) and r.covariance < 0,
        "unused-distractor": any(option.chosen == 0 for option in wrong),
        "distractor-draws-upper": any(o.chosen_upper > o.chosen_lower for o in wrong),
    }
    return tuple(flag for flag, raised in checks.items() if raised)


# -- the class ----------------------------------------------------------------------------


def _summary(
    scores: ClassScores,
    trainees: Sequence[TraineeFigures],
    objectives: Sequence[str],
    threshold: Fraction | None,
) -> Summary:
    totals = [trainee.points for trainee in trainees]
    columns = [[t.scores[q.id] for t in scores.trainees] for q in scores.questions]
    sd = math.sqrt(statistics.pvariance(totals))
    alpha = cronbach_alpha(columns, totals)
    return Summary(
        n=len(trainees),
        items=len(scores.questions),
        mean=statistics.mean(totals),
        sd=sd,
        median=statistics.median(totals),
        min=min(totals),
        max=max(totals),
        reliability=alpha,
        sem=None if alpha is None else sd * math.sqrt(1 - alpha),
        pass_rate=None if threshold is None else _share([t.passed is True for t in trainees]),
        objectives={o: _objective(o, trainees, threshold) for o in objectives},
    )


def _objective(
    objective: str, trainees: Sequence[TraineeFigures], threshold: Fraction | None
) -> ObjectiveFigures:
    percents = [trainee.objectives[objective] for trainee in trainees]
    mastered = None if threshold is None else _share([p >= threshold for p in percents])
    return ObjectiveFigures(statistics.mean(percents), mastered)


def _share(reached: Sequence[bool]) -> Fraction:
    """The percent of *reached* that are true."""
    return Fraction(100 * sum(reached), len(reached))
