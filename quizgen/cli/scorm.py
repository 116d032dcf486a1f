"""``quizgen scorm``: the built trainee site as a SCORM 1.2 package for an LMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizgen.bank.problems import QuizgenError
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_quiet,
    print_problems,
    progress_for,
    project_root,
    relative,
)
from quizgen.exam.blueprint import DEFAULT_COURSE
from quizgen.site.academy import PROFILE_FILE, load_academy
from quizgen.site.scorm import DEFAULT_MASTERY, build_scorm


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen scorm SITE -o ZIP``."""
    scorm = commands.add_parser(
        "scorm",
        help="package a built trainee site for an LMS (SCORM 1.2)",
        description="Package a built trainee site (make html) as SCORM 1.2: one SCO per "
        "module, reporting each module's self-check to the LMS.",
    )
    scorm.add_argument("site", metavar="SITE", help="the built trainee site, e.g. _build/html")
    scorm.add_argument("-o", "--output", required=True, metavar="ZIP", help="the zip to write")
    scorm.add_argument(
        "--academy",
        metavar="FILE",
        help="the academy profile: the course title and the self-check pass mark "
        f"(default: the project's {PROFILE_FILE})",
    )
    add_quiet(scorm)
    scorm.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the SCORM package of a built site."""
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"quizgen scorm: no built site (index.html) in {args.site}", file=sys.stderr)
        return EXIT_USAGE
    profile = args.academy or relative(project_root() / PROFILE_FILE)
    progress = progress_for(args, "scorm")
    try:
        academy = load_academy(profile)
        mastery = academy.number("self_check_pass_mark", DEFAULT_MASTERY)
        name = academy.value("short_name") or academy.value("name")
        title = f"{DEFAULT_COURSE}: {name}" if name else DEFAULT_COURSE
        package = build_scorm(site, args.output, title=title, mastery=mastery, progress=progress)
    except QuizgenError as error:
        progress.done()
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except OSError as error:
        progress.done()
        print(f"quizgen scorm: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    progress.done()
    print(
        f"{args.output}: {len(package.modules)} modules (SCOs), {len(package.files)} files, "
        f"mastery score {package.mastery}; upload it to your LMS as a SCORM 1.2 package"
    )
    return EXIT_OK
