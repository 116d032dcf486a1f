"""quizgen's settings in ``conf.py``: one dataclass, declared and checked here.

Each field is the ``quizgen_<name>`` value of ``conf.py``, registered with
its type and the part of the build that changes with it (its *rebuild*: ``env``
re-reads every page, ``html`` rewrites every page, ``""`` changes nothing
already built).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from sphinx.config import ENUM
from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PAPER_SIZES = ("letter", "A4")


def _setting(default: Any, rebuild: str, types: Any, doc: str) -> Any:
    return dataclasses.field(
        default=default, metadata={"rebuild": rebuild, "types": types, "doc": doc}
    )


@dataclasses.dataclass(frozen=True)
class QuizgenConfig:
    """quizgen's settings, validated."""

    site_id: str = _setting(
        "",
        # Read when pages are written (the storage key of saved answers), so a
        # change rewrites every page without reading them again.
        "html",
        (str,),
        "The namespace of answers saved in the browser; default: the project name as a slug.",
    )
    academy: str = _setting(
        "academy.yaml",
        "env",  # its values are put in pages when they are read
        (str,),
        "The academy profile, relative to the folder of conf.py.",
    )
    handbook_paper: str = _setting(
        "letter", "", ENUM(*PAPER_SIZES), "The handbook PDF's paper size: letter or A4."
    )
    sample_results: tuple[str, ...] = _setting(
        (),
        "",  # written when the build finishes, beside the pages: no page changes
        (list, tuple),
        "Exam blueprints (relative to the folder of conf.py) whose results report, from a "
        "simulated class, goes into results/<exam id>/ of an HTML build (the instructor "
        "edition's sample).",
    )

    scenario_pdfs: bool = _setting(
        False,
        "",  # written when the build finishes, beside the pages
        (bool,),
        "Write every scenario's facilitator guide and participant cards (PDF) into "
        "scenarios/<id>/ of an HTML build (the instructor edition's; never the trainees').",
    )
    language_terms: tuple[Any, ...] = _setting(
        (),
        "env",  # pages are checked when they are read
        (list, tuple),
        "Terms the language check flags besides quizgen's own: mappings with term and "
        "instead (why, source, forms, allow optional).",
    )
    language_ignore: tuple[str, ...] = _setting(
        (),
        "env",
        (list, tuple),
        "Terms of the language check not to flag in this project.",
    )

    def storage_namespace(self, project: str) -> str:
        """Where the browser keeps answers: ``site_id``, else the project name, as a slug."""
        configured = self.site_id or project
        return re.sub(r"[^a-z0-9]+", "-", configured.lower()).strip("-") or "site"


def setup_config(app: Sphinx) -> None:
    """Register every ``quizgen_*`` value, and check them once ``conf.py`` is read."""
    for field in dataclasses.fields(QuizgenConfig):
        meta = field.metadata
        app.add_config_value(
            f"quizgen_{field.name}",
            field.default,
            meta["rebuild"],
            types=meta["types"],
            description=meta["doc"],
        )
    app.connect("config-inited", _check, priority=300)


def quizgen_config(config: Config) -> QuizgenConfig:
    """The ``quizgen_*`` values of a build as one object."""
    values = {
        field.name: getattr(config, f"quizgen_{field.name}")
        for field in dataclasses.fields(QuizgenConfig)
    }
    return QuizgenConfig(**values)


def _check(app: Sphinx, config: Config) -> None:
    settings = quizgen_config(config)
    for name in ("site_id", "academy"):
        if not isinstance(getattr(settings, name), str):
            raise ConfigError(f'quizgen_{name} must be text, e.g. quizgen_{name} = "..."')
    if not all(isinstance(path, str) for path in settings.sample_results):
        raise ConfigError("quizgen_sample_results must be a list of blueprint paths")
    if settings.handbook_paper not in PAPER_SIZES:
        sizes = " or ".join(f'"{size}"' for size in PAPER_SIZES)
        raise ConfigError(f"quizgen_handbook_paper is {settings.handbook_paper!r}: write {sizes}")
