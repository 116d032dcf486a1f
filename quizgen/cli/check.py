"""``quizgen check``: validate banks (and, for the whole project, its profile and blueprints)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizgen.bank.bibliography import Bibliography, read_bibliography
from quizgen.bank.language import LanguageCheck, language_check
from quizgen.bank.loader import Catalog, find_banks, level_share, load_catalog
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.bank.scenario import SCENARIO_SUFFIX, find_scenarios, load_scenarios
from quizgen.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    conf_value,
    print_problems,
    project_root,
    relative,
)
from quizgen.exam.blueprint import load_blueprint
from quizgen.results.stats import ItemStats, read_item_stats, results_names, stats_warnings
from quizgen.site.academy import PROFILE_FILE, load_academy


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen check [PATH...]``."""
    check = commands.add_parser(
        "check",
        help="validate question banks",
        description="Validate *.bank.yaml files: every problem as file:line: message.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="bank files or folders (default: the project)"
    )
    check.add_argument(
        "--stats",
        nargs="+",
        action="extend",
        default=[],
        metavar="DIR",
        help="also warn at each question that 'quizgen score' flagged in DIR (the folder it "
        "wrote: its items.csv); warnings do not change the exit status",
    )
    check.add_argument(
        "--bib",
        action="append",
        default=[],
        metavar="FILE",
        help="a BibTeX file whose keys cite: may use (default: conf.py's bibtex_bibfiles)",
    )
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate banks, print problems and a summary line.

    Checking the whole project (no PATH) also checks its academy profile and
    exam blueprints, the other files instructors write. With ``--stats DIR``,
    each item ``quizgen score`` flagged in DIR is a warning at its bank line;
    warnings do not change the exit status.
    """
    paths: list[str] = args.paths or [relative(project_root())]
    folders: list[str] = list(dict.fromkeys(args.stats))
    missing = [path for path in paths if not os.path.exists(path)]
    for path in missing:
        print(f"quizgen check: no such file or folder: {path}", file=sys.stderr)
    not_folders = [folder for folder in folders if not os.path.isdir(folder)]
    for folder in not_folders:
        print(f"quizgen check: --stats: no such folder: {folder}", file=sys.stderr)
    if missing or not_folders:
        return EXIT_USAGE
    banks = [path for path in find_banks(paths) if not path.endswith(SCENARIO_SUFFIX)]
    scenario_files = find_scenarios(paths)
    if not banks and not scenario_files:
        print(f"quizgen check: no *.bank.yaml files in {', '.join(paths)}", file=sys.stderr)
        return EXIT_PROBLEMS
    root = project_root()
    bibliography, bib_problems = _bibliography(args.bib, root)
    language, language_problems = _language(root)
    catalog = load_catalog(banks, bibliography=bibliography, language=language)
    problems = catalog.problems + ([] if args.paths else _project_file_problems(Path(paths[0])))
    problems += bib_problems + language_problems
    scenarios = load_scenarios(
        scenario_files,
        _objectives(catalog, bool(args.paths)) if scenario_files else None,
        bibliography=bibliography,
        language=language,
    )
    problems += scenarios.problems
    catalog.warnings += scenarios.warnings
    stats, stats_problems = _read_stats(folders)
    problems += stats_problems
    stats_found = stats_warnings(stats, catalog.questions_by_id(), orphans=not catalog.failed)
    warnings = [*catalog.warnings, *stats_found]  # language (banks, scenarios), then stats
    # at each line, its problems first, then its warnings in the order the folders were given
    print_problems(sorted([*sorted(problems), *warnings], key=lambda p: (p.path, p.line)))
    catalog.problems = problems
    sys.stderr.flush()  # the problems first, then the summary that counts them
    _print_levels(catalog)
    if bibliography is None and any(question.cite for question in catalog.questions()):
        print("cite: keys not checked: no bibliography (conf.py's bibtex_bibfiles, or --bib)")
    summary = catalog.summary()
    if scenario_files:
        count = len(scenarios.scenarios)
        summary += f"; {count} scenario{'' if count == 1 else 's'} of {len(scenario_files)} read"
    if catalog.warnings:
        count = len(catalog.warnings)
        summary += f"; {count} language warning{'' if count == 1 else 's'}"
    if folders:
        counted = f"{len(stats_found)} warning{'' if len(stats_found) == 1 else 's'}"
        summary += f"; {counted} from the item statistics of {len(folders)} results folder"
        summary += "" if len(folders) == 1 else "s"
    print(summary)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _objectives(catalog: Catalog, some_files: bool) -> set[str]:
    """The objective ids scenarios may name: those of the project's banks.

    Checking some files only, the project's banks are read for their objectives too.
    """
    objectives = catalog.objectives()
    if some_files:
        objectives |= load_catalog(find_banks([relative(project_root())])).objectives()
    return objectives


def _language(root: Path) -> tuple[LanguageCheck, list[Problem]]:
    """The language check, with conf.py's quizgen_language_terms and _ignore (as literals)."""
    extra = conf_value(root, "quizgen_language_terms", [])
    ignored = conf_value(root, "quizgen_language_ignore", [])
    conf = relative(root / "conf.py")
    problems: list[Problem] = []
    if not isinstance(extra, list | tuple) or not isinstance(ignored, list | tuple):
        message = "quizgen_language_terms and quizgen_language_ignore must be lists"
        problems.append(Problem(conf, 1, message))
        extra, ignored = [], []
    check, errors = language_check(extra, ignored)
    problems += [Problem(conf, 1, error) for error in errors]
    return check, problems


def _bibliography(given: list[str], root: Path) -> tuple[Bibliography | None, list[Problem]]:
    """The bibliography cite: keys are checked against, from --bib or the project's conf.py."""
    files = given
    if not files:
        listed = conf_value(root, "bibtex_bibfiles", [])
        if not isinstance(listed, list | tuple) or not listed:
            return None, []
        files = [relative(root / str(name)) for name in listed]
    try:
        return read_bibliography(files), []
    except QuizgenError as error:
        return None, error.problems


def _print_levels(catalog: Catalog) -> None:
    """Per bank, the share of questions that test application (issue: most should)."""
    shares = [level_share(bank.id, bank.questions) for bank in catalog.banks.values()]
    if not any(share.application or share.recall for share in shares):
        return
    width = max(len("all banks"), *(len(share.bank) for share in shares))
    print("Questions that test application (level: application), per bank:")
    for share in sorted(shares, key=lambda share: share.bank):
        line = f"  {share.bank:<{width}}  {share.application:>3} of {share.questions:>3}"
        line += f"  {share.percent:3.0f} %"
        if share.unlabeled:
            line += f"  ({share.unlabeled} without a level)"
        print(line)
    total = level_share("all", catalog.questions())
    print(
        f"  {'all banks':<{width}}  {total.application:>3} of {total.questions:>3}"
        f"  {total.percent:3.0f} %"
    )


def _read_stats(folders: list[str]) -> tuple[list[ItemStats], list[Problem]]:
    """The flagged items of each ``quizgen score`` folder, and the problems reading them."""
    names = results_names(folders)
    stats: list[ItemStats] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            stats.append(read_item_stats(folder, names[folder]))
        except QuizgenError as error:
            problems.extend(error.problems)
    return stats, problems


def _project_file_problems(root: Path) -> list[Problem]:
    """Problems in the project's academy profile and exam blueprints."""
    problems: list[Problem] = []
    blueprints = sorted((root / "curriculum" / "exams").glob("*.exam.yaml"))
    for path in [root / PROFILE_FILE, *blueprints]:
        try:
            if path.name == PROFILE_FILE:
                load_academy(os.path.normpath(path))
            else:
                load_blueprint(os.path.normpath(path))
        except QuizgenError as error:
            problems.extend(error.problems)
    return problems
