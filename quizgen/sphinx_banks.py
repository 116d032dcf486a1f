"""Banks inside a Sphinx build: loaded once per build, problems as Sphinx warnings.

Every bank under the source folder is validated when the builder starts, so a
broken bank fails ``-W`` builds even before a page uses it, and the directive
reads banks from this one catalog instead of parsing a file per page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.util import logging
from sphinx.util.matching import Matcher

from quizgen.loader import Catalog, find_banks, load_catalog

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

WARNING_TYPE = "quizgen"
_catalogs: WeakKeyDictionary[Sphinx, Catalog] = WeakKeyDictionary()


def setup_banks(app: Sphinx) -> None:
    """Load and validate every bank of the project when the builder starts."""
    app.connect("builder-inited", _load_banks)


def catalog(app: Sphinx) -> Catalog:
    """The banks of this build (loaded at ``builder-inited``)."""
    if app not in _catalogs:
        _load_banks(app)
    return _catalogs[app]


def _load_banks(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    excluded = Matcher(list(app.config.exclude_patterns))
    paths = [
        path
        for path in find_banks([srcdir])
        if not excluded(Path(os.path.relpath(path, srcdir)).as_posix())
    ]
    loaded = load_catalog(paths)
    for problem in loaded.problems:
        message = f"{problem.subject}: {problem.message}" if problem.subject else problem.message
        logger.warning(
            message, location=f"{problem.path}:{problem.line}", type=WARNING_TYPE, subtype="bank"
        )
    _catalogs[app] = loaded
