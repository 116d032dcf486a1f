"""The report's plots: drawn once, when the report is written, as inline SVG.

Why matplotlib: the report must open from a USB stick on a machine with no
network and no JavaScript library, print on paper, and hold the same bytes for
the same results. A plot drawn at build time as SVG does all of that, and
matplotlib is the one Python library that lays out axes, ticks and legends
well enough for an instructor to read them, with an SVG backend that needs no
browser (Agg). Text stays text (``svg.fonttype: none``: selectable, small,
sharp when printed); the date is left out of the metadata and the id salt is
fixed, so the same figures give the same bytes.

Colours: every plot is drawn in placeholder colours that are then swapped for
``currentColor`` and CSS variables (``var(--plot-1)`` ...), so the page's
stylesheet picks colours with enough contrast in light and dark mode, and black
on white in print. Nothing a bank or a responses file says is drawn: labels are
item numbers, option places and objective ids, with math text off.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit: files only

import matplotlib.pyplot as plt  # after the backend is chosen
from markupsafe import Markup, escape
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Placeholder colours, swapped for CSS after drawing (see the module's docstring).
INK, SERIES_1, SERIES_2, SERIES_3, BAND, MARK, GRID = (
    "#010101",
    "#020202",
    "#030303",
    "#040404",
    "#050505",
    "#060606",
    "#070707",
)
CSS_COLOURS = {
    INK: "currentColor",
    SERIES_1: "var(--plot-1)",
    SERIES_2: "var(--plot-2)",
    SERIES_3: "var(--plot-3)",
    BAND: "var(--plot-band)",
    MARK: "var(--plot-mark)",
    GRID: "var(--plot-grid)",
}
STYLE: Any = {  # rc_context's keys are typed as literals: Any spares a cast
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.color": INK,
    "grid.color": GRID,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
WIDTH = 6.0  # inches: 576 px at 96 dpi, shrunk to the column on a phone
_PREAMBLE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_GROUP_ID = re.compile(r'<g id="[^"]*"')  # names nothing points to
_LINE_STYLE = re.compile(r"<style type=\"text/css\">[^<]*</style>")  # in report.css instead


@dataclass(frozen=True)
class Series:
    """Bars of one kind: their legend label, values, and colour (a placeholder)."""

    label: str
    values: Sequence[float]
    colour: str
    hatch: str = ""


def svg(figure: Figure, name: str, title: str) -> Markup:
    """*figure* as an ``<svg role="img">`` named by its ``<title>``; ids prefixed by *name*.

    The salt and the prefix make each plot's ids its own, so several plots can share a page.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": f"quizgen-{name}"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    text = _METADATA.sub("", _PREAMBLE.sub("", buffer.getvalue()))
    text = _GROUP_ID.sub("<g", _LINE_STYLE.sub("", text))
    text = re.sub(r'\bid="', f'id="{name}-', text)
    text = text.replace("url(#", f"url(#{name}-").replace('href="#', f'href="#{name}-')
    for placeholder, css in CSS_COLOURS.items():
        text = text.replace(placeholder, css)
    title_id = f"{name}-title"
    opening = f'<svg role="img" aria-labelledby="{title_id}" class="plot"'
    text = text.replace("<svg", opening, 1)
    named = rf'\1<title id="{title_id}">{escape(title)}</title>'
    text = re.sub(r"(<svg\b[^>]*>)", named, text, count=1)
    return Markup(text.strip())  # our own drawing: matplotlib escapes its text


def new_figure(height: float) -> tuple[Figure, Axes]:
    """A figure in the report's style, *height* inches tall."""
    with matplotlib.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(WIDTH, height), layout="constrained")
    return figure, axes


def histogram(percents: Sequence[float], pass_mark: float | None) -> Figure:
    """Trainees per 10-point band of percent scores, with the pass mark as a line."""
    with matplotlib.rc_context(STYLE):
        figure, axes = new_figure(2.8)
        counts = band_counts(percents)
        axes.bar([5 + 10 * i for i in range(10)], counts, width=9, color=SERIES_1)
        if pass_mark is not None:
            axes.axvline(pass_mark, color=MARK, linewidth=2, linestyle="--", label="pass mark")
            axes.legend(loc="upper left")
        axes.set_xlim(0, 100)
        axes.set_xticks(range(0, 101, 10))
        axes.set_xlabel("score (percent)")
        axes.set_ylabel("trainees")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return figure


def band_counts(percents: Sequence[float]) -> list[int]:
    """How many of *percents* fall in 0-10, 10-20, ... 90-100 (100 in the last band)."""
    counts = [0] * 10
    for percent in percents:
        counts[min(9, int(percent // 10))] += 1
    return counts


def item_map(
    points: Sequence[tuple[str, float, float]], easy: float, hard: float, low: float
) -> Figure:
    """Each item (label, difficulty, discrimination) as a numbered dot; flag zones shaded."""
    with matplotlib.rc_context(STYLE):
        figure, axes = new_figure(3.2)
        axes.axvspan(0, hard, color=BAND, alpha=0.5, linewidth=0)
        axes.axvspan(easy, 1, color=BAND, alpha=0.5, linewidth=0)
        axes.axhspan(-1, low, color=BAND, alpha=0.5, linewidth=0)
        for bound in (hard, easy):
            axes.axvline(bound, color=INK, linewidth=0.8, linestyle=":")
        axes.axhline(low, color=INK, linewidth=0.8, linestyle=":")
        axes.axhline(0, color=INK, linewidth=0.8)
        axes.scatter([p for _, p, _ in points], [r for _, _, r in points], color=SERIES_1, s=28)
        for label, p, r in points:
            axes.annotate(label, (p, r), xytext=(4, 3), textcoords="offset points", fontsize=9)
        axes.set_xlim(0, 1)
        axes.set_ylim(-1, 1)
        axes.set_xlabel("difficulty p (share answering right)")
        axes.set_ylabel("discrimination r")
    return figure


def bars(
    labels: Sequence[str],
    series: Sequence[Series],
    mark: float | None = None,
    limit: float = 100,
    integer: bool = False,
) -> Figure:
    """Horizontal bars, one group per label (top to bottom), one bar per series.

    *mark* draws the pass mark; *limit* ends the axis; *integer* keeps its ticks whole (counts).
    """
    with matplotlib.rc_context(STYLE):
        height = 0.9 + 0.28 * len(labels) * max(2, len(series))
        figure, axes = new_figure(min(height, 12))
        thickness = 0.8 / len(series)
        for index, one in enumerate(series):
            offsets = [i - 0.4 + thickness * (index + 0.5) for i in range(len(labels))]
            container = axes.barh(
                offsets,
                one.values,
                height=thickness,
                color=one.colour,
                hatch=one.hatch or None,
                edgecolor=INK,
                linewidth=0.5,
                label=one.label,
            )
            axes.bar_label(container, fmt="%g", padding=2, fontsize=8)
        if mark is not None:
            axes.axvline(mark, color=MARK, linewidth=2, linestyle="--", label="pass mark")
        axes.set_yticks(range(len(labels)), labels)
        axes.invert_yaxis()
        axes.set_xlim(0, limit)
        if integer:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series) + 1)
    return figure
