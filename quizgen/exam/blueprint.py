"""Exam blueprints (``*.exam.yaml``): load and check one, then draw its items from the banks.

A blueprint is checked like a bank, with its own schema
(``schemas/blueprint.schema.json``) and the same ``file:line: subject: message``
machinery of :mod:`quizgen.bank.loader`. Then come the rules a schema cannot say:
every bank exists and is valid, every filter names objectives the banks have,
every section can draw as many items as it asks for, and no item can be drawn
by two sections. The draw itself uses a generator of its own, derived from
the blueprint's seed, so the same blueprint, banks and seed always give the
same items.
"""

from __future__ import annotations

import difflib
import gettext
import hashlib
import os
import random
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import Any

from quizgen.bank.loader import (
    FileKind,
    did_you_mean,
    document_problems,
    load_catalog,
    located,
    read_mapping,
)
from quizgen.bank.model import AnyQuestion, Bank
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.bank.translate import translate_bank, translate_question
from quizgen.bank.yamlsource import Document, Path

BLUEPRINT_SUFFIX = ".exam.yaml"
DEFAULT_COURSE = "Crisis Intervention Team (CIT) Training"
BLUEPRINT = FileKind(
    noun="blueprint",
    schema_file="blueprint.schema.json",
    id_key="exam",
    entries="sections",
    entry_noun="section",
    entry_name="title",
    quote_names=True,
    hints=(("seed", "any whole number, e.g. seed: 20261127; the same seed gives the same exams"),),
)


@dataclass(frozen=True)
class Section:
    """One part of an exam: which banks, which filters, how many items."""

    title: str
    banks: tuple[str, ...]  # as written: relative to the blueprint
    count: int
    objectives: frozenset[str] | None = None
    types: frozenset[str] | None = None
    levels: frozenset[str] | None = None
    line: int = 0


@dataclass(frozen=True)
class Blueprint:
    """A checked ``*.exam.yaml``."""

    exam: str
    title: str
    seed: int
    sections: tuple[Section, ...]
    path: str
    sha256: str
    versions: int = 1
    pass_mark: float | None = None
    duration: int | None = None
    instructions: str = ""
    include_practice: bool = False
    course: str = DEFAULT_COURSE
    academy: str = ""
    notice: str = ""  # small print on the cover: the questions' source and license

    @property
    def letters(self) -> tuple[str, ...]:
        """The version letters: A, B, C..."""
        return tuple(string.ascii_uppercase[: self.versions])

    def bank_file(self, written: str) -> str:
        """The path of a bank named in this blueprint, from where the command runs."""
        return bank_file(self.path, written)

    def eligible(self, question: AnyQuestion) -> bool:
        """Whether the blueprint may print *question*: exam and both items, practice if asked."""
        return question.in_exams or self.include_practice


@dataclass(frozen=True)
class DrawnSection:
    """A section and the items drawn for it, in bank order (every version holds these)."""

    section: Section
    questions: tuple[AnyQuestion, ...]


@dataclass(frozen=True)
class ExamPlan:
    """What every version of an exam holds, and the banks it came from."""

    blueprint: Blueprint
    banks: tuple[Bank, ...]  # in the order the blueprint first names them
    sections: tuple[DrawnSection, ...]

    def questions(self) -> Iterator[AnyQuestion]:
        """Every drawn item, section by section."""
        for drawn in self.sections:
            yield from drawn.questions

    @property
    def total_points(self) -> float:
        """What the drawn items are worth together (each item's ``points``, 1 by default)."""
        return sum(question.points for question in self.questions())


def translate_plan(
    plan: ExamPlan, translations_of: Callable[[Bank], gettext.NullTranslations]
) -> ExamPlan:
    """*plan* with its bank text translated where translations exist: the same items drawn.

    *translations_of* gives each bank's translations.
    """
    found = {bank.id: translations_of(bank) for bank in plan.banks}
    return replace(
        plan,
        banks=tuple(translate_bank(bank, found[bank.id]) for bank in plan.banks),
        sections=tuple(
            replace(
                drawn,
                questions=tuple(translate_question(q, found[q.bank]) for q in drawn.questions),
            )
            for drawn in plan.sections
        ),
    )


def seeded_random(seed: int, *purpose: str | int) -> random.Random:
    """A generator of its own for one *purpose*, derived from the seed (never the global one).

    Hashing the seed with the purpose keeps draws independent: adding a version
    does not change the items drawn, nor the order of version A.
    """
    label = ":".join(str(part) for part in (seed, *purpose)).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(label).digest()[:8], "big"))


def bank_file(blueprint_path: str, written: str) -> str:
    """A bank path as written in a blueprint, made relative to where the command runs."""
    return os.path.normpath(os.path.join(os.path.dirname(blueprint_path), written))


# -- loading ------------------------------------------------------------------------------


def load_blueprint(path: str | os.PathLike[str], content: bytes | str | None = None) -> Blueprint:
    """Load and check one blueprint (not yet its banks); raise :class:`QuizgenError`."""
    document, raw = _read(os.fspath(path), content)
    problems = _file_problems(document)
    if problems:
        raise QuizgenError(sorted(set(problems)))
    return _build(document, raw)


def plan_exam(path: str | os.PathLike[str], content: bytes | str | None = None) -> ExamPlan:
    """Load a blueprint and its banks and draw the items; raise :class:`QuizgenError`.

    Every problem is reported at once: the blueprint's, and those of the banks it names.
    """
    document, raw = _read(os.fspath(path), content)
    catalog = load_catalog(_existing_banks(document))
    problems = [*_file_problems(document), *catalog.problems]
    if problems:
        raise QuizgenError(sorted(set(problems)))
    blueprint = _build(document, raw)
    banks = catalog.banks  # by path, as bank_file() gives it
    pools = [_pool(blueprint, section, banks) for section in blueprint.sections]
    problems = list(_selection_problems(blueprint, pools, banks, document))
    if problems:
        raise QuizgenError(sorted(set(problems)))
    drawn = tuple(
        _draw(blueprint.seed, i, s, pool) for i, (s, pool) in enumerate(_zip(blueprint, pools))
    )
    named = dict.fromkeys(blueprint.bank_file(w) for s in blueprint.sections for w in s.banks)
    return ExamPlan(blueprint, tuple(banks[path] for path in named), drawn)


def _zip(
    blueprint: Blueprint, pools: list[list[AnyQuestion]]
) -> list[tuple[Section, list[AnyQuestion]]]:
    return list(zip(blueprint.sections, pools, strict=True))


def _read(path: str, content: bytes | str | None) -> tuple[Document, bytes]:
    if content is None:
        try:
            content = FilePath(path).read_bytes()
        except OSError as error:
            message = f"cannot read the file: {error.strerror}"
            raise QuizgenError([Problem(path, 1, message)]) from None
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return read_mapping(path, raw, BLUEPRINT), raw


def _file_problems(document: Document) -> list[Problem]:
    return [
        *document_problems(document, BLUEPRINT),
        *_name_problems(document),
        *_bank_path_problems(document),
    ]


def _name_problems(document: Document) -> Iterator[Problem]:
    """``<exam id>.exam.yaml``: ``make exams`` writes each exam to ``_build/exams/<exam id>``."""
    exam, name = document.data.get("exam"), os.path.basename(document.source.path)
    if isinstance(exam, str) and name.endswith(BLUEPRINT_SUFFIX):
        stem = name.removesuffix(BLUEPRINT_SUFFIX)
        if stem != exam:
            message = (
                f"exam id '{exam}' differs from the file name {name}: "
                f"rename the file {exam}{BLUEPRINT_SUFFIX} or write exam: {stem}"
            )
            yield _at(document, ("exam",), message)


def _at(document: Document, where: Path, message: str) -> Problem:
    return located(where, message, document.data, document.source, BLUEPRINT)


def _written_banks(document: Document) -> Iterator[tuple[Path, str]]:
    """(location, path as written) of every bank entry that is text."""
    sections = document.data.get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        banks = section.get("banks") if isinstance(section, dict) else None
        for j, written in enumerate(banks if isinstance(banks, list) else []):
            if isinstance(written, str) and written.strip():
                yield ("sections", i, "banks", j), written.strip()


def _existing_banks(document: Document) -> list[str]:
    files = (bank_file(document.source.path, written) for _, written in _written_banks(document))
    return list(dict.fromkeys(path for path in files if os.path.isfile(path)))


def _bank_path_problems(document: Document) -> Iterator[Problem]:
    listed: dict[tuple[int | str, str], int] = {}
    for where, written in _written_banks(document):
        path = bank_file(document.source.path, written)
        if not os.path.isfile(path):
            yield _at(document, where, _missing_bank_message(written, path))
        key = (where[1], path)
        if key in listed:
            message = (
                f"bank '{written}' is listed twice in this section (first as bank {listed[key]})"
            )
            yield _at(document, where, message)
        listed.setdefault(key, int(where[3]) + 1)


def _missing_bank_message(written: str, path: str) -> str:
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path):
        return f"bank '{written}' is a folder ({path}); name a *.bank.yaml file in it"
    message = f"bank '{written}' not found: there is no file {path}"
    if not os.path.isdir(folder):
        return f"{message} (no folder {folder}); bank paths are relative to the blueprint"
    siblings = sorted(name for name in os.listdir(folder) if name.endswith(".bank.yaml"))
    close = difflib.get_close_matches(os.path.basename(path), siblings, n=1, cutoff=0.6)
    if close:
        return f"{message} (did you mean '{os.path.join(os.path.dirname(written), close[0])}'?)"
    return f"{message}; bank paths are relative to the blueprint"


def _build(document: Document, raw: bytes) -> Blueprint:
    data, source = document.data, document.source
    sections = tuple(
        _build_section(section, source.line(("sections", i)))
        for i, section in enumerate(data["sections"])
    )
    return Blueprint(
        exam=data["exam"],
        title=data["title"].strip(),
        seed=int(data["seed"]),
        sections=sections,
        path=source.path,
        sha256=hashlib.sha256(raw).hexdigest(),
        versions=int(data.get("versions", 1)),
        pass_mark=data.get("pass_mark"),
        duration=data.get("duration"),
        instructions=data.get("instructions", "").strip(),
        include_practice=data.get("include_practice", False),
        course=data.get("course", DEFAULT_COURSE).strip(),
        academy=data.get("academy", "").strip(),
        notice=data.get("notice", "").strip(),
    )


def _build_section(raw: dict[str, Any], line: int) -> Section:
    objectives, types, levels = raw.get("objectives"), raw.get("types"), raw.get("levels")
    return Section(
        title=raw["title"].strip(),
        banks=tuple(written.strip() for written in raw["banks"]),
        count=int(raw["count"]),
        objectives=frozenset(o.strip() for o in objectives) if objectives else None,
        types=frozenset(types) if types else None,
        levels=frozenset(levels) if levels else None,
        line=line,
    )


# -- drawing ------------------------------------------------------------------------------


def _pool(blueprint: Blueprint, section: Section, banks: dict[str, Bank]) -> list[AnyQuestion]:
    """What a section may draw from, in bank order: its banks, filtered."""
    pool: dict[str, AnyQuestion] = {}
    for written in section.banks:
        for question in banks[blueprint.bank_file(written)].questions:
            if _matches(section, question) and blueprint.eligible(question):
                pool.setdefault(question.id, question)
    return list(pool.values())


def _matches(section: Section, question: AnyQuestion) -> bool:
    return (
        (section.objectives is None or question.objective in section.objectives)
        and (section.types is None or question.type in section.types)
        and (section.levels is None or question.level in section.levels)
    )


def _draw(seed: int, index: int, section: Section, pool: Sequence[AnyQuestion]) -> DrawnSection:
    picked = {q.id for q in seeded_random(seed, "section", index).sample(list(pool), section.count)}
    return DrawnSection(section, tuple(q for q in pool if q.id in picked))


def _selection_problems(
    blueprint: Blueprint, pools: list[list[AnyQuestion]], banks: dict[str, Bank], document: Document
) -> Iterator[Problem]:
    for index, (section, pool) in enumerate(_zip(blueprint, pools)):
        section_banks = [banks[blueprint.bank_file(w)] for w in section.banks]
        unknown = list(_unknown_objectives(document, index, section_banks))
        yield from unknown
        if not unknown and section.count > len(pool):
            message = _too_few_message(blueprint, section, pool, section_banks)
            yield _at(document, ("sections", index, "count"), message)
    yield from _overlap_problems(blueprint, pools, document)


def _unknown_objectives(document: Document, index: int, banks: list[Bank]) -> Iterator[Problem]:
    known = {objective for bank in banks for objective in bank.objectives}
    listed = document.data["sections"][index].get("objectives") or []
    for j, objective in enumerate(listed):
        if objective.strip() not in known:
            message = f"objective '{objective.strip()}' is not in this section's banks"
            where: Path = ("sections", index, "objectives", j)
            yield _at(document, where, message + did_you_mean(objective.strip(), known))


def _too_few_message(
    blueprint: Blueprint, section: Section, pool: list[AnyQuestion], banks: list[Bank]
) -> str:
    found = len(pool)
    message = (
        f"count {section.count} is more than this section can draw: its banks and filters "
        f"leave {found} item{'' if found == 1 else 's'}"
    )
    if section.levels is not None:
        unlabeled = sum(
            1
            for bank in banks
            for question in bank.questions
            if question.level is None
            and blueprint.eligible(question)
            and _matches(replace(section, levels=None), question)
        )
        if unlabeled:
            plural = "item has" if unlabeled == 1 else "items have"
            message += f"; {unlabeled} {plural} no level: and never match levels:"
    if blueprint.include_practice:
        return message
    practice = sum(
        1
        for bank in banks
        for question in bank.questions
        if not question.in_exams and _matches(section, question)
    )
    message += " (exam and both items)"
    if practice:
        plural = "" if practice == 1 else "s"
        message += f"; include_practice: true would add {practice} practice item{plural}"
    return message


def _overlap_problems(
    blueprint: Blueprint, pools: list[list[AnyQuestion]], document: Document
) -> Iterator[Problem]:
    """An item must not be drawn twice: two sections may not share a possible item."""
    owners: dict[str, int] = {}
    for index, pool in enumerate(pools):
        shared: dict[int, list[str]] = {}
        for question in pool:
            if question.id in owners:
                shared.setdefault(owners[question.id], []).append(question.id)
            owners.setdefault(question.id, index)
        for earlier, ids in shared.items():
            yield _at(document, ("sections", index), _overlap_message(blueprint, earlier, ids))


def _overlap_message(blueprint: Blueprint, earlier: int, ids: list[str]) -> str:
    other = blueprint.sections[earlier]
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return (
        f"{len(ids)} item{'' if len(ids) == 1 else 's'} ({shown}) could be drawn twice: "
        f"section '{other.title}' (line {other.line}) can draw them too; "
        "narrow objectives:, types: or levels: so that no two sections share an item"
    )
