"""Jinja2 for the documents quizgen prints (exams, results reports, scenarios).

One setting for all of them: templates from a package's ``templates/`` folder,
autoescape on (bank and scenario text is escaped unless it comes as
:class:`markupsafe.Markup` from :mod:`quizgen.render.markup`), undefined names
an error, and block tags that leave no blank lines.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2


@cache
def environment(package: str, *, i18n: bool = False) -> jinja2.Environment:
    """The environment of *package*'s templates (with gettext's ``_`` when *i18n*)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"] if i18n else [],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet(package: str, name: str) -> str:
    """A style sheet from *package*'s ``templates/``."""
    return resources.files(package).joinpath(f"templates/{name}").read_text("utf-8")
