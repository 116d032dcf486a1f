"""Every rule of the bank contract: a broken bank gives this message on this line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizgen.bank.loader import load_bank, load_catalog
from quizgen.bank.model import MultipleQuestion, NumericQuestion, SingleQuestion, TextQuestion
from quizgen.bank.problems import QuizgenError

HEADER = """\
bank: demo
title: Demo bank
objectives:
  DE-1: Use active listening.
questions:
"""

SINGLE = """\
  - id: q1
    type: single
    objective: DE-1
    stem: Pick one.
    options:
      - text: Right
        correct: true
        feedback: Yes.
      - text: Wrong
        feedback: No.
    explanation: Because.
"""


def problems_of(text: str, name: str = "demo.bank.yaml") -> list[str]:
    """The problem lines load_bank reports for *text*; fails if it reports none."""
    with pytest.raises(QuizgenError) as caught:
        load_bank(name, textwrap.dedent(text) if text.startswith(" ") else text)
    return [str(problem) for problem in caught.value.problems]


def question(body: str) -> str:
    """A bank with one question whose keys are *body* (indented under ``- ``)."""
    return HEADER + textwrap.indent(textwrap.dedent(body), "    ").replace("    ", "  - ", 1)


# (bank text, expected "file:line: subject: message")
CASES = {
    "single with two correct": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick one.
            options:
              - {text: A, correct: true}
              - {text: B, correct: true}
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: type single needs exactly one correct option (found 2)",
    ),
    "single with no correct": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick one.
            options: [{text: A}, {text: B}]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: type single needs exactly one correct option (found 0)",
    ),
    "single with one option": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick one.
            options: [{text: A, correct: true}]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: options needs at least 2 (found 1)",
    ),
    "multiple with no correct": (
        question("""\
            id: q1
            type: multiple
            objective: DE-1
            stem: Pick some.
            options: [{text: A}, {text: B}]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: type multiple needs at least one correct option (found 0)",
    ),
    "truefalse answer quoted": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: True?
            answer: "true"
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: answer must be true or false, but YAML read the text "
        "'true'; write true or false without quotes",
    ),
    "truefalse without answer": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: True?
            explanation: Because.
            """),
        "demo.bank.yaml:6: question q1: missing required key 'answer'",
    ),
    "order with one item": (
        question("""\
            id: q1
            type: order
            objective: DE-1
            stem: Order.
            items: [Only]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: items needs at least 2 (found 1)",
    ),
    "order with equal items": (
        question("""\
            id: q1
            type: order
            objective: DE-1
            stem: Order.
            items:
              - Listen
              - Empathy
              - listen
            explanation: Because.
            """),
        "demo.bank.yaml:13: question q1: item 3 repeats item 1 ('listen')",
    ),
    "match with one pair": (
        question("""\
            id: q1
            type: match
            objective: DE-1
            stem: Match.
            pairs: [{left: a, right: b}]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: pairs needs at least 2 (found 1)",
    ),
    "match with equal lefts": (
        question("""\
            id: q1
            type: match
            objective: DE-1
            stem: Match.
            pairs:
              - {left: a, right: b}
              - {left: a, right: c}
            explanation: Because.
            """),
        "demo.bank.yaml:12: question q1: left side 2 repeats left side 1 ('a')",
    ),
    "match with equal rights": (
        question("""\
            id: q1
            type: match
            objective: DE-1
            stem: Match.
            pairs:
              - {left: a, right: c}
              - {left: b, right: c}
            explanation: Because.
            """),
        "demo.bank.yaml:12: question q1: right side 2 repeats right side 1 ('c')",
    ),
    "text without accept": (
        question("""\
            id: q1
            type: text
            objective: DE-1
            stem: Type.
            accept: []
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: accept needs at least 1 (found 0)",
    ),
    "text accept read as a number": (
        question("""\
            id: q1
            type: text
            objective: DE-1
            stem: Type.
            accept: [988]
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: accept[1] must be text, but YAML read the number 988; "
        'put it in quotes: "988"',
    ),
    "numeric answer as text": (
        question("""\
            id: q1
            type: numeric
            objective: DE-1
            stem: How many?
            answer: forty
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: answer must be a number, but YAML read the text 'forty'",
    ),
    "numeric negative tolerance": (
        question("""\
            id: q1
            type: numeric
            objective: DE-1
            stem: How many?
            answer: 40
            tolerance: -1
            explanation: Because.
            """),
        "demo.bank.yaml:11: question q1: tolerance must be at least 0 (found -1)",
    ),
    "essay without model answer": (
        question("""\
            id: q1
            type: essay
            objective: DE-1
            stem: Write.
            explanation: Because.
            """),
        "demo.bank.yaml:6: question q1: missing required key 'model_answer'",
    ),
    "missing explanation": (
        question("""\
            id: q1
            type: essay
            objective: DE-1
            stem: Write.
            model_answer: This.
            """),
        "demo.bank.yaml:6: question q1: missing required key 'explanation'",
    ),
    "unknown objective": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-2
            stem: True?
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:8: question q1: objective 'DE-2' is not one of this bank's objectives "
        "(did you mean 'DE-1'?)",
    ),
    "misspelled correct": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick one.
            options:
              - text: A
                corect: true
              - text: B
                correct: true
            explanation: Because.
            """),
        "demo.bank.yaml:12: question q1: unknown key 'corect' (did you mean 'correct'?)",
    ),
    "unknown question key": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: True?
            answer: true
            explantion: Because.
            """),
        "demo.bank.yaml:11: question q1: unknown key 'explantion' (did you mean 'explanation'?)",
    ),
    "key of another type": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: True?
            answer: true
            accept: [x]
            explanation: Because.
            """),
        "demo.bank.yaml:11: question q1: unknown key 'accept'; allowed here: answer, cite, "
        "difficulty, explanation, id, level, objective, points, source, stem, tags, type, use",
    ),
    "unknown type": (
        question("""\
            id: q1
            type: singel
            objective: DE-1
            stem: Pick.
            explanation: Because.
            """),
        "demo.bank.yaml:7: question q1: type must be one of: single, multiple, truefalse, order, "
        "match, text, numeric, essay (found 'singel')",
    ),
    "scenario reserved": (
        question("""\
            id: q1
            type: scenario
            objective: DE-1
            stem: Branch.
            explanation: Because.
            """),
        "demo.bank.yaml:7: question q1: type 'scenario' is reserved for branching scenarios "
        "and not available yet",
    ),
    "bad use": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            use: secret
            stem: True?
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:9: question q1: use must be one of: practice, exam, both (found 'secret')",
    ),
    "bad difficulty": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            difficulty: hardest
            stem: True?
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:9: question q1: difficulty must be one of: easy, medium, hard "
        "(found 'hardest')",
    ),
    "bad question id": (
        question("""\
            id: Q 1
            type: truefalse
            objective: DE-1
            stem: True?
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:6: question Q 1: id 'Q 1' may hold only lower-case letters, digits, '.', "
        "'_' and '-', starting with a letter or digit",
    ),
    "stem read as a number": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: 988
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:9: question q1: stem must be text, but YAML read the number 988; "
        'put it in quotes: "988"',
    ),
    "option read as a boolean": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick.
            options:
              - text: Yes
                correct: true
              - text: Not sure
            explanation: Because.
            """),
        "demo.bank.yaml:11: question q1: options[1].text must be text, "
        'but YAML read `Yes` as true; put it in quotes: "Yes"',
    ),
    "empty stem": (
        question("""\
            id: q1
            type: truefalse
            objective: DE-1
            stem: "  "
            answer: true
            explanation: Because.
            """),
        "demo.bank.yaml:9: question q1: stem is empty",
    ),
    "string where a list belongs": (
        question("""\
            id: q1
            type: order
            objective: DE-1
            stem: Order.
            items: Listen, Empathy
            explanation: Because.
            """),
        "demo.bank.yaml:10: question q1: items must be a list, but YAML read the text "
        "'Listen, Empathy'",
    ),
    "equal options": (
        question("""\
            id: q1
            type: single
            objective: DE-1
            stem: Pick.
            options:
              - {text: Listen, correct: true}
              - {text: "listen "}
            explanation: Because.
            """),
        "demo.bank.yaml:12: question q1: option 2 repeats option 1 ('listen')",
    ),
    "id twice in a bank": (
        HEADER + SINGLE + SINGLE,
        "demo.bank.yaml:17: question q1: id 'q1' is used twice in this bank (first on line 6)",
    ),
    "duplicate key": (
        HEADER + SINGLE.replace("    stem: Pick one.\n", "    stem: Pick one.\n    stem: Again.\n"),
        "demo.bank.yaml:10: question q1: duplicate key 'stem' (first given on line 9); "
        "YAML would silently keep only the last one",
    ),
    "bad bank id": (
        HEADER.replace("bank: demo", "bank: Demo Bank") + SINGLE,
        "demo.bank.yaml:1: bank Demo Bank: bank 'Demo Bank' may hold only lower-case letters, "
        "digits and '-', starting with a letter or digit",
    ),
    "missing title": (
        HEADER.replace("title: Demo bank\n", "") + SINGLE,
        "demo.bank.yaml:1: bank demo: missing required key 'title'",
    ),
    "unknown top-level key": (
        HEADER.replace("title:", "titel:") + SINGLE,
        "demo.bank.yaml:2: bank demo: unknown key 'titel' (did you mean 'title'?)",
    ),
    "no objectives": (
        HEADER.replace("  DE-1: Use active listening.\n", "").replace(
            "objectives:", "objectives: {}"
        )
        + SINGLE.replace("DE-1", "DE-1"),
        "demo.bank.yaml:3: bank demo: objectives needs at least 1 (found 0)",
    ),
    "bad objective id": (
        HEADER.replace("  DE-1:", "  DE 1:") + SINGLE.replace("DE-1", "DE 1"),
        "demo.bank.yaml:4: bank demo: objective id 'DE 1' may hold only letters, digits, '.', '_' "
        "and '-'",
    ),
    "no questions": (
        HEADER.replace("questions:", "questions: []"),
        "demo.bank.yaml:5: bank demo: questions needs at least 1 (found 0)",
    ),
    "questions as a mapping": (
        HEADER + "  q1: x\n",
        "demo.bank.yaml:5: bank demo: questions must be a list, but YAML read a mapping",
    ),
    "tab indentation": (
        HEADER + SINGLE.replace("    stem:", "\tstem:"),
        "demo.bank.yaml:9: tab in indentation; YAML indents with spaces only",
    ),
    "syntax error": (
        HEADER + SINGLE.replace("stem: Pick one.", "stem: [Pick one."),
        "demo.bank.yaml:10: YAML syntax error",
    ),
    "empty file": ("# only a comment\n", "demo.bank.yaml:1: the file is empty"),
    "top level is a list": (
        "- bank: demo\n",
        "demo.bank.yaml:1: a bank is a mapping with bank:, title:, objectives: and questions: "
        "(found a list)",
    ),
    "control character": (
        HEADER + SINGLE.replace("Pick one.", "Pick \x07one."),
        "demo.bank.yaml:9: YAML syntax error",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_rule_names_file_line_and_subject(case: str) -> None:
    text, expected = CASES[case]
    reported = problems_of(text)
    assert any(line.startswith(expected) for line in reported), reported


def test_every_problem_of_a_file_is_reported() -> None:
    text = (
        HEADER
        + SINGLE.replace("correct: true", "corect: true").replace(
            "objective: DE-1", "objective: DE-9"
        )
        + SINGLE.replace("id: q1", "id: q2").replace("explanation: Because.", "")
    )
    reported = problems_of(text)
    assert [line.split(": ", 1)[0] for line in reported] == [
        "demo.bank.yaml:8",
        "demo.bank.yaml:10",
        "demo.bank.yaml:12",
        "demo.bank.yaml:17",
    ], reported
    assert reported[1].endswith("type single needs exactly one correct option (found 0)")
    assert reported[3] == "demo.bank.yaml:17: question q2: missing required key 'explanation'"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bank.yaml"
    path.write_bytes((HEADER + SINGLE).replace("Pick one.", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(QuizgenError) as caught:
        load_bank(path)
    assert (
        str(caught.value)
        == f"{path}:9: the file is not UTF-8 (byte 0xE9); save it with UTF-8 encoding"
    )


def test_bom_and_unicode_text_load(tmp_path: Path) -> None:
    path = tmp_path / "bom.bank.yaml"
    text = HEADER + SINGLE.replace("Pick one.", "¿Qué harías? 🚓 — «Sí»")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    bank = load_bank(path)
    assert bank.questions[0].stem == "¿Qué harías? 🚓 — «Sí»"


def test_alias_bomb_is_an_error_not_a_hang() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += (
            f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        )
    reported = problems_of(bomb)
    assert any("too large once its aliases" in line for line in reported), reported


def test_valid_bank_builds_the_model(all_types_text: str) -> None:
    bank = load_bank("all-types.bank.yaml", all_types_text)
    by_id = {question.id: question for question in bank.questions}
    assert bank.id == "all-types" and set(bank.objectives) == {"AT-1", "AT-2"}
    single = by_id["at-single"]
    assert isinstance(single, SingleQuestion) and single.correct_indexes == (0,)
    assert single.line == 8 and single.options[1].line == 18
    assert isinstance(by_id["at-multiple"], MultipleQuestion)
    text = by_id["at-text"]
    assert isinstance(text, TextQuestion) and text.accepts("  Nine   EIGHT eight ")
    assert not text.accepts("911")
    numeric = by_id["at-numeric"]
    assert isinstance(numeric, NumericQuestion) and numeric.accepts(40) and not numeric.accepts(41)
    assert [q.id for q in bank.questions if not q.on_site] == ["at-secure"]


def test_points_default_to_one_and_must_be_positive() -> None:
    assert load_bank("demo.bank.yaml", HEADER + SINGLE).questions[0].points == 1
    worth_two = SINGLE.replace("    type: single\n", "    type: single\n    points: 2\n")
    assert load_bank("demo.bank.yaml", HEADER + worth_two).questions[0].points == 2
    problems = problems_of(
        HEADER + SINGLE.replace("    type: single\n", "    type: single\n    points: 0\n")
    )
    assert problems == ["demo.bank.yaml:8: question q1: points must be more than 0 (found 0)"]


def test_ids_are_unique_across_banks(tmp_path: Path, all_types_text: str) -> None:
    first = tmp_path / "a.bank.yaml"
    second = tmp_path / "b.bank.yaml"
    first.write_text(all_types_text, "utf-8")
    second.write_text(all_types_text.replace("bank: all-types", "bank: other"), "utf-8")
    catalog = load_catalog([first, second])
    reported = [str(problem) for problem in catalog.problems]
    assert (
        f"{second}:8: question at-single: id 'at-single' is already used by {first}:8" in reported
    )
    assert len(reported) == 10  # one per question of the second bank


def test_bank_ids_are_unique_across_banks(tmp_path: Path) -> None:
    (tmp_path / "a.bank.yaml").write_text(HEADER + SINGLE, "utf-8")
    (tmp_path / "b.bank.yaml").write_text(HEADER + SINGLE.replace("q1", "q2"), "utf-8")
    catalog = load_catalog(sorted(tmp_path.iterdir()))
    assert [str(p) for p in catalog.problems] == [
        f"{tmp_path}/b.bank.yaml:1: bank demo: bank id 'demo' is already used by "
        f"{tmp_path}/a.bank.yaml:1"
    ]
