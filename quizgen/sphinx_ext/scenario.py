"""The ``{scenario}`` directive: a branching scenario, played in the browser or on paper.

The directive writes the scenario in its paper form, in plain doctree nodes:
the summary, then every node as a numbered step with its text and its choices
("go to 4", linked), the endings with their debriefs, and at the end why each
choice helps or hurts. That is what non-HTML builders print and what a
browser without JavaScript shows. In HTML, ``quizgen-scenario.js`` (only on
pages with a scenario) turns it into a player: one step at a time, choices as
buttons, feedback, Back, Start again, and a debrief of the path taken.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from quizgen.bank.scenario import Node, Scenario
from quizgen.sphinx_ext.banks import scenarios_for
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.domain import quizgen_domain
from quizgen.sphinx_ext.html import (
    assets_for,
    copy_static,
    json_attribute,
    open_tag,
    storage_prefix,
)
from quizgen.sphinx_ext.printable import prints
from quizgen.sphinx_ext.quiz import raw_as_text
from quizgen.sphinx_ext.warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("quizgen")

JS_FILE, CSS_FILE = "quizgen-scenario.js", "quizgen-scenario.css"


class scenario_player(nodes.container):
    """A scenario: its paper form as children. Attributes: ``scenario`` (id), ``graph``."""


def setup_scenario(app: Sphinx) -> None:
    """Register the directive, its HTML, and its plain form for print builders."""
    app.add_directive("scenario", ScenarioDirective)
    app.add_directive("scenario-list", ScenarioList)
    app.add_node(scenario_player, html=(visit_scenario, depart_scenario))
    app.connect("doctree-resolved", _plain_for_print)
    app.connect("html-page-context", assets_for(scenario_player, CSS_FILE, JS_FILE))
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _write_pdfs)


def step_id(scenario: Scenario, node: str) -> str:
    """The HTML id of a step: ``scenario-bridge-rail-arrive``."""
    return nodes.make_id(f"scenario-{scenario.id}-{node}")


class ScenarioDirective(SphinxDirective):
    """``{scenario} bridge-rail.scenario.yaml``."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        path = os.path.normpath(absolute)
        scenario = scenarios_for(self.env).scenarios.get(path)
        if scenario is None:
            if os.path.isfile(path):
                message = f"the scenario {self.arguments[0]} has problems (listed above); left out"
            else:
                message = f"no scenario file at {self.arguments[0]} (looked for {path})"
            warn(f"scenario: {message}", self.get_location(), Subtype.SCENARIO)
            return []
        summary = {
            "id": scenario.id,
            "title": scenario.title,
            "start": scenario.start,
            "nodes": {
                name: {"ending": node.ending, "to": [choice.to for choice in node.choices]}
                for name, node in scenario.nodes.items()
            },
        }
        quizgen_domain(self.env).note_scenario(self.env.docname, summary)
        return [self._player(scenario)]

    def _parse(self, text: str) -> list[nodes.Node]:
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines()), 0, holder)
        for raw in list(holder.findall(nodes.raw)):  # raw HTML in a scenario is shown as text
            raw.replace_self(raw_as_text(raw))
        return list(holder.children)

    def _player(self, scenario: Scenario) -> scenario_player:
        order = [scenario.start, *(name for name in scenario.nodes if name != scenario.start)]
        number = {name: index for index, name in enumerate(order, 1)}
        graph = {
            "id": scenario.id,
            "start": scenario.start,
            "dimensions": list(scenario.dimensions),
            "nodes": {
                name: {
                    "n": number[name],
                    "id": step_id(scenario, name),
                    "ending": node.ending,
                    "choices": [
                        {"to": choice.to, "effects": dict(choice.effects)}
                        for choice in node.choices
                    ],
                }
                for name, node in scenario.nodes.items()
            },
        }
        player = scenario_player("", scenario=scenario.id, graph=graph, classes=["scenario"])
        self.set_source_info(player)
        player += nodes.rubric("", scenario.title, classes=["scenario-title"])
        player += self._parse(scenario.summary)
        why = nodes.bullet_list(classes=["scenario-feedback-list"])
        for name in order:
            player += self._step(scenario, scenario.nodes[name], number, why)
        player += nodes.rubric("", _("Why each choice helps or hurts"), classes=["scenario-why"])
        player += why
        return player

    def _step(
        self, scenario: Scenario, node: Node, number: dict[str, int], why: nodes.bullet_list
    ) -> nodes.container:
        step = nodes.container("", ids=[step_id(scenario, node.id)], classes=["scenario-step"])
        heading = str(_("Step %d")) % number[node.id]
        if node.ending is not None:
            heading += f" ({_ending_label(node.ending)})"
        step += nodes.paragraph("", "", nodes.strong("", heading), classes=["scenario-number"])
        step += nodes.container("", *self._parse(node.text), classes=["scenario-text"])
        if node.ending is not None:
            debrief = nodes.container("", classes=["scenario-debrief"])
            debrief += nodes.paragraph("", "", nodes.strong("", _("Debrief")))
            debrief += self._parse(node.debrief)
            step += debrief
            return step
        choices = nodes.enumerated_list(enumtype="loweralpha", classes=["scenario-choices"])
        for index, choice in enumerate(node.choices):
            go = str(_("(go to step %d)")) % number[choice.to]
            text = self._parse(choice.text)
            inline = text[0].children if len(text) == 1 else text
            item = nodes.paragraph(
                "", "", nodes.inline("", "", *inline, classes=["scenario-choice"])
            )
            item += nodes.Text(" ")
            item += nodes.reference("", go, refid=step_id(scenario, choice.to), internal=True)
            choices += nodes.list_item("", item)
            label = f"{number[node.id]}{chr(ord('a') + index)}: "
            feedback = self._parse(choice.feedback)
            entry = nodes.list_item(
                "", ids=[f"{step_id(scenario, node.id)}-why-{index}"], classes=["scenario-feedback"]
            )
            entry += nodes.paragraph("", label, classes=["scenario-feedback-label"])
            entry += feedback
            why += entry
        step += choices
        return step


def _ending_label(kind: str) -> str:
    labels = {
        "safe": _("safe ending"),
        "partial": _("partial ending"),
        "harmful": _("harmful ending"),
    }
    return str(labels[kind])


def _messages() -> dict[str, str]:
    return {
        "step": str(_("Step {0}")),
        "chose": str(_("You chose: {0}")),
        "why": str(_("Why:")),
        "back": str(_("Back")),
        "restart": str(_("Start again")),
        "path": str(_("Your path")),
        "totals": str(_("Totals")),
        "none": str(_("You have not made a choice yet.")),
        "safe": _ending_label("safe"),
        "partial": _ending_label("partial"),
        "harmful": _ending_label("harmful"),
        "safety": str(_("Safety")),
        "connection": str(_("Connection")),
        "debrief": str(_("Debrief")),
    }


def visit_scenario(self: HTML5Translator, node: scenario_player) -> None:
    attributes = {
        "data-scenario": json_attribute(node["graph"]),
        "data-store": storage_prefix(self.config),
        "data-l10n": json_attribute(_messages()),
    }
    self.body.append(open_tag(self, node, "div", **attributes))


def depart_scenario(self: HTML5Translator, node: scenario_player) -> None:
    self.body.append("</div>\n")


def _plain_for_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """For print builders, the paper form alone, in plain nodes."""
    if not prints(app.builder):
        return
    for node in list(doctree.findall(scenario_player)):
        node.replace_self(nodes.container("", *node.children, classes=["scenario"]))


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        copy_static(app, (JS_FILE, CSS_FILE))


class ScenarioList(SphinxDirective):
    """``{scenario-list}``: every scenario of the project, its module and objectives.

    With ``:prints:`` (the instructor edition), links to each scenario's
    facilitator guide and participant cards, which ``quizgen_scenario_pdfs``
    writes into ``scenarios/<id>/``.
    """

    option_spec: ClassVar[dict[str, Any]] = {"prints": directives.flag}  # type: ignore[assignment,misc]

    def run(self) -> list[nodes.Node]:
        scenarios = sorted(scenarios_for(self.env).scenarios.values(), key=lambda s: s.path)
        prints = "prints" in self.options
        headings = [_("Scenario"), _("Module"), _("Objectives")]
        if prints:
            headings += [_("Facilitator's guide"), _("Participant cards")]
        table = nodes.table(classes=["scenario-list"])
        group = nodes.tgroup(cols=len(headings))
        table += group
        group += [nodes.colspec(colwidth=1) for _ in headings]
        group += nodes.thead("", self._row([nodes.Text(str(h)) for h in headings]))
        body = nodes.tbody()
        for scenario in scenarios:
            self.env.note_dependency(scenario.path)
            folder = Path(os.path.relpath(scenario.path, self.env.srcdir)).parent.as_posix()
            module = f"{folder}/index"
            cells: list[nodes.Node] = [
                nodes.Text(scenario.title),
                nodes.inline("", "", self._doc_link(module)),
                nodes.Text(", ".join(scenario.objectives)),
            ]
            if prints:
                root = "../" * self.env.docname.count("/")
                for name in ("facilitator", "cards"):
                    uri = f"{root}scenarios/{scenario.id}/{name}.pdf"
                    cells.append(nodes.reference("", "PDF", refuri=uri))
            body += self._row(cells)
        group += body
        return [table]

    def _doc_link(self, docname: str) -> nodes.Node:
        from sphinx.addnodes import pending_xref

        return pending_xref(
            "",
            nodes.inline("", docname),
            refdomain="std",
            reftype="doc",
            reftarget="/" + docname,
            refexplicit=False,
            refwarn=True,
        )

    @staticmethod
    def _row(cells: list[nodes.Node]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", cell))
        return row


def _write_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """The instructor edition's scenario PDFs (``quizgen_scenario_pdfs``)."""
    if exception is not None or app.builder.format != "html" or prints(app.builder):
        return
    if not quizgen_config(app.config).scenario_pdfs:
        return
    from quizgen.exam.scenarios import scenario_pdfs  # WeasyPrint: only when asked

    for scenario in scenarios_for(app.env).scenarios.values():
        folder = Path(app.outdir) / "scenarios" / scenario.id
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in scenario_pdfs(scenario, app.config.language or "en").items():
            (folder / name).write_bytes(data)
