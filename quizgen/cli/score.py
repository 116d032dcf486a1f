"""``quizgen score``: a class's marked answer sheets scored, and every item analysed."""

from __future__ import annotations

import argparse
import os
import sys

from quizgen.bank.problems import QuizgenError
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_quiet,
    print_problems,
    progress_for,
)
from quizgen.results.outputs import FILES, score_exam


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen score BLUEPRINT RESPONSES.csv -o DIR``."""
    score = commands.add_parser(
        "score",
        help="score a class's answer sheets and analyse every item of a printed exam",
        description="Rebuild the versions of the exam a blueprint describes, read the "
        "marked answer sheets (a CSV file: trainee,version,1,2,...,N) and write scores.csv, "
        "items.csv, options.csv, summary.json and report.html (one page with plots, for a "
        "browser or print).",
    )
    score.add_argument("blueprint", metavar="BLUEPRINT", help="the exam blueprint (*.exam.yaml)")
    score.add_argument(
        "responses", metavar="RESPONSES.csv", help="the answer sheets, one row per trainee"
    )
    score.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write the results into"
    )
    add_quiet(score)
    score.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the blueprint, its banks and the responses, then write the results."""
    for path in (args.blueprint, args.responses):
        if not os.path.isfile(path):
            print(f"quizgen score: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    progress = progress_for(args, "score")
    try:
        analysis = score_exam(args.blueprint, args.responses, args.output, progress=progress)
    except QuizgenError as error:
        progress.done()
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except OSError as error:
        progress.done()
        print(f"quizgen score: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    progress.done()
    n, items = analysis.summary.n, analysis.summary.items
    print(
        f"{args.responses}: scored {n} trainee{'' if n == 1 else 's'} on {items} items; "
        f"wrote {len(FILES)} files to {args.output}"
    )
    return EXIT_OK
