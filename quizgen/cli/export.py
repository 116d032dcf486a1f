"""``quizgen export``: banks (or a blueprint's items) out to an LMS format."""

from __future__ import annotations

import argparse
import gettext
import os
import sys
from collections.abc import Callable
from pathlib import Path

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.bank.model import Bank
from quizgen.bank.problems import QuizgenError
from quizgen.bank.translate import translate_bank
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
from quizgen.exam.blueprint import BLUEPRINT_SUFFIX, plan_exam, translate_plan
from quizgen.interchange.base import Quiz, UseFilter, quiz_of_banks, quiz_of_plan
from quizgen.interchange.formats import FORMATS


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen export FORMAT PATH... -o OUT [--use USE] [--strict]``."""
    export = commands.add_parser(
        "export",
        help="write question banks, or a blueprint's items, in an LMS format",
        description="Write the questions of banks (files or folders) or of an exam blueprint "
        "(*.exam.yaml: the items it draws) in an LMS format. What the format cannot carry is "
        "listed on standard error, one line per question.",
    )
    export.add_argument(
        "format", choices=sorted(FORMATS), metavar="FORMAT", help=", ".join(sorted(FORMATS))
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="banks, folders, or one blueprint")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    export.add_argument(
        "--use",
        choices=("practice", "exam", "both"),
        help="practice: site items (practice and both); exam: exam and both; both: only both "
        "(default: every question)",
    )
    export.add_argument(
        "--strict", action="store_true", help="exit 1 when any question could not be carried whole"
    )
    export.add_argument(
        "--report",
        metavar="FILE",
        help="write what the format cannot carry to FILE instead of standard error",
    )
    add_language(export, "bank text where locale/<LANG>/LC_MESSAGES/banks/ translates it,")
    add_quiet(export)
    export.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load, export, write; report what was left out and a summary line."""
    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:
        for path in missing:
            print(f"quizgen export: no such file or folder: {path}", file=sys.stderr)
        return EXIT_USAGE
    blueprints = [path for path in args.paths if path.endswith(BLUEPRINT_SUFFIX)]
    if blueprints and len(args.paths) > 1:
        print(
            "quizgen export: give one blueprint on its own, or banks and folders", file=sys.stderr
        )
        return EXIT_USAGE
    progress = progress_for(args, "export")
    progress.plan(2)
    try:
        root = project_root()
        quiz = _quiz(args.paths, args.use, bank_translations_of(language_of(args, root), root))
    except QuizgenError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
    if quiz is None:
        print(f"quizgen export: no *.bank.yaml files in {', '.join(args.paths)}", file=sys.stderr)
        return EXIT_PROBLEMS
    exporter = FORMATS[args.format]
    progress.step(f"converting {len(quiz.questions())} questions to {exporter.label}")
    result = exporter.export(quiz)
    progress.step(f"writing {args.output}")
    progress.done()
    try:
        Path(args.output).write_bytes(result.content)
    except OSError as error:
        print(f"quizgen export: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    lines = [str(item) for item in result.left_out]
    if args.report:
        try:
            Path(args.report).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        except OSError as error:
            print(f"quizgen export: cannot write {args.report}: {error.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        for line in lines:
            print(line, file=sys.stderr)
    print(result.summary(exporter.label, args.output))
    return EXIT_PROBLEMS if args.strict and result.left_out else EXIT_OK


def _quiz(
    paths: list[str],
    use: UseFilter | None,
    translations_of: Callable[[Bank], gettext.NullTranslations],
) -> Quiz | None:
    if paths[0].endswith(BLUEPRINT_SUFFIX):
        return quiz_of_plan(translate_plan(plan_exam(paths[0]), translations_of), use)
    files = find_banks(paths)
    if not files:
        return None
    catalog = load_catalog(files)
    if catalog.problems:
        raise QuizgenError(catalog.problems)
    banks = [translate_bank(bank, translations_of(bank)) for bank in catalog.banks.values()]
    return quiz_of_banks(banks, use)
