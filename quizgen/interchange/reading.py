"""What a reader of an LMS file hands back: drafts of bank questions, and notes.

Each format's reader (``quizgen.interchange.*_reader``) turns one file into a
:class:`Reading`: one :class:`Draft` per question it could read, in file
order, and one note per thing it could not carry (a type we lack, an image, a
part of a question), each as ``file:line: message``. A file that cannot be
read at all raises :class:`~quizgen.bank.problems.QuizgenError`. The bank
writer (:mod:`quizgen.interchange.bankfile`) names what has no name (ids, the
placeholder objective) and writes the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizgen.bank.problems import Problem, QuizgenError


@dataclass
class Draft:
    """One imported question, as the bank will hold it.

    *fields* are the question's bank keys in bank order, without ``id`` and
    ``objective`` (``type``, ``stem``, the type's own keys, ``explanation``,
    and ``use``, ``difficulty``, ``source``, ``tags`` where the file says them).
    Text is MyST Markdown, already safe (see :mod:`quizgen.interchange.myst`).
    """

    line: int  # where the question starts in the file read (1 for a file of one item)
    fields: dict[str, Any]
    lms_id: str | None = None  # Moodle idnumber or name, GIFT ::title::, QTI identifier
    objective: str | None = None  # an ``objective:`` tag or metadata written by our export
    category: str | None = None  # Moodle category, GIFT $CATEGORY, QTI section title
    path: str = ""  # the file read; a member of a package: "package.zip/items/q1.xml"


@dataclass
class Reading:
    """Everything read from one file."""

    path: str
    format: str  # "moodle", "gift", "aiken", "qti21"
    drafts: list[Draft] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # not carried, said where
    title: str | None = None  # the quiz or package title, if the file has one

    def note(self, line: int, message: str, path: str | None = None) -> None:
        """Say what was not carried, at *line* of the file (or of *path* in a package)."""
        self.notes.append(Problem(path or self.path, line, message))


DIFFICULTIES = ("easy", "medium", "hard")
USES = ("practice", "exam", "both")


def metadata_from_tags(tags: list[str]) -> tuple[str | None, dict[str, Any], list[str]]:
    """Undo :func:`quizgen.interchange.text.metadata_tags`: the objective, fields, other tags.

    ``objective:X``, ``use:Y``, ``difficulty:Z`` and ``source:...`` are what our
    export writes for formats without those fields; any other tag stays a tag
    (spaces, which bank tags cannot hold, become ``-``).
    """
    objective: str | None = None
    fields: dict[str, Any] = {}
    rest: list[str] = []
    for raw in tags:
        tag = raw.strip()
        key, _, value = tag.partition(":")
        if key == "objective" and value and objective is None:
            objective = value
        elif key == "use" and value in USES and "use" not in fields:
            if value != "both":
                fields["use"] = value
        elif key == "difficulty" and value in DIFFICULTIES and "difficulty" not in fields:
            fields["difficulty"] = value
        elif key == "source" and value and "source" not in fields:
            fields["source"] = value
        elif tag:
            cleaned = "-".join(tag.split())
            if cleaned not in rest:
                rest.append(cleaned)
    if rest:
        fields["tags"] = rest
    return objective, fields, rest


def decode_text(path: str, data: bytes, what: str) -> str:
    """*data* as UTF-8 text (a byte order mark dropped); raise at the line that is not.

    *what* ends the message: ``"not UTF-8 text (GIFT files are UTF-8)"``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise QuizgenError([Problem(path, line, f"not UTF-8 text{what}")]) from None
    if not text.strip():
        raise QuizgenError([Problem(path, 1, "the file is empty")])
    return text
