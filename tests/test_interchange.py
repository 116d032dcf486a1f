"""``quizgen export`` and ``quizgen import`` for Moodle XML, GIFT and Aiken.

What the other side reads is checked by readers other than ours: Moodle XML
against the elements and values Moodle's importer (``question/format/xml``)
reads, with Moodle's own list of allowed grades; GIFT with gift-pegjs, a
maintained GIFT parser in JavaScript (``tests/gift``). Round trips go through
the command line as an instructor would run them.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from quizgen.bank.loader import find_banks, load_bank, load_catalog
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
)
from quizgen.cli import main
from quizgen.interchange.base import quiz_of_banks
from quizgen.interchange.gift import Gift
from quizgen.interchange.moodle import Moodle
from quizgen.render.markup import markdown_block, markdown_inline, plain_text

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
ALL_TYPES = DATA / "all-types.bank.yaml"
HOSTILE = DATA / "hostile.bank.yaml"
GIFT_PARSER = TESTS / "gift" / "parse.js"

# Moodle's allowed grades (question/engine/bank.php, fraction_options_full), written out
# here again from Moodle's source rather than imported from quizgen, as percentages.
MOODLE_GRADES = {
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0,
}  # fmt: skip


def course_quiz():  # type: ignore[no-untyped-def]
    catalog = load_catalog(find_banks([str(ROOT / "curriculum")]))
    assert not catalog.problems
    return quiz_of_banks(catalog.banks.values())


def export(fmt: str, *paths: Path | str, out: Path, extra: tuple[str, ...] = ()) -> int:
    """``quizgen export --quiet``: standard error holds only what was left out, and problems."""
    return main(["export", fmt, *map(str, paths), "-o", str(out), "--quiet", *extra])


# -- Moodle XML: what Moodle's importer reads ---------------------------------------------------


def _html(question: etree._Element, path: str) -> str:
    text = question.findtext(f"{path}/text")
    assert text is not None, path
    return text


def moodle_reads(question: etree._Element) -> dict[str, object]:
    """What ``qformat_xml::import_*`` takes from one <question>, failing where Moodle would."""
    kind = question.get("type")
    read: dict[str, object] = {
        "type": kind,
        "name": question.findtext("name/text"),
        "idnumber": question.findtext("idnumber"),
        "questiontext": _html(question, "questiontext"),
        "format": question.find("questiontext").get("format"),
        "generalfeedback": _html(question, "generalfeedback"),
        "defaultgrade": float(question.findtext("defaultgrade") or "nan"),
        "tags": [tag.findtext("text") for tag in question.findall("tags/tag")],
    }
    answers = question.findall("answer")
    if kind == "multichoice":
        assert question.findtext("single") in ("true", "false")
        assert question.findtext("shuffleanswers") in ("true", "false")
        grades = [float(answer.get("fraction")) for answer in answers]
        # Moodle refuses a grade not on its list (import_multichoice -> match_grade_options).
        assert all(round(abs(grade), 5) in MOODLE_GRADES for grade in grades), grades
        read["answers"] = [
            (answer.findtext("text"), float(answer.get("fraction"))) for answer in answers
        ]
        read["feedback"] = [answer.findtext("feedback/text") for answer in answers]
        read["single"] = question.findtext("single") == "true"
    elif kind == "truefalse":
        read["answers"] = {
            answer.findtext("text"): float(answer.get("fraction")) for answer in answers
        }
    elif kind == "shortanswer":
        assert question.findtext("usecase") in ("0", "1")
        read["answers"] = [
            (answer.findtext("text"), float(answer.get("fraction"))) for answer in answers
        ]
    elif kind == "numerical":
        read["answers"] = [
            (
                float(answer.findtext("text")),
                float(answer.findtext("tolerance")),
                answer.get("fraction"),
            )
            for answer in answers
        ]
    elif kind == "matching":
        read["pairs"] = [
            (sub.findtext("text"), sub.findtext("answer/text"))
            for sub in question.findall("subquestion")
        ]
    elif kind == "essay":
        for name in ("responseformat", "responserequired", "responsefieldlines", "attachments"):
            assert question.findtext(name) is not None, name
        read["graderinfo"] = _html(question, "graderinfo")
    elif kind == "ordering":
        for name in ("layouttype", "selecttype", "gradingtype", "showgrading"):
            assert question.findtext(name), name
        read["answers"] = [
            (answer.findtext("text"), float(answer.get("fraction"))) for answer in answers
        ]
    else:
        pytest.fail(f"unexpected Moodle type {kind}")
    return read


def test_moodle_xml_carries_every_type_as_moodle_reads_it(tmp_path: Path) -> None:
    out = tmp_path / "all.xml"
    assert export("moodle", ALL_TYPES, out=out) == 0
    root = etree.fromstring(out.read_bytes())
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Every question type"
    read = {q["idnumber"]: q for q in map(moodle_reads, questions)}
    assert [q["type"] for q in read.values()] == [
        "multichoice", "multichoice", "truefalse", "ordering", "matching", "shortanswer",
        "numerical", "essay", "multichoice", "truefalse",
    ]  # fmt: skip
    single = read["at-single"]
    assert single["single"] is True
    assert single["questiontext"] == (
        "<p>A man on a bridge rail says &quot;nobody listens to me&quot;. "
        "What is the <em>best</em> first reply?</p>"
    )
    assert [grade for _, grade in single["answers"]] == [100, 0, 0]  # type: ignore[union-attr]
    assert single["feedback"][0] == "Emotion labeling shows you are listening."  # type: ignore[index]
    assert single["tags"] == [
        "objective:AT-1", "use:both", "difficulty:easy",
        "source:FBI Law Enforcement Bulletin, 2015", "suicide", "active-listening",
    ]  # fmt: skip
    # Two of three right: each right one 50 %, the wrong one takes all of it back.
    grades = [grade for _, grade in read["at-multiple"]["answers"]]  # type: ignore[union-attr]
    assert grades == [50, 50, -100]
    assert read["at-truefalse"]["answers"] == {"true": 0, "false": 100}
    assert read["at-order"]["answers"] == [
        ("Active listening", 1), ("Empathy", 2), ("Rapport", 3), ("Influence", 4),
        ("Behavioral change", 5),
    ]  # fmt: skip
    assert read["at-match"]["pairs"][0] == ("Emotion labeling", '"You sound frustrated."')  # type: ignore[index]
    assert read["at-text"]["answers"] == [("988", 100), ("nine eight eight", 100)]
    assert read["at-numeric"]["answers"] == [(40.0, 0.0, "100")]
    assert "Introduces self by name" in str(read["at-essay"]["graderinfo"])
    assert read["at-secure"]["tags"][:2] == ["objective:AT-2", "use:exam"]  # type: ignore[index]


def test_moodle_grades_for_three_right_answers_are_on_moodles_list(tmp_path: Path) -> None:
    bank = tmp_path / "three.bank.yaml"
    bank.write_text(
        ALL_TYPES.read_text("utf-8").replace(
            "        feedback: Commands are not listening.",
            "        correct: true\n        feedback: Commands are not listening.\n"
            "      - text: Silence\n      - text: Shouting\n      - text: Threats",
        ),
        "utf-8",
    )
    out = tmp_path / "three.xml"
    assert export("moodle", bank, out=out) == 0
    question = etree.fromstring(out.read_bytes()).xpath("question[idnumber='at-multiple']")[0]
    grades = [answer.get("fraction") for answer in question.findall("answer")]
    # 3 right: 33.33333 each (Moodle's own example); 3 wrong: -33.33333 each, ticking all scores 0.
    assert grades == ["33.33333", "33.33333", "33.33333", "-33.33333", "-33.33333", "-33.33333"]


def test_moodle_xml_of_the_whole_course_is_read_by_moodles_rules(tmp_path: Path) -> None:
    quiz = course_quiz()
    result = Moodle().export(quiz)
    root = etree.fromstring(result.content)
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == result.written == len(quiz.questions()) > 400
    assert not result.left_out
    for question in questions:
        read = moodle_reads(question)
        assert "<script" not in str(read["questiontext"]).lower()
        if read["type"] == "multichoice" and not read["single"]:
            grades = [grade for _, grade in read["answers"]]  # type: ignore[union-attr]
            assert 99.99 <= sum(g for g in grades if g > 0) <= 100  # every right one: 100 %
            assert sum(g for g in grades if g < 0) <= -99.99  # every wrong one: back to 0


# -- GIFT, read by gift-pegjs ----------------------------------------------------------------------


def gift_pegjs(path: Path) -> list[dict[str, object]]:
    """What gift-pegjs reads from *path* (it fails the test on a syntax error)."""
    result = subprocess.run(
        ["node", str(GIFT_PARSER), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, object]] = json.loads(result.stdout)
    return parsed


def gift_expected(question: AnyQuestion) -> dict[str, object]:
    """What a GIFT reader should find for *question*: type, texts as HTML, the right answers."""
    expected: dict[str, object] = {
        "id": question.id,
        "stem": str(markdown_block(question.stem)),
        "globalFeedback": str(markdown_block(question.explanation)),
    }
    match question:
        case SingleQuestion() | MultipleQuestion():
            expected["type"] = "MC"
            expected["choices"] = [
                (str(markdown_inline(o.text)), o.correct, str(markdown_inline(o.feedback or "")))
                for o in question.options
            ]
        case TrueFalseQuestion():
            expected["type"] = "TF"
            expected["isTrue"] = question.answer
        case MatchQuestion():
            expected["type"] = "Matching"
            expected["pairs"] = [
                (str(markdown_inline(p.left)), " ".join(plain_text(p.right).split()))
                for p in question.pairs
            ]
        case TextQuestion():
            expected["type"] = "Short"
            expected["accept"] = list(question.accept)
        case NumericQuestion():
            expected["type"] = "Numerical"
            expected["number"] = (question.answer, question.tolerance)
        case EssayQuestion():
            expected["type"] = "Essay"
        case OrderQuestion():
            expected["type"] = None
    return expected


def _gift_pegjs_unescape(text: str) -> str:
    """Undo gift-pegjs's placeholders ``&&NNN;`` (a character code) for escaped characters."""
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m.group(1))), text)


def gift_found(parsed: dict[str, object]) -> dict[str, object]:
    """The same fields, from what gift-pegjs read."""
    found: dict[str, object] = {
        "id": parsed["id"],
        "type": parsed["type"],
        "stem": parsed["stem"]["text"],  # type: ignore[index]
        "globalFeedback": parsed["globalFeedback"]["text"],  # type: ignore[index]
    }
    kind = parsed["type"]
    if kind == "MC":
        found["choices"] = [
            (
                c["text"]["text"],
                c["isCorrect"] or (c["weight"] or 0) > 0,
                (c["feedback"] or {"text": ""})["text"],
            )
            for c in parsed["choices"]  # type: ignore[attr-defined]
        ]
    elif kind == "TF":
        found["isTrue"] = parsed["isTrue"]
    elif kind == "Matching":
        # gift-pegjs 1.0.2 leaves its escape placeholders (&&061; for "\\=") in a match's
        # right side, where Moodle's own reader unescapes; decode them as its other fields do.
        found["pairs"] = [
            (p["subquestion"]["text"], _gift_pegjs_unescape(p["subanswer"]))
            for p in parsed["matchPairs"]  # type: ignore[attr-defined]
        ]
    elif kind == "Short":
        found["accept"] = [c["text"]["text"] for c in parsed["choices"]]  # type: ignore[attr-defined]
    elif kind == "Numerical":
        choice = parsed["choices"]
        number = choice["number"] if isinstance(choice, dict) else choice[0]["text"]["number"]  # type: ignore[index]
        tolerance = choice["range"] if isinstance(choice, dict) else choice[0]["text"]["range"]  # type: ignore[index]
        found["number"] = (number, tolerance)
    return found


@pytest.mark.parametrize("bank", [ALL_TYPES, HOSTILE], ids=["all-types", "hostile"])
def test_gift_is_read_by_gift_pegjs_exactly(bank: Path, tmp_path: Path) -> None:
    out = tmp_path / "bank.gift.txt"
    assert export("gift", bank, out=out) == 0
    parsed = [q for q in gift_pegjs(out) if q["type"] != "Category"]
    questions = [q for q in load_bank(bank).questions if not isinstance(q, OrderQuestion)]
    assert [gift_found(p) for p in parsed] == [gift_expected(q) for q in questions]
    tags = {p["id"]: p["tags"] for p in parsed}
    assert tags[questions[0].id][0] == f"objective:{questions[0].objective}"


def test_gift_of_the_whole_course_is_read_by_gift_pegjs(tmp_path: Path) -> None:
    quiz = course_quiz()
    result = Gift().export(quiz)
    out = tmp_path / "course.txt"
    out.write_bytes(result.content)
    parsed = [q for q in gift_pegjs(out) if q["type"] != "Category"]
    questions = [q for q in quiz.questions() if not isinstance(q, OrderQuestion)]
    assert len(parsed) == result.written == len(questions)
    assert [gift_found(p) for p in parsed] == [gift_expected(q) for q in questions]
    categories = [q["title"] for q in gift_pegjs(out) if q["type"] == "Category"]
    assert len(categories) == 14


def test_gift_escapes_exactly_the_special_characters(tmp_path: Path) -> None:
    out = tmp_path / "hostile.txt"
    assert export("gift", HOSTILE, out=out) == 0
    text = out.read_text("utf-8")
    assert r"\~tilde \=equals \#hash \{brace\} \:colon \\backslash" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    # A line break in a stem is \n, so no blank line ends a question early.
    assert "\n\n//" in text and not any(line == "" for line in text.split("\n\n")[1:])


# -- Aiken ---------------------------------------------------------------------------------------


def test_aiken_writes_single_questions_and_says_what_it_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.txt"
    assert export("aiken", ALL_TYPES, out=out) == 0
    assert out.read_text("utf-8") == (
        'A man on a bridge rail says "nobody listens to me". What is the best first reply?\n'
        'A) "It sounds like you feel nobody hears you."\n'
        'B) "Step down now."\n'
        'C) "Calm down."\n'
        "ANSWER: A\n"
        "\n"
        "SECURE-STEM the secret exam question about warm hand-offs.\n"
        "A) SECURE-OPTION-RIGHT a receiving centre with no refusal\n"
        "B) SECURE-OPTION-WRONG the county jail booking desk\n"
        "ANSWER: A\n"
    )
    out_text, err = capsys.readouterr()
    lines = err.splitlines()
    assert (
        f"{ALL_TYPES}:25: question at-multiple: Aiken cannot carry a multiple question "
        "(single choice only); left out" in lines
    )
    assert len(lines) == 10  # one line per question: 8 left out, 2 written without parts
    assert out_text.strip() == (
        f"{out}: Aiken: 2 questions written, 8 left out, "
        "2 written without a part the format cannot carry"
    )


# -- the export command ----------------------------------------------------------------------------


def test_export_reports_one_line_per_question_and_strict_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.gift.txt"
    assert export("gift", ALL_TYPES, out=out) == 0
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{ALL_TYPES}:45: question at-order: GIFT cannot carry an order question (core GIFT "
        "has no ordering form); left out (Moodle XML carries it)",
        f"{ALL_TYPES}:81: question at-essay: GIFT cannot carry an essay's model answer and rubric "
        "(Moodle's grader information); written without them",
    ]
    assert export("gift", ALL_TYPES, out=out, extra=("--strict",)) == 1
    assert export("moodle", ALL_TYPES, out=tmp_path / "x.xml", extra=("--strict",)) == 0


def test_every_part_lost_from_a_question_is_on_its_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export("gift", HOSTILE, out=tmp_path / "hostile.txt") == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "hx-essay" in line]
    assert lines == [
        f"{HOSTILE}:77: question hx-essay: GIFT cannot carry an essay's model answer and rubric "
        "(Moodle's grader information); written without them; GIFT cannot carry its points (2); "
        "the LMS gives it 1 mark"
    ]


def test_export_use_narrows_the_questions(tmp_path: Path) -> None:
    ids = {}
    for use in ("practice", "exam", "both"):
        out = tmp_path / f"{use}.xml"
        assert export("moodle", ALL_TYPES, out=out, extra=("--use", use)) == 0
        root = etree.fromstring(out.read_bytes())
        ids[use] = {q.findtext("idnumber") for q in root.findall("question[idnumber]")}
    assert "at-secure" in ids["exam"] and "at-secure" not in ids["practice"]
    assert "at-practice" in ids["practice"] and "at-practice" not in ids["exam"]
    assert ids["both"] == ids["practice"] & ids["exam"]


def test_export_of_a_blueprint_is_its_drawn_items_in_its_sections(tmp_path: Path) -> None:
    blueprint = ROOT / "curriculum" / "exams" / "cit-written-final.exam.yaml"
    out = tmp_path / "final.xml"
    assert export("moodle", blueprint, out=out) == 0
    root = etree.fromstring(out.read_bytes())
    from quizgen.exam.blueprint import plan_exam

    plan = plan_exam(blueprint)
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert categories == [f"$course$/top/{s.section.title}" for s in plan.sections]
    ids = [q.findtext("idnumber") for q in root.findall("question[idnumber]")]
    assert ids == [q.id for s in plan.sections for q in s.questions]


def test_export_bad_input_is_file_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = DATA / "broken" / "two-correct.bank.yaml"
    assert export("moodle", broken, out=tmp_path / "x.xml") == 1
    assert "two-correct.bank.yaml:10: question br-001: type single needs exactly one correct" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "x.xml").exists()
    assert export("moodle", tmp_path / "missing", out=tmp_path / "x.xml") == 2
    blueprint = ROOT / "curriculum" / "exams" / "cit-written-final.exam.yaml"
    assert export("moodle", blueprint, ALL_TYPES, out=tmp_path / "x.xml") == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "blackboard", str(ALL_TYPES), "-o", str(tmp_path / "x")])
    assert exit_info.value.code == 2
