"""The academy profile (``academy.yaml``): the academy's own facts, used across the site.

One file holds what differs between academies: name and logo, the state, the
CIT coordinator, the local crisis line, the mobile crisis team, receiving
facilities, other resources, and the state's emergency-detention law. It is
validated like a bank (one schema, every problem as ``file:line: message``).
An empty or missing value is not an error: pages show "To be completed by
your academy" in its place. No Sphinx here; :mod:`quizgen.sphinx_ext.academy`
puts the values in pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from quizgen.bank.loader import FileKind, document_problems, read_mapping
from quizgen.bank.problems import QuizgenError

ACADEMY = FileKind(
    "academy profile",
    "academy.schema.json",
    id_key="name",
    entries="receiving_facilities",
    entry_noun="facility",
    entry_name="name",
    quote_names=True,
)
PROFILE_FILE = "academy.yaml"


@dataclass(frozen=True)
class Academy:
    """The loaded profile; values are looked up by dotted name: ``crisis_line.phone``."""

    path: str
    data: dict[str, Any]

    def value(self, name: str) -> str:
        """The text at *name*, stripped ('' when not filled in)."""
        found = self._lookup(name)
        return found.strip() if isinstance(found, str) else ""

    def number(self, name: str, default: int) -> int:
        """The whole number at *name* (the schema checks its range), or *default*."""
        found = self._lookup(name)
        return found if isinstance(found, int) and not isinstance(found, bool) else default

    def entries(self, name: str) -> list[dict[str, str]]:
        """The list at *name* (facilities, resources, forms), each entry a mapping."""
        found = self._lookup(name)
        return (
            [entry for entry in found if isinstance(entry, dict)] if isinstance(found, list) else []
        )

    def _lookup(self, name: str) -> Any:
        found: Any = self.data
        for part in name.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        return found


def field_names(schema: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Every dotted field name of the profile -> "text", "list" or "number"."""
    names: dict[str, str] = {}
    for key, spec in schema.get("properties", {}).items():
        name = f"{prefix}{key}"
        if spec.get("type") == "object":
            names.update(field_names(spec, f"{name}."))
        elif spec.get("type") == "integer":
            names[name] = "number"
        else:
            names[name] = "list" if spec.get("type") == "array" else "text"
    return names


def fields() -> dict[str, str]:
    """The profile's field names, from its schema."""
    return field_names(ACADEMY.schema())


def label(name: str) -> str:
    """A field name as a person reads it: ``crisis_line.phone`` -> "crisis line phone"."""
    return name.replace(".", " ").replace("_", " ")


def load_academy(path: str | os.PathLike[str]) -> Academy:
    """Load and validate a profile; a missing file is an empty profile, not an error."""
    name = os.fspath(path)
    if not os.path.exists(name):
        return Academy(name, {})
    document = read_mapping(name, None, ACADEMY)
    problems = document_problems(document, ACADEMY)
    if problems:
        raise QuizgenError(sorted(set(problems)))
    return Academy(name, document.data)
