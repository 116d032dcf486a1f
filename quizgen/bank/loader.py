"""Load and validate question banks: YAML -> JSON Schema -> contract rules -> model.

The shape of a bank is said once, in ``schemas/bank.schema.json`` (which
editors also use for completion); this module turns schema errors into
messages an instructor can act on and adds the rules a schema cannot say.
"""

from __future__ import annotations

import difflib
import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path as FilePath
from typing import Any

import jsonschema

from quizgen.bank.bibliography import Bibliography
from quizgen.bank.language import LanguageCheck, file_warnings, text_fields
from quizgen.bank.model import (
    QUESTION_CLASSES,
    AnyQuestion,
    Bank,
    Objective,
    Option,
    Pair,
    fold_text,
)
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.bank.yamlsource import Document, Path, SourceMap, load_yaml

BANK_SUFFIX = ".bank.yaml"
SKIPPED_DIRS = frozenset({"_build", ".venv", "venv", "node_modules", "__pycache__", "tests"})


@dataclass(frozen=True)
class FileKind:
    """A kind of instructor's YAML file checked by one schema: banks, exam blueprints.

    Everything else about turning schema errors into ``file:line: subject: message``
    is shared, so a bank and a blueprint word the same mistake the same way.
    """

    noun: str  # "bank": the file as a whole
    schema_file: str  # in quizgen/schemas/
    id_key: str  # the top-level key holding the file's id: "bank"
    entries: str  # the list whose entries are subjects of their problems: "questions"
    entry_noun: str  # "question"
    entry_name: str  # the key naming an entry: "id"
    quote_names: bool = False  # names are titles with spaces: section 'Mental health'
    hints: tuple[tuple[str, str], ...] = ()  # (required key, how to write it) for missing keys

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this kind of file, as shipped in the package."""
        return _schema(self.schema_file)


BANK = FileKind("bank", "bank.schema.json", "bank", "questions", "question", "id")


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("quizgen").joinpath(f"schemas/{name}").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of a bank file, as shipped in the package."""
    return BANK.schema()


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = _schema(name)
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(_inline_refs(schema, schema))


def _inline_refs(node: Any, root: dict[str, Any]) -> Any:
    """The schema with its local ``$ref``s replaced by what they point to.

    Same meaning, validated about twice as fast: resolving a reference per key
    per question is most of jsonschema's time on a large bank. (The file keeps
    its references, for people and editors.)
    """
    if isinstance(node, list):
        return [_inline_refs(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _inline_refs(merged, root)
    return {key: _inline_refs(value, root) for key, value in node.items()}


def read_mapping(path: str, content: bytes | str | None, kind: FileKind) -> Document:
    """Read a YAML file whose top level must be a mapping; raise :class:`QuizgenError` if not."""
    if content is None:
        try:
            content = FilePath(path).read_bytes()
        except OSError as error:
            raise QuizgenError(
                [Problem(path, 1, f"cannot read the file: {error.strerror}")]
            ) from None
    document = load_yaml(content, path)
    data, source = document.data, document.source
    if not isinstance(data, dict):
        found = _describe_value(data, source.raw(()))
        keys = [f"{key}:" for key in kind.schema().get("required", [])]
        listed = f"{', '.join(keys[:-1])} and {keys[-1]}" if len(keys) > 1 else "".join(keys)
        message = f"a {kind.noun} is a mapping with {listed} (found {found})"
        raise QuizgenError([*document.problems, Problem(path, source.line(()), message)])
    return document


def document_problems(document: Document, kind: FileKind) -> list[Problem]:
    """What the YAML reader and the schema of *kind* find wrong in a loaded mapping."""
    data, source = document.data, document.source
    return [
        *document.problems,
        *(located(where, message, data, source, kind) for where, message in document.issues),
        *_schema_problems(data, source, kind),
    ]


def load_bank(
    path: str | os.PathLike[str],
    content: bytes | str | None = None,
    *,
    bibliography: Bibliography | None = None,
) -> Bank:
    """Load one bank file; raise :class:`QuizgenError` listing every problem in it.

    With a *bibliography*, every ``cite:`` key must be one of its keys; without
    one, keys are not checked.
    """
    return _read_bank(path, content, bibliography, None)[0]


def _read_bank(
    path: str | os.PathLike[str],
    content: bytes | str | None,
    bibliography: Bibliography | None,
    language: LanguageCheck | None,
) -> tuple[Bank, list[Problem]]:
    """A valid bank and its language warnings; raise :class:`QuizgenError` if not valid."""
    document = read_mapping(os.fspath(path), content, BANK)
    data, source = document.data, document.source
    problems = [
        *document_problems(document, BANK),
        *_rule_problems(data, source),
        *_cite_problems(data, source, bibliography),
    ]
    if problems:
        raise QuizgenError(sorted(set(problems)))
    warnings = list(_language_warnings(data, source, language)) if language else []
    return _build_bank(data, source), warnings


def _language_warnings(
    data: dict[str, Any], source: SourceMap, language: LanguageCheck
) -> Iterator[Problem]:
    """Stigmatizing or outdated terms in what trainees and instructors read of a bank."""
    texts: list[tuple[Path, str]] = [(("title",), data["title"])]
    texts += [(("objectives", key), text) for key, text in data["objectives"].items()]
    for index, question in enumerate(data["questions"]):
        texts += [(("questions", index, *where), text) for where, text in text_fields(question)]
    return file_warnings(language, texts, source, lambda where: _subject(where, data, BANK))


# -- schema errors, in an instructor's words --------------------------------------------


def _schema_problems(data: dict[str, Any], source: SourceMap, kind: FileKind) -> list[Problem]:
    problems = []
    for prefix, error in _schema_errors(data, kind):
        where: Path = (*prefix, *error.absolute_path)
        for message, at in _explain(error, where, source, kind):
            problems.append(located(at, message, data, source, kind))
    return problems


def _schema_errors(
    data: dict[str, Any], kind: FileKind
) -> Iterator[tuple[Path, jsonschema.ValidationError]]:
    """Schema errors, each with the path of the instance it was found in.

    A bank's questions are checked one by one against the schema of their own
    type (the same subschemas the file's if/then picks), which spares
    jsonschema trying every type's condition on every question: a large bank
    validates in half the time.
    """
    if kind is not BANK or not isinstance(data.get("questions"), list):
        yield from (((), error) for error in _validator(kind.schema_file).iter_errors(data))
        return
    top = _bank_part_validator("")
    yield from (((), error) for error in top.iter_errors(data))
    for index, question in enumerate(data["questions"]):
        kind_name = question.get("type") if isinstance(question, dict) else None
        validator = _bank_part_validator(kind_name if isinstance(kind_name, str) else "?")
        yield from ((("questions", index), error) for error in validator.iter_errors(question))


@cache
def _bank_part_validator(part: str) -> jsonschema.protocols.Validator:
    """A validator for part of a bank: "" the bank but its questions, else a question type's."""
    schema = _inline_refs(BANK.schema(), BANK.schema())
    defs = schema["$defs"]
    if part == "":
        shape = {
            **schema,
            "properties": {**schema["properties"], "questions": {"type": "array", "minItems": 1}},
        }
    elif f"question-{part}" in defs:
        shape = {
            "allOf": [
                {k: v for k, v in defs["question"].items() if k != "allOf"},
                defs[f"question-{part}"],
            ]
        }
    else:
        shape = defs["question"]
    return jsonschema.validators.validator_for(schema)(shape)


def _explain(
    error: jsonschema.ValidationError, where: Path, source: SourceMap, file_kind: FileKind
) -> Iterator[tuple[str, Path]]:
    """Yield (message, location) pairs for one schema error."""
    kind, label = error.validator, _label(where, file_kind)
    instance: Any = error.instance
    expected: Any = error.validator_value
    if kind == "additionalProperties":
        yield from _unknown_keys(error.schema, instance, where)
    elif kind == "required":
        hints = dict(file_kind.hints)
        for key in expected:
            if key not in instance:
                hint = f" ({hints[key]})" if key in hints else ""
                yield f"missing required key '{key}'{hint}", where
    elif kind == "type":
        yield _type_message(label, expected, instance, source.raw(where)), where
    elif kind in {"enum", "const"}:
        allowed = ", ".join(str(value) for value in (expected if kind == "enum" else [expected]))
        yield f"{label} must be one of: {allowed} (found {instance!r})", where
    elif kind == "pattern":
        yield _pattern_message(label, where, instance, file_kind)
    elif kind in {"minItems", "minProperties"}:
        yield f"{label} needs at least {expected} (found {len(instance)})", where
    elif kind == "minimum":
        yield f"{label} must be at least {expected} (found {instance})", where
    elif kind == "maximum":
        yield f"{label} must be at most {expected} (found {instance})", where
    elif kind == "exclusiveMinimum":
        yield f"{label} must be more than {expected} (found {instance})", where
    else:
        yield f"{label}: {error.message}", where


def _unknown_keys(schema: Any, instance: dict[str, Any], where: Path) -> Iterator[tuple[str, Path]]:
    # Computed, not parsed from jsonschema's message, which escapes odd characters.
    allowed = set(schema.get("properties", {}))
    for key in instance:
        if key not in allowed:
            yield f"unknown key {key!r}{_suggest(key, allowed)}", (*where, key)


def _pattern_message(label: str, where: Path, value: Any, kind: FileKind) -> tuple[str, Path]:
    if where == ("objectives",):  # propertyNames: the value is the offending key
        rule = "may hold only letters, digits, '.', '_' and '-'"
        return f"objective id {value!r} {rule}", (*where, value)
    if where and where[-1] in {kind.id_key, "id"}:
        return _id_message(label, value, kind), where
    if isinstance(value, str) and not value.strip():
        return f"{label} is empty", where
    return f"{label} {value!r} has a character that is not allowed here", where


def _label(where: Path, kind: FileKind) -> str:
    """A key path as an instructor would write it: ``options[2].text``."""
    text = ""
    for part in where:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    if text.startswith(f"{kind.entries}["):
        text = text.split("]", 1)[1].lstrip(".") or f"the {kind.entry_noun}"
    return text or f"the {kind.noun}"


def did_you_mean(word: str, allowed: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match, else the list of what is allowed."""
    return _suggest(word, allowed)


def _suggest(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f"; allowed here: {', '.join(sorted(allowed))}"


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
}


def _type_message(label: str, expected_type: Any, value: Any, raw: str | None) -> str:
    expected = _TYPE_WORDS.get(str(expected_type), str(expected_type))
    found = _describe_value(value, raw)
    message = f"{label} must be {expected}, but YAML read {found}"
    if expected == "text" and raw is not None:
        message += f'; put it in quotes: "{raw}"'
    elif expected == "true or false" and isinstance(value, str):
        message += "; write true or false without quotes"
    return message


def _describe_value(value: Any, raw: str | None) -> str:
    if isinstance(value, bool):
        return f"`{raw}` as {str(value).lower()}" if raw else str(value).lower()
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, int | float):
        return f"the number {raw or value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {raw or value!s}"


def _id_message(label: str, value: Any, kind: FileKind) -> str:
    if label == kind.id_key:
        rule = "lower-case letters, digits and '-', starting with a letter or digit"
    else:
        rule = "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
    return f"{label} {value!r} may hold only {rule}"


def located(where: Path, message: str, data: Any, source: SourceMap, kind: FileKind) -> Problem:
    """A problem at the line of the value at *where*, about its entry or the whole file."""
    return Problem(source.path, source.line(where), message, _subject(where, data, kind))


def _located(where: Path, message: str, data: Any, source: SourceMap) -> Problem:
    return located(where, message, data, source, BANK)


def _subject(where: Path, data: Any, kind: FileKind) -> str:
    """``question <id>`` for anything inside an entry, else ``bank <id>`` (per *kind*)."""
    if len(where) >= 2 and where[0] == kind.entries and isinstance(where[1], int):
        entries = data.get(kind.entries)
        entry = entries[where[1]] if isinstance(entries, list) else None
        name = entry.get(kind.entry_name) if isinstance(entry, dict) else None
        if isinstance(name, str) and name.strip():
            shown = repr(name.strip()) if kind.quote_names else name
            return f"{kind.entry_noun} {shown}"
        return f"{kind.entry_noun} #{where[1] + 1}"
    file_id = data.get(kind.id_key) if isinstance(data, dict) else None
    return f"{kind.noun} {file_id}" if isinstance(file_id, str) else ""


# -- rules the schema cannot say ----------------------------------------------------------


def _rule_problems(data: dict[str, Any], source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    objectives = data.get("objectives")
    known = set(objectives) if isinstance(objectives, dict) else None
    questions = data.get("questions")
    if not isinstance(questions, list):
        return problems
    seen: dict[str, int] = {}
    for index, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        where: Path = ("questions", index)
        for message, at in _question_rules(question, known):
            problems.append(_located((*where, *at), message, data, source))
        qid = question.get("id")
        if isinstance(qid, str):
            if qid in seen:
                message = f"id '{qid}' is used twice in this bank (first on line {seen[qid]})"
                problems.append(_located((*where, "id"), message, data, source))
            else:
                seen[qid] = source.line((*where, "id"))
    return problems


def _cite_problems(
    data: dict[str, Any], source: SourceMap, bibliography: Bibliography | None
) -> Iterator[Problem]:
    """Each ``cite:`` key that the project's bibliography does not define, at its line."""
    questions = data.get("questions")
    if bibliography is None or not isinstance(questions, list):
        return
    for index, question in enumerate(questions):
        keys = question.get("cite") if isinstance(question, dict) else None
        if not isinstance(keys, list):
            continue
        for position, key in enumerate(keys):
            if isinstance(key, str) and key not in bibliography:
                where: Path = ("questions", index, "cite", position)
                yield _located(where, bibliography.unknown(key), data, source)


def _question_rules(question: dict[str, Any], known: set[str] | None) -> Iterator[tuple[str, Path]]:
    objective = question.get("objective")
    if known is not None and isinstance(objective, str) and objective not in known:
        hint = _suggest(objective, known) if known else ""
        yield f"objective '{objective}' is not one of this bank's objectives{hint}", ("objective",)
    kind = question.get("type")
    kind = kind if isinstance(kind, str) else None
    if kind == "scenario":
        yield "type 'scenario' is reserved for branching scenarios and not available yet", ("type",)
    yield from _type_rules(kind, question)


def _type_rules(kind: str | None, question: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    if kind in {"single", "multiple"}:
        yield from _choice_rules(kind, question.get("options"))
    elif kind == "order":
        yield from _distinct(question.get("items"), (), "items", "item")
    elif kind == "match":
        pairs = question.get("pairs")
        if isinstance(pairs, list):
            yield from _distinct(pairs, ("left",), "pairs", "left side")
            yield from _distinct(pairs, ("right",), "pairs", "right side")
    elif kind == "numeric":
        for key in ("answer", "tolerance"):
            value = question.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                yield f"{key} must be a finite number (found {value})", (key,)
    elif kind == "text":
        yield from _distinct(question.get("accept"), (), "accept", "accepted answer")


def _choice_rules(kind: str, options: Any) -> Iterator[tuple[str, Path]]:
    if not isinstance(options, list):
        return
    correct = sum(
        1 for option in options if isinstance(option, dict) and option.get("correct") is True
    )
    if kind == "single" and correct != 1:
        yield f"type single needs exactly one correct option (found {correct})", ("options",)
    if kind == "multiple" and correct < 1:
        yield "type multiple needs at least one correct option (found 0)", ("options",)
    yield from _distinct(options, ("text",), "options", "option")


def _distinct(values: Any, key: Path, field_name: str, noun: str) -> Iterator[tuple[str, Path]]:
    """Report each value equal (after folding case and spacing) to an earlier one."""
    if not isinstance(values, list):
        return
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        text = value.get(key[0]) if key and isinstance(value, dict) else value
        if not isinstance(text, str):
            continue
        folded = fold_text(text)
        if folded in first:
            message = f"{noun} {index + 1} repeats {noun} {first[folded] + 1} ({text.strip()!r})"
            yield message, (field_name, index, *key)
        else:
            first[folded] = index


# -- building the model ------------------------------------------------------------------


def _build_bank(data: dict[str, Any], source: SourceMap) -> Bank:
    objectives = {
        key: Objective(key, text.strip(), source.line(("objectives", key)))
        for key, text in data["objectives"].items()
    }
    questions = tuple(
        _build_question(question, data["bank"], source, ("questions", index))
        for index, question in enumerate(data["questions"])
    )
    return Bank(
        id=data["bank"],
        title=data["title"].strip(),
        path=source.path,
        objectives=objectives,
        questions=questions,
        line=source.line(("bank",)),
    )


def _build_question(
    raw: dict[str, Any], bank_id: str, source: SourceMap, where: Path
) -> AnyQuestion:
    cls = QUESTION_CLASSES[raw["type"]]
    values: dict[str, Any] = {key: value for key, value in raw.items() if key != "type"}
    values["tags"] = tuple(values.get("tags", ()))
    values["cite"] = tuple(values.get("cite", ()))
    if "options" in values:
        values["options"] = tuple(
            Option(line=source.line((*where, "options", i)), **option)
            for i, option in enumerate(values["options"])
        )
    if "pairs" in values:
        values["pairs"] = tuple(
            Pair(line=source.line((*where, "pairs", i)), **pair)
            for i, pair in enumerate(values["pairs"])
        )
    for key in ("items", "accept", "rubric"):
        if key in values:
            values[key] = tuple(values[key])
    return cls(bank=bank_id, path=source.path, line=source.line(where), **values)


# -- many banks: the catalog -------------------------------------------------------------


@dataclass
class Catalog:
    """Every bank of a project, with the problems found across them."""

    banks: dict[str, Bank] = field(default_factory=dict)  # by file path
    problems: list[Problem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # files with problems, not in banks
    warnings: list[Problem] = field(default_factory=list)  # language: valid banks still load

    def questions(self) -> Iterator[AnyQuestion]:
        """Every question of every valid bank."""
        for bank in self.banks.values():
            yield from bank.questions

    def objectives(self) -> set[str]:
        """The objective ids the valid banks define."""
        return {objective for bank in self.banks.values() for objective in bank.objectives}

    def questions_by_id(self) -> dict[str, AnyQuestion]:
        """Every question of every valid bank, by its id (unique across banks)."""
        return {question.id: question for question in self.questions()}

    def summary(self) -> str:
        """One line: banks, questions by type and by use, objectives."""
        questions = list(self.questions())
        by_type = Counter(question.type for question in questions)
        by_use = Counter(question.use for question in questions)
        objectives = sum(len(bank.objectives) for bank in self.banks.values())
        types = ", ".join(f"{count} {kind}" for kind, count in sorted(by_type.items()))
        uses = ", ".join(f"{by_use[use]} {use}" for use in ("practice", "exam", "both"))
        counts = (
            f"{_count(len(self.banks), 'bank')}, {_count(len(questions), 'question')}"
            f" ({types or 'none'}; {uses}), {_count(objectives, 'objective')}, "
            f"{_count(len(self.problems), 'problem')}"
        )
        if not self.failed:
            return counts
        read = len(self.banks) + len(self.failed)
        return (
            f"{len(self.failed)} of {_count(read, 'bank file')} read could not be loaded "
            f"(problems listed) and are not counted: {counts}"
        )


@dataclass(frozen=True)
class LevelShare:
    """How many of a bank's questions test application, recall, or say neither."""

    bank: str
    questions: int
    application: int
    recall: int

    @property
    def unlabeled(self) -> int:
        """Questions without a ``level:``."""
        return self.questions - self.application - self.recall

    @property
    def percent(self) -> float:
        """Application questions as a percentage of all (0 for an empty bank)."""
        return 100 * self.application / self.questions if self.questions else 0.0


def level_share(bank_id: str, questions: Iterable[AnyQuestion]) -> LevelShare:
    """The level counts of *questions*, named *bank_id*."""
    levels = Counter(question.level for question in questions)
    total = sum(levels.values())
    return LevelShare(bank_id, total, levels["application"], levels["recall"])


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def load_catalog(
    paths: Iterable[str | os.PathLike[str]],
    *,
    bibliography: Bibliography | None = None,
    language: LanguageCheck | None = None,
) -> Catalog:
    """Load every bank; report each file's problems and ids used in two banks.

    With a *bibliography*, ``cite:`` keys are checked against it; with a
    *language* check, the terms it finds are the catalog's ``warnings``.
    """
    catalog = Catalog()
    for path in paths:
        try:
            bank, warnings = _read_bank(path, None, bibliography, language)
        except QuizgenError as error:
            catalog.problems.extend(error.problems)
            catalog.failed.append(os.fspath(path))
        else:
            catalog.banks[bank.path] = bank
            catalog.warnings.extend(warnings)
    catalog.problems.extend(_cross_bank_problems(catalog.banks.values()))
    catalog.problems.sort()
    catalog.warnings.sort()
    return catalog


def _cross_bank_problems(banks: Iterable[Bank]) -> Iterator[Problem]:
    bank_ids: dict[str, Bank] = {}
    question_ids: dict[str, AnyQuestion] = {}
    for bank in banks:
        if bank.id in bank_ids:
            first = bank_ids[bank.id]
            message = f"bank id '{bank.id}' is already used by {first.path}:{first.line}"
            yield Problem(bank.path, bank.line, message, f"bank {bank.id}")
        bank_ids.setdefault(bank.id, bank)
        for question in bank.questions:
            if question.id in question_ids:
                other = question_ids[question.id]
                message = f"id '{question.id}' is already used by {other.path}:{other.line}"
                yield Problem(bank.path, question.line, message, f"question {question.id}")
            question_ids.setdefault(question.id, question)


def find_banks(paths: Iterable[str | os.PathLike[str]], suffix: str = BANK_SUFFIX) -> list[str]:
    """Files named by *paths*: files as given, folders searched for ``*<suffix>``."""
    found: list[str] = []
    for path in paths:
        name = os.fspath(path)
        if os.path.isdir(name):
            found.extend(_walk(name, suffix))
        else:
            found.append(name)
    return sorted(dict.fromkeys(found))


def _walk(folder: str, suffix: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(suffix):
                yield os.path.normpath(os.path.join(root, name))
