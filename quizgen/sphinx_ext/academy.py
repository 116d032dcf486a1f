"""The academy profile in pages: ``{academy}`field``` and ``{academy-list}``, and the site's brand.

A value the academy has not filled in is shown as a visible notice,
"[To be completed by your academy: crisis line phone]", never as a blank.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective, SphinxRole

from quizgen.bank.loader import did_you_mean
from quizgen.bank.problems import QuizgenError
from quizgen.site.academy import ACADEMY, Academy, fields, label, load_academy
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.warnings import Subtype, warn, warn_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_ = get_translation("quizgen")
_profiles: dict[str, Academy] = {}  # by profile path; forked -j workers inherit these
_paths: dict[str, str] = {}  # source folder -> profile path


def setup_academy(app: Sphinx) -> None:
    """Load the profile when the configuration is read; register the role and directive."""
    app.connect("config-inited", _load_profile, priority=400)
    app.add_role("academy", AcademyRole())
    app.add_directive("academy-list", AcademyList)


def profile_path(env: BuildEnvironment) -> str:
    """Where this project's profile is (``quizgen_academy``, from the folder of conf.py)."""
    return _paths[str(env.srcdir)]


def academy(env: BuildEnvironment) -> Academy:
    """The loaded profile (empty when the file is missing or broken)."""
    return _profiles[profile_path(env)]


def _read(path: str) -> Academy:
    try:
        return load_academy(path)
    except QuizgenError as error:
        warn_problems(error.problems, Subtype.ACADEMY)
        return Academy(path, {})


def _load_profile(app: Sphinx, config: Config) -> None:
    path = os.path.normpath(Path(app.confdir) / quizgen_config(config).academy)
    _paths[str(app.srcdir)] = path
    profile = _profiles[path] = _read(path)
    name = profile.value("name")
    if name:
        config.html_title = f"{name}: {config.html_title or config.project}"
    logo = profile.value("logo")
    if logo:
        config.html_logo = os.path.join(os.path.dirname(path), logo)


# Each field as its notice names it, translated with the interface (a test keeps this whole).
FIELD_LABELS = {
    "name": _("name"),
    "short_name": _("short name"),
    "state": _("state"),
    "logo": _("logo"),
    "website": _("website"),
    "self_check_pass_mark": _("self check pass mark"),
    "theme_color": _("theme color"),
    "coordinator.name": _("coordinator name"),
    "coordinator.phone": _("coordinator phone"),
    "coordinator.email": _("coordinator email"),
    "crisis_line.name": _("crisis line name"),
    "crisis_line.phone": _("crisis line phone"),
    "crisis_line.text": _("crisis line text"),
    "crisis_line.hours": _("crisis line hours"),
    "mobile_crisis.name": _("mobile crisis name"),
    "mobile_crisis.phone": _("mobile crisis phone"),
    "mobile_crisis.hours": _("mobile crisis hours"),
    "mobile_crisis.how_to_request": _("mobile crisis how to request"),
    "receiving_facilities": _("receiving facilities"),
    "resources": _("resources"),
    "state_law.detention_statute": _("state law detention statute"),
    "state_law.term": _("state law term"),
    "state_law.who_may_initiate": _("state law who may initiate"),
    "state_law.officer_basis": _("state law officer basis"),
    "state_law.criteria": _("state law criteria"),
    "state_law.standard": _("state law standard"),
    "state_law.hold_duration": _("state law hold duration"),
    "state_law.next_steps": _("state law next steps"),
    "state_law.transport": _("state law transport"),
    "state_law.restraint": _("state law restraint"),
    "state_law.statement": _("state law statement"),
    "state_law.firearms": _("state law firearms"),
    "state_law.firearms_petition": _("state law firearms petition"),
    "state_law.firearms_detention": _("state law firearms detention"),
    "state_law.juveniles": _("state law juveniles"),
    "state_law.policy": _("state law policy"),
    "state_law.supervisor": _("state law supervisor"),
    "state_law.reviewed_by": _("state law reviewed by"),
    "state_law.reviewed_on": _("state law reviewed on"),
    "state_law.forms": _("state law forms"),
}


def missing(name: str) -> nodes.inline:
    """The visible notice that stands where a value is not filled in.

    State law is a legal opinion: its notice says who must write and review it.
    """
    if name.startswith("state_law."):
        notice = _("[To be completed by your academy and reviewed by your agency counsel: %s]")
    else:
        notice = _("[To be completed by your academy: %s]")
    text = str(notice) % FIELD_LABELS.get(name, label(name))
    return nodes.inline(text, text, classes=["academy-missing"])


class AcademyRole(SphinxRole):
    """``{academy}`crisis_line.phone```: the value, or the notice when it is empty."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        known = fields()
        if known.get(name) != "text":
            texts = [field for field, kind in known.items() if kind == "text"]
            message = f"academy: no text field {name!r} in the profile{did_you_mean(name, texts)}"
            warn(message, self.get_location(), Subtype.ACADEMY)
            return [nodes.literal(self.rawtext, name)], []
        self.env.note_dependency(profile_path(self.env))
        value = academy(self.env).value(name)
        return [
            nodes.inline(value, value, classes=["academy-value"]) if value else missing(name)
        ], []


class AcademyList(SphinxDirective):
    """``{academy-list} receiving_facilities``: a table of the entries, or the notice."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}  # type: ignore[assignment,misc]

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        known = fields()
        if known.get(name) != "list":
            lists = [field for field, kind in known.items() if kind == "list"]
            message = f"academy-list: no list {name!r} in the profile{did_you_mean(name, lists)}"
            warn(message, self.get_location(), Subtype.ACADEMY)
            return []
        self.env.note_dependency(profile_path(self.env))
        entries = academy(self.env).entries(name)
        if not entries:
            return [nodes.paragraph("", "", missing(name))]
        return [self._table(name, entries)]

    def _table(self, name: str, entries: list[dict[str, str]]) -> nodes.table:
        columns = [key for key in _columns(name) if any(entry.get(key) for entry in entries)]
        table = nodes.table(classes=["academy-list"])
        if "caption" in self.options:
            table += nodes.title("", self.options["caption"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in columns)
        group += nodes.thead("", _row(label(key).capitalize() for key in columns))
        group += nodes.tbody(
            "", *(_row(str(entry.get(key, "")) for key in columns) for entry in entries)
        )
        return table


def _columns(name: str) -> list[str]:
    schema: Any = ACADEMY.schema()
    for part in name.split("."):
        schema = schema["properties"][part]
    return list(schema["items"]["properties"])


def _row(cells: Any) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in cells))
