"""Branching scenarios on paper (``make scenarios``): a facilitator's guide and participant cards.

For a tabletop exercise: the facilitator's PDF holds the summary, the
objectives, a picture of the whole graph (endings marked by kind, in words and
in color), every step with its choices, feedback and effects, and every ending
with its debrief. The cards PDF holds one card per step for the participants:
the step's text and its numbered choices, nothing that gives away where they
lead. The same scenario always gives the same bytes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from quizgen import __version__
from quizgen.bank.scenario import Scenario
from quizgen.render import templates
from quizgen.render.i18n import translations
from quizgen.render.markup import markdown_block, markdown_inline
from quizgen.render.pdf import pdf_bytes

ENDING_COLORS = {"safe": "#2e7d32", "partial": "#b26a00", "harmful": "#c62828"}


def N_(message: str) -> str:  # marks a message for `make pot`; translated later
    return message


ENDING_WORDS = {
    "safe": N_("Safe ending"),
    "partial": N_("Partial ending"),
    "harmful": N_("Harmful ending"),
}


@dataclass(frozen=True)
class Step:
    """A node as printed: its number, and where its choices lead."""

    number: int
    name: str
    text: Markup
    ending: str | None
    debrief: Markup
    choices: list[dict[str, Any]]


def numbered(scenario: Scenario) -> dict[str, int]:
    """Step numbers: the start is 1, then the nodes in file order (as on the site)."""
    order = [scenario.start, *(name for name in scenario.nodes if name != scenario.start)]
    return {name: index for index, name in enumerate(order, 1)}


def steps(scenario: Scenario) -> list[Step]:
    number = numbered(scenario)
    printed = []
    for name in sorted(scenario.nodes, key=number.__getitem__):
        node = scenario.nodes[name]
        choices = [
            {
                "letter": chr(ord("a") + index),
                "text": markdown_inline(choice.text),
                "to": number[choice.to],
                "feedback": markdown_block(choice.feedback),
                "effects": ", ".join(f"{d} {v:+d}" for d, v in choice.effects.items()),
            }
            for index, choice in enumerate(node.choices)
        ]
        printed.append(
            Step(
                number[name],
                name,
                markdown_block(node.text),
                node.ending,
                markdown_block(node.debrief) if node.debrief else Markup(""),
                choices,
            )
        )
    return printed


# -- the picture of the graph -------------------------------------------------------------


def graph_svg(scenario: Scenario) -> Markup:
    """The whole graph as SVG: steps in layers by their distance from the start."""
    number = numbered(scenario)
    depth: dict[str, int] = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        name = queue.popleft()
        for choice in scenario.nodes[name].choices:
            if choice.to not in depth:
                depth[choice.to] = depth[name] + 1
                queue.append(choice.to)
    layers: dict[int, list[str]] = {}
    for name in sorted(depth, key=number.__getitem__):
        layers.setdefault(depth[name], []).append(name)
    box_w, box_h, gap_x, gap_y, margin = 54, 26, 22, 46, 24
    widest = max(len(names) for names in layers.values())
    width = margin * 2 + widest * box_w + (widest - 1) * gap_x
    height = margin * 2 + len(layers) * box_h + (len(layers) - 1) * gap_y
    where: dict[str, tuple[float, float]] = {}
    for level, names in layers.items():
        row = len(names) * box_w + (len(names) - 1) * gap_x
        left = (width - row) / 2
        for index, name in enumerate(names):
            where[name] = (left + index * (box_w + gap_x), margin + level * (box_h + gap_y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(scenario.title)}: graph of steps and choices">',
        '<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
    ]
    for name, (x, y) in where.items():
        for choice in scenario.nodes[name].choices:
            tx, ty = where[choice.to]
            if ty > y:  # forward: from the bottom of the box to the top of the next
                x1, x2 = x + box_w / 2, tx + box_w / 2
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y + box_h:.1f}" x2="{x2:.1f}" y2="{ty:.1f}" '
                    'stroke="#555" stroke-width="1.2" marker-end="url(#arrow)"/>'
                )
            else:  # back to this layer or an earlier one (a loop): a curve on the right
                sx, sy = x + box_w, y + box_h / 2
                ex, ey = tx + box_w, ty + box_h / 2
                bulge = max(sx, ex) + 18 + abs(sy - ey) / 6
                parts.append(
                    f'<path d="M{sx:.1f},{sy:.1f} C{bulge:.1f},{sy:.1f} {bulge:.1f},{ey - 6:.1f} '
                    f'{ex:.1f},{ey - 6:.1f}" fill="none" stroke="#555" stroke-width="1.2" '
                    'stroke-dasharray="3,2" marker-end="url(#arrow)"/>'
                )
    for name, (x, y) in where.items():
        node = scenario.nodes[name]
        fill = ENDING_COLORS.get(node.ending or "", "#ffffff")
        ink = "#ffffff" if node.ending else "#000000"
        label = f"{number[name]}" + (f" {node.ending[0].upper()}" if node.ending else "")
        radius = 12 if node.ending else 3
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="{radius}" '
            f'fill="{fill}" stroke="#333" stroke-width="1"/>'
            f'<text x="{x + box_w / 2:.1f}" y="{y + box_h / 2 + 4:.1f}" font-size="11" '
            f'text-anchor="middle" fill="{ink}" font-family="DejaVu Sans, sans-serif">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# -- the documents ------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return templates.environment("quizgen.exam", i18n=True)


def _stylesheet() -> str:
    return templates.stylesheet("quizgen.exam", "scenario.css")


def _render(template: str, scenario: Scenario, language: str, **context: Any) -> str:
    environment = _environment()
    found = translations(language)
    environment.install_gettext_translations(found, newstyle=True)  # type: ignore[attr-defined]
    page = environment.get_template(template).render(
        lang=language,
        scenario=scenario,
        summary=markdown_block(scenario.summary),
        steps=steps(scenario),
        css=Markup(_stylesheet()),
        words={kind: found.gettext(word) for kind, word in ENDING_WORDS.items()},
        colors=ENDING_COLORS,
        quizgen_version=__version__,
        **context,
    )
    return page + "\n"


def facilitator_html(scenario: Scenario, language: str = "en") -> str:
    """The facilitator's guide: summary, objectives, graph, steps, endings and debriefs."""
    return _render("scenario-facilitator.html", scenario, language, graph=graph_svg(scenario))


def cards_html(scenario: Scenario, language: str = "en") -> str:
    """One card per step: its text and numbered choices, no feedback, effects or endings."""
    return _render("scenario-cards.html", scenario, language)


def scenario_pdfs(scenario: Scenario, language: str = "en") -> dict[str, bytes]:
    """``facilitator.pdf`` and ``cards.pdf`` of a scenario, their labels in *language*."""
    return {
        "facilitator.pdf": pdf_bytes(facilitator_html(scenario, language)),
        "cards.pdf": pdf_bytes(cards_html(scenario, language)),
    }
