"""``quizgen check``: validate banks (and, for the whole project, its profile and blueprints)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    print_problems,
    project_root,
    relative,
)
from quizgen.exam.blueprint import load_blueprint
from quizgen.results.stats import ItemStats, read_item_stats, results_names, stats_warnings
from quizgen.site.academy import PROFILE_FILE, load_academy


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen check [PATH...]``."""
    check = commands.add_parser(
        "check",
        help="validate question banks",
        description="Validate *.bank.yaml files: every problem as file:line: message.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="bank files or folders (default: the project)"
    )
    check.add_argument(
        "--stats",
        nargs="+",
        action="extend",
        default=[],
        metavar="DIR",
        help="also warn at each question that 'quizgen score' flagged in DIR (the folder it "
        "wrote: its items.csv); warnings do not change the exit status",
    )
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate banks, print problems and a summary line.

    Checking the whole project (no PATH) also checks its academy profile and
    exam blueprints, the other files instructors write. With ``--stats DIR``,
    each item ``quizgen score`` flagged in DIR is a warning at its bank line;
    warnings do not change the exit status.
    """
    paths: list[str] = args.paths or [relative(project_root())]
    folders: list[str] = list(dict.fromkeys(args.stats))
    missing = [path for path in paths if not os.path.exists(path)]
    for path in missing:
        print(f"quizgen check: no such file or folder: {path}", file=sys.stderr)
    not_folders = [folder for folder in folders if not os.path.isdir(folder)]
    for folder in not_folders:
        print(f"quizgen check: --stats: no such folder: {folder}", file=sys.stderr)
    if missing or not_folders:
        return EXIT_USAGE
    banks = find_banks(paths)
    if not banks:
        print(f"quizgen check: no *.bank.yaml files in {', '.join(paths)}", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = load_catalog(banks)
    problems = catalog.problems + ([] if args.paths else _project_file_problems(Path(paths[0])))
    stats, stats_problems = _read_stats(folders)
    problems += stats_problems
    warnings = stats_warnings(stats, catalog.questions_by_id(), orphans=not catalog.failed)
    # at each line, its problems first, then its warnings in the order the folders were given
    print_problems(sorted([*sorted(problems), *warnings], key=lambda p: (p.path, p.line)))
    catalog.problems = problems
    sys.stderr.flush()  # the problems first, then the summary that counts them
    summary = catalog.summary()
    if folders:
        counted = f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
        summary += f"; {counted} from the item statistics of {len(folders)} results folder"
        summary += "" if len(folders) == 1 else "s"
    print(summary)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _read_stats(folders: list[str]) -> tuple[list[ItemStats], list[Problem]]:
    """The flagged items of each ``quizgen score`` folder, and the problems reading them."""
    names = results_names(folders)
    stats: list[ItemStats] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            stats.append(read_item_stats(folder, names[folder]))
        except QuizgenError as error:
            problems.extend(error.problems)
    return stats, problems


def _project_file_problems(root: Path) -> list[Problem]:
    """Problems in the project's academy profile and exam blueprints."""
    problems: list[Problem] = []
    blueprints = sorted((root / "curriculum" / "exams").glob("*.exam.yaml"))
    for path in [root / PROFILE_FILE, *blueprints]:
        try:
            if path.name == PROFILE_FILE:
                load_academy(os.path.normpath(path))
            else:
                load_blueprint(os.path.normpath(path))
        except QuizgenError as error:
            problems.extend(error.problems)
    return problems
