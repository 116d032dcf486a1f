"""``quizgen gettext``: every bank's text in ``banks.pot``, for translators."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.bank.translate import DOMAIN, domain, template
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    print_problems,
    project_root,
    relative,
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen gettext [PATH...] -o DIR``."""
    command = commands.add_parser(
        "gettext",
        help="extract the text of every bank into DIR/banks/<bank id>.pot for translators",
        description="Write DIR/banks/<bank id>.pot for each bank under PATH (default: the "
        "project): every title, objective, stem, option, feedback, explanation, model answer "
        "and rubric line, with the file and line of each. `make gettext` writes them beside "
        "the page templates; `make update-po LANGUAGE=es` merges them into "
        "locale/es/LC_MESSAGES/banks/<bank id>.po.",
    )
    command.add_argument("paths", nargs="*", metavar="PATH", help="bank files or folders")
    command.add_argument("-o", "--output", required=True, metavar="DIR", help="where to write")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the banks, then write the template."""
    paths: list[str] = args.paths or [relative(project_root())]
    missing = [path for path in paths if not os.path.exists(path)]
    for path in missing:
        print(f"quizgen gettext: no such file or folder: {path}", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    catalog = load_catalog(find_banks(paths))
    if catalog.problems:
        print_problems(catalog.problems)
        return EXIT_PROBLEMS
    folder = Path(args.output) / DOMAIN
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for bank in catalog.banks.values():
            (Path(args.output) / f"{domain(bank)}.pot").write_bytes(template(bank))
    except OSError as error:
        print(f"quizgen gettext: cannot write {folder}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{folder}: a template for each of {len(catalog.banks)} banks (<bank id>.pot)")
    return EXIT_OK
