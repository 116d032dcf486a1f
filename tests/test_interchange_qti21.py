"""QTI 2.1 out and in: valid against the IMS schemas, what a player shows, and back unchanged.

The package is checked as a QTI 2.1 system would take it: every item and the
test against ``imsqti_v2p1.xsd``, the manifest against ``imscp_v1p1.xsd`` (with
the IMS Metadata schema it imports), offline, with ``xmlschema``; then read as
a player reads it (stem, choices, the correct response). Import reads our own
packages back to the same bytes, and reads other systems' items without
keeping anything that could run.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import xmlschema
import yaml

from quizgen.bank.loader import load_bank
from quizgen.bank.model import Bank
from quizgen.bank.problems import QuizgenError
from quizgen.interchange import qti21
from quizgen.interchange.base import Export, Quiz, Section, quiz_of_banks
from quizgen.interchange.qti21 import Qti21
from quizgen.interchange.qti21_reader import read_qti21
from quizgen.interchange.reading import Reading

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "tests" / "schemas" / "qti21"
ALL_TYPES = ROOT / "tests" / "data" / "all-types.bank.yaml"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
MD = "{http://www.imsglobal.org/xsd/imsmd_v1p2}"

HOSTILE = r"""
bank: hostile
title: Hostile <text> & "quotes"
objectives:
  H-1: Survive odd text.
  H.2: Another objective.
questions:
  - id: 988-crisis.line_1
    type: single
    objective: H-1
    difficulty: hard
    points: 2.5
    stem: |
      Is `x < y && y > z` "true"? Use **bold** & *em* — naïve café {braces} 🚓.

      - one
      - two <script>alert(1)</script>
    options:
      - text: 'Yes: a < b & "c"'
        correct: true
        feedback: "Right {because} <b>not bold</b>"
      - text: No {really}
    shuffle: false
    explanation: See [the source](https://example.org/a?b=1&c=2) & `a < b`.
    source: 'Smith & Jones, "Crisis" <2020>'
    tags: [odd-tag, "x{y}"]
  - id: h-multi
    type: multiple
    objective: H.2
    use: exam
    stem: Pick the ones with 'quotes' & {braces}.
    options:
      - text: "'a' & b"
        correct: true
      - text: "{c}"
        correct: true
      - text: "<d>"
      - text: '"e"'
    explanation: Two are right.
  - id: h-text
    type: text
    objective: H-1
    stem: Type "a<b".
    accept: ["a<b", "A < B & {c}"]
    explanation: Either.
  - id: h-num
    type: numeric
    objective: H-1
    use: practice
    stem: Pi to two places?
    answer: 3.14
    tolerance: 0.005
    explanation: Close enough is 3.135 to 3.145.
  - id: h-order
    type: order
    objective: H-1
    stem: Order these "things".
    items: ["<first>", "second & third", "{fourth}"]
    explanation: As listed.
  - id: h-match
    type: match
    objective: H-1
    points: 3
    stem: Match the pairs.
    pairs:
      - {left: "a < b", right: "\"quoted\""}
      - {left: "ünï", right: "{c}"}
    explanation: Pairs.
  - id: h-essay
    type: essay
    objective: H-1
    stem: Write about "<things>".
    model_answer: |
      First paragraph & more.

      Second paragraph {with braces}.
    rubric: ["Mentions <x>", "Uses *care*"]
    explanation: Compare.
  - id: h-tf
    type: truefalse
    objective: H-1
    stem: "True & false?"
    answer: false
    explanation: False.
"""

FOREIGN_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 imsqti_v2p1.xsd"
    identifier="i1512054542437185" title="Warm hand-off" adaptive="false"
    timeDependent="false" toolName="TAO" toolVersion="3.3.0">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>choice_2</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="FEEDBACKBASIC" cardinality="single" baseType="identifier"/>
  <itemBody>
    <div class="grid-row"><div class="col-12">
      <p>Where does a <strong>warm hand-off</strong> take the person?</p>
      <p><img src="images/ambulance.png" alt="An ambulance" onerror="alert(2)"/></p>
      <script>alert(document.cookie)</script>
      <p onclick="steal()">Choose one.</p>
    </div></div>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
      <prompt>Pick the best place.</prompt>
      <simpleChoice identifier="choice_1">The county jail</simpleChoice>
      <simpleChoice identifier="choice_2">A crisis centre that <em>never</em> refuses</simpleChoice>
      <simpleChoice identifier="choice_3">The emergency room waiting area</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing
      template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
  <modalFeedback identifier="correct" outcomeIdentifier="FEEDBACKBASIC" showHide="show"
      >A no-refusal centre takes everyone the officer brings.</modalFeedback>
</assessmentItem>
"""

HOTSPOT_ITEM = """<?xml version="1.0" encoding="UTF-8"?>

<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="hot-1"
    title="Exit" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <prompt>Click the exit.</prompt>
      <object type="image/png" data="floor.png" width="200" height="100"/>
      <hotspotChoice identifier="A" shape="rect" coords="0,0,10,10"/>
    </hotspotInteraction>
  </itemBody>
</assessmentItem>
"""

NO_CORRECT_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand -->
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1"
    title="Q" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody>
    <p>Which?</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <simpleChoice identifier="a">A</simpleChoice>
      <simpleChoice identifier="b">B</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>
"""

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m1">
  <organizations/>
  <resources>
    <resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/warm.xml">
      <file href="items/warm.xml"/>
    </resource>
    <resource identifier="r2" type="imsqti_item_xmlv2p1" href="items/hot.xml">
      <file href="items/hot.xml"/>
    </resource>
  </resources>
</manifest>
"""


# -- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def qti_schema() -> xmlschema.XMLSchema:
    """The QTI 2.1 XSD, loaded once (a few seconds)."""
    return xmlschema.XMLSchema(str(SCHEMAS / "qtiv2p1" / "imsqti_v2p1.xsd"))


@pytest.fixture(scope="session")
def cp_schema() -> xmlschema.XMLSchema:
    """IMS Content Packaging 1.1, which imports IMS Metadata 1.2.4 for the LOM in resources."""
    return xmlschema.XMLSchema(str(SCHEMAS / "imscp_v1p1.xsd"))


@pytest.fixture(scope="module")
def all_types() -> Bank:
    return load_bank(ALL_TYPES)


@pytest.fixture(scope="module")
def package(all_types: Bank) -> bytes:
    return Qti21().export(quiz_of_banks([all_types])).content


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def errors(schema: xmlschema.XMLSchema, data: bytes) -> list[str]:
    return [str(error).splitlines()[0] for error in schema.iter_errors(data.decode("utf-8"))]


def invalid_files(
    content: bytes, qti_schema: xmlschema.XMLSchema, cp_schema: xmlschema.XMLSchema
) -> dict[str, list[str]]:
    found = {}
    for name, data in members(content).items():
        schema = cp_schema if name == "imsmanifest.xml" else qti_schema
        problems = errors(schema, data)
        if problems:
            found[name] = problems
    return found


BLOCKS = {f"{QTI}{tag}" for tag in ("p", "li", "ul", "ol", "pre", "blockquote", "h1", "h2")}


def text_of(element: ET.Element, skip: tuple[str, ...] = ()) -> str:
    """What a player shows of *element*: its text, blocks apart, without the elements in *skip*."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in skip:
            shown = text_of(child, skip)
            parts.append(f" {shown} " if child.tag in BLOCKS else shown)
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def item(content: bytes, question_id: str) -> ET.Element:
    return ET.fromstring(members(content)[f"items/{question_id}.xml"])


@dataclass
class View:
    """What a QTI player shows of an item, and the declaration it scores with."""

    stem: str
    choices: dict[str, str]  # by identifier
    correct: list[str]  # the correct response's values
    declaration: ET.Element

    def correct_choices(self) -> list[str]:
        return [self.choices[value] for value in self.correct]


def player_view(root: ET.Element) -> View:
    """Stem, choices and the correct response of an item, as a player shows them."""
    body = root.find(f"{QTI}itemBody")
    declaration = root.find(f"{QTI}responseDeclaration")
    assert body is not None and declaration is not None
    choices = {
        str(choice.get("identifier")): text_of(choice, (f"{QTI}feedbackInline",))
        for choice in body.iter()
        if choice.tag in (f"{QTI}simpleChoice", f"{QTI}simpleAssociableChoice")
    }
    return View(
        stem=" ".join(text_of(p) for p in body if p.tag == f"{QTI}p"),
        choices=choices,
        correct=[value.text or "" for value in declaration.iter(f"{QTI}value")],
        declaration=declaration,
    )


def bank_from(reading: Reading, bank_id: str, category: str | None = None) -> Bank:
    """The bank an instructor gets: ids from the LMS ids, objectives from the metadata.

    The drafts of one *category* (a section of the package), or all of them.
    """
    drafts = [d for d in reading.drafts if category is None or d.category == category]
    objectives: dict[str, str] = {}
    questions = []
    for draft in drafts:
        assert draft.lms_id and draft.objective, draft
        objectives.setdefault(draft.objective, f"Objective {draft.objective}.")
        fields = dict(draft.fields)
        kind = fields.pop("type")
        questions.append({"id": draft.lms_id, "type": kind, "objective": draft.objective, **fields})
    titles = {draft.category for draft in drafts}
    assert len(titles) == 1, titles
    data = {
        "bank": bank_id,
        "title": titles.pop(),
        "objectives": objectives,
        "questions": questions,
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return load_bank(f"{bank_id}.bank.yaml", text)


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# -- the package ----------------------------------------------------------------------------------


def test_every_file_of_the_all_types_package_validates(
    package: bytes, qti_schema: xmlschema.XMLSchema, cp_schema: xmlschema.XMLSchema
) -> None:
    assert invalid_files(package, qti_schema, cp_schema) == {}
    assert len([name for name in members(package) if name.startswith("items/")]) == 10


def test_every_item_of_the_course_validates(
    qti_schema: xmlschema.XMLSchema, cp_schema: xmlschema.XMLSchema
) -> None:
    banks = [load_bank(path) for path in sorted(ROOT.glob("curriculum/**/*.bank.yaml"))]
    out = Qti21().export(quiz_of_banks(banks))
    questions = sum(len(bank.questions) for bank in banks)
    files = members(out.content)
    assert len([name for name in files if name.startswith("items/")]) == questions > 400
    assert out.written == questions and out.left_out == []
    assert invalid_files(out.content, qti_schema, cp_schema) == {}


def _indent_as_elementtree_would(element: ET.Element, level: int = 0) -> None:
    """The reference for the exporter's writer: indent, never inside text content."""
    if element.tag in qti21._CONTENT_HOLDERS or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    if not (element.text or "").strip():
        element.text = pad
    for child in element:
        _indent_as_elementtree_would(child, level + 1)
        if not (child.tail or "").strip():
            child.tail = pad
    if not (element[-1].tail or "").strip():
        element[-1].tail = pad[:-2]


def test_the_writer_writes_what_elementtree_writes() -> None:
    """Every item and manifest entry of the course, and of odd text, against ``ET.tostring``."""
    banks = [load_bank(path) for path in sorted(ROOT.glob("curriculum/**/*.bank.yaml"))]
    banks.append(load_bank(ROOT / "tests" / "data" / "hostile.bank.yaml"))
    questions = [question for bank in banks for question in bank.questions]
    trees = [qti21.item_xml(question, Export(b"")) for question in questions]
    quiz = quiz_of_banks(banks)
    package = qti21._Package()
    for section in quiz.sections:
        package.add(section.title, section.questions)
    for entry in package.entries.values():
        entry.title = qti21.item_title(entry.question)
        trees.append(qti21._resource(None, entry.resource, "t", entry.href, entry))
    trees.append(ET.fromstring('<a x="&quot;&#10;&#9;&lt;"><b>1 &amp; 2<c/>tail &gt;</b> </a>'))
    for tree in trees:
        ours = qti21._xml(tree, level=2)
        _indent_as_elementtree_would(tree, level=2)
        assert ours == ET.tostring(tree, encoding="unicode")
    assert len(trees) > 2 * 400


def test_the_schemas_catch_a_broken_item(
    package: bytes, qti_schema: xmlschema.XMLSchema, cp_schema: xmlschema.XMLSchema
) -> None:
    """The validation above can fail: an identifier starting with a digit, an unknown LOM tag."""
    files = members(package)
    broken_item = files["items/at-single.xml"].replace(b'identifier="choice-1"', b'identifier="1"')
    assert errors(qti_schema, broken_item)
    manifest = files["imsmanifest.xml"].replace(b"<imsmd:general>", b"<imsmd:general><imsmd:x/>")
    assert errors(cp_schema, manifest)


def test_the_manifest_names_exactly_the_files_of_the_zip(package: bytes) -> None:
    files = members(package)
    manifest = ET.fromstring(files["imsmanifest.xml"])
    resources = {res.get("identifier"): res for res in manifest.iter(f"{CP}resource")}
    named = {file.get("href") for file in manifest.iter(f"{CP}file")}
    assert named == set(files) - {"imsmanifest.xml"}
    for resource in resources.values():
        assert resource.get("href") in files
        for dependency in resource.iter(f"{CP}dependency"):
            assert dependency.get("identifierref") in resources
    kinds = sorted(str(resource.get("type")) for resource in resources.values())
    assert kinds == ["imsqti_item_xmlv2p1"] * 10 + ["imsqti_test_xmlv2p1"]
    test = ET.fromstring(files["test.xml"])
    refs = [ref.get("href") for ref in test.iter(f"{QTI}assessmentItemRef")]
    items = [
        res.get("href")
        for res in resources.values()
        if res.get("type", "").endswith("item_xmlv2p1")
    ]
    assert refs == items
    sections = [section.get("title") for section in test.iter(f"{QTI}assessmentSection")]
    assert sections == ["Every question type"]


def test_the_same_quiz_gives_the_same_bytes(all_types: Bank, package: bytes) -> None:
    again = Qti21().export(quiz_of_banks([load_bank(ALL_TYPES)])).content
    assert again == package
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert [info.filename for info in infos][:2] == ["imsmanifest.xml", "test.xml"]


def test_a_single_question_shows_its_stem_choices_feedback_and_right_answer(
    package: bytes,
) -> None:
    root = item(package, "at-single")
    view = player_view(root)
    assert root.get("identifier") == "at-single"
    assert view.stem == (
        'A man on a bridge rail says "nobody listens to me". What is the best first reply?'
    )
    assert list(view.choices.values()) == [
        '"It sounds like you feel nobody hears you."',
        '"Step down now."',
        '"Calm down."',
    ]
    assert view.correct_choices() == ['"It sounds like you feel nobody hears you."']
    interaction = root.find(f".//{QTI}choiceInteraction")
    assert interaction is not None and interaction.get("maxChoices") == "1"
    feedback = [text_of(f) for f in root.iter(f"{QTI}feedbackInline")]
    assert feedback[1] == "A command this early can escalate."
    explanation = root.find(f"{QTI}modalFeedback")
    assert explanation is not None and explanation.get("showHide") == "show"
    assert text_of(explanation) == "Active listening comes first on the Behavioral Change Stairway."
    emphasis = root.find(f".//{QTI}itemBody/{QTI}p/{QTI}em")
    assert emphasis is not None and emphasis.text == "best"


def test_a_multiple_question_scores_zero_when_every_option_is_ticked(package: bytes) -> None:
    root = item(package, "at-multiple")
    view = player_view(root)
    assert view.declaration.get("cardinality") == "multiple"
    assert view.correct_choices() == ["Paraphrasing", "Minimal encouragers"]
    mapping = view.declaration.find(f"{QTI}mapping")
    assert mapping is not None and mapping.get("lowerBound") == "0"
    values = {str(e.get("mapKey")): float(e.get("mappedValue", "")) for e in mapping}
    assert sum(values.values()) == 0  # all three ticked
    assert sum(values[key] for key in view.correct) == 1
    interaction = root.find(f".//{QTI}choiceInteraction")
    assert interaction is not None and interaction.get("maxChoices") == "0"


def test_true_false_order_and_match_as_a_player_shows_them(package: bytes) -> None:
    truefalse = player_view(item(package, "at-truefalse"))
    assert truefalse.choices == {"true": "True", "false": "False"}
    assert truefalse.correct_choices() == ["False"]

    order = player_view(item(package, "at-order"))
    assert order.correct_choices() == [
        "Active listening",
        "Empathy",
        "Rapport",
        "Influence",
        "Behavioral change",
    ]
    assert order.declaration.get("cardinality") == "ordered"

    root = item(package, "at-match")
    match = player_view(root)
    pairs = [tuple(match.choices[side] for side in pair.split()) for pair in match.correct]
    assert pairs[1] == ("Paraphrasing", '"So the landlord changed the locks."')
    assert match.declaration.get("baseType") == "directedPair"
    interaction = root.find(f".//{QTI}matchInteraction")
    assert interaction is not None and interaction.get("maxAssociations") == "3"


def test_text_numeric_and_essay_as_a_player_shows_them(package: bytes) -> None:
    text = player_view(item(package, "at-text"))
    mapping = text.declaration.find(f"{QTI}mapping")
    assert mapping is not None
    assert [(e.get("mapKey"), e.get("caseSensitive")) for e in mapping] == [
        ("988", "false"),
        ("nine eight eight", "false"),
    ]
    assert text.correct == ["988"]
    assert item(package, "at-text").find(f".//{QTI}p/{QTI}textEntryInteraction") is not None

    root = item(package, "at-numeric")
    numeric = player_view(root)
    assert numeric.correct == ["40"] and numeric.declaration.get("baseType") == "float"
    equal = root.find(f".//{QTI}equal")
    assert equal is not None and equal.get("toleranceMode") == "exact"

    essay = item(package, "at-essay")
    blocks = {b.get("class"): text_of(b) for b in essay.iter(f"{QTI}rubricBlock")}
    assert blocks == {
        "quizgen-model-answer": (
            "Model answer Introduce yourself, speak calmly, ask what they are experiencing."
        ),
        "quizgen-rubric": "Rubric Introduces self by name Asks an open question",
    }
    assert {b.get("view") for b in essay.iter(f"{QTI}rubricBlock")} == {"scorer"}


def test_metadata_travels_in_the_manifest(package: bytes) -> None:
    manifest = ET.fromstring(members(package)["imsmanifest.xml"])
    resource = next(
        r for r in manifest.iter(f"{CP}resource") if r.get("href") == "items/at-single.xml"
    )
    keywords = [k.findtext(f"{MD}langstring") for k in resource.iter(f"{MD}keyword")]
    assert keywords == [
        "objective:AT-1",
        "use:both",
        "difficulty:easy",
        "source:FBI Law Enforcement Bulletin, 2015",
        "suicide",
        "active-listening",
    ]
    assert resource.findtext(f".//{MD}taxon/{MD}id") == "AT-1"
    assert resource.findtext(f".//{MD}difficulty/{MD}value/{MD}langstring") == "easy"
    secure = next(
        r for r in manifest.iter(f"{CP}resource") if r.get("href") == "items/at-secure.xml"
    )
    assert "use:exam" in [k.findtext(f"{MD}langstring") for k in secure.iter(f"{MD}keyword")]


def test_an_id_starting_with_a_digit_and_points_survive(
    qti_schema: xmlschema.XMLSchema, cp_schema: xmlschema.XMLSchema
) -> None:
    bank = load_bank("hostile.bank.yaml", HOSTILE)
    out = Qti21().export(quiz_of_banks([bank]))
    assert invalid_files(out.content, qti_schema, cp_schema) == {}
    root = item(out.content, "988-crisis.line_1")
    assert root.get("identifier") == "_988-crisis.line_1"
    score = root.find(f"{QTI}outcomeDeclaration")
    assert score is not None and score.get("normalMaximum") == "2.5"
    assert [v.text for v in root.iter(f"{QTI}baseValue") if v.get("baseType") == "float"] == [
        "2.5",
        "0",
    ]
    reading = read_qti21("hostile.zip", out.content)
    assert reading.drafts[0].lms_id == "988-crisis.line_1"
    assert reading.drafts[0].fields["points"] == 2.5
    assert out.left_out == []


def test_what_qti_xhtml_cannot_hold_is_said(qti_schema: xmlschema.XMLSchema) -> None:
    stem = '    stem: |\n      3. [Pi](https://example.org "the number") to\n      4. two places?'
    bank_text = HOSTILE.replace("    stem: Pi to two places?", stem)
    bank = load_bank("hostile.bank.yaml", bank_text)
    out = Qti21().export(quiz_of_banks([bank]))
    where = f"hostile.bank.yaml:{line_of(bank_text, '  - id: h-num')}: question h-num"
    assert [str(item) for item in out.left_out] == [  # one line for the question
        f"{where}: QTI 2.1 cannot carry the start number of a numbered list "
        "(its XHTML has no place for it); left out; "
        "QTI 2.1 cannot carry the title of a link (its XHTML has no place for it); left out",
    ]
    numeric = members(out.content)["items/h-num.xml"]
    assert errors(qti_schema, numeric) == []
    assert b'<ol><li><a href="https://example.org">Pi</a> to</li>' in numeric.replace(b"\n", b"")


# -- import ----------------------------------------------------------------------------------------


def test_all_types_come_back_to_the_same_bytes(all_types: Bank, package: bytes) -> None:
    reading = read_qti21("all-types.zip", package)
    assert reading.notes == []
    assert [draft.lms_id for draft in reading.drafts] == [q.id for q in all_types.questions]
    first = reading.drafts[0]
    assert first.path == "all-types.zip/items/at-single.xml"
    assert first.category == "Every question type" and first.objective == "AT-1"
    assert first.fields["options"][0] == {
        "text": '"It sounds like you feel nobody hears you."',
        "correct": True,
        "feedback": "Emotion labeling shows you are listening.",
    }
    again = Qti21().export(quiz_of_banks([bank_from(reading, "all-types")])).content
    assert again == package


def test_a_hostile_bank_comes_back_to_the_same_bytes() -> None:
    bank = load_bank("hostile.bank.yaml", HOSTILE)
    content = Qti21().export(quiz_of_banks([bank])).content
    reading = read_qti21("hostile.zip", content)
    assert reading.notes == []
    fields = {draft.lms_id: draft.fields for draft in reading.drafts}
    assert fields["988-crisis.line_1"]["source"] == 'Smith & Jones, "Crisis" <2020>'
    assert fields["988-crisis.line_1"]["tags"] == ["odd-tag", "x{y}"]
    assert fields["h-text"]["accept"] == ["a<b", "A < B & {c}"]
    assert fields["h-num"]["tolerance"] == 0.005 and fields["h-num"]["use"] == "practice"
    again = Qti21().export(quiz_of_banks([bank_from(reading, "hostile")])).content
    assert again == content


def test_the_course_comes_back_to_the_same_bytes() -> None:
    """Every module bank, one section each: 400-odd real questions out, in, and out again."""
    banks = [load_bank(path) for path in sorted(ROOT.glob("curriculum/**/*.bank.yaml"))]
    content = Qti21().export(quiz_of_banks(banks)).content
    reading = read_qti21("course.zip", content)
    assert reading.notes == []
    assert len(reading.drafts) == sum(len(bank.questions) for bank in banks)
    again = [bank_from(reading, f"b{n}", bank.title) for n, bank in enumerate(banks)]
    assert Qti21().export(quiz_of_banks(again)).content == content


def test_two_sections_become_two_categories() -> None:
    bank = load_bank(ALL_TYPES)
    quiz = Quiz(
        "Final",
        (Section("Part A", bank.questions[:2]), Section("Part B", bank.questions[2:4])),
    )
    reading = read_qti21("final.zip", Qti21().export(quiz).content)
    assert reading.title == "Final"
    assert [d.category for d in reading.drafts] == ["Part A", "Part A", "Part B", "Part B"]


def test_an_item_from_another_system_reads_without_anything_that_could_run() -> None:
    reading = read_qti21("warm.xml", FOREIGN_ITEM.encode())
    [draft] = reading.drafts
    line = line_of(FOREIGN_ITEM, "<assessmentItem")
    assert (draft.line, draft.lms_id, draft.path) == (line, "i1512054542437185", "warm.xml")
    fields = draft.fields
    assert fields["type"] == "single"
    assert [option.get("correct", False) for option in fields["options"]] == [False, True, False]
    assert fields["options"][1]["text"] == "A crisis centre that *never* refuses"
    assert "**warm hand-off**" in fields["stem"] and "Pick the best place." in fields["stem"]
    assert fields["explanation"] == "A no-refusal centre takes everyone the officer brings."
    everything = yaml.safe_dump(fields)
    for word in ("script", "alert", "cookie", "onclick", "steal", "onerror"):
        assert word not in everything
    notes = [str(note) for note in reading.notes]
    assert any(
        "images/ambulance.png" in note
        and note.startswith(f"warm.xml:{line}: question i1512054542437185: media")
        for note in notes
    )


def test_a_hotspot_item_is_skipped_with_its_name_and_line() -> None:
    content = zip_of(
        {"imsmanifest.xml": MANIFEST, "items/warm.xml": FOREIGN_ITEM, "items/hot.xml": HOTSPOT_ITEM}
    )
    reading = read_qti21("pkg.zip", content)
    assert [draft.lms_id for draft in reading.drafts] == ["i1512054542437185"]
    assert reading.drafts[0].path == "pkg.zip/items/warm.xml"
    line = line_of(HOTSPOT_ITEM, "<assessmentItem")
    assert line == 3
    skipped = (
        f"pkg.zip/items/hot.xml:{line}: question hot-1: "
        "QTI 2.1 hotspotInteraction has no bank type; skipped"
    )
    assert skipped in [str(note) for note in reading.notes]


@pytest.mark.parametrize(
    ("name", "data", "line", "message"),
    [
        ("a.xml", b"this is not XML", 1, "not well-formed XML"),
        ("a.xml", b"", 1, "the file is empty"),
        ("a.xml", b'<?xml version="1.0"?>\n<quiz/>', 2, "not a QTI 2.1 assessmentItem"),
        ("a.xml", b"<questestinterop/>", 1, "a QTI 1.2 file"),
        ("a.xml", b'<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>', 1, "refused for safety"),
        ("a.zip", b"PK\x03\x04 broken", 1, "not a zip file"),
        ("a.zip", zip_of({"items/q1.xml": NO_CORRECT_ITEM}), 1, "no imsmanifest.xml"),
        ("q1.xml", NO_CORRECT_ITEM.encode(), 3, "question q1: no correct response"),
    ],
)
def test_bad_input_says_file_and_line(name: str, data: bytes, line: int, message: str) -> None:
    with pytest.raises(QuizgenError) as raised:
        read_qti21(name, data)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (name, line)
    assert message in problem.message


def test_a_missing_item_file_is_named_at_its_manifest_line() -> None:
    content = zip_of({"imsmanifest.xml": MANIFEST, "items/warm.xml": FOREIGN_ITEM})
    with pytest.raises(QuizgenError) as raised:
        read_qti21("pkg.zip", content)
    [problem] = raised.value.problems
    assert problem.path == "pkg.zip/imsmanifest.xml"
    assert problem.line == line_of(MANIFEST, '    <resource identifier="r2"')
    assert "items/hot.xml, which is not in the package" in problem.message
    assert posixpath.basename(problem.path) == "imsmanifest.xml"
