"""QTI 2.1: every type of ours as an IMS content package of items and one assessment test.

The ``.zip`` holds ``imsmanifest.xml`` (IMS Content Packaging 1.1), one
``assessmentItem`` per question in ``items/<id>.xml`` and ``test.xml``, an
``assessmentTest`` with one ``testPart`` and one ``assessmentSection`` per
section of the quiz. Every item validates against ``imsqti_v2p1.xsd`` and the
manifest against ``imscp_v1p1.xsd`` with the IMS Metadata 1.2 it imports.

How our questions are written (the inverse is :mod:`quizgen.interchange.qti21_reader`):

- ``single``: ``choiceInteraction maxChoices="1"``; ``multiple``: ``maxChoices="0"``
  with a ``multiple`` response whose mapping gives the correct options
  ``points / correct`` each and the wrong ones ``-points / wrong``, bounded by 0 and
  ``points``, so that ticking everything scores 0 (as the Moodle export does).
- ``truefalse``: a ``choiceInteraction`` of two ``simpleChoice``: ``true`` "True"
  and ``false`` "False", not shuffled.
- ``order``: ``orderInteraction`` (always shuffled), an ``ordered`` response whose
  correct value is the items as the bank writes them; all or nothing.
- ``match``: ``matchInteraction`` of two ``simpleMatchSet`` (lefts, rights), a
  ``directedPair`` response, one point share per right pair.
- ``text``: ``textEntryInteraction``, a ``string`` response: the first accepted
  answer is the correct response and every accepted answer maps to the points,
  ``caseSensitive="false"`` (QTI does not fold white space as we do).
- ``numeric``: ``textEntryInteraction``, a ``float`` response, scored with
  ``equal`` ``toleranceMode="absolute"`` (``exact`` when the tolerance is 0).
- ``essay``: ``extendedTextInteraction``; the model answer and the rubric are
  ``rubricBlock view="scorer"`` (classes ``quizgen-model-answer``, ``quizgen-rubric``)
  after the interaction.

Response processing is written out in full, not as a ``template``: the
``match_correct`` and ``map_response`` rules scaled to the question's points
(also the ``SCORE`` outcome's ``normalMaximum``), plus one rule setting the
``FEEDBACK`` outcome, which shows the feedback. A player that honoured a
template would skip that rule. Per-option feedback is a ``feedbackInline`` in
its ``simpleChoice`` (shown when the option was chosen); the explanation is a
``modalFeedback`` ``EXPLANATION`` shown after every attempt.

QTI item identifiers must start with a letter or ``_`` (TAO and others check
it; the XSD is laxer). An id of ours starting with a digit gets a leading
``_``, which the reader takes off again: our ids never start with one.

Objective, use, difficulty, source and tags go in each item's IMS Metadata
(LOM) in the manifest: ``general/keyword`` holds the same tags as every other
format (``objective:X``, ``use:Y``...), and LOM's own fields say objective
(a ``classification`` whose purpose is ``educational objective``) and
difficulty (``educational/difficulty``) for systems that read LOM.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
from quizgen.interchange.text import html_block, html_inline, metadata_tags, number
from quizgen.render.archive import zip_bytes
from quizgen.render.markup import plain_text

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
TEST_FILE = "test.xml"
MANIFEST_FILE = "imsmanifest.xml"
RESPONSE = "RESPONSE"
EXPLANATION = "EXPLANATION"
MODEL_ANSWER_CLASS = "quizgen-model-answer"
RUBRIC_CLASS = "quizgen-rubric"
LABEL_CLASS = "quizgen-label"
LOM_DIFFICULTY = {"easy": "easy", "medium": "medium", "hard": "difficult"}
OBJECTIVE_PURPOSE = "educational objective"

_XHTML_TAGS = frozenset({
    "p", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "br", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
})  # fmt: skip
_VOID = frozenset({"br", "hr"})
_KEPT_ATTRIBUTES = {("a", "href"), ("code", "class")}
_DROPPED_WORDS = {
    ("ol", "start"): "the start number of a numbered list",
    ("a", "title"): "the title of a link",
}


def qti_identifier(question_id: str) -> str:
    """Our id as a QTI identifier: a leading ``_`` when it starts with a digit."""
    return f"_{question_id}" if question_id[:1].isdigit() else question_id


def bank_identifier(identifier: str) -> str:
    """Undo :func:`qti_identifier`: ``_988-line`` is ``988-line``; other identifiers as they are."""
    return identifier[1:] if identifier[:1] == "_" and identifier[1:2].isdigit() else identifier


_SCHEMAS = {
    QTI: QTI_XSD,
    CP: "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    MD: "http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
}


def _namespaces(default: str, **prefixed: str) -> dict[str, str]:
    """The root's namespace declarations and schema locations, written as plain attributes.

    The trees are built with plain names (``imsmd:lom``, ``xml:lang``) and these
    declarations, so that the files say ``xmlns="..."`` as QTI tools expect
    rather than ElementTree's ``ns0:`` prefixes.
    """
    declared = {"xmlns": default, **{f"xmlns:{p}": uri for p, uri in prefixed.items()}}
    declared["xmlns:xsi"] = XSI
    locations = [default, *prefixed.values()]
    declared["xsi:schemaLocation"] = " ".join(f"{uri} {_SCHEMAS[uri]}" for uri in locations)
    return declared


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


# -- bank Markdown as QTI XHTML ------------------------------------------------------------------


class _Xhtml(HTMLParser):
    """markdown-it's HTML rebuilt as QTI XHTML elements, with only the attributes QTI allows."""

    def __init__(self, parent: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [parent]
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _XHTML_TAGS:  # markdown-it with html off writes no other tag
            self.dropped.append(f"the HTML element <{tag}>")
            return
        kept: dict[str, str] = {}
        for name, value in attrs:
            if (tag, name) in _KEPT_ATTRIBUTES and value is not None:
                kept[name] = value
            else:
                self.dropped.append(_DROPPED_WORDS.get((tag, name), f"{name} on <{tag}>"))
        element = ET.SubElement(self.stack[-1], tag, kept)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        open_tags = [element.tag for element in self.stack[1:]]
        if tag in _VOID or tag not in open_tags:
            return  # a stray end tag closes nothing
        while self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        current = self.stack[-1]
        if len(current):
            last = current[-1]
            last.tail = (last.tail or "") + data
        else:
            current.text = (current.text or "") + data


# Text with no tag or entity, bare or as one paragraph: what _Xhtml would make of it.
_PLAIN_PARAGRAPH = re.compile(r"<p>([^<&]+)</p>|[^<&]+")


class _Writer:
    """One question's XML being written: what QTI's XHTML could not take is said once."""

    def __init__(self, question: AnyQuestion, out: Export) -> None:
        self.question = question
        self.out = out
        self.dropped: list[str] = []

    def xhtml(self, parent: ET.Element, html: str) -> ET.Element:
        """Append *html* (bank Markdown as HTML) to *parent* as QTI XHTML."""
        plain = _PLAIN_PARAGRAPH.fullmatch(html)  # most options and feedback: nothing to parse
        if plain and not len(parent):
            if plain.group(1) is None:
                parent.text = (parent.text or "") + html
            else:
                _el(parent, "p", plain.group(1))
            return parent
        parser = _Xhtml(parent)
        parser.feed(html)
        parser.close()
        self.dropped.extend(parser.dropped)
        return parent

    def block(self, parent: ET.Element, markdown: str) -> ET.Element:
        return self.xhtml(parent, html_block(markdown))

    def inline(self, parent: ET.Element, markdown: str) -> ET.Element:
        return self.xhtml(parent, html_inline(markdown))

    def report(self) -> None:
        for what in dict.fromkeys(self.dropped):
            message = f"QTI 2.1 cannot carry {what} (its XHTML has no place for it); left out"
            self.out.leave_out(self.question, message)


# -- one item --------------------------------------------------------------------------------------


@dataclass
class _Parts:
    """What a question's type adds to its item."""

    response: ET.Element  # the responseDeclaration
    interaction: ET.Element  # in the itemBody, after the stem
    scoring: list[ET.Element]  # response rules that set SCORE
    chosen_feedback: bool = False  # FEEDBACK also holds the chosen options (feedbackInline)
    after: list[ET.Element] = field(default_factory=list)  # itemBody blocks after the interaction


def item_xml(question: AnyQuestion, out: Export, title: str | None = None) -> ET.Element:
    """The ``assessmentItem`` of *question*; what QTI cannot carry goes to *out*.

    *title* is :func:`item_title` of the question, when the caller has it already.
    """
    writer = _Writer(question, out)
    parts = _parts(question, writer)
    item = _el(
        None,
        "assessmentItem",
        **_namespaces(QTI),
        identifier=qti_identifier(question.id),
        title=item_title(question) if title is None else title,
        adaptive="false",
        timeDependent="false",
        toolName="quizgen",
    )
    item.append(parts.response)
    _outcomes(item, question.points)
    body = writer.block(_el(item, "itemBody"), question.stem)
    inline = parts.interaction.tag == "textEntryInteraction"
    (_el(body, "p") if inline else body).append(parts.interaction)
    body.extend(parts.after)
    processing = _el(item, "responseProcessing")
    processing.extend(parts.scoring)
    processing.append(_feedback_rule(parts.chosen_feedback))
    explanation = _el(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=EXPLANATION)
    explanation.set("showHide", "show")
    explanation.set("title", "Explanation")
    writer.block(explanation, question.explanation)
    writer.report()
    return item


def _outcomes(item: ET.Element, points: float) -> None:
    """SCORE (0 to *points*) and FEEDBACK (the identifiers of the feedback to show)."""
    score = _el(item, "outcomeDeclaration", identifier="SCORE", cardinality="single")
    score.set("baseType", "float")
    score.set("normalMaximum", number(points))
    _el(_el(score, "defaultValue"), "value", "0")
    feedback = _el(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple")
    feedback.set("baseType", "identifier")


def item_title(question: AnyQuestion) -> str:
    """The item's title: its stem as plain text, on one line, cut at 80 characters."""
    text = " ".join(plain_text(question.stem).split())
    if len(text) <= 80:
        return text or question.id
    return text[:79].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _parts(question: AnyQuestion, writer: _Writer) -> _Parts:
    """The one per-type choice of the item: response, interaction and scoring."""
    match question:
        case SingleQuestion() | MultipleQuestion():
            return _choice(question, writer)
        case TrueFalseQuestion():
            return _truefalse(question)
        case OrderQuestion():
            return _order(question, writer)
        case MatchQuestion():
            return _match(question, writer)
        case TextQuestion():
            return _text(question)
        case NumericQuestion():
            return _numeric(question)
        case EssayQuestion():
            return _essay(question, writer)
        case _:
            assert_never(question)


def _response(cardinality: str, base_type: str, correct: Iterable[str]) -> ET.Element:
    response = _el(None, "responseDeclaration", identifier=RESPONSE, cardinality=cardinality)
    response.set("baseType", base_type)
    values = list(correct)
    if values:
        holder = _el(response, "correctResponse")
        for value in values:
            _el(holder, "value", value)
    return response


def _mapping(
    response: ET.Element, entries: Iterable[tuple[str, float]], upper: float | None, **extra: str
) -> None:
    mapping = _el(response, "mapping", defaultValue="0")
    if upper is not None:
        mapping.set("lowerBound", "0")
        mapping.set("upperBound", number(upper))
    for key, value in entries:
        _el(mapping, "mapEntry", mapKey=key, mappedValue=number(value), **extra)


def _set_score(value: ET.Element) -> ET.Element:
    rule = _el(None, "setOutcomeValue", identifier="SCORE")
    rule.append(value)
    return rule


def _float(value: float) -> ET.Element:
    return _el(None, "baseValue", number(value), baseType="float")


def _variable_and_correct(parent: ET.Element) -> ET.Element:
    _el(parent, "variable", identifier=RESPONSE)
    _el(parent, "correct", identifier=RESPONSE)
    return parent


def _score_if(condition: ET.Element, points: float) -> list[ET.Element]:
    """``match_correct`` scaled: *points* when *condition* holds, else 0."""
    rule = _el(None, "responseCondition")
    then = _el(rule, "responseIf")
    then.append(condition)
    then.append(_set_score(_float(points)))
    _el(rule, "responseElse").append(_set_score(_float(0)))
    return [rule]


def _matches(points: float) -> list[ET.Element]:
    return _score_if(_variable_and_correct(_el(None, "match")), points)


def _mapped() -> list[ET.Element]:
    """``map_response``: the sum of the mapped values of the response."""
    value = _el(None, "mapResponse", identifier=RESPONSE)
    return [_set_score(value)]


def _feedback_rule(chosen: bool) -> ET.Element:
    """FEEDBACK: the explanation's identifier, and the chosen options when they have feedback."""
    rule = _el(None, "setOutcomeValue", identifier="FEEDBACK")
    values = _el(rule, "multiple")
    if chosen:
        _el(values, "variable", identifier=RESPONSE)
    _el(values, "baseValue", EXPLANATION, baseType="identifier")
    return rule


def _choice(question: ChoiceQuestion, writer: _Writer) -> _Parts:
    ids = [f"choice-{n}" for n in range(1, len(question.options) + 1)]
    correct = [ident for ident, o in zip(ids, question.options, strict=True) if o.correct]
    multiple = isinstance(question, MultipleQuestion)
    response = _response("multiple" if multiple else "single", "identifier", correct)
    interaction = _el(None, "choiceInteraction", responseIdentifier=RESPONSE)
    interaction.set("shuffle", "true" if question.shuffle else "false")
    interaction.set("maxChoices", "0" if multiple else "1")
    for ident, option in zip(ids, question.options, strict=True):
        choice = writer.inline(_el(interaction, "simpleChoice", identifier=ident), option.text)
        if option.feedback:
            feedback = _el(choice, "feedbackInline", outcomeIdentifier="FEEDBACK")
            feedback.set("identifier", ident)
            feedback.set("showHide", "show")
            writer.inline(feedback, option.feedback)
    if not multiple:
        return _Parts(response, interaction, _matches(question.points), chosen_feedback=True)
    wrong = len(ids) - len(correct)
    shares = [
        question.points / len(correct) if o.correct else -question.points / wrong
        for o in question.options
    ]
    _mapping(response, zip(ids, shares, strict=True), question.points)
    return _Parts(response, interaction, _mapped(), chosen_feedback=True)


def _truefalse(question: TrueFalseQuestion) -> _Parts:
    response = _response("single", "identifier", ["true" if question.answer else "false"])
    interaction = _el(None, "choiceInteraction", responseIdentifier=RESPONSE)
    interaction.set("shuffle", "false")
    interaction.set("maxChoices", "1")
    _el(interaction, "simpleChoice", "True", identifier="true")
    _el(interaction, "simpleChoice", "False", identifier="false")
    return _Parts(response, interaction, _matches(question.points))


def _order(question: OrderQuestion, writer: _Writer) -> _Parts:
    ids = [f"item-{n}" for n in range(1, len(question.items) + 1)]
    response = _response("ordered", "identifier", ids)  # the bank writes the right order
    interaction = _el(None, "orderInteraction", responseIdentifier=RESPONSE, shuffle="true")
    for ident, text in zip(ids, question.items, strict=True):
        writer.inline(_el(interaction, "simpleChoice", identifier=ident), text)
    return _Parts(response, interaction, _matches(question.points))


def _match(question: MatchQuestion, writer: _Writer) -> _Parts:
    count = len(question.pairs)
    lefts = [f"left-{n}" for n in range(1, count + 1)]
    rights = [f"right-{n}" for n in range(1, count + 1)]
    pairs = [f"{left} {right}" for left, right in zip(lefts, rights, strict=True)]
    response = _response("multiple", "directedPair", pairs)
    _mapping(response, ((pair, question.points / count) for pair in pairs), question.points)
    interaction = _el(None, "matchInteraction", responseIdentifier=RESPONSE, shuffle="true")
    interaction.set("maxAssociations", str(count))
    for idents, side in ((lefts, "left"), (rights, "right")):
        match_set = _el(interaction, "simpleMatchSet")
        for ident, pair in zip(idents, question.pairs, strict=True):
            choice = _el(match_set, "simpleAssociableChoice", identifier=ident, matchMax="1")
            writer.inline(choice, pair.left if side == "left" else pair.right)
    return _Parts(response, interaction, _mapped())


def _text(question: TextQuestion) -> _Parts:
    accepted = [answer.strip() for answer in question.accept]
    response = _response("single", "string", accepted[:1])
    entries = ((answer, question.points) for answer in accepted)
    _mapping(response, entries, None, caseSensitive="false")
    interaction = _el(None, "textEntryInteraction", responseIdentifier=RESPONSE)
    return _Parts(response, interaction, _mapped())


def _numeric(question: NumericQuestion) -> _Parts:
    response = _response("single", "float", [number(question.answer)])
    equal = _el(None, "equal")
    if question.tolerance:
        equal.set("toleranceMode", "absolute")
        equal.set("tolerance", number(question.tolerance))
    else:
        equal.set("toleranceMode", "exact")
    interaction = _el(None, "textEntryInteraction", responseIdentifier=RESPONSE)
    return _Parts(response, interaction, _score_if(_variable_and_correct(equal), question.points))


def _essay(question: EssayQuestion, writer: _Writer) -> _Parts:
    response = _response("single", "string", [])
    interaction = _el(None, "extendedTextInteraction", responseIdentifier=RESPONSE)
    after = [_scorer_block(MODEL_ANSWER_CLASS, "Model answer")]
    writer.block(after[0], question.model_answer)
    if question.rubric:
        rubric = _scorer_block(RUBRIC_CLASS, "Rubric")
        points = _el(rubric, "ul")
        for point in question.rubric:
            writer.inline(_el(points, "li"), point)
        after.append(rubric)
    return _Parts(response, interaction, [], after=after)


def _scorer_block(css_class: str, label: str) -> ET.Element:
    """A ``rubricBlock`` only scorers see, headed by *label*."""
    block = _el(None, "rubricBlock", view="scorer", **{"class": css_class})
    _el(_el(block, "p", **{"class": LABEL_CLASS}), "strong", label)
    return block


# -- the test, the manifest and the package --------------------------------------------------------


@dataclass
class _Entry:
    """One item file of the package and the resource naming it."""

    question: AnyQuestion
    href: str  # items/<id>.xml
    resource: str  # its resource identifier in the manifest
    title: str = ""  # the item's title, in the item and in the manifest (worked out once)


@dataclass
class _Package:
    """Item files in the order first met, and the test's sections referring to them."""

    entries: dict[str, _Entry] = field(default_factory=dict)  # by question id
    sections: list[tuple[str, list[_Entry]]] = field(default_factory=list)

    def add(self, title: str, questions: Iterable[AnyQuestion]) -> None:
        refs = []
        for question in questions:
            if question.id not in self.entries:
                href = f"items/{question.id}.xml"
                self.entries[question.id] = _Entry(question, href, f"item-{question.id}")
            refs.append(self.entries[question.id])
        if refs:  # an empty section has nothing to hand on
            self.sections.append((title, refs))


class Qti21:
    """The QTI 2.1 content package exporter."""

    name = "qti21"
    label = "QTI 2.1"
    suffix = ".zip"

    def export(self, quiz: Quiz) -> Export:
        out = Export(b"")
        package = _Package()
        for section in quiz.sections:
            package.add(section.title, section.questions)
        files: dict[str, bytes] = {MANIFEST_FILE: b"", TEST_FILE: b""}  # first in the zip
        for entry in package.entries.values():  # items first: a stem is rendered once
            entry.title = item_title(entry.question)
            files[entry.href] = _document(item_xml(entry.question, out, entry.title))
        files[MANIFEST_FILE] = _document(_manifest(quiz, package))
        files[TEST_FILE] = _document(_test(quiz, package))
        out.written = sum(len(refs) for _, refs in package.sections)
        out.content = zip_bytes(files)
        return out


def _package_id(quiz: Quiz, package: _Package) -> str:
    """A stable identifier for the package: the same quiz, the same identifier."""
    seed = "\n".join([quiz.title, *package.entries])
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def _test(quiz: Quiz, package: _Package) -> ET.Element:
    test = _el(
        None,
        "assessmentTest",
        **_namespaces(QTI),
        identifier=f"test-{_package_id(quiz, package)}",
        title=" ".join(quiz.title.split()) or "Questions",
        toolName="quizgen",
    )
    _el(test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _el(test, "testPart", identifier="part-1", navigationMode="nonlinear")
    part.set("submissionMode", "individual")
    number_ref = 0
    for n, (title, refs) in enumerate(package.sections or [("Questions", [])], start=1):
        section = _el(part, "assessmentSection", identifier=f"section-{n}", title=title)
        section.set("visible", "true")
        for entry in refs:
            number_ref += 1
            _el(section, "assessmentItemRef", identifier=f"item-{number_ref}", href=entry.href)
    total = _el(_el(test, "outcomeProcessing"), "setOutcomeValue", identifier="SCORE")
    _el(_el(total, "sum"), "testVariables", variableIdentifier="SCORE")
    return test


def _md(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    return _el(parent, f"imsmd:{tag}", text, **attrib)


def _langstring(parent: ET.Element, tag: str, text: str, lang: str | None = "x-none") -> None:
    holder = _md(parent, tag)
    string = _md(holder, "langstring", text)
    if lang:
        string.set("xml:lang", lang)


def _vocabulary(parent: ET.Element, tag: str, value: str) -> None:
    """A LOM vocabulary value: ``<tag><source>LOMv1.0</source><value>value</value></tag>``."""
    holder = _md(parent, tag)
    _langstring(holder, "source", "LOMv1.0")
    _langstring(holder, "value", value)


def _lom(parent: ET.Element, title: str, question: AnyQuestion | None = None) -> None:
    lom = _md(parent, "lom")
    general = _md(lom, "general")
    if question is not None:
        _md(general, "identifier", question.id)
    _langstring(general, "title", title, None)
    if question is None:
        return
    for tag in metadata_tags(question):
        _langstring(general, "keyword", tag)
    if question.difficulty:
        _vocabulary(_md(lom, "educational"), "difficulty", LOM_DIFFICULTY[question.difficulty])
    classification = _md(lom, "classification")
    _vocabulary(classification, "purpose", OBJECTIVE_PURPOSE)
    taxon = _md(_md(classification, "taxonpath"), "taxon")
    _md(taxon, "id", question.objective)
    _langstring(taxon, "entry", question.objective)


_SLOT = "\ue000quizgen-resources\ue000"  # where the items' resources go (a private-use character)


def _manifest(quiz: Quiz, package: _Package) -> str:
    """The manifest's text, as :func:`_document` would write its whole tree.

    The items' resources are written one by one: a tree holding the metadata of
    every item of a large bank costs the garbage collector more than writing it.
    """
    manifest = _el(None, "manifest", **_namespaces(CP, imsmd=MD))
    manifest.set("identifier", f"manifest-{_package_id(quiz, package)}")
    metadata = _el(manifest, "metadata")
    _el(metadata, "schema", "QTIv2.1 Package")
    _el(metadata, "schemaversion", "1.0.0")
    _lom(metadata, " ".join(quiz.title.split()))
    _el(manifest, "organizations")
    resources = _el(manifest, "resources")
    test = _resource(resources, "test", TEST_TYPE, TEST_FILE)
    for entry in package.entries.values():
        _el(test, "dependency", identifierref=entry.resource)
    if not package.entries:
        return _xml(manifest)
    test.tail = _SLOT  # _indent keeps a tail that is not white space
    before, after = _xml(manifest).split(_SLOT)
    parts = [before]
    for entry in package.entries.values():  # the resources' children are at level 2
        resource = _resource(None, entry.resource, ITEM_TYPE, entry.href, entry)
        parts += ["\n    ", _xml(resource, level=2)]
    parts += ["\n  ", after]
    return "".join(parts)


def _resource(
    parent: ET.Element | None, ident: str, kind: str, href: str, entry: _Entry | None = None
) -> ET.Element:
    resource = _el(parent, "resource", identifier=ident, type=kind, href=href)
    if entry is not None:
        metadata = _el(resource, "metadata")
        _el(metadata, "schema", "IMS QTI Item")
        _el(metadata, "schemaversion", "2.1")
        _lom(metadata, entry.title, entry.question)
    _el(resource, "file", href=href)
    return resource


# -- bytes ----------------------------------------------------------------------------------------

_CONTENT_HOLDERS = _XHTML_TAGS | {
    "simpleChoice",
    "simpleAssociableChoice",
    "modalFeedback",
    "feedbackInline",
    "rubricBlock",
}


def _xml(element: ET.Element, level: int = 0) -> str:
    """*element* as text, indented as if at *level*, never inside text content.

    Writes what ``ET.tostring`` writes once the structure is indented (white space
    between elements replaced by a line break and two spaces a level, and none
    added inside text, where it is content), in one pass: ElementTree's writer
    first walks the tree for namespaces these files do not use, and was half of
    an export's time. ``tests/test_interchange_qti21.py`` holds the two equal.
    """
    parts: list[str] = []
    _write(element, level, parts.append)
    return "".join(parts)


def _write(element: ET.Element, level: int, write: Callable[[str], object]) -> None:
    tag = element.tag
    start = (
        "<"
        + tag
        + "".join(f' {name}="{_escape_attribute(value)}"' for name, value in element.items())
    )
    text = element.text
    if not len(element):
        write(f"{start}>{_escape_text(text)}</{tag}>" if text else start + " />")
        return
    write(start + ">")
    if tag in _CONTENT_HOLDERS:  # mixed content: written as it is
        if text:
            write(_escape_text(text))
        for child in element:
            _write_as_is(child, write)
    else:
        pad = "\n" + "  " * (level + 1)
        write(_escape_text(text) if text and text.strip() else pad)
        last = len(element) - 1
        for index, child in enumerate(element):
            _write(child, level + 1, write)
            tail = child.tail
            write(
                _escape_text(tail) if tail and tail.strip() else pad if index < last else pad[:-2]
            )
    write(f"</{tag}>")


def _write_as_is(element: ET.Element, write: Callable[[str], object]) -> None:
    tag = element.tag
    start = (
        "<"
        + tag
        + "".join(f' {name}="{_escape_attribute(value)}"' for name, value in element.items())
    )
    if element.text or len(element):
        write(start + ">")
        if element.text:
            write(_escape_text(element.text))
        for child in element:
            _write_as_is(child, write)
        write(f"</{tag}>")
    else:
        write(start + " />")
    if element.tail:
        write(_escape_text(element.tail))


def _attributes(element: ET.Element) -> str:
    return "".join(f' {name}="{_escape_attribute(value)}"' for name, value in element.items())


def _escape_text(text: str) -> str:
    """Text content escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    return _escape_text(value).translate(_ATTRIBUTE_ESCAPES)


_ATTRIBUTE_ESCAPES = str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def _document(root: ET.Element | str) -> bytes:
    """*root* (a tree, or its text) as a UTF-8 XML file with its declaration."""
    xml = root if isinstance(root, str) else _xml(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")
