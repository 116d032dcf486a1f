"""Read YAML into plain Python values while keeping the line of every node.

PyYAML's own loaders forget where values came from and silently keep the last
of two equal keys. Instructors need both: every error names a line, and a
duplicated ``stem:`` is a mistake, not a choice. So we let the (C-accelerated,
where present) composer build the node graph and turn nodes into values
ourselves, recording lines as we go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from quizgen.bank.problems import Problem, QuizgenError

Path = tuple[str | int, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_DEPTH = 64
_MAX_NODES = 1_000_000  # after alias expansion: stops "billion laughs" files


@dataclass
class SourceMap:
    """Where each value of a loaded document stands in its file."""

    path: str
    value_lines: dict[Path, int] = field(default_factory=dict)
    key_lines: dict[Path, int] = field(default_factory=dict)
    raw_scalars: dict[Path, str] = field(default_factory=dict)
    block_scalars: set[Path] = field(default_factory=set)  # written as | or > blocks

    def line(self, where: Path) -> int:
        """The line of the value at *where*, or of its nearest located parent."""
        while where:
            if where in self.key_lines:
                return self.key_lines[where]
            if where in self.value_lines:
                return self.value_lines[where]
            where = where[:-1]
        return self.value_lines.get((), 1)

    def text_line(self, where: Path, before: str) -> int:
        """The line of the text value at *where* that follows the characters *before*.

        Exact in ``|`` blocks, whose line breaks are kept; elsewhere (where YAML
        folds lines into spaces) the line the value starts on.
        """
        start = self.value_lines.get(where) or self.line(where)
        if where in self.block_scalars:
            return start + 1 + before.count("\n")
        return start

    def raw(self, where: Path) -> str | None:
        """The scalar as written in the file (``yes``, ``988``), if it was one."""
        return self.raw_scalars.get(where)


@dataclass(frozen=True)
class Document:
    """A loaded YAML document, the lines of its values, and what was wrong but readable."""

    data: Any
    source: SourceMap
    problems: list[Problem]  # located by line only (tabs)
    issues: list[tuple[Path, str]]  # located by key path (duplicate keys, bad values)


def load_yaml(content: bytes | str, path: str) -> Document:
    """Load one YAML document.

    Raise :class:`QuizgenError` when the file cannot be read as YAML at all;
    problems that leave a readable document (a duplicate key, a tab) are
    returned with it, so that its other problems can be found too.
    """
    text = _decode(content, path)
    problems = _tab_problems(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        line = _error_line(error, text)
        if not any(problem.line == line for problem in problems):
            problems.append(Problem(path, line, f"YAML syntax error: {_describe(error)}"))
        raise QuizgenError(problems) from None
    if root is None:
        problems.append(Problem(path, 1, "the file is empty"))
        raise QuizgenError(problems)
    builder = _Builder(path)
    data = builder.build(root, (), 0)
    return Document(data, builder.source, problems, builder.issues)


def _decode(content: bytes | str, path: str) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        byte = content[error.start]
        message = f"the file is not UTF-8 (byte 0x{byte:02X}); save it with UTF-8 encoding"
        raise QuizgenError([Problem(path, line, message)]) from None


def _tab_problems(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(path, number, "tab in indentation; YAML indents with spaces only")
            )
    return problems


def _error_line(error: yaml.YAMLError, text: str) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text[:position].count("\n") + 1
    return 1


def _describe(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        parts = [error.context, error.problem]
        return "; ".join(part for part in parts if part) or "invalid YAML"
    reason = getattr(error, "reason", None)
    character = getattr(error, "character", None)
    if reason and isinstance(character, str):
        return f"{reason} (character U+{ord(character):04X})"
    return str(error).splitlines()[0]


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, noting lines."""

    def __init__(self, path: str) -> None:
        self.source = SourceMap(path)
        self.issues: list[tuple[Path, str]] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._count = 0
        self._active: set[int] = set()

    def _problem(self, where: Path, message: str) -> None:
        self.issues.append((where, message))

    def build(self, node: yaml.Node, where: Path, depth: int) -> Any:
        self.source.value_lines[where] = node.start_mark.line + 1
        self._count += 1
        if self._count > _MAX_NODES:
            if self._count == _MAX_NODES + 1:
                self._problem(where, "the file is too large once its aliases (*name) are expanded")
            return None
        if depth > _MAX_DEPTH or id(node) in self._active:
            self._problem(where, "values are nested too deeply (or an alias refers to itself)")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, where)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, (*where, i), depth + 1) for i, item in enumerate(node.value)
                ]
            return self._mapping(node, where, depth)
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, where: Path) -> Any:
        if not node.style:  # plain scalars (style None, or "" from libyaml) may read as non-text
            self.source.raw_scalars[where] = node.value
        elif node.style in "|>":
            self.source.block_scalars.add(where)
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            self._problem(where, f"cannot read this value: {error}".splitlines()[0])
            return None

    def _mapping(self, node: yaml.Node, where: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.source.value_lines[(*where, "?")] = key_node.start_mark.line + 1
                self._problem((*where, "?"), "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value  # keys are names: take them as written
            line = key_node.start_mark.line + 1
            if key in first_lines:
                self.source.value_lines[(*where, key, "duplicate")] = line
                self._problem(
                    (*where, key, "duplicate"),
                    f"duplicate key '{key}' (first given on line {first_lines[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_lines[key] = line
            self.source.key_lines[(*where, key)] = line
            result[key] = self.build(value_node, (*where, key), depth + 1)
        return result
