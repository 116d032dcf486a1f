"""What every command shares: exit codes, the project folder, printing problems."""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections.abc import Callable, Iterable
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from quizgen.bank.model import Bank
from quizgen.bank.problems import Problem
from quizgen.bank.translate import domain
from quizgen.render.i18n import bank_translations
from quizgen.render.progress import Progress

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


def conf_value(root: Path, name: str, default: Any = None) -> Any:
    """The value *name* is given in ``root/conf.py``, if it is a plain literal; else *default*.

    The file is parsed, never run: a command reading a setting such as
    ``bibtex_bibfiles`` must not execute an academy's configuration.
    """
    try:
        tree = ast.parse((root / "conf.py").read_bytes())
    except (OSError, SyntaxError, ValueError):
        return default
    value = default
    for statement in tree.body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign) and statement.value is not None
            else []
        )
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            assert isinstance(statement, ast.Assign | ast.AnnAssign)
            try:
                value = ast.literal_eval(statement.value)  # type: ignore[arg-type]
            except ValueError:
                value = default
    return value


def relative(path: Path) -> str:
    """*path* relative to here, as problems name files."""
    try:
        return os.path.relpath(path) or "."
    except ValueError:  # another drive on Windows
        return str(path)


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress display (problems and the closing summary still print)."""
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="do not show progress on standard error"
    )


def progress_for(args: argparse.Namespace, command: str) -> Progress:
    """The progress display of *command* (``quizgen exam``), quiet with ``--quiet``."""
    return Progress(f"quizgen {command}", quiet=bool(getattr(args, "quiet", False)))


def add_language(parser: argparse.ArgumentParser, what: str) -> None:
    """``--language LANG``: *what* in that language (default: conf.py's ``language``)."""
    parser.add_argument(
        "--language",
        metavar="LANG",
        help=f"{what} in this language, e.g. es (default: conf.py's language, or en)",
    )


def language_of(args: argparse.Namespace, root: Path) -> str:
    """``--language``, else the project's ``language`` (conf.py), else English."""
    found = getattr(args, "language", None) or conf_value(root, "language", "en")
    return str(found or "en")


def bank_translations_of(language: str, root: Path) -> Callable[[Bank], NullTranslations]:
    """Each bank's translations into *language*, from the project's ``locale_dirs``."""
    folders = [root / folder for folder in conf_value(root, "locale_dirs", ["locales"])]
    return lambda bank: bank_translations(language, folders, domain(bank))
