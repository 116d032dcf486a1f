"""What every command shares: exit codes, the project folder, printing problems."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from quizgen.bank.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


def print_problems(problems: Iterable[Problem]) -> None:
    """Each problem on standard error as ``file:line: subject: message``."""
    for problem in problems:
        print(problem, file=sys.stderr)


def project_root(start: Path | None = None) -> Path:
    """The nearest folder holding ``conf.py``, from *start* (default: here) upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file():
            return folder
    return here


def relative(path: Path) -> str:
    """*path* relative to here, as problems name files."""
    try:
        return os.path.relpath(path) or "."
    except ValueError:  # another drive on Windows
        return str(path)
