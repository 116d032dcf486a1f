"""``quizgen exam``: every version of an exam, answer sheets and keys, from a blueprint."""

from __future__ import annotations

import argparse
import os
import sys

from quizgen.bank.problems import QuizgenError
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_language,
    add_quiet,
    bank_translations_of,
    language_of,
    print_problems,
    progress_for,
    project_root,
)
from quizgen.exam.build import build_exam


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen exam BLUEPRINT -o DIR``."""
    exam = commands.add_parser(
        "exam",
        help="build printable exam versions, answer sheets and keys from a blueprint",
        description="Build every version of the exam a blueprint (*.exam.yaml) describes: "
        "HTML and PDF per version, a one-page answer sheet, a key (PDF and CSV), the "
        "blueprint table, responses-template.csv (the header of the file 'quizgen score' "
        "reads) and manifest.json.",
    )
    exam.add_argument("blueprint", metavar="BLUEPRINT", help="the exam blueprint (*.exam.yaml)")
    exam.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write the exam into"
    )
    add_language(exam, "the documents, and bank text where locale/ translates it,")
    add_quiet(exam)
    exam.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check a blueprint and its banks, then write the exam files."""
    if not os.path.isfile(args.blueprint):
        print(f"quizgen exam: no such file: {args.blueprint}", file=sys.stderr)
        return EXIT_USAGE
    root = project_root()
    language = language_of(args, root)
    progress = progress_for(args, "exam")
    try:
        names = build_exam(
            args.blueprint,
            args.output,
            language,
            progress,
            bank_translations_of(language, root),
        )
    except QuizgenError as error:
        progress.done()
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except OSError as error:
        progress.done()
        print(f"quizgen exam: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    progress.done()
    print(f"{args.blueprint}: wrote {len(names)} files to {args.output}")
    return EXIT_OK
