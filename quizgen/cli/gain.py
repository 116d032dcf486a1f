"""``quizgen gain``: what a class learned, from the ``score`` folders of its pre- and post-check."""

from __future__ import annotations

import argparse
import sys

from quizgen.bank.problems import QuizgenError
from quizgen.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems
from quizgen.results.gain import GAIN_FILES, gain_report, missing_files


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen gain PRE_DIR POST_DIR -o DIR``."""
    gain = commands.add_parser(
        "gain",
        help="compare a class's pre- and post-check, trainee by trainee and objective by objective",
        description="Read two folders written by quizgen score (the check before and the "
        "check after the course), match the trainees, and write gain.csv, gain.json and "
        "report.html: the normalized gain g and the paired effect size d, overall and per "
        "objective.",
    )
    gain.add_argument("pre", metavar="PRE_DIR", help="quizgen score's folder for the pre-check")
    gain.add_argument("post", metavar="POST_DIR", help="quizgen score's folder for the post-check")
    gain.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write the comparison into"
    )
    gain.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check that both folders hold scores, then compare them."""
    for folder in (args.pre, args.post):
        missing = missing_files(folder)
        if missing:
            print(
                f"quizgen gain: {folder} has no {' or '.join(missing)}: "
                "give the folders quizgen score -o wrote",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        result = gain_report(args.pre, args.post, args.output)
    except QuizgenError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"quizgen gain: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    n = len(result.matched)
    print(
        f"compared {n} trainee{'' if n == 1 else 's'} in both checks; "
        f"wrote {len(GAIN_FILES)} files to {args.output}"
    )
    return EXIT_OK
