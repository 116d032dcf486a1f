"""``qti12``: the QTI 1.2 zip that Canvas's "QTI .zip file" import reads.

The assessment is checked against the IMS QTI ASI 1.2.1 XSD and the manifest
against the IMS content packaging XSD, offline. Then the XML is read the way
Canvas's importer reads it (``question_type`` metadata, the option whose
ident the condition setting SCORE to 100 names, ``general_fb`` and
``<ident>_fb`` feedback, HTML in ``mattext``) and compared with the bank.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from lxml import etree, html  # type: ignore[import-untyped]

from quizgen.bank.loader import find_banks, load_bank, load_catalog
from quizgen.bank.model import AnyQuestion, Bank, NumericQuestion, SingleQuestion
from quizgen.interchange.base import Export, Quiz, Section, quiz_of_banks
from quizgen.interchange.qti12 import MANIFEST, Qti12, assessment_ident

TESTS = Path(__file__).parent
ROOT = TESTS.parent
ALL_TYPES = TESTS / "data" / "all-types.bank.yaml"
QTI_XSD = TESTS / "schemas" / "qti12" / "main.xsd"
CP_XSD = TESTS / "schemas" / "qti21" / "imscp_v1p1.xsd"
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
NS = {"q": Q[1:-1]}

Element = Any  # lxml has no type stubs here


@cache
def qti_schema() -> xmlschema.XMLSchema:
    """The IMS QTI ASI 1.2.1 XSD, loaded once (it imports xml.xsd beside it)."""
    return xmlschema.XMLSchema(str(QTI_XSD))


@cache
def cp_schema() -> xmlschema.XMLSchema:
    """The IMS content packaging 1.1 XSD, loaded once."""
    return xmlschema.XMLSchema(str(CP_XSD))


@cache
def all_types() -> Bank:
    return load_bank(ALL_TYPES)


def export_banks(*banks: Bank) -> Export:
    return Qti12().export(quiz_of_banks(banks))


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_hrefs(manifest: bytes) -> list[str]:
    root = etree.fromstring(manifest)
    return [str(file.get("href")) for file in root.iter(f"{CP}file")]


def assessment(content: bytes) -> Element:
    """The assessment XML the manifest names, parsed."""
    files = unzip(content)
    (href,) = manifest_hrefs(files[MANIFEST])
    return etree.fromstring(files[href])


def items(content: bytes) -> dict[str, Element]:
    return {str(item.get("ident")): item for item in assessment(content).iter(f"{Q}item")}


def fields(item: Element, label: str) -> list[str]:
    """The entries of every ``qtimetadatafield`` labelled *label*."""
    return [
        str(field.findtext(f"{Q}fieldentry"))
        for field in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)
        if field.findtext(f"{Q}fieldlabel") == label
    ]


def shown(mattext: Element) -> str:
    """What a browser shows of a ``mattext``: its HTML rendered to text."""
    text = str(mattext.text or "")
    if mattext.get("texttype") != "text/html":
        return text
    return " ".join(html.fragment_fromstring(text, create_parent="div").text_content().split())


def label_texts(item: Element, respident: str = "response1") -> dict[str, str]:
    """Option ident -> the option as shown, for one response."""
    response = next(r for r in item.iter(f"{Q}response_lid") if r.get("ident") == respident)
    return {
        str(label.get("ident")): shown(label.find(f"{Q}material/{Q}mattext"))
        for label in response.iter(f"{Q}response_label")
    }


def scoring_condition(item: Element) -> Element:
    """The one ``respcondition`` that sets SCORE to 100, as Canvas grades."""
    (condition,) = [
        condition
        for condition in item.iter(f"{Q}respcondition")
        if any(
            setvar.get("action") == "Set" and setvar.text == "100"
            for setvar in condition.iter(f"{Q}setvar")
        )
    ]
    return condition


def required_idents(item: Element) -> set[str]:
    """Option idents the scoring condition requires (not those under ``not``)."""
    return {
        str(varequal.text)
        for varequal in scoring_condition(item).iter(f"{Q}varequal")
        if varequal.getparent().tag != f"{Q}not"
    }


def feedback(item: Element, ident: str) -> str:
    """The text of ``itemfeedback`` *ident*, as shown."""
    (element,) = [f for f in item.iter(f"{Q}itemfeedback") if f.get("ident") == ident]
    return shown(element.find(f"{Q}flow_mat/{Q}material/{Q}mattext"))


def feedback_links(item: Element) -> dict[str, str]:
    """Option ident -> the feedback ident its condition displays."""
    links = {}
    for condition in item.iter(f"{Q}respcondition"):
        tests = condition.findall(f"{Q}conditionvar/{Q}varequal")
        shows = condition.findall(f"{Q}displayfeedback")
        if len(tests) == 1 and shows:
            links[str(tests[0].text)] = str(shows[0].get("linkrefid"))
    return links


def question(question_id: str) -> AnyQuestion:
    return next(q for q in all_types().questions if q.id == question_id)


# -- schemas and package ----------------------------------------------------------------------


def test_all_types_validate_against_the_qti_and_packaging_schemas() -> None:
    files = unzip(export_banks(all_types()).content)
    (href,) = manifest_hrefs(files[MANIFEST])
    qti_schema().validate(io.BytesIO(files[href]))
    cp_schema().validate(io.BytesIO(files[MANIFEST]))


def test_the_whole_course_validates_one_section_per_bank() -> None:
    catalog = load_catalog(find_banks([ROOT / "curriculum"]))
    assert not catalog.problems
    banks = list(catalog.banks.values())
    out = export_banks(*banks)
    files = unzip(out.content)
    (href,) = manifest_hrefs(files[MANIFEST])
    qti_schema().validate(io.BytesIO(files[href]))
    root = etree.fromstring(files[href])
    sections = root.findall("q:assessment/q:section", NS)
    assert [s.get("title") for s in sections] == [bank.title for bank in banks]
    assert [len(s.findall(f"{Q}item")) for s in sections] == [len(b.questions) for b in banks]
    assert out.written == sum(len(bank.questions) for bank in banks)


def test_a_schema_violation_is_caught() -> None:
    """The validation above can fail: an item without its ident does not pass."""
    root = assessment(export_banks(all_types()).content)
    del next(root.iter(f"{Q}item")).attrib["ident"]
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        qti_schema().validate(io.BytesIO(etree.tostring(root)))


def test_manifest_names_exactly_the_files_in_the_zip_as_a_qti_resource() -> None:
    files = unzip(export_banks(all_types()).content)
    root = etree.fromstring(files[MANIFEST])
    (resource,) = root.iter(f"{CP}resource")
    assert resource.get("type") == "imsqti_xmlv1p2"
    assert set(manifest_hrefs(files[MANIFEST])) == set(files) - {MANIFEST}
    assert resource.get("href") == "Quiz-every-question-type/Quiz-every-question-type.xml"


def test_the_same_quiz_gives_the_same_bytes_with_fixed_dates_and_permissions() -> None:
    first = export_banks(all_types()).content
    assert export_banks(load_bank(ALL_TYPES)).content == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_assessment_title_and_ident_come_from_the_quiz_title() -> None:
    root = assessment(export_banks(all_types()).content)
    (element,) = root.findall("q:assessment", NS)
    assert element.get("title") == "Every question type"
    assert element.get("ident") == assessment_ident("Every question type")
    assert assessment_ident("  ***  ") == "Quiz-questions"


def test_sections_keep_their_titles_and_questions_in_order() -> None:
    questions = all_types().questions
    quiz = Quiz("Two parts", (Section("Part A", questions[:2]), Section("Part B", questions[2:4])))
    root = assessment(Qti12().export(quiz).content)
    sections = root.findall("q:assessment/q:section", NS)
    assert [s.get("title") for s in sections] == ["Part A", "Part B"]
    assert [[i.get("ident") for i in s.iter(f"{Q}item")] for s in sections] == [
        ["at-single", "at-multiple"],
        ["at-truefalse", "at-order"],
    ]


def test_an_empty_quiz_still_validates() -> None:
    files = unzip(Qti12().export(Quiz("Nothing", ())).content)
    (href,) = manifest_hrefs(files[MANIFEST])
    qti_schema().validate(io.BytesIO(files[href]))


# -- what Canvas reads of each item -----------------------------------------------------------

CANVAS_TYPES = {
    "at-single": "multiple_choice_question",
    "at-multiple": "multiple_answers_question",
    "at-truefalse": "true_false_question",
    "at-order": "matching_question",
    "at-match": "matching_question",
    "at-text": "short_answer_question",
    "at-numeric": "numerical_question",
    "at-essay": "essay_question",
    "at-secure": "multiple_choice_question",
    "at-practice": "true_false_question",
}


def test_every_item_carries_canvas_type_points_and_our_id() -> None:
    found = items(export_banks(all_types()).content)
    assert list(found) == [q.id for q in all_types().questions]
    for question_id, item in found.items():
        assert fields(item, "question_type") == [CANVAS_TYPES[question_id]], question_id
        assert fields(item, "points_possible") == ["1"]
        assert fields(item, "assessment_question_identifierref") == [question_id]
        assert item.get("title") == question_id


def test_points_possible_is_the_questions_points() -> None:
    worth = dataclasses.replace(question("at-single"), points=2.5)
    out = Qti12().export(Quiz("Points", (Section("S", (worth,)),)))
    assert fields(items(out.content)["at-single"], "points_possible") == ["2.5"]


def test_our_fields_travel_as_extra_metadata() -> None:
    found = items(export_banks(all_types()).content)
    single = found["at-single"]
    assert fields(single, "objective") == ["AT-1"]
    assert fields(single, "use") == ["both"]
    assert fields(single, "difficulty") == ["easy"]
    assert fields(single, "source") == ["FBI Law Enforcement Bulletin, 2015"]
    assert fields(single, "tag") == ["suicide", "active-listening"]
    assert fields(found["at-secure"], "use") == ["exam"]
    assert fields(found["at-multiple"], "difficulty") == []


def test_single_scores_the_right_option_and_shows_each_options_feedback() -> None:
    item = items(export_banks(all_types()).content)["at-single"]
    labels = label_texts(item)
    source = question("at-single")
    assert isinstance(source, SingleQuestion)
    assert list(labels.values()) == [
        '"It sounds like you feel nobody hears you."',
        '"Step down now."',
        '"Calm down."',
    ]
    assert [labels[i] for i in required_idents(item)] == [labels["1"]]
    assert fields(item, "original_answer_ids") == [",".join(labels)]
    links = feedback_links(item)
    for ident, option in zip(labels, source.options, strict=True):
        assert links[ident] == f"{ident}_fb"
        assert feedback(item, links[ident]) == option.feedback
    assert feedback(item, "general_fb") == source.explanation


def test_feedback_conditions_come_before_the_scoring_one() -> None:
    """Canvas keeps the weight of the last condition naming an option: scoring must be last."""
    item = items(export_banks(all_types()).content)["at-single"]
    conditions = item.findall("q:resprocessing/q:respcondition", NS)
    assert conditions[-1] is scoring_condition(item)
    assert conditions[-1].get("continue") == "No"
    assert conditions[0].find("q:conditionvar/q:other", NS) is not None  # general feedback


def test_multiple_requires_every_right_option_and_no_wrong_one() -> None:
    item = items(export_banks(all_types()).content)["at-multiple"]
    labels = label_texts(item)
    assert item.find(".//q:response_lid", NS).get("rcardinality") == "Multiple"
    assert {labels[i] for i in required_idents(item)} == {"Paraphrasing", "Minimal encouragers"}
    excluded = scoring_condition(item).findall(".//q:not/q:varequal", NS)
    assert [labels[str(v.text)] for v in excluded] == ["Repeated commands"]


def test_true_false_scores_the_keyed_word() -> None:
    found = items(export_banks(all_types()).content)
    for question_id, answer in (("at-truefalse", "False"), ("at-practice", "True")):
        item = found[question_id]
        labels = label_texts(item)
        assert sorted(labels.values()) == ["False", "True"]
        assert [labels[i] for i in required_idents(item)] == [answer]


def match_key(item: Element) -> dict[str, str]:
    """Left side as shown -> the right side whose ident its Add condition names."""
    key = {}
    for response in item.iter(f"{Q}response_lid"):
        left = shown(response.find(f"{Q}material/{Q}mattext"))
        respident = str(response.get("ident"))
        labels = label_texts(item, respident)
        (value,) = [
            str(v.text)
            for v in item.iter(f"{Q}varequal")
            if v.get("respident") == respident
            and v.getparent().getparent().find(f"{Q}setvar").get("action") == "Add"
        ]
        key[left] = labels[value]
    return key


def test_match_adds_a_share_for_each_right_pair() -> None:
    item = items(export_banks(all_types()).content)["at-match"]
    assert match_key(item) == {
        "Emotion labeling": '"You sound frustrated."',
        "Paraphrasing": '"So the landlord changed the locks."',
        "Open question": '"What happened tonight?"',
    }
    shares = [float(s.text) for s in item.iter(f"{Q}setvar")]
    assert sum(shares) == pytest.approx(100, abs=0.05)
    choices = list(label_texts(item, "response_1").values())
    assert choices == sorted(choices, key=str.casefold)  # the order gives nothing away


def test_order_goes_out_as_canvas_matching_by_position_and_says_so() -> None:
    out = export_banks(all_types())
    item = items(out.content)["at-order"]
    items_in_order = ["Active listening", "Empathy", "Rapport", "Influence", "Behavioral change"]
    assert match_key(item) == {str(n): text for n, text in enumerate(items_in_order, start=1)}
    (note,) = out.left_out
    assert (note.question.id, note.whole) == ("at-order", False)
    assert str(note).startswith(f"{ALL_TYPES}:45: question at-order: ")
    assert "no ordering type" in note.message and "matching question" in note.message
    assert out.written == len(all_types().questions)


def test_text_accepts_each_answer_without_case() -> None:
    item = items(export_banks(all_types()).content)["at-text"]
    tests = scoring_condition(item).findall(".//q:varequal", NS)
    assert [t.text for t in tests] == ["988", "nine eight eight"]
    assert {t.get("case") for t in tests} == {"No"}
    assert item.find(".//q:response_str/q:render_fib", NS) is not None


def numeric_item(answer: float, tolerance: float) -> Element:
    base = question("at-numeric")
    assert isinstance(base, NumericQuestion)
    changed = dataclasses.replace(base, answer=answer, tolerance=tolerance)
    return items(Qti12().export(Quiz("Numbers", (Section("S", (changed,)),))).content)["at-numeric"]


def test_numeric_is_an_exact_answer_with_a_margin() -> None:
    item = numeric_item(40, 0.5)
    condition = scoring_condition(item)
    assert [v.text for v in condition.findall("q:conditionvar/q:or/q:varequal", NS)] == ["40"]
    assert condition.findtext("q:conditionvar/q:or/q:and/q:vargte", namespaces=NS) == "39.5"
    assert condition.findtext("q:conditionvar/q:or/q:and/q:varlte", namespaces=NS) == "40.5"
    assert item.find(".//q:render_fib", NS).get("fibtype") == "Decimal"


def test_numeric_bounds_have_no_float_noise_and_no_range_without_tolerance() -> None:
    item = numeric_item(0.3, 0.1)
    condition = scoring_condition(item)
    assert condition.findtext(".//q:vargte", namespaces=NS) == "0.2"
    assert condition.findtext(".//q:varlte", namespaces=NS) == "0.4"
    exact = scoring_condition(items(export_banks(all_types()).content)["at-numeric"])
    assert exact.find(".//q:and", NS) is None


def test_essay_shows_model_answer_and_rubric_in_general_feedback_and_scores_nothing() -> None:
    item = items(export_banks(all_types()).content)["at-essay"]
    text = feedback(item, "general_fb")
    assert text.startswith("Compare your answer with the model answer.")
    assert "Introduce yourself, speak calmly, ask what they are experiencing." in text
    assert "Introduces self by name" in text and "Asks an open question" in text
    assert list(item.iter(f"{Q}setvar")) == []
    assert fields(item, "original_answer_ids") == []


# -- hostile text -----------------------------------------------------------------------------

HOSTILE_BANK = """\
bank: hostile
title: Hostile text
objectives:
  H-1: Stay safe.
questions:
  - id: h-script
    type: single
    objective: H-1
    stem: 'Click <script>alert("stem")</script> & <b onclick="x()">here</b>'
    options:
      - text: '<img src=x onerror="alert(1)">'
        correct: true
        feedback: '<script>alert("fb")</script>'
      - text: Plain
    explanation: '<iframe src="https://example.org"></iframe>'
"""


def test_html_in_bank_text_arrives_as_text_never_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "hostile.bank.yaml"
    path.write_text(HOSTILE_BANK, "utf-8")
    out = export_banks(load_bank(path))
    item = items(out.content)["h-script"]
    mattexts = list(item.iter(f"{Q}mattext"))
    for mattext in mattexts:
        fragment = html.fragment_fromstring(str(mattext.text), create_parent="div")
        assert fragment.xpath(".//script | .//img | .//iframe | .//b | .//*[@onclick]") == []
    stem = shown(item.find("q:presentation/q:material/q:mattext", NS))
    assert stem == 'Click <script>alert("stem")</script> & <b onclick="x()">here</b>'
    assert label_texts(item)["1"] == '<img src=x onerror="alert(1)">'
    assert feedback(item, "1_fb") == '<script>alert("fb")</script>'
    assert feedback(item, "general_fb") == '<iframe src="https://example.org"></iframe>'
    files = unzip(out.content)
    (href,) = manifest_hrefs(files[MANIFEST])
    qti_schema().validate(io.BytesIO(files[href]))
