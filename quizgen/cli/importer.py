"""``quizgen import``: a file written by an LMS (or by ``quizgen export``) back into a bank."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizgen.bank.problems import QuizgenError
from quizgen.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems
from quizgen.interchange.bankfile import BANK_ID, OBJECTIVE_ID, bank_id_of, build_bank
from quizgen.interchange.formats import READERS, recognise

BANK_SUFFIX = ".bank.yaml"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen import FILE -o BANK.bank.yaml [--format F] [--bank ID] [--title T] [--force]``."""
    parser = commands.add_parser(
        "import",
        help="read a Moodle XML, GIFT, Aiken or QTI 2.1 file into a bank",
        description="Read questions written by an LMS (Moodle XML, GIFT, Aiken, a QTI 2.1 item "
        "or package) and write a bank that quizgen check accepts. What the bank cannot hold "
        "is listed on standard error, with its line.",
    )
    parser.add_argument("file", metavar="FILE", help="the file to read")
    parser.add_argument(
        "-o", "--output", required=True, metavar="BANK", help="the bank to write (*.bank.yaml)"
    )
    parser.add_argument(
        "--format", choices=sorted(READERS), help="the file's format (default: recognised)"
    )
    parser.add_argument("--bank", metavar="ID", help="the bank id (default: from the file name)")
    parser.add_argument("--title", help="the bank title (default: the file's only category)")
    parser.add_argument(
        "--objective",
        default="IMPORTED-1",
        metavar="ID",
        help="the placeholder objective for questions that name none (default: IMPORTED-1)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace BANK if it exists (default: refuse)"
    )
    parser.set_defaults(run=run)


def _usage(message: str) -> int:
    print(f"quizgen import: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """Read, build the bank, write it; notes on standard error, a summary on standard output."""
    if not args.output.endswith(BANK_SUFFIX):
        return _usage(f"the output must be a bank file ending in {BANK_SUFFIX}: {args.output}")
    if args.bank is not None and not BANK_ID.match(args.bank):
        return _usage(f"--bank {args.bank!r} is not a bank id ([a-z0-9][a-z0-9-]*)")
    if not OBJECTIVE_ID.match(args.objective):
        return _usage(f"--objective {args.objective!r} is not an objective id")
    if os.path.exists(args.output) and not args.force:
        return _usage(f"{args.output} exists: give --force to replace it, or another name")
    try:
        data = Path(args.file).read_bytes()
    except IsADirectoryError:
        return _usage(f"{args.file} is a folder; give one file")
    except OSError as error:
        return _usage(f"cannot read {args.file}: {error.strerror}")
    bank_id = args.bank or bank_id_of(args.output)
    try:
        format_name = args.format or recognise(args.file, data)
        reading = READERS[format_name](args.file, data)
        bank = build_bank(reading, bank_id=bank_id, title=args.title, placeholder=args.objective)
    except QuizgenError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
    try:
        Path(args.output).write_text(bank.text, encoding="utf-8")
    except OSError as error:
        print(f"quizgen import: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    print_problems(bank.notes)
    summary = (
        f"{args.output}: {bank.questions} question{'s' if bank.questions != 1 else ''} "
        f"imported from {os.path.basename(args.file)} ({format_name})"
    )
    if bank.notes:
        summary += f"; {len(bank.notes)} note{'s' if len(bank.notes) != 1 else ''} above"
    print(summary)
    if bank.placeholder:
        print(
            f"{args.output}: objective {bank.placeholder} is a placeholder: write what the "
            "questions test in its text, or move them to your objectives"
        )
    return EXIT_OK
