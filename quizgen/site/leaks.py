"""The secure pool: no ``use: exam`` item may reach the built site.

:func:`find_leaks` reads every file under a build folder (pages, the search
index, ``_sources``, scripts, JSON) and looks for the text of every secure
item: its stem, each option's text and feedback, its explanation and an
essay's model answer. Texts are compared the way a reader would recognise
them: Markdown rendered, HTML tags dropped, entities and JavaScript escapes
decoded, Sphinx's curly quotes and dashes made plain, case and white space
folded. Strings shorter than :data:`MIN_LENGTH` are skipped: "True" or "988"
appear on any page. So are order items, match sides and accepted text
answers, short phrases that lessons use too, and useless without the stem.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from typing_extensions import assert_never

from quizgen.bank.model import (
    AnyQuestion,
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    fold_text,
)
from quizgen.render.markup import plain_text

MIN_LENGTH = 12

_TAG = re.compile(r"<[^>]*>")
_JS_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})")
_JS_ESCAPE = re.compile(r"\\([\"'/\\])")
_JS_SPACE = re.compile(r"\\[nrt]")
_TYPOGRAPHY = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "}
)
_DASHES = re.compile(r"[-\u2010-\u2015]+")


@dataclass(frozen=True, order=True)
class Leak:
    """A secure item's text found in a built file."""

    file: str  # relative to the build folder
    question: str
    field: str  # "stem", "options[2]", "explanation"...
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.file}: question {self.question}: {self.field} is on the site: {shown!r}"


def secure_texts(questions: Iterable[AnyQuestion]) -> Iterator[tuple[str, str, str]]:
    """(question id, field, text) for every searchable text of every ``use: exam`` item."""
    for question in questions:
        if question.use != "exam":
            continue
        for field, text in _fields(question):
            if len(fold_text(text)) >= MIN_LENGTH:
                yield question.id, field, text


def _fields(question: AnyQuestion) -> Iterator[tuple[str, str]]:
    yield "stem", question.stem
    match question:
        case SingleQuestion() | MultipleQuestion():
            for number, option in enumerate(question.options, start=1):
                yield f"options[{number}].text", option.text
                if option.feedback:
                    yield f"options[{number}].feedback", option.feedback
        case EssayQuestion():
            yield "model_answer", question.model_answer
        case TrueFalseQuestion() | OrderQuestion() | MatchQuestion():
            pass  # short items and sides, useless without the stem (see above)
        case TextQuestion() | NumericQuestion():
            pass
        case _:
            assert_never(question)
    yield "explanation", question.explanation


def normalize(text: str) -> str:
    """*text* as a reader sees it: entities decoded, quotes and dashes plain, space folded."""
    return fold_text(_DASHES.sub("-", html.unescape(text).translate(_TYPOGRAPHY)))


def _readings(content: str) -> set[str]:
    """The ways a file can hold a text: as is, without tags, with JavaScript escapes decoded."""
    decoded = _JS_SPACE.sub(" ", _JS_ESCAPE.sub(r"\1", _JS_UNICODE.sub(_unicode, content)))
    return {normalize(variant) for base in (content, decoded) for variant in (base, _untag(base))}


def _unicode(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _untag(content: str) -> str:
    return _TAG.sub(" ", content)


def _needles(questions: Iterable[AnyQuestion]) -> dict[str, tuple[str, str, str]]:
    """Normalized search strings -> (question id, field, text)."""
    needles: dict[str, tuple[str, str, str]] = {}
    for qid, field, text in secure_texts(questions):
        for variant in (normalize(text), normalize(plain_text(text))):
            if len(variant) >= MIN_LENGTH:
                needles.setdefault(variant, (qid, field, text))
    return needles


def built_files(build_dir: str | os.PathLike[str]) -> list[Path]:
    """Every file under *build_dir*, hidden ones included, in a stable order."""
    return sorted(path for path in Path(build_dir).rglob("*") if path.is_file())


def find_leaks(build_dir: str | os.PathLike[str], questions: Iterable[AnyQuestion]) -> list[Leak]:
    """Every place a secure item's text appears in the built site (none, when all is well)."""
    needles = _needles(questions)
    leaks = []
    for path in built_files(build_dir):
        readings = _readings(path.read_bytes().decode("utf-8", errors="replace"))
        name = path.relative_to(build_dir).as_posix()
        for needle, (qid, field, text) in needles.items():
            if any(needle in reading for reading in readings):
                leaks.append(Leak(name, qid, field, text.strip()))
    return sorted(set(leaks))
