"""QTI 1.2 for Canvas: the ``.zip`` Canvas's "QTI .zip file" import reads (Blackboard, D2L too).

The package is ``imsmanifest.xml`` (one resource of type ``imsqti_xmlv1p2``,
as Canvas's own QTI export writes it) and one assessment,
``<questestinterop><assessment><section>...<item>``, with one QTI section per
section of the quiz. Each item is written the way Canvas writes and reads
its classic quiz questions (``lib/cc/qti/qti_items.rb`` in
instructure/canvas-lms, read back through the QTIMigrationTool and
``gems/plugins/qti_exporter``):

- ``itemmetadata/qtimetadata`` carries ``question_type``, ``points_possible``
  (our points), ``original_answer_ids`` and
  ``assessment_question_identifierref`` (our id, also the item's ``ident``
  and ``title``). Our objective, use, difficulty, source and tags follow as
  further ``qtimetadatafield`` s; Canvas's converter reports them as unmapped
  and drops them, other readers may keep them.
- Stems, options and feedback are HTML in ``mattext texttype="text/html"``
  (bank Markdown through :mod:`quizgen.interchange.text`, so raw HTML in a
  bank arrives as text). Answer idents are numbers, as Canvas's are: its
  importer takes an answer's id from the digits, and sorts feedback by the
  words in its ident, so a question id never goes into them.
- ``resprocessing`` sets ``SCORE`` to 100 for the right answer, after the
  per-option feedback conditions (Canvas keeps the weight of the last
  condition naming an option). The explanation is ``itemfeedback
  ident="general_fb"`` (Canvas's general feedback, shown whatever the answer),
  an option's feedback is ``<answer ident>_fb``, both linked by
  ``displayfeedback``.

Per type: single ``multiple_choice_question``; multiple
``multiple_answers_question`` (all or nothing); truefalse
``true_false_question``; match ``matching_question`` (the right sides as
plain text, listed alphabetically, Canvas keeps no formatting there); text
``short_answer_question`` (Canvas compares case-insensitively after trimming,
but does not fold inner white space as our banks do); numeric
``numerical_question`` with an exact answer and a margin; essay
``essay_question`` with the model answer and rubric in the general feedback
(the trainee compares with them after answering). Canvas classic quizzes have
no ordering type: Canvas's own QTI import makes an ordering question a
matching question (``gems/plugins/qti_exporter/lib/qti/order_interaction.rb``),
so an order question goes out as that matching question, one drop-down per
position, and the change is reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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
from quizgen.interchange.base import Export, Quiz, Section
from quizgen.interchange.text import html_block, html_inline, number, one_line
from quizgen.render.archive import zip_bytes

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
CP_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"
RESOURCE_TYPE = "imsqti_xmlv1p2"  # Canvas's QTI_ASSESSMENT_TYPE (lib/cc/cc_helper.rb)
MANIFEST = "imsmanifest.xml"
RESPONSE = "response1"
GENERAL_FEEDBACK = "general_fb"
ORDER_MESSAGE = (
    "QTI 1.2 for Canvas cannot carry an order question (Canvas classic quizzes have no "
    "ordering type); written as a matching question, one drop-down per position"
)


@dataclass
class Body:
    """What a question's type puts in its item: responses, scoring and option feedback."""

    question_type: str  # Canvas's question_type
    responses: list[ET.Element]  # response_lid / response_str, after the stem
    conditions: list[ET.Element]  # respconditions, after the general feedback one
    answer_ids: list[str] = field(default_factory=list)  # Canvas's original_answer_ids
    feedback: list[tuple[str, str]] = field(default_factory=list)  # (ident, html)


class Qti12:
    """The QTI 1.2 (Canvas) exporter."""

    name = "qti12"
    label = "QTI 1.2"
    suffix = ".zip"

    def export(self, quiz: Quiz) -> Export:
        """The zip of *quiz*: manifest and assessment, and what Canvas could not take as is."""
        out = Export(b"")
        ident = assessment_ident(quiz.title)
        href = f"{ident}/{ident}.xml"
        files = {
            href: _declared(_assessment(quiz, ident, out)),
            MANIFEST: _document(_manifest(ident, href)),
        }
        out.content = zip_bytes(dict(sorted(files.items())))
        return out


def assessment_ident(title: str) -> str:
    """The assessment's ident (and folder), from the quiz title; capitals keep it apart."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-")
    return f"Quiz-{slug or 'questions'}"


_SLOT = "\ue000quizgen-items\ue000"  # where a section's items go (a private-use character)


def _assessment(quiz: Quiz, ident: str, out: Export) -> str:
    """``questestinterop``: the assessment, one QTI section per section of the quiz.

    Written item by item, as ``ET.indent`` and ``ET.tostring`` of the whole tree
    would write it: a tree of every item of a large bank costs the garbage
    collector more time than writing it (a third of an export of 5,000 questions).
    """
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": QTI_NAMESPACE,
            "xmlns:xsi": XSI_NAMESPACE,
            "xsi:schemaLocation": f"{QTI_NAMESPACE} {QTI_SCHEMA}",
        },
    )
    assessment = ET.SubElement(root, "assessment", {"ident": ident, "title": quiz.title})
    sections = quiz.sections or (Section(quiz.title, ()),)  # the XSD wants one at least
    for place, section in enumerate(sections, start=1):
        element = ET.SubElement(
            assessment, "section", {"ident": f"Section-{place}", "title": section.title}
        )
        if section.questions:
            element.text = _SLOT
    ET.indent(root, space="  ")
    frame = ET.tostring(root, encoding="unicode").split(_SLOT)
    parts = [frame[0]]
    filled = [section for section in sections if section.questions]
    for section, after in zip(filled, frame[1:], strict=True):
        for question in section.questions:
            item = _item(question, out)
            out.written += 1
            ET.indent(item, space="  ", level=3)  # a section's items are at level 3
            parts += ["\n      ", ET.tostring(item, encoding="unicode")]
        parts += ["\n    ", after]
    return "".join(parts)


def _item(question: AnyQuestion, out: Export) -> ET.Element:
    """One question as a Canvas item: metadata, stem and responses, scoring, feedback."""
    body = _body(question, out)
    item = ET.Element("item", {"ident": question.id, "title": question.id})
    _metadata(item, question, body)
    presentation = ET.SubElement(item, "presentation")
    presentation.append(_material(html_block(question.stem)))
    presentation.extend(body.responses)
    general = _general_feedback(question)
    _resprocessing(item, body, with_general=bool(general))
    if general:
        _itemfeedback(item, GENERAL_FEEDBACK, general)
    for ident, html in body.feedback:
        _itemfeedback(item, ident, html)
    return item


def _body(question: AnyQuestion, out: Export) -> Body:
    """The one per-type choice of this format."""
    match question:
        case SingleQuestion():
            return _choice_body(question, "multiple_choice_question")
        case MultipleQuestion():
            return _choice_body(question, "multiple_answers_question")
        case TrueFalseQuestion():
            return _true_false_body(question)
        case OrderQuestion():
            out.leave_out(question, ORDER_MESSAGE)
            positions = [str(place) for place in range(1, len(question.items) + 1)]
            return _matching_body(positions, [one_line(item) for item in question.items])
        case MatchQuestion():
            lefts = [html_inline(pair.left) for pair in question.pairs]
            return _matching_body(lefts, [one_line(pair.right) for pair in question.pairs])
        case TextQuestion():
            return _text_body(question)
        case NumericQuestion():
            return _numeric_body(question)
        case EssayQuestion():
            responses = [_response_str(None)]
            return Body("essay_question", responses, [_condition(_other(), stop=True)])
        case _:
            assert_never(question)


# -- metadata -------------------------------------------------------------------------------


def _metadata(item: ET.Element, question: AnyQuestion, body: Body) -> None:
    """Canvas's four fields, in the order Canvas writes them, then ours."""
    fields = [
        ("question_type", body.question_type),
        ("points_possible", number(question.points)),
    ]
    if body.answer_ids:
        fields.append(("original_answer_ids", ",".join(body.answer_ids)))
    fields.append(("assessment_question_identifierref", question.id))
    fields += _our_fields(question)
    qtimetadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        metadata_field = ET.SubElement(qtimetadata, "qtimetadatafield")
        ET.SubElement(metadata_field, "fieldlabel").text = label
        ET.SubElement(metadata_field, "fieldentry").text = entry


def _our_fields(question: AnyQuestion) -> list[tuple[str, str]]:
    """Objective, use, difficulty, source and tags: fields Canvas has no place for."""
    fields = [("objective", question.objective), ("use", question.use)]
    if question.difficulty:
        fields.append(("difficulty", question.difficulty))
    if question.source:
        fields.append(("source", " ".join(question.source.split())))
    return fields + [("tag", tag) for tag in question.tags]


# -- presentation ---------------------------------------------------------------------------


def _material(text: str, texttype: str = "text/html") -> ET.Element:
    """``material/mattext``: HTML unless told otherwise (the XML escapes it as text)."""
    material = ET.Element("material")
    ET.SubElement(material, "mattext", {"texttype": texttype}).text = text
    return material


def _response_lid(
    ident: str, cardinality: str, labels: Sequence[tuple[str, ET.Element]], shuffle: bool
) -> ET.Element:
    """A choice response: one ``response_label`` per (ident, material)."""
    response = ET.Element("response_lid", {"ident": ident, "rcardinality": cardinality})
    render = ET.SubElement(response, "render_choice", {"shuffle": "Yes" if shuffle else "No"})
    for label_ident, material in labels:
        ET.SubElement(render, "response_label", {"ident": label_ident}).append(material)
    return response


def _response_str(fibtype: str | None) -> ET.Element:
    """A typed response (short answer, number, essay), as Canvas writes one."""
    response = ET.Element("response_str", {"ident": RESPONSE, "rcardinality": "Single"})
    render = ET.SubElement(response, "render_fib", {"fibtype": fibtype} if fibtype else {})
    ET.SubElement(render, "response_label", {"ident": "answer1", "rshuffle": "No"})
    return response


# -- response processing --------------------------------------------------------------------


def _resprocessing(item: ET.Element, body: Body, *, with_general: bool) -> None:
    """SCORE from 0 to 100 as Canvas declares it, then the conditions."""
    resprocessing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(resprocessing, "outcomes")
    ET.SubElement(
        outcomes,
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    if with_general:  # first, as Canvas writes it: shown whatever the answer
        resprocessing.append(_condition(_other(), feedback=GENERAL_FEEDBACK))
    resprocessing.extend(body.conditions)


def _condition(
    test: ET.Element,
    *,
    score: str | None = None,
    action: str = "Set",
    feedback: str | None = None,
    stop: bool = False,
) -> ET.Element:
    """A ``respcondition``: when *test* holds, set (or add to) SCORE and show *feedback*."""
    condition = ET.Element("respcondition", {"continue": "No" if stop else "Yes"})
    ET.SubElement(condition, "conditionvar").append(test)
    if score is not None:
        setvar = ET.SubElement(condition, "setvar", {"action": action, "varname": "SCORE"})
        setvar.text = score
    if feedback:
        link = {"feedbacktype": "Response", "linkrefid": feedback}
        ET.SubElement(condition, "displayfeedback", link)
    return condition


def _equal(value: str, respident: str = RESPONSE) -> ET.Element:
    """``varequal``: the response *respident* is *value*."""
    element = ET.Element("varequal", {"respident": respident})
    element.text = value
    return element


def _other() -> ET.Element:
    """``other``: true whatever the response."""
    return ET.Element("other")


def _group(tag: str, tests: Sequence[ET.Element]) -> ET.Element:
    """``and`` / ``or`` / ``not`` around *tests*."""
    group = ET.Element(tag)
    group.extend(tests)
    return group


# -- per type -------------------------------------------------------------------------------


def _choice_body(question: ChoiceQuestion, question_type: str) -> Body:
    """Single and multiple: numbered options, feedback conditions, then the scoring one."""
    ids = [str(place) for place in range(1, len(question.options) + 1)]
    options = list(zip(ids, question.options, strict=True))
    labels = [(ident, _material(html_inline(option.text))) for ident, option in options]
    cardinality = "Multiple" if isinstance(question, MultipleQuestion) else "Single"
    response = _response_lid(RESPONSE, cardinality, labels, question.shuffle)
    body = Body(question_type, [response], [], answer_ids=ids)
    for ident, option in options:
        if option.feedback:
            body.conditions.append(_condition(_equal(ident), feedback=f"{ident}_fb"))
            body.feedback.append((f"{ident}_fb", html_inline(option.feedback)))
    body.conditions.append(_condition(_choice_test(question, ids), score="100", stop=True))
    return body


def _choice_test(question: ChoiceQuestion, ids: list[str]) -> ET.Element:
    """The right options chosen (and, for multiple, no wrong one), as Canvas tests it."""
    if isinstance(question, SingleQuestion):
        return _equal(ids[question.correct_indexes[0]])
    tests = [
        _equal(ident) if option.correct else _group("not", [_equal(ident)])
        for ident, option in zip(ids, question.options, strict=True)
    ]
    return _group("and", tests)


def _true_false_body(question: TrueFalseQuestion) -> Body:
    """The two answers Canvas recognises by their words, True and False."""
    labels = [("1", _material("True", "text/plain")), ("2", _material("False", "text/plain"))]
    response = _response_lid(RESPONSE, "Single", labels, shuffle=False)
    test = _equal("1" if question.answer else "2")
    return Body(
        "true_false_question", [response], [_condition(test, score="100", stop=True)], ["1", "2"]
    )


def _matching_body(lefts: list[str], rights: list[str]) -> Body:
    """Canvas's matching question: one drop-down of every right side per left side.

    Lefts are HTML and numbered 1..n (``response_<n>``); the distinct right
    sides, alphabetically so that their order gives nothing away, are numbered
    after them. Each right match adds its share of 100 to SCORE.
    """
    choices = sorted(dict.fromkeys(rights), key=lambda text: (text.casefold(), text))
    match_ids = {text: str(len(lefts) + place) for place, text in enumerate(choices, start=1)}
    share = f"{100 / len(lefts):.2f}" if lefts else "100"
    body = Body("matching_question", [], [], answer_ids=[])
    for place, (left, right) in enumerate(zip(lefts, rights, strict=True), start=1):
        respident = f"response_{place}"
        labels = [(match_ids[text], _material(text, "text/plain")) for text in choices]
        response = _response_lid(respident, "Single", labels, shuffle=False)
        response.insert(0, _material(left))
        body.responses.append(response)
        body.answer_ids.append(str(place))
        test = _equal(match_ids[right], respident)
        body.conditions.append(_condition(test, score=share, action="Add"))
    return body


def _text_body(question: TextQuestion) -> Body:
    """Short answer: any accepted answer (case-insensitive) scores 100."""
    accepted = list(dict.fromkeys(" ".join(answer.split()) for answer in question.accept))
    tests = [_equal(answer) for answer in accepted]
    for test in tests:
        test.set("case", "No")
    test = tests[0] if len(tests) == 1 else _group("or", tests)
    ids = [str(place) for place in range(1, len(accepted) + 1)]
    condition = _condition(test, score="100", stop=True)
    return Body("short_answer_question", [_response_str(None)], [condition], answer_ids=ids)


def _numeric_body(question: NumericQuestion) -> Body:
    """Canvas's exact answer with a margin: equal, or within [answer - tol, answer + tol]."""
    tests = [_equal(number(question.answer))]
    if question.tolerance:
        answer, tolerance = Decimal(number(question.answer)), Decimal(number(question.tolerance))
        low = ET.Element("vargte", {"respident": RESPONSE})
        low.text = _decimal(answer - tolerance)
        high = ET.Element("varlte", {"respident": RESPONSE})
        high.text = _decimal(answer + tolerance)
        tests.append(_group("and", [low, high]))
    condition = _condition(_group("or", tests), score="100", stop=True)
    return Body("numerical_question", [_response_str("Decimal")], [condition], answer_ids=["1"])


def _decimal(value: Decimal) -> str:
    """A bound without float noise or exponent: ``39.5``, ``40``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# -- feedback -------------------------------------------------------------------------------


def _general_feedback(question: AnyQuestion) -> str:
    """The explanation as HTML; an essay's model answer and rubric follow it."""
    parts = [html_block(question.explanation)] if question.explanation.strip() else []
    if isinstance(question, EssayQuestion):
        parts.append(f"<p><strong>Model answer</strong></p>{html_block(question.model_answer)}")
        if question.rubric:
            points = "".join(f"<li>{html_inline(point)}</li>" for point in question.rubric)
            parts.append(f"<p><strong>Rubric</strong></p><ul>{points}</ul>")
    return "".join(parts)


def _itemfeedback(item: ET.Element, ident: str, html: str) -> None:
    """One ``itemfeedback``, which a ``displayfeedback linkrefid`` shows."""
    feedback = ET.SubElement(item, "itemfeedback", {"ident": ident})
    ET.SubElement(feedback, "flow_mat").append(_material(html))


# -- package --------------------------------------------------------------------------------


def _manifest(ident: str, href: str) -> ET.Element:
    """An IMS content package manifest naming the assessment, as Canvas's QTI export does."""
    manifest = ET.Element("manifest", {"xmlns": CP_NAMESPACE, "identifier": f"{ident}-manifest"})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(
        resources, "resource", {"identifier": ident, "type": RESOURCE_TYPE, "href": href}
    )
    ET.SubElement(resource, "file", {"href": href})
    return manifest


def _document(root: ET.Element) -> bytes:
    """*root* as an indented UTF-8 XML file."""
    ET.indent(root, space="  ")
    return _declared(ET.tostring(root, encoding="unicode", xml_declaration=False))


def _declared(xml: str) -> bytes:
    """*xml* as a UTF-8 file, with its declaration."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")
