"""An imported file as a bank: ids, objectives and tags settled, YAML written and checked.

The drafts a reader hands back (:mod:`quizgen.interchange.reading`) lack what
LMS formats do not have: ids that are valid bank ids, objectives, a bank id.
Here they get them, by the rules of the interchange contract: the LMS id is
kept when it is a valid id; an ``objective:`` tag written by our own export
brings its objective back; every other question gets the placeholder
objective, which the bank defines and the command reports; categories become
tags, except the one that names the bank. The YAML is then loaded like any
bank, so that what is written is what ``quizgen check`` accepts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from quizgen.bank.loader import load_bank
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.reading import Draft, Reading

QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
BANK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OBJECTIVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PLACEHOLDER_TEXT = "Imported questions: write here the objective they test."
EXPORTED_TEXT = "Objective {id}, as the exported questions named it: write its text here."


@dataclass
class ImportedBank:
    """The bank written from a file, and what the command tells the instructor."""

    text: str
    questions: int
    placeholder: str | None  # the placeholder objective, if any question has it
    notes: list[Problem] = field(default_factory=list)


def slug(text: str, pattern: re.Pattern[str] = QUESTION_ID) -> str | None:
    """*text* as an id (lower case, runs of other characters as ``-``), or None if none is left."""
    candidate = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return candidate if candidate and pattern.match(candidate) else None


def bank_id_of(path: str) -> str:
    """The default bank id: the file's name without its suffixes, as an id."""
    stem = os.path.basename(path).split(".")[0]
    return slug(stem, BANK_ID) or "imported"


def build_bank(
    reading: Reading, *, bank_id: str, title: str | None, placeholder: str
) -> ImportedBank:
    """The bank YAML for *reading*; raise :class:`QuizgenError` if no question is left."""
    if not reading.drafts:
        message = f"no question in this file could be imported ({reading.format})"
        raise QuizgenError([Problem(reading.path, 1, message), *reading.notes])
    categories = [draft.category for draft in reading.drafts if draft.category]
    title = title or _default_title(reading, categories)
    ids = _ids(reading.drafts, bank_id)
    objectives: dict[str, str] = {}
    questions = []
    for draft, question_id in zip(reading.drafts, ids, strict=True):
        objective = (
            draft.objective if draft.objective and OBJECTIVE_ID.match(draft.objective) else None
        )
        objective = objective or placeholder
        objectives.setdefault(
            objective,
            PLACEHOLDER_TEXT if objective == placeholder else EXPORTED_TEXT.format(id=objective),
        )
        questions.append(_question(draft, question_id, objective, title))
    data = {"bank": bank_id, "title": title, "objectives": objectives, "questions": questions}
    text = dump(data, os.path.basename(reading.path))
    _check(text, reading)
    return ImportedBank(
        text=text,
        questions=len(questions),
        placeholder=placeholder if placeholder in objectives else None,
        notes=list(reading.notes),
    )


def _default_title(reading: Reading, categories: list[str]) -> str:
    distinct = list(dict.fromkeys(categories))
    if len(distinct) == 1 and len(categories) == len(reading.drafts):
        return distinct[0]
    if reading.title:
        return reading.title
    return os.path.basename(reading.path).split(".")[0].replace("_", " ").replace("-", " ")


def _ids(drafts: Iterable[Draft], bank_id: str) -> list[str]:
    """Each draft's id: its LMS id when valid (or made valid) and not taken, else a new one."""
    drafts = list(drafts)
    wanted = [slug(draft.lms_id) if draft.lms_id else None for draft in drafts]
    taken = {candidate for candidate in wanted if candidate}
    ids: list[str] = []
    used: set[str] = set()
    number = 0
    for candidate in wanted:
        if candidate and candidate not in used:
            ids.append(candidate)
            used.add(candidate)
            continue
        while True:
            number += 1
            generated = f"{bank_id}-{number:03d}"
            if generated not in taken and generated not in used:
                break
        ids.append(generated)
        used.add(generated)
    return ids


def _question(draft: Draft, question_id: str, objective: str, title: str) -> dict[str, Any]:
    fields = dict(draft.fields)
    question: dict[str, Any] = {
        "id": question_id,
        "type": fields.pop("type"),
        "objective": objective,
    }
    tags = list(fields.pop("tags", ()))
    if draft.category and draft.category != title:
        tag = "-".join(draft.category.split())
        if tag not in tags:
            tags.append(tag)
    question.update(fields)
    if tags:
        question["tags"] = tags
    return question


def _check(text: str, reading: Reading) -> None:
    """Load the written YAML as a bank: what it reports is ours to fix, said about the input."""
    try:
        load_bank(reading.path + ".bank.yaml", text)
    except QuizgenError as error:
        problems = [
            Problem(reading.path, 1, f"the imported bank would not pass quizgen check: {problem}")
            for problem in error.problems
        ]
        raise QuizgenError(problems) from None


# -- YAML as an instructor would write it ----------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, literal ``|`` for text of several lines, keys in the order given."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n") and _literal_safe(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _literal_safe(value: str) -> bool:
    """Whether a literal block keeps *value* exactly (no trailing spaces, no odd characters)."""
    lines = value.split("\n")
    return (
        all(line == line.rstrip() for line in lines)
        and not any(ch in value for ch in "\t\r\x85\u2028\u2029\ufeff")
        and not value.startswith((" ", "\n"))
    )


_Dumper.add_representer(str, _represent_str)


def dump(data: dict[str, Any], source: str = "") -> str:
    """*data* as bank YAML, headed by a comment naming the file it came from."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    header = f"# Imported by quizgen import from {source}.\n" if source else ""
    return header + body
