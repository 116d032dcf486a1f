"""Moodle XML: every type of ours, as Moodle's question bank import reads it.

The elements are those ``question/format/xml/format.php`` reads: a
``category`` question per section, then per question its name, question text
and general feedback (HTML), ``defaultgrade`` (our points), ``idnumber`` (our
id) and tags (objective, use, difficulty, source and our tags, which Moodle
has no fields for). Grades are percentages from Moodle's allowed list
(:mod:`quizgen.interchange.fractions`). Order questions use the ``ordering``
type, part of Moodle since 4.4 (a plugin before).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typing_extensions import assert_never

from quizgen.bank.model import (
    AnyQuestion,
    ChoiceQuestion,
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from quizgen.interchange.base import Export, Quiz
from quizgen.interchange.fractions import multiple_fractions, percent
from quizgen.interchange.text import html_block, html_inline, metadata_tags, number, one_line


def _text(parent: ET.Element, tag: str, value: str, text_format: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": text_format} if text_format else {})
    ET.SubElement(element, "text").text = value
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def short_answer(text: str) -> str:
    """An accepted answer as Moodle's short-answer type reads it: ``*`` is a wildcard there."""
    return text.strip().replace("*", "\\*")


class Moodle:
    """The Moodle XML exporter."""

    name = "moodle"
    label = "Moodle XML"
    suffix = ".xml"

    def export(self, quiz: Quiz) -> Export:
        out = Export(b"")
        root = ET.Element("quiz")
        root.append(ET.Comment(f" {quiz.title}: written by quizgen "))
        for section in quiz.sections:
            category = ET.SubElement(root, "question", {"type": "category"})
            _text(category, "category", f"$course$/top/{section.title.replace('/', '//')}")
            _text(category, "info", "", "moodle_auto_format")
            for question in section.questions:
                root.append(self._question(question))
                out.written += 1
        ET.indent(root, space="  ")
        xml = ET.tostring(root, encoding="unicode", xml_declaration=False)
        out.content = ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")
        return out

    def _question(self, question: AnyQuestion) -> ET.Element:
        element = ET.Element("question", {"type": _moodle_type(question)})
        _text(element, "name", question.id)
        _text(element, "questiontext", html_block(question.stem), "html")
        _text(element, "generalfeedback", html_block(question.explanation), "html")
        _value(element, "defaultgrade", number(question.points))
        _value(element, "penalty", "0.3333333")
        _value(element, "hidden", "0")
        _value(element, "idnumber", question.id)
        _body(element, question)
        tags = ET.SubElement(element, "tags")
        for tag in metadata_tags(question):
            _text(tags, "tag", tag)
        return element


def _body(element: ET.Element, question: AnyQuestion) -> None:
    """What the question's type adds (the one per-type choice of Moodle XML)."""
    match question:
        case SingleQuestion():
            _choices(element, question, [1.0 if o.correct else 0.0 for o in question.options])
        case MultipleQuestion():
            _choices(element, question, multiple_fractions(question))
        case TrueFalseQuestion():
            for flag in (True, False):
                word = "true" if flag else "false"
                answer = _text(element, "answer", word, "moodle_auto_format")
                answer.set("fraction", "100" if flag == question.answer else "0")
        case OrderQuestion():
            for key, value in (
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", "0"),
                ("gradingtype", "ABSOLUTE_POSITION"),
                ("showgrading", "SHOW"),
                ("numberingstyle", "none"),
            ):
                _value(element, key, value)
            for position, item in enumerate(question.items, start=1):  # in the right order
                answer = _text(element, "answer", html_inline(item), "html")
                answer.set("fraction", f"{position}.0")
        case MatchQuestion():
            _value(element, "shuffleanswers", "true")
            for pair in question.pairs:
                sub = _text(element, "subquestion", html_inline(pair.left), "html")
                answer = ET.SubElement(sub, "answer")  # Moodle shows the right side as text
                ET.SubElement(answer, "text").text = one_line(pair.right)
        case TextQuestion():
            _value(element, "usecase", "0")
            for accepted in question.accept:
                answer = _text(element, "answer", short_answer(accepted), "moodle_auto_format")
                answer.set("fraction", "100")
        case NumericQuestion():
            answer = _text(element, "answer", number(question.answer), "moodle_auto_format")
            answer.set("fraction", "100")
            _value(answer, "tolerance", number(question.tolerance))
        case EssayQuestion():
            for key, value in (
                ("responseformat", "editor"),
                ("responserequired", "1"),
                ("responsefieldlines", "15"),
                ("attachments", "0"),
                ("attachmentsrequired", "0"),
            ):
                _value(element, key, value)
            _text(element, "graderinfo", _grader_info(question), "html")
            _text(element, "responsetemplate", "", "html")
        case _:
            assert_never(question)


def _choices(element: ET.Element, question: ChoiceQuestion, grades: list[float]) -> None:
    """A multichoice body: one answer per option, with its grade and feedback."""
    single = isinstance(question, SingleQuestion)
    _value(element, "single", "true" if single else "false")
    _value(element, "shuffleanswers", "true" if question.shuffle else "false")
    _value(element, "answernumbering", "abc")
    for option, grade in zip(question.options, grades, strict=True):
        answer = _text(element, "answer", html_inline(option.text), "html")
        answer.set("fraction", percent(grade))
        if option.feedback:
            _text(answer, "feedback", html_inline(option.feedback), "html")


def _moodle_type(question: AnyQuestion) -> str:
    match question:
        case SingleQuestion() | MultipleQuestion():
            return "multichoice"
        case TrueFalseQuestion():
            return "truefalse"
        case OrderQuestion():
            return "ordering"
        case MatchQuestion():
            return "matching"
        case TextQuestion():
            return "shortanswer"
        case NumericQuestion():
            return "numerical"
        case EssayQuestion():
            return "essay"
        case _:
            assert_never(question)


def _grader_info(question: EssayQuestion) -> str:
    """The model answer and the rubric, for whoever grades the essay in Moodle."""
    model = f"<p><strong>Model answer</strong></p>{html_block(question.model_answer)}"
    if not question.rubric:
        return model
    points = "".join(f"<li>{html_inline(point)}</li>" for point in question.rubric)
    return f"{model}<p><strong>Rubric</strong></p><ul>{points}</ul>"
