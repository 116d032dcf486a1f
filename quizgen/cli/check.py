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
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate banks, print problems and a summary line.

    Checking the whole project (no PATH) also checks its academy profile and
    exam blueprints, the other files instructors write.
    """
    paths: list[str] = args.paths or [relative(project_root())]
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        for path in missing:
            print(f"quizgen check: no such file or folder: {path}", file=sys.stderr)
        return EXIT_USAGE
    banks = find_banks(paths)
    if not banks:
        print(f"quizgen check: no *.bank.yaml files in {', '.join(paths)}", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = load_catalog(banks)
    problems = catalog.problems + ([] if args.paths else _project_file_problems(Path(paths[0])))
    print_problems(sorted(problems))
    catalog.problems = problems
    sys.stderr.flush()  # the problems first, then the summary that counts them
    print(catalog.summary())
    return EXIT_PROBLEMS if problems else EXIT_OK


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
