"""Banks inside a Sphinx build: loaded once per build, problems as Sphinx warnings.

Every bank under the source folder is validated when the builder starts, so a
broken bank fails ``-W`` builds even before a page uses it, and the directive
reads banks from this one catalog instead of parsing a file per page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from quizgen.bank.bibliography import Bibliography, read_bibliography
from quizgen.bank.loader import Catalog, find_banks, load_catalog
from quizgen.bank.problems import QuizgenError
from quizgen.bank.scenario import ScenarioCatalog, find_scenarios, load_scenarios
from quizgen.bank.translate import domain, translate_bank
from quizgen.render.i18n import bank_translations
from quizgen.sphinx_ext.language import language_for
from quizgen.sphinx_ext.warnings import Subtype, warn_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

# By source folder. A module global, not env data: it is rebuilt at every
# builder-inited (so never stale) and forked -j workers inherit it.
_catalogs: dict[str, Catalog] = {}
_scenarios: dict[str, ScenarioCatalog] = {}


def setup_banks(app: Sphinx) -> None:
    """Load and validate every bank of the project when the builder starts."""
    app.connect("builder-inited", _load_banks)


def catalog_for(env: BuildEnvironment) -> Catalog:
    """The banks of this build (loaded at ``builder-inited``)."""
    key = str(env.srcdir)
    if key not in _catalogs:
        _catalogs[key] = _load(Path(env.srcdir), env.config)
    return _catalogs[key]


def _load_banks(app: Sphinx) -> None:
    _catalogs[str(app.srcdir)] = _load(Path(app.srcdir), app.config)


def _bibliography(srcdir: Path, config: Config) -> Bibliography | None:
    """The keys of sphinxcontrib-bibtex's ``bibtex_bibfiles``, if the build has any."""
    files = config.bibtex_bibfiles if "bibtex_bibfiles" in config else None
    if not files:
        return None
    try:
        return read_bibliography(os.path.normpath(srcdir / name) for name in files)
    except QuizgenError as error:
        warn_problems(error.problems, Subtype.BANK)
        return None


def _load(srcdir: Path, config: Config) -> Catalog:
    exclude_patterns = list(config.exclude_patterns)
    excluded = Matcher(exclude_patterns)
    paths = [
        path
        for path in find_banks([srcdir])
        if not excluded(Path(os.path.relpath(path, srcdir)).as_posix())
    ]
    bibliography, language = _bibliography(srcdir, config), language_for(config)
    loaded = load_catalog(paths, bibliography=bibliography, language=language)
    warn_problems(loaded.problems, Subtype.BANK)
    warn_problems(loaded.warnings, Subtype.LANGUAGE)
    if config.language and config.language != "en":
        folders = [srcdir / folder for folder in config.locale_dirs]
        loaded.banks = {
            path: translate_bank(bank, bank_translations(config.language, folders, domain(bank)))
            for path, bank in loaded.banks.items()
        }
    scenario_paths = [
        path
        for path in find_scenarios([srcdir])
        if not excluded(Path(os.path.relpath(path, srcdir)).as_posix())
    ]
    scenarios = load_scenarios(
        scenario_paths, loaded.objectives(), bibliography=bibliography, language=language
    )
    warn_problems(scenarios.problems, Subtype.SCENARIO)
    warn_problems(scenarios.warnings, Subtype.LANGUAGE)
    _scenarios[str(srcdir)] = scenarios
    return loaded


def scenarios_for(env: BuildEnvironment) -> ScenarioCatalog:
    """The scenarios of this build (loaded with the banks)."""
    catalog_for(env)
    return _scenarios[str(env.srcdir)]
