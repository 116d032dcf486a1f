"""Moodle XML in: the question types we share with Moodle, as bank drafts.

Read as Moodle's own importer reads it (``question/format/xml/format.php``):
``<quiz>`` of ``<question type="...">``; a ``category`` question sets the
category of those after it; text sits in ``<text>`` under an element whose
``format`` says how to read it (``html``, ``moodle_auto_format``,
``plain_text``, ``markdown``). HTML becomes MyST through
:mod:`quizgen.interchange.myst`, so nothing an LMS wrote runs here. Types we
lack (cloze, calculated, drag and drop, description, random...) are named
with their line and skipped; embedded files and media are reported.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from quizgen.bank.model import MultipleQuestion, Option
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.fractions import multiple_fractions
from quizgen.interchange.myst import html_to_myst
from quizgen.interchange.reading import Draft, Reading, metadata_from_tags
from quizgen.interchange.xmlread import parse_xml

MISSING_EXPLANATION = "(The imported question had no general feedback: write the explanation here.)"
MISSING_MODEL_ANSWER = "(The imported essay had no grader information: write a model answer here.)"

# Moodle types with no bank type, by what an instructor knows them as.
OTHER_TYPES = {
    "multianswer": "Embedded answers (Cloze)",
    "cloze": "Embedded answers (Cloze)",
    "calculated": "Calculated",
    "calculatedsimple": "Calculated simple",
    "calculatedmulti": "Calculated multichoice",
    "ddwtos": "Drag and drop into text",
    "ddimageortext": "Drag and drop onto image",
    "ddmarker": "Drag and drop markers",
    "gapselect": "Select missing words",
    "randomsamatch": "Random short-answer matching",
    "random": "Random",
    "description": "Description (no answer)",
}


class _Question:
    """One ``<question>`` being read: its element, line, and the reading to note into."""

    def __init__(self, element: ET.Element, line: int, reading: Reading, label: str) -> None:
        self.element = element
        self.line = line
        self.reading = reading
        self.label = label  # "question q7" for messages

    def note(self, message: str) -> None:
        self.reading.note(self.line, f"{self.label}: {message}")

    def child(self, *path: str) -> ET.Element | None:
        node: ET.Element | None = self.element
        for name in path:
            node = node.find(name) if node is not None else None
        return node

    def value(self, name: str, default: str = "") -> str:
        node = self.element.find(name)
        return (node.text or "").strip() if node is not None else default

    def markdown(self, node: ET.Element | None, *, inline: bool = False) -> str:
        """The MyST text of a Moodle text element (``format`` attribute and ``<text>``)."""
        if node is None:
            return ""
        text_node = node.find("text")
        raw = (text_node.text or "") if text_node is not None else ""
        text_format = node.get("format", "html")
        if text_format == "markdown":
            return raw.strip()
        source = html.escape(raw) if text_format == "plain_text" else raw
        converted = html_to_myst(source, inline=inline)
        for src in converted.media:
            self.note(f"media {src!r} is not imported: add it to the course and link it")
        for dropped in converted.dropped:
            self.note(f"{dropped} removed from the imported HTML")
        for file in node.findall("file"):
            name = file.get("name", "")
            # A file the HTML shows is named above, as @@PLUGINFILE@@/<name>.
            if not any(src.endswith("/" + name) for src in converted.media):
                self.note(f"embedded file {name!r} is not imported")
        return converted.text


def read_moodle(path: str, data: bytes) -> Reading:
    """Read a Moodle XML question file; raise :class:`QuizgenError` if it is not one."""
    document = parse_xml(path, data)
    root = document.root
    if root.tag != "quiz":
        message = f"not a Moodle XML question file: the root element is <{root.tag}>, not <quiz>"
        raise QuizgenError([Problem(path, document.line(root), message)])
    reading = Reading(path, "moodle")
    problems: list[Problem] = []
    category: str | None = None
    for element in root.findall("question"):
        kind = element.get("type", "")
        line = document.line(element)
        if kind == "category":
            category = _category(element)
            continue
        try:
            draft = _read_question(element, line, kind, reading, category)
        except QuizgenError as error:
            problems.extend(error.problems)
            continue
        if draft is not None:
            reading.drafts.append(draft)
    if problems:
        raise QuizgenError(problems)
    return reading


def _category(element: ET.Element) -> str | None:
    """``$course$/top/Title//with slash`` is ``Title/with slash``; None for the top."""
    node = element.find("category/text")
    raw = (node.text or "").strip() if node is not None else ""
    parts = raw.replace("//", "\0").split("/")
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    name = "/".join(part.replace("\0", "/") for part in parts if part)
    return name or None


def _read_question(
    element: ET.Element, line: int, kind: str, reading: Reading, category: str | None
) -> Draft | None:
    name_node = element.find("name/text")
    name = (name_node.text or "").strip() if name_node is not None else ""
    idnumber = (element.findtext("idnumber") or "").strip()
    label = f"question {idnumber or name or '(no name)'}"
    question = _Question(element, line, reading, label)
    reader = READERS.get(kind)
    if reader is None:
        known = OTHER_TYPES.get(kind, kind or "(no type)")
        reading.note(line, f"{label}: Moodle type {kind} ({known}) has no bank type; skipped")
        return None
    body = reader(question)
    if body is None:
        return None
    stem = question.markdown(question.child("questiontext"))
    if not stem:
        raise QuizgenError([Problem(reading.path, line, f"{label}: the question has no text")])
    explanation = question.markdown(question.child("generalfeedback"))
    if not explanation:
        explanation = MISSING_EXPLANATION
        question.note("no general feedback; the bank's explanation says to write one")
    tags = [(node.text or "") for node in element.findall("tags/tag/text")]
    objective, metadata, _ = metadata_from_tags(tags)
    fields: dict[str, Any] = {"type": body.pop("type"), "stem": stem, **body}
    fields["explanation"] = explanation
    points = _points(question)
    if points is not None:
        fields["points"] = points
    fields.update(metadata)
    return Draft(
        line=line,
        fields=fields,
        lms_id=idnumber or name or None,
        objective=objective,
        category=category,
        path=reading.path,
    )


def _points(question: _Question) -> float | int | None:
    raw = question.value("defaultgrade")
    try:
        value = float(raw)
    except ValueError:
        return None
    if value == 1 or value <= 0:
        return None
    return int(value) if value.is_integer() else value


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _flag(text: str, default: bool) -> bool:
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    return default


def _fail(question: _Question, message: str) -> QuizgenError:
    return QuizgenError(
        [Problem(question.reading.path, question.line, f"{question.label}: {message}")]
    )


def _choices(question: _Question) -> dict[str, Any]:
    answers = question.element.findall("answer")
    single = _flag(question.value("single", "true"), True)
    fractions = [_fraction(answer) for answer in answers]
    if len(answers) < 2:
        raise _fail(question, "a multichoice question needs at least two answers")
    if max(fractions) <= 0:
        raise _fail(question, "no answer has a positive grade: there is no correct answer")
    if single:
        best = max(fractions)
        correct = [fraction == best for fraction in fractions]
        if correct.count(True) > 1:
            raise _fail(
                question, "a single-answer question has more than one answer at the top grade"
            )
        if best < 100 or any(0 < fraction < best for fraction in fractions):
            question.note("partial grades become one correct answer; the others count as wrong")
    else:
        correct = [fraction > 0 for fraction in fractions]
    options = []
    for answer, is_correct in zip(answers, correct, strict=True):
        option: dict[str, Any] = {"text": question.markdown(answer, inline=True)}
        if is_correct:
            option["correct"] = True
        feedback = question.markdown(answer.find("feedback"), inline=True)
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    fields: dict[str, Any] = {"type": "single" if single else "multiple", "options": options}
    if not _flag(question.value("shuffleanswers", "true"), True):
        fields["shuffle"] = False
    if not single:
        _note_partial_grades(question, fractions, correct)
    return fields


def _note_partial_grades(question: _Question, fractions: list[float], correct: list[bool]) -> None:
    """Say so when Moodle's grades differ from the even shares our export would write."""
    ours = MultipleQuestion(
        id="x",
        objective="x",
        stem="x",
        explanation="x",
        options=tuple(Option(text=str(i), correct=flag) for i, flag in enumerate(correct)),
    )
    expected = [round(grade * 100, 5) for grade in multiple_fractions(ours)]
    if any(abs(a - b) > 1e-4 for a, b in zip(fractions, expected, strict=True)):
        question.note(
            "Moodle's partial grades become correct (positive) or wrong; check the grading"
        )


def _truefalse(question: _Question) -> dict[str, Any]:
    answers = question.element.findall("answer")
    truth = None
    for answer in answers:
        word = (answer.findtext("text") or "").strip().lower()
        if _fraction(answer) >= 100 and word in ("true", "false"):
            truth = word == "true"
        if question.markdown(answer.find("feedback"), inline=True):
            question.note("true/false feedback per answer has no place in a bank; left out")
    if truth is None:
        raise _fail(question, "neither true nor false is marked correct (grade 100)")
    return {"type": "truefalse", "answer": truth}


def _shortanswer(question: _Question) -> dict[str, Any]:
    accept = []
    for answer in question.element.findall("answer"):
        text = (answer.findtext("text") or "").strip()
        fraction = _fraction(answer)
        if fraction >= 100 and text:
            if "*" in text.replace("\\*", ""):
                question.note(f"the wildcard in {text!r} is kept as a plain asterisk")
            accept.append(text.replace("\\*", "*"))
        elif fraction > 0:
            question.note(f"the partly right answer {text!r} (grade {fraction:g}) is left out")
    if not accept:
        raise _fail(question, "no answer has grade 100: there is no correct answer")
    if question.value("usecase") == "1":
        question.note("answers compared case-sensitively in Moodle are compared ignoring case here")
    return {"type": "text", "accept": list(dict.fromkeys(accept))}


def _numerical(question: _Question) -> dict[str, Any]:
    found = []
    for answer in question.element.findall("answer"):
        if _fraction(answer) < 100:
            continue
        try:
            value = float((answer.findtext("text") or "").strip())
            tolerance = float((answer.findtext("tolerance") or "0").strip() or "0")
        except ValueError:
            continue
        found.append((value, abs(tolerance)))
    if not found:
        raise _fail(question, "no numeric answer has grade 100: there is no correct answer")
    if len(found) > 1:
        question.note("only the first fully right numeric answer is kept")
    if question.element.find("units/unit") is not None:
        question.note("units are not imported; say the unit in the question text")
    value, tolerance = found[0]
    fields: dict[str, Any] = {"type": "numeric", "answer": _number(value)}
    if tolerance:
        fields["tolerance"] = _number(tolerance)
    return fields


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _matching(question: _Question) -> dict[str, Any]:
    pairs = []
    for sub in question.element.findall("subquestion"):
        left = question.markdown(sub, inline=True)
        right_text = " ".join((sub.findtext("answer/text") or "").split())
        if not left:
            question.note(f"the extra answer {right_text!r} (a distractor) is left out")
            continue
        right = html_to_myst(html.escape(right_text), inline=True).text
        pairs.append({"left": left, "right": right})
    if len(pairs) < 2:
        raise _fail(question, "a matching question needs at least two pairs")
    return {"type": "match", "pairs": pairs}


def _essay(question: _Question) -> dict[str, Any]:
    info = question.child("graderinfo")
    model, rubric = _grader_info(question, info)
    if not model:
        model = MISSING_MODEL_ANSWER
        question.note("no grader information; the bank's model answer says to write one")
    fields: dict[str, Any] = {"type": "essay", "model_answer": model}
    if rubric:
        fields["rubric"] = rubric
    return fields


def _grader_info(question: _Question, info: ET.Element | None) -> tuple[str, list[str]]:
    """Our own layout (Model answer, then Rubric as a list) back to its parts; else all as model."""
    if info is None:
        return "", []
    raw = info.findtext("text") or ""
    model_head, rubric_head = (
        "<p><strong>Model answer</strong></p>",
        "<p><strong>Rubric</strong></p>",
    )
    if raw.startswith(model_head):
        body, _, rubric_html = raw[len(model_head) :].partition(rubric_head)
        model = html_to_myst(body).text
        rubric = []
        if rubric_html.startswith("<ul>") and rubric_html.endswith("</ul>"):
            for item in rubric_html[4:-5].split("</li>"):
                if item.startswith("<li>"):
                    rubric.append(html_to_myst(item[4:], inline=True).text)
        return model, rubric
    return question.markdown(info), []


def _ordering(question: _Question) -> dict[str, Any]:
    answers = question.element.findall("answer")
    ranked = sorted(enumerate(answers), key=lambda pair: (_fraction(pair[1]), pair[0]))
    items = [question.markdown(answer, inline=True) for _, answer in ranked]
    if len(items) < 2 or len(set(items)) != len(items):
        raise _fail(question, "an ordering question needs two or more different items")
    return {"type": "order", "items": items}


READERS: dict[str, Callable[[_Question], dict[str, Any] | None]] = {
    "multichoice": _choices,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "essay": _essay,
    "ordering": _ordering,
}
