"""``report.html``: the results of one exam as a page an instructor can open, read and print.

One self-contained file: the stylesheet is inline, the plots are inline SVG
(:mod:`~quizgen.results.plots`), nothing is fetched, so it opens from disk or
a USB stick. Every plot is a ``<figure>`` whose SVG is an image named by its
``<title>``, followed by a table of the same numbers. The markup is in
``templates/`` (autoescaped, as the printed exams are: bank text is escaped
unless it went through :mod:`quizgen.render.markup`); the page is English, like
the command's messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import jinja2
from markupsafe import Markup

from quizgen import __version__
from quizgen.bank.model import AnyQuestion
from quizgen.exam.blueprint import ExamPlan
from quizgen.render import templates
from quizgen.render.markup import markdown_block, markdown_inline
from quizgen.results import plots
from quizgen.results.analysis import (
    LOW_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    Analysis,
    ItemFigures,
    Summary,
)
from quizgen.results.numbers import PERCENT, figure, rounded

Cell = str | Markup


@dataclass(frozen=True)
class Table:
    """A table of figures: the first cell of each row heads it."""

    id: str
    caption: str
    heads: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    numeric: tuple[int, ...] = ()  # columns aligned right


@dataclass(frozen=True)
class Plot:
    """A plot and the table holding its numbers."""

    svg: Markup
    caption: str
    table: Table


@dataclass(frozen=True)
class FlaggedItem:
    """What the report shows of one flagged item."""

    number: int
    id: str
    stem: Markup
    facts: Sequence[str]
    flags: Sequence[str]
    options: Plot | None
    note: str = ""


# What a report shared beyond the exam's instructors shows of a secure item's text.
WITHHELD = "(secure exam item: its text is withheld)"


def withheld(question: AnyQuestion, withhold_secure: bool) -> bool:
    """Whether *question*'s text stays out: a secure (``use: exam``) item, when asked."""
    return withhold_secure and question.use == "exam"


def report_html(analysis: Analysis, plan: ExamPlan, *, withhold_secure: bool = False) -> str:
    """The whole page for one scored exam; *withhold_secure* leaves secure items' text out."""
    blueprint, summary = plan.blueprint, analysis.summary
    numbered = list(enumerate(analysis.items, start=1))
    return render_page(
        "report.html",
        title=f"Results: {blueprint.title}",
        footer="The figures are those of scores.csv, items.csv, options.csv and summary.json.",
        heading=f"Results: {blueprint.title}",
        lede=f"Exam {blueprint.exam}: {trainees(summary.n)} on {summary.items} items. "
        "Items are numbered in the blueprint's order (the printed number differs by version).",
        summary=summary_table(summary, blueprint.pass_mark),
        histogram=histogram(analysis, blueprint.pass_mark),
        item_notes=ITEM_NOTES,
        item_map=item_map(numbered),
        mastery_note=mastery_note(blueprint.pass_mark),
        mastery=mastery(analysis, plan),
        flagged=[
            flagged(number, item, summary.n, withhold_secure)
            for number, item in numbered
            if item.flags
        ],
    )


def render_page(template: str, **context: Any) -> str:
    """A results page from *template*, with the shared stylesheet and version."""
    page = (
        _environment()
        .get_template(template)
        .render(css=Markup(_stylesheet()), quizgen_version=__version__, **context)
    )
    return page + "\n"


def plotted(value: Fraction | float, places: int = PERCENT) -> float:
    """*value* as the tables show it, for a plot to draw and label."""
    return float(rounded(value, places))


def trainees(n: int) -> str:
    """``1 trainee``, ``6 trainees``."""
    return f"{n} trainee{'' if n == 1 else 's'}"


def shown(value: Fraction | float | None, places: int = 3, unit: str = "") -> str:
    """A figure for the page: rounded as in the files, ``none`` when it does not exist."""
    return "none" if value is None else figure(value, places) + unit


# -- the summary --------------------------------------------------------------------------


def summary_table(summary: Summary, pass_mark: float | None) -> Table:
    """Each figure of summary.json, its value and what it tells an instructor."""
    k = summary.items

    def points(value: Fraction) -> str:
        return f"{shown(value)} of {k} ({shown(100 * value / k, PERCENT)} %)"

    rows = [
        ("Trainees (n)", str(summary.n), "The answer sheets scored, one per trainee."),
        ("Items", str(k), "Questions on the exam, one point each."),
        ("Mean", points(summary.mean), "The average score: all points added up, divided by n."),
        ("Standard deviation", shown(summary.sd), SD_NOTE),
        (
            "Median",
            points(summary.median),
            "Half the class scored this or less, half this or more.",
        ),
        ("Lowest", points(summary.min), "The lowest score in the class."),
        ("Highest", points(summary.max), "The highest score in the class."),
        ("Reliability", shown(summary.reliability), RELIABILITY_NOTE),
        ("Standard error of measurement", shown(summary.sem), SEM_NOTE),
        ("Pass rate", shown(summary.pass_rate, PERCENT, " %"), pass_rate_note(pass_mark)),
    ]
    return Table(
        "summary-table",
        "The class on the whole exam (scores in points)",
        ("Figure", "Value", "What it means"),
        rows,
    )


SD_NOTE = (
    "How far scores typically sit from the mean, in points: small when the class "
    "scored alike, large when scores spread out."
)
RELIABILITY_NOTE = (
    "Cronbach's alpha: how consistently the items measure the same thing, up to 1. "
    "0.7 or more is usual for a classroom test; near 0 or below means the items pull "
    "apart (or the class is too small or too alike to tell). None when it cannot be computed."
)
SEM_NOTE = (
    "How many points a trainee's score could move by chance alone on a retake of a "
    "similar exam: read a score as give or take this much."
)


def pass_rate_note(pass_mark: float | None) -> str:
    """What the pass rate means for this blueprint."""
    if pass_mark is None:
        return "The blueprint sets no pass mark, so nobody passes or fails."
    return f"The percent of trainees scoring at least the pass mark of {pass_mark:g} %."


# -- the plots ----------------------------------------------------------------------------


def histogram(analysis: Analysis, pass_mark: float | None) -> Plot:
    """Trainees per band of ten percent, and the pass mark."""
    percents = [float(t.percent) for t in analysis.trainees]
    counts = plots.band_counts(percents)
    title = "Score distribution: trainees per band of 10 percent"
    if pass_mark is not None:
        title += f", pass mark {pass_mark:g} %"
    bands = [f"{10 * i} to {'100' if i == 9 else f'under {10 * i + 10}'}" for i in range(10)]
    return Plot(
        plots.svg(plots.histogram(percents, pass_mark), "plot-scores", title),
        "How many trainees scored in each band of 10 percent; the dashed line is the pass mark.",
        Table(
            "table-scores",
            "Trainees per score band",
            ("Score band (percent)", "Trainees"),
            [(band, str(count)) for band, count in zip(bands, counts, strict=True)],
            (1,),
        ),
    )


ITEM_NOTES = (
    "Difficulty p is the share of the class that answered an item right (for a written "
    "item, the mean points): 1 means everyone, 0 nobody. Discrimination r tells whether "
    "the trainees who did well on the rest of the exam did well on this item too: "
    "near 1 they did, near 0 the item does not tell strong from weak, below 0 the weak "
    "did better (check the key).",
    f"Shaded: the flag zones, p below {float(TOO_HARD):g} (too hard), p above "
    f"{float(TOO_EASY):g} (too easy), and r below {float(LOW_DISCRIMINATION):g}.",
)


def item_map(numbered: Sequence[tuple[int, ItemFigures]]) -> Plot:
    """Difficulty against discrimination, a numbered dot per item."""
    points = [
        (str(number), float(item.difficulty), item.discrimination)
        for number, item in numbered
        if item.discrimination is not None
    ]
    drawing = plots.item_map(points, float(TOO_EASY), float(TOO_HARD), float(LOW_DISCRIMINATION))
    rows = [
        (
            str(number),
            Markup("<code>{}</code>").format(item.question.id),
            item.question.objective,
            item.question.type,
            shown(item.difficulty),
            shown(item.discrimination),
            shown(item.upper_lower),
            ", ".join(FLAG_NAMES[flag] for flag in item.flags) or "none",
        )
        for number, item in numbered
    ]
    unplotted = len(numbered) - len(points)
    caption = "Each item by difficulty (across) and discrimination (up), labelled by its number."
    if unplotted:
        caption += f" Not drawn: {unplotted} item(s) everyone scored alike (no discrimination)."
    return Plot(
        plots.svg(drawing, "plot-items", "Difficulty against discrimination, item by item"),
        caption,
        Table(
            "table-items",
            "Every item's figures (upper - lower: the mean score of the top 27 % "
            "minus that of the bottom 27 %)",
            ("Item", "Question", "Objective", "Type", "p", "r", "Upper - lower", "Flags"),
            rows,
            (4, 5, 6),
        ),
    )


def mastery_note(pass_mark: float | None) -> str:
    """What mastery means here."""
    if pass_mark is None:
        return "The mean percent of the class on each objective's items."
    return (
        "The mean percent of the class on each objective's items, and the percent of "
        f"trainees who mastered it: scored at least the pass mark ({pass_mark:g} %) on its items."
    )


def mastery(analysis: Analysis, plan: ExamPlan) -> Plot:
    """Mean percent and mastery, objective by objective."""
    texts = {o.id: o.text for bank in reversed(plan.banks) for o in bank.objectives.values()}
    objectives = analysis.summary.objectives
    means = [plotted(objectives[o].mean) for o in analysis.objectives]
    series = [plots.Series("mean percent", means, plots.SERIES_1)]
    if plan.blueprint.pass_mark is not None:
        mastered = [plotted(objectives[o].mastered or 0) for o in analysis.objectives]
        series.append(plots.Series("percent mastered", mastered, plots.SERIES_2, "//"))
    drawing = plots.bars(analysis.objectives, series, plan.blueprint.pass_mark)
    rows = [
        (
            objective,
            texts.get(objective, ""),
            shown(objectives[objective].mean, PERCENT),
            shown(objectives[objective].mastered, PERCENT),
        )
        for objective in analysis.objectives
    ]
    return Plot(
        plots.svg(drawing, "plot-objectives", "Mastery by objective, in percent"),
        "Per objective: the class's mean percent (solid) and the percent who mastered it "
        "(hatched); the dashed line is the pass mark.",
        Table(
            "table-objectives",
            "Mastery by objective (percent)",
            ("Objective", "What it covers", "Mean percent", "Mastered (percent of trainees)"),
            rows,
            (2, 3),
        ),
    )


# -- the flagged items --------------------------------------------------------------------

FLAG_NAMES = {
    "too-easy": "too easy",
    "too-hard": "too hard",
    "low-discrimination": "low discrimination",
    "negative-discrimination": "negative discrimination",
    "unused-distractor": "unused distractor",
    "distractor-draws-upper": "distractor draws the upper group",
}


def flagged(number: int, item: ItemFigures, n: int, withhold_secure: bool) -> FlaggedItem:
    """A flagged item: its stem, figures, flags in words and option counts."""
    question = item.question
    hidden = withheld(question, withhold_secure)
    facts = (
        f"objective {question.objective}",
        f"type {question.type}",
        f"p = {shown(item.difficulty)}",
        f"r = {shown(item.discrimination)}",
        f"upper - lower = {shown(item.upper_lower)}",
    )
    return FlaggedItem(
        number=number,
        id=question.id,
        stem=Markup("<p>{}</p>").format(WITHHELD) if hidden else markdown_block(question.stem),
        facts=facts,
        flags=[explain(flag, item) for flag in item.flags],
        options=options(number, item, n, hidden) if item.options else None,
        note="A written item: the grader's points, no options to count.",
    )


def explain(flag: str, item: ItemFigures) -> str:
    """*flag* in words an instructor acts on."""
    wrong = [option for option in item.options if not option.correct]
    unused = ", ".join(str(o.place) for o in wrong if o.chosen == 0)
    drawing = ", ".join(str(o.place) for o in wrong if o.chosen_upper > o.chosen_lower)
    texts = {
        "too-easy": "too easy: more than 90 % answered it right; it tells little apart.",
        "too-hard": "too hard: fewer than 30 % answered it right; check the key and "
        "whether the course teaches it.",
        "low-discrimination": "low discrimination: r is below 0.20, so trainees who did "
        "well on the rest of the exam did hardly better on this item.",
        "negative-discrimination": "negative discrimination: r is below 0, so trainees "
        "who did worse on the rest of the exam did better on this item; check the key "
        "and the wording.",
        "unused-distractor": f"unused distractor: nobody chose wrong option {unused}; "
        "replace it with a mistake trainees make.",
        "distractor-draws-upper": "distractor draws the upper group: more of the top "
        f"27 % than of the bottom 27 % chose wrong option {drawing}; it may be right "
        "too, or ambiguous.",
    }
    return texts[flag]


def options(number: int, item: ItemFigures, n: int, hidden: bool = False) -> Plot:
    """How often each option was chosen, by the class and by the upper and lower groups."""
    labels = [f"{o.place} (key)" if o.correct else str(o.place) for o in item.options]
    series = [
        plots.Series("all", [o.chosen for o in item.options], plots.SERIES_1),
        plots.Series("upper group", [o.chosen_upper for o in item.options], plots.SERIES_2, "//"),
        plots.Series("lower group", [o.chosen_lower for o in item.options], plots.SERIES_3),
    ]
    drawing = plots.bars(labels, series, limit=max(n, 1), integer=True)
    rows = [
        (
            str(o.place),
            Markup(WITHHELD) if hidden else markdown_inline(o.text),
            "yes" if o.correct else "no",
            str(o.chosen),
            str(o.chosen_upper),
            str(o.chosen_lower),
        )
        for o in item.options
    ]
    return Plot(
        plots.svg(
            drawing, f"plot-item-{number}", f"Item {number}: how often each option was chosen"
        ),
        "Trainees choosing each option (numbered as in the bank; the key is marked): "
        "the whole class (solid), the upper group (striped) and the lower group (dotted).",
        Table(
            f"table-item-{number}",
            f"Item {number}: options chosen, by all {trainees(n)} "
            "and by the upper and lower groups",
            ("Option", "Text", "Keyed", "All", "Upper group", "Lower group"),
            rows,
            (3, 4, 5),
        ),
    )


# -- templates ----------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return templates.environment("quizgen.results")


def _stylesheet() -> str:
    return templates.stylesheet("quizgen.results", "report.css")
