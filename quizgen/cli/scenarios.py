"""``quizgen scenarios``: every branching scenario on paper, for tabletop exercises."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.bank.scenario import find_scenarios, load_scenarios
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_language,
    add_quiet,
    language_of,
    print_problems,
    progress_for,
    project_root,
    relative,
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen scenarios [PATH...] -o DIR``."""
    scenarios = commands.add_parser(
        "scenarios",
        help="print branching scenarios: a facilitator's guide and participant cards each",
        description="Write DIR/<scenario id>/facilitator.pdf and cards.pdf for every "
        "*.scenario.yaml under PATH (default: the project).",
    )
    scenarios.add_argument("paths", nargs="*", metavar="PATH", help="scenario files or folders")
    scenarios.add_argument("-o", "--output", required=True, metavar="DIR", help="where to write")
    add_language(scenarios, "the printed labels")
    add_quiet(scenarios)
    scenarios.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the scenarios, then write their PDFs."""
    root = relative(project_root())
    paths: list[str] = args.paths or [root]
    missing = [path for path in paths if not os.path.exists(path)]
    for path in missing:
        print(f"quizgen scenarios: no such file or folder: {path}", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    files = find_scenarios(paths)
    if not files:
        print(f"quizgen scenarios: no *.scenario.yaml files in {', '.join(paths)}", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = load_scenarios(files, load_catalog(find_banks([root])).objectives())
    if catalog.problems:
        print_problems(catalog.problems)
        return EXIT_PROBLEMS
    from quizgen.exam.scenarios import scenario_pdfs  # WeasyPrint: only when printing

    language = language_of(args, project_root())
    progress = progress_for(args, "scenarios")
    progress.plan(len(catalog.scenarios))
    written = []
    for scenario in catalog.scenarios.values():
        progress.step(f"{scenario.id}: facilitator's guide and cards")
        folder = Path(args.output) / scenario.id
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in scenario_pdfs(scenario, language).items():
            (folder / name).write_bytes(data)
        written.append(f"{folder}: facilitator.pdf, cards.pdf ({len(scenario.nodes)} steps)")
    progress.done()
    print("\n".join(written))
    return EXIT_OK
