"""GIFT in: Moodle's text format, read the way Moodle's own reader reads it.

Moodle's reader (``question/format/gift/format.php``) splits the file into
questions at blank lines, drops ``//`` comment lines (keeping ``[id:...]`` and
``[tag:...]`` from them), swaps the escapes ``\\\\ \\: \\# \\= \\{ \\} \\~ \\n``
for placeholders before it parses and back after, and decides the type from
the text between the braces: empty is an essay, ``#`` numeric, ``~`` choices,
``->`` matching, ``=`` short answer, ``T``/``F`` true/false; text after the
closing brace makes a missing-word question. A block with no braces is a
description (no answer), which a bank has no place for.
"""

from __future__ import annotations

import html
import re
from typing import Any

from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.myst import html_to_myst
from quizgen.interchange.reading import Draft, Reading, decode_text, metadata_from_tags

MISSING_EXPLANATION = "(The imported question had no general feedback: write the explanation here.)"
MISSING_MODEL_ANSWER = "(GIFT carries no model answer: write one here.)"

# Placeholders for escaped characters, from a private-use plane no text uses.
_ESCAPES = {
    ":": "\U000ffff0",
    "#": "\U000ffff1",
    "=": "\U000ffff2",
    "{": "\U000ffff3",
    "}": "\U000ffff4",
    "~": "\U000ffff5",
    "n": "\U000ffff6",
}
_BACKSLASH = "\U000ffff7"
_RESTORE = {value: ("\n" if key == "n" else key) for key, value in _ESCAPES.items()}
_RESTORE[_BACKSLASH] = "\\"
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_COMMENT_FIELD = re.compile(r"\[(id|tag):((?:\\.|[^\]\\])*)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


class _Block:
    """One question's lines, with where they start, while it is read."""

    def __init__(self, reading: Reading, line: int, text: str, comments: list[str]) -> None:
        self.reading = reading
        self.line = line
        self.text = text
        self.comments = comments
        self.label = "question"

    def note(self, message: str) -> None:
        self.reading.note(self.line, f"{self.label}: {message}")

    def fail(self, message: str) -> QuizgenError:
        return QuizgenError([Problem(self.reading.path, self.line, f"{self.label}: {message}")])

    def markdown(self, raw: str, default_format: str = "moodle", *, inline: bool = False) -> str:
        """GIFT text (placeholders in it) as MyST, by its ``[format]`` prefix."""
        text_format = default_format
        match = _FORMAT.match(raw)
        if match:
            text_format = match.group(1).lower()
            raw = raw[match.end() :]
        text = _restore(raw).strip()
        if text_format == "markdown":
            return text
        source = html.escape(text) if text_format == "plain" else text
        converted = html_to_myst(source, inline=inline)
        for src in converted.media:
            self.note(f"media {src!r} is not imported: add it to the course and link it")
        for dropped in converted.dropped:
            self.note(f"{dropped} removed from the imported HTML")
        return converted.text


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The file's questions: runs of non-blank lines, each with its first line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def read_gift(path: str, data: bytes) -> Reading:
    """Read a GIFT file; raise :class:`QuizgenError` if it holds no GIFT at all."""
    text = decode_text(path, data, " (GIFT files are UTF-8)")
    reading = Reading(path, "gift")
    problems: list[Problem] = []
    category: str | None = None
    for start, lines in _blocks(text.replace("\r\n", "\n").replace("\r", "\n")):
        comments = [line.strip()[2:] for line in lines if line.lstrip().startswith("//")]
        body = [(i, line) for i, line in enumerate(lines) if not line.lstrip().startswith("//")]
        if not body:
            continue
        first = start + body[0][0]
        joined = _protect("\n".join(line for _, line in body)).strip()
        if joined.startswith("$CATEGORY:"):
            category = _category(joined[len("$CATEGORY:") :])
            continue
        block = _Block(reading, first, joined, comments)
        try:
            draft = _question(block, category)
        except QuizgenError as error:
            problems.extend(error.problems)
            continue
        if draft is not None:
            reading.drafts.append(draft)
    if problems:
        raise QuizgenError(problems)
    if not reading.drafts and not reading.notes:
        raise QuizgenError([Problem(path, 1, "no GIFT question found (no text with { ... })")])
    return reading


def _category(raw: str) -> str | None:
    parts = _restore(raw).strip().replace("//", "\0").split("/")
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(part.replace("\0", "/") for part in parts if part) or None


def _question(block: _Block, category: str | None) -> Draft | None:
    text = block.text
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise block.fail("a title opened with :: is never closed")
        title = _restore(text[2:end]).strip()
        text = text[end + 2 :]
    comment_id, comment_tags = _comment_fields(block.comments)
    lms_id = comment_id or title
    block.label = f"question {lms_id}" if lms_id else "question"
    opening, closing = text.find("{"), text.rfind("}")
    if opening < 0:
        block.note("a GIFT description (text with no answer) has no bank type; skipped")
        return None
    if closing < opening:
        raise block.fail("the answers opened with { are never closed with }")
    match = _FORMAT.match(text)
    text_format = match.group(1).lower() if match else "moodle"
    before, answers, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    stem_raw = before + (" _____ " + after.strip() if after.strip() else "")
    answers, _, general = answers.partition("####")
    fields = _answers(block, answers.strip(), text_format)
    stem = block.markdown(stem_raw, text_format)
    if not stem:
        raise block.fail("the question has no text")
    explanation = block.markdown(general, text_format) if general.strip() else ""
    if not explanation:
        explanation = MISSING_EXPLANATION
        block.note("no general feedback (####); the bank's explanation says to write one")
    objective, metadata, _ = metadata_from_tags(comment_tags)
    question: dict[str, Any] = {"type": fields.pop("type"), "stem": stem, **fields}
    question["explanation"] = explanation
    question.update(metadata)
    return Draft(
        line=block.line,
        fields=question,
        lms_id=lms_id or None,
        objective=objective,
        category=category,
        path=block.reading.path,
    )


def _comment_fields(comments: list[str]) -> tuple[str | None, list[str]]:
    """Moodle's ``// [id:...] [tag:...]`` comment fields (``\\]`` is a bracket in them)."""
    found_id: str | None = None
    tags: list[str] = []
    for comment in comments:
        for kind, value in _COMMENT_FIELD.findall(comment):
            value = re.sub(r"\\(.)", r"\1", value).strip()
            if kind == "id" and found_id is None:
                found_id = value
            elif kind == "tag" and value:
                tags.append(value)
    return found_id, tags


def _answers(block: _Block, answers: str, text_format: str) -> dict[str, Any]:
    """The question's type and its own keys, from the text between the braces."""
    if not answers:
        block.note("GIFT carries no model answer; the bank's model answer says to write one")
        return {"type": "essay", "model_answer": MISSING_MODEL_ANSWER}
    if answers.startswith("#"):
        return _numeric(block, answers[1:])
    if "~" in answers:
        return _choices(block, answers, text_format)
    if "=" in answers and "->" in answers:
        return _matching(block, answers, text_format)
    if "=" in answers:
        return _short(block, answers)
    word = answers.split("#", 1)[0].strip().upper()
    if word in ("T", "TRUE", "F", "FALSE"):
        if "#" in answers:
            block.note("true/false feedback per answer has no place in a bank; left out")
        return {"type": "truefalse", "answer": word.startswith("T")}
    raise block.fail(f"cannot tell the question type from the answers {{{_restore(answers)}}}")


def _split_feedback(raw: str) -> tuple[str, str]:
    text, _, feedback = raw.partition("#")
    return text, feedback


def _choices(block: _Block, answers: str, text_format: str) -> dict[str, Any]:
    single = "=" in answers
    parts = [part for part in answers.replace("=", "~=").split("~") if part.strip()]
    read: list[tuple[str, str]] = []
    grades: list[float] = []
    for part in parts:
        part = part.strip()
        grade = 100.0 if part.startswith("=") else 0.0
        part = part.lstrip("=").strip()
        weight = _WEIGHT.match(part)
        if weight:
            grade = float(weight.group(1))
            part = part[weight.end() :]
        read.append(_split_feedback(part))
        grades.append(grade)
    if len(read) < 2:
        raise block.fail("a choice question needs at least two answers")
    if max(grades) <= 0:
        raise block.fail("no answer is marked right (= or a positive %weight%)")
    if single:
        best = max(grades)
        if grades.count(best) > 1:
            raise block.fail("a single-answer question has more than one right answer (=)")
        if any(0 < grade < best for grade in grades):
            block.note("partial grades become one correct answer; the others count as wrong")
        correct = [grade == best for grade in grades]
    else:
        correct = [grade > 0 for grade in grades]
    options = []
    for (text, feedback), is_correct in zip(read, correct, strict=True):
        option: dict[str, Any] = {"text": block.markdown(text, text_format, inline=True)}
        if is_correct:
            option["correct"] = True
        if feedback.strip():
            option["feedback"] = block.markdown(feedback, text_format, inline=True)
        options.append(option)
    return {"type": "single" if single else "multiple", "options": options}


def _matching(block: _Block, answers: str, text_format: str) -> dict[str, Any]:
    pairs = []
    for part in answers.split("="):
        if not part.strip():
            continue
        left, arrow, right = part.partition("->")
        if not arrow:
            raise block.fail(f"the matching answer {_restore(part).strip()!r} has no ->")
        right_text = " ".join(_restore(right).split())
        pairs.append(
            {
                "left": block.markdown(left, text_format, inline=True),
                "right": html_to_myst(html.escape(right_text), inline=True).text,
            }
        )
    if len(pairs) < 2:
        raise block.fail("a matching question needs at least two pairs")
    return {"type": "match", "pairs": pairs}


def _short(block: _Block, answers: str) -> dict[str, Any]:
    accept = []
    for part in answers.split("="):
        if not part.strip():
            continue
        text, _ = _split_feedback(part.strip())
        weight = _WEIGHT.match(text)
        grade = 100.0
        if weight:
            grade = float(weight.group(1))
            text = text[weight.end() :]
        value = " ".join(_restore(text).split())
        if grade >= 100 and value:
            accept.append(value)
        elif grade > 0:
            block.note(f"the partly right answer {value!r} ({grade:g}%) is left out")
    if not accept:
        raise block.fail("no answer is fully right: there is no correct answer")
    if "#" in answers:
        block.note("feedback on short answers has no place in a bank; left out")
    return {"type": "text", "accept": list(dict.fromkeys(accept))}


def _numeric(block: _Block, answers: str) -> dict[str, Any]:
    choices = [part for part in answers.split("=") if part.strip()] if "=" in answers else [answers]
    found: list[tuple[float, float]] = []
    for part in choices:
        text, _ = _split_feedback(part.strip())
        weight = _WEIGHT.match(text)
        if weight:
            if float(weight.group(1)) < 100:
                block.note(f"the partly right answer {_restore(text)!r} is left out")
                continue
            text = text[weight.end() :]
        parsed = _number_answer(_restore(text).strip())
        if parsed is None:
            raise block.fail(f"{_restore(text).strip()!r} is not a number, N:tolerance or MIN..MAX")
        found.append(parsed)
    if not found:
        raise block.fail("no numeric answer is fully right")
    if len(found) > 1:
        block.note("only the first fully right numeric answer is kept")
    value, tolerance = found[0]
    fields: dict[str, Any] = {"type": "numeric", "answer": _number(value)}
    if tolerance:
        fields["tolerance"] = _number(tolerance)
    return fields


def _number_answer(text: str) -> tuple[float, float] | None:
    try:
        if ".." in text:
            low, high = (float(part) for part in text.split("..", 1))
            return (low + high) / 2, abs(high - low) / 2
        value, _, tolerance = text.partition(":")
        return float(value), abs(float(tolerance)) if tolerance.strip() else 0.0
    except ValueError:
        return None


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value
