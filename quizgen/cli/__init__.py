"""The ``quizgen`` command line: one module per command, each adding its own parser.

Conventions for every command: problems go to standard error as
``file:line: message``; exit 0 when all is well, 1 for bad input, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quizgen import __version__
from quizgen.cli import (
    catalogs,
    check,
    dist,
    exam,
    export,
    gain,
    importer,
    scenarios,
    score,
    scorm,
)
from quizgen.cli.common import EXIT_USAGE, Command

COMMANDS = (
    check,
    exam,
    score,
    gain,
    export,
    importer,
    dist,
    scorm,
    scenarios,
    catalogs,
)  # each has add_parser(commands)


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
    for module in COMMANDS:
        module.add_parser(commands)
    return parser
