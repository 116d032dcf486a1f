"""The ``quizgen`` command line: ``quizgen check``, ``quizgen exam``, and later commands.

Conventions for every command: problems go to standard error as
``file:line: message``; exit 0 when all is well, 1 for bad input, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from quizgen import __version__
from quizgen.academy import PROFILE_FILE, load_academy
from quizgen.blueprint import load_blueprint
from quizgen.dist import zip_site
from quizgen.exam import build_exam
from quizgen.loader import find_banks, load_catalog
from quizgen.problems import Problem, QuizgenError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: Command | None = getattr(args, "run", None)
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizgen", description="Validate CIT question banks and build quizzes and exams."
    )
    parser.add_argument("--version", action="version", version=f"quizgen {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate question banks",
        description="Validate *.bank.yaml files: every problem as file:line: message.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="bank files or folders (default: the project)"
    )
    check.set_defaults(run=run_check)
    exam = commands.add_parser(
        "exam",
        help="build printable exam versions, answer sheets and keys from a blueprint",
        description="Build every version of the exam a blueprint (*.exam.yaml) describes: "
        "HTML and PDF per version, a one-page answer sheet, a key (PDF and CSV), the "
        "blueprint table and manifest.json.",
    )
    exam.add_argument("blueprint", metavar="BLUEPRINT", help="the exam blueprint (*.exam.yaml)")
    exam.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write the exam into"
    )
    exam.set_defaults(run=run_exam)
    dist = commands.add_parser(
        "dist",
        help="zip a built site for a USB stick or an intranet",
        description="Zip a built site (hidden files left out) so that it opens from file://.",
    )
    dist.add_argument("site", metavar="SITE", help="the built site, e.g. _build/html")
    dist.add_argument("-o", "--output", required=True, metavar="ZIP", help="the zip to write")
    dist.set_defaults(run=run_dist)
    return parser


def run_check(args: argparse.Namespace) -> int:
    """``quizgen check``: validate banks, print problems and a summary line.

    Checking the whole project (no PATH) also checks its academy profile and
    exam blueprints, the other files instructors write.
    """
    paths: list[str] = args.paths or [_relative(project_root())]
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
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    catalog.problems = problems
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


def run_exam(args: argparse.Namespace) -> int:
    """``quizgen exam``: check a blueprint and its banks, then write the exam files."""
    if not os.path.isfile(args.blueprint):
        print(f"quizgen exam: no such file: {args.blueprint}", file=sys.stderr)
        return EXIT_USAGE
    try:
        names = build_exam(args.blueprint, args.output)
    except QuizgenError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"quizgen exam: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{args.blueprint}: wrote {len(names)} files to {args.output}")
    return EXIT_OK


def run_dist(args: argparse.Namespace) -> int:
    """``quizgen dist``: zip a built site."""
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        print(f"quizgen dist: no built site (index.html) in {args.site}", file=sys.stderr)
        return EXIT_USAGE
    try:
        count = zip_site(args.site, args.output)
    except OSError as error:
        print(f"quizgen dist: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{args.output}: {count} files; unzip it and open html/index.html")
    return EXIT_OK


def project_root(start: Path | None = None) -> Path:
    """The nearest folder holding ``conf.py``, from *start* (default: here) upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file():
            return folder
    return here


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path) or "."
    except ValueError:  # another drive on Windows
        return str(path)
