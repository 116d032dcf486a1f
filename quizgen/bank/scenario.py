"""Branching scenarios (``*.scenario.yaml``): load and check one, or all of a project.

A scenario is a graph: nodes (what happens on the call), choices that lead
from node to node, and endings (safe, partial or harmful) with a debrief. It
is checked like a bank: its schema (``schemas/scenario.schema.json``, which
editors use too), then the rules a schema cannot say (see ``scenarios.md``):
every ``to`` names a node, every node can be reached from ``start`` and can
reach an ending, endings have a debrief and no choices, effects move declared
dimensions only, objectives exist in the project's banks, ids are unique.
Every problem is ``file:line: scenario ID: message``. No Sphinx here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from quizgen.bank.bibliography import Bibliography
from quizgen.bank.language import LanguageCheck, file_warnings
from quizgen.bank.loader import (
    FileKind,
    did_you_mean,
    document_problems,
    find_banks,
    located,
    read_mapping,
)
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.bank.yamlsource import Document, Path

SCENARIO_SUFFIX = ".scenario.yaml"
DEFAULT_DIMENSIONS = ("safety", "connection")
Ending = Literal["safe", "partial", "harmful"]
ENDINGS: tuple[Ending, ...] = ("safe", "partial", "harmful")
# Every problem is about the scenario as a whole ("scenario bridge-rail"), at its line.
SCENARIO = FileKind("scenario", "scenario.schema.json", "scenario", "", "", "")


@dataclass(frozen=True)
class Choice:
    """What the officer does or says, where it leads, and why."""

    text: str
    to: str
    feedback: str
    effects: Mapping[str, int] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Node:
    """A point of the call: its text, and its choices or its ending."""

    id: str
    text: str
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None
    debrief: str = ""
    line: int = 0


@dataclass(frozen=True)
class Scenario:
    """A checked scenario."""

    id: str
    title: str
    objectives: tuple[str, ...]
    summary: str
    start: str
    nodes: Mapping[str, Node]
    dimensions: tuple[str, ...] = DEFAULT_DIMENSIONS
    source: str = ""
    cite: tuple[str, ...] = ()
    path: str = ""
    line: int = 1

    def endings(self) -> list[Node]:
        """The ending nodes, in file order."""
        return [node for node in self.nodes.values() if node.ending is not None]


def load_scenario(
    path: str | os.PathLike[str],
    content: bytes | str | None = None,
    *,
    objectives: Iterable[str] | None = None,
) -> Scenario:
    """Load one scenario; raise :class:`QuizgenError` listing every problem in it.

    With *objectives* (the ids the project's banks define), each objective the
    scenario names must be one of them.
    """
    return _read(path, content, objectives, None, None)[0]


def _read(
    path: str | os.PathLike[str],
    content: bytes | str | None,
    objectives: Iterable[str] | None,
    bibliography: Bibliography | None,
    language: LanguageCheck | None,
) -> tuple[Scenario, list[Problem]]:
    """A valid scenario and its language warnings; raise :class:`QuizgenError` if not valid."""
    document = read_mapping(os.fspath(path), content, SCENARIO)
    problems = document_problems(document, SCENARIO)
    if not problems:
        known = set(objectives) if objectives is not None else None
        problems = list(_graph_problems(document, known))
        problems += _cite_problems(document, bibliography)
    if problems:
        raise QuizgenError(sorted(set(problems)))
    warnings = list(_language_warnings(document, language)) if language else []
    return _build(document), warnings


def _cite_problems(document: Document, bibliography: Bibliography | None) -> Iterator[Problem]:
    if bibliography is None:
        return
    for index, key in enumerate(document.data.get("cite", [])):
        if key not in bibliography:
            yield _at(document, ("cite", index), bibliography.unknown(key))


def _language_warnings(document: Document, language: LanguageCheck) -> Iterator[Problem]:
    """Terms to avoid in what trainees read of the scenario (not its source line)."""
    data, source = document.data, document.source
    texts: list[tuple[Path, str]] = [(("title",), data["title"]), (("summary",), data["summary"])]
    for name, node in data["nodes"].items():
        texts += [(("nodes", name, key), node[key]) for key in ("text", "debrief") if key in node]
        for index, choice in enumerate(node.get("choices") or []):
            where: Path = ("nodes", name, "choices", index)
            texts += [((*where, key), choice[key]) for key in ("text", "feedback")]
    subject = f"scenario {data['scenario']}"
    return file_warnings(language, texts, source, lambda where: subject)


def _at(document: Document, where: Path, message: str) -> Problem:
    return located(where, message, document.data, document.source, SCENARIO)


def _graph_problems(document: Document, objectives: set[str] | None) -> Iterator[Problem]:
    """The rules a schema cannot say, on a scenario its schema accepts."""
    data = document.data
    nodes: dict[str, Any] = data["nodes"]
    dimensions = set(data.get("dimensions", DEFAULT_DIMENSIONS))
    if objectives is not None:
        for index, objective in enumerate(data["objectives"]):
            if objective.strip() not in objectives:
                message = f"objective '{objective.strip()}' is not defined in any bank"
                yield _at(
                    document, ("objectives", index), message + did_you_mean(objective, objectives)
                )
    start = data["start"].strip()
    structural = []
    if start not in nodes:
        message = f"start '{start}' is not a node{did_you_mean(start, nodes)}"
        structural.append(_at(document, ("start",), message))
    for name, node in nodes.items():
        structural += _node_problems(document, name, node, nodes, dimensions)
    yield from structural
    # Where a choice leads nowhere or a node is neither a step nor an ending, what can
    # be reached would only repeat that problem: fix it first.
    if not structural:
        reached = _reachable(nodes, [start], forward=True)
        for name in nodes:
            if name not in reached:
                yield _at(document, ("nodes", name), f"node '{name}' cannot be reached from start")
        endings = [name for name, node in nodes.items() if "ending" in node]
        ends = _reachable(nodes, endings, forward=False)
        for name in nodes:
            if name in reached and name not in ends and "ending" not in nodes[name]:
                message = f"node '{name}' leads to no ending (every path from it loops)"
                yield _at(document, ("nodes", name), message)


def _node_problems(
    document: Document, name: str, node: dict[str, Any], nodes: dict[str, Any], dimensions: set[str]
) -> Iterator[Problem]:
    where: Path = ("nodes", name)
    choices = node.get("choices")
    if "ending" in node:
        if choices:
            yield _at(document, (*where, "choices"), f"node '{name}' is an ending and has choices")
        if not node.get("debrief"):
            yield _at(document, (*where, "ending"), f"ending '{name}' has no debrief")
    elif not choices:
        yield _at(document, where, f"node '{name}' has neither choices nor an ending")
    elif node.get("debrief"):
        yield _at(
            document, (*where, "debrief"), f"node '{name}' has a debrief but is not an ending"
        )
    for index, choice in enumerate(choices or []):
        at: Path = (*where, "choices", index)
        target = choice["to"].strip()
        if target not in nodes:
            message = f"choice {index + 1} of node '{name}' goes to '{target}', which is not a node"
            yield _at(document, (*at, "to"), message + did_you_mean(target, nodes))
        for dimension in choice.get("effects", {}):
            if dimension not in dimensions:
                allowed = ", ".join(sorted(dimensions))
                message = (
                    f"choice {index + 1} of node '{name}' moves '{dimension}', which is not one "
                    f"of the scenario's dimensions ({allowed})"
                )
                yield _at(document, (*at, "effects", dimension), message)


def _reachable(nodes: dict[str, Any], origins: list[str], *, forward: bool) -> set[str]:
    """The nodes reachable from *origins* following choices (or against them)."""
    edges: dict[str, set[str]] = {name: set() for name in nodes}
    for name, node in nodes.items():
        for choice in node.get("choices") or []:
            target = choice["to"].strip()
            if target in edges:
                edges[name if forward else target].add(target if forward else name)
    seen = set(origins)
    stack = list(origins)
    while stack:
        for following in edges.get(stack.pop(), ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return seen


def _build(document: Document) -> Scenario:
    data, source = document.data, document.source
    nodes = {
        name: Node(
            id=name,
            text=node["text"].strip(),
            choices=tuple(
                Choice(
                    text=choice["text"].strip(),
                    to=choice["to"].strip(),
                    feedback=choice["feedback"].strip(),
                    effects=dict(choice.get("effects", {})),
                    line=source.line(("nodes", name, "choices", index)),
                )
                for index, choice in enumerate(node.get("choices") or [])
            ),
            ending=node.get("ending"),
            debrief=node.get("debrief", "").strip(),
            line=source.line(("nodes", name)),
        )
        for name, node in data["nodes"].items()
    }
    return Scenario(
        id=data["scenario"],
        title=data["title"].strip(),
        objectives=tuple(objective.strip() for objective in data["objectives"]),
        summary=data["summary"].strip(),
        start=data["start"].strip(),
        nodes=nodes,
        dimensions=tuple(data.get("dimensions", DEFAULT_DIMENSIONS)),
        source=data.get("source", "").strip(),
        cite=tuple(data.get("cite", ())),
        path=source.path,
        line=source.line(("scenario",)),
    )


# -- every scenario of a project -------------------------------------------------------------


@dataclass
class ScenarioCatalog:
    """Every scenario of a project, with the problems found across them."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)  # by file path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # language


def find_scenarios(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Scenario files named by *paths*: files as given, folders searched."""
    return [name for name in find_banks(paths, SCENARIO_SUFFIX) if name.endswith(SCENARIO_SUFFIX)]


def load_scenarios(
    paths: Iterable[str | os.PathLike[str]],
    objectives: Iterable[str] | None = None,
    *,
    bibliography: Bibliography | None = None,
    language: LanguageCheck | None = None,
) -> ScenarioCatalog:
    """Load every scenario; report each file's problems and ids used twice.

    With a *bibliography*, ``cite:`` keys are checked; with a *language* check,
    the terms it finds are the catalog's ``warnings``.
    """
    known = set(objectives) if objectives is not None else None
    catalog = ScenarioCatalog()
    first: dict[str, Scenario] = {}
    for path in paths:
        try:
            scenario, warnings = _read(path, None, known, bibliography, language)
        except QuizgenError as error:
            catalog.problems.extend(error.problems)
            continue
        catalog.warnings.extend(warnings)
        if scenario.id in first:
            other = first[scenario.id]
            message = f"scenario id '{scenario.id}' is already used by {other.path}:{other.line}"
            catalog.problems.append(
                Problem(scenario.path, scenario.line, message, f"scenario {scenario.id}")
            )
            continue
        first[scenario.id] = scenario
        catalog.scenarios[scenario.path] = scenario
    catalog.problems.sort()
    return catalog
