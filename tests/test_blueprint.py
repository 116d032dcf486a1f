"""Exam blueprints: every mistake gives this message on this line; the draw follows the seed."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from quizgen.bank.problems import QuizgenError
from quizgen.exam.blueprint import DEFAULT_COURSE, load_blueprint, plan_exam

DATA = Path(__file__).parent / "data"

BASE = """\
exam: final
title: CIT Written Examination
seed: 7
versions: 3
sections:
  - title: Recognizing a crisis
    banks: [crisis.bank.yaml]
    objectives: [CR-1]
    count: 3
  - title: Responding
    banks: [crisis.bank.yaml]
    objectives: [CR-2, CR-3]
    count: 4
"""

SEED_HINT = "any whole number, e.g. seed: 20261127; the same seed gives the same exams"
TYPES = "single, multiple, truefalse, order, match, text, numeric, essay"


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the crisis bank, as the current directory."""
    shutil.copy(DATA / "exams" / "crisis.bank.yaml", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edited(old: str, new: str) -> str:
    """BASE with one edit; fails if *old* is not in it."""
    assert old in BASE
    return BASE.replace(old, new, 1)


def problems_of(text: str, name: str = "final.exam.yaml") -> list[str]:
    """The problem lines plan_exam reports for blueprint *text*; fails if it reports none."""
    with pytest.raises(QuizgenError) as caught:
        plan_exam(name, text)
    return [str(problem) for problem in caught.value.problems]


# (blueprint text, every problem line expected)
CASES = {
    "unknown bank path, with a close name": (
        edited("banks: [crisis.bank.yaml]", "banks: [crises.bank.yaml]"),
        [
            "final.exam.yaml:7: section 'Recognizing a crisis': bank 'crises.bank.yaml' not "
            "found: there is no file crises.bank.yaml (did you mean 'crisis.bank.yaml'?)"
        ],
    ),
    "bank in a folder that does not exist": (
        edited("banks: [crisis.bank.yaml]", "banks: [../nowhere/crisis.bank.yaml]"),
        [
            "final.exam.yaml:7: section 'Recognizing a crisis': bank '../nowhere/crisis.bank.yaml'"
            " not found: there is no file ../nowhere/crisis.bank.yaml (no folder ../nowhere); "
            "bank paths are relative to the blueprint"
        ],
    ),
    "filters leave too few items": (
        edited("count: 3", "count: 9"),
        [
            "final.exam.yaml:9: section 'Recognizing a crisis': count 9 is more than this section "
            "can draw: its banks and filters leave 5 items (exam and both items); "
            "include_practice: true would add 1 practice item"
        ],
    ),
    "an item could be drawn twice": (
        edited("objectives: [CR-2, CR-3]", "objectives: [CR-1, CR-2]"),
        [
            "final.exam.yaml:10: section 'Responding': 5 items (cr-single-1, cr-single-2, "
            "cr-multi-1 and 2 more) could be drawn twice: section 'Recognizing a crisis' (line 6) "
            "can draw them too; narrow objectives:, types: or levels: so that no two sections "
            "share an item"
        ],
    ),
    "more than 26 versions": (
        edited("versions: 3", "versions: 27"),
        ["final.exam.yaml:4: blueprint final: versions must be at most 26 (found 27)"],
    ),
    "no version": (
        edited("versions: 3", "versions: 0"),
        ["final.exam.yaml:4: blueprint final: versions must be at least 1 (found 0)"],
    ),
    "missing seed": (
        edited("seed: 7\n", ""),
        [f"final.exam.yaml:1: blueprint final: missing required key 'seed' ({SEED_HINT})"],
    ),
    "misspelled top-level key": (
        edited("seed: 7", "sed: 7"),
        [
            f"final.exam.yaml:1: blueprint final: missing required key 'seed' ({SEED_HINT})",
            "final.exam.yaml:3: blueprint final: unknown key 'sed' (did you mean 'seed'?)",
        ],
    ),
    "misspelled section key": (
        edited("count: 3", "cuont: 3"),
        [
            "final.exam.yaml:6: section 'Recognizing a crisis': missing required key 'count'",
            "final.exam.yaml:9: section 'Recognizing a crisis': unknown key 'cuont' "
            "(did you mean 'count'?)",
        ],
    ),
    "seed that is not a number": (
        edited("seed: 7", "seed: seven"),
        [
            "final.exam.yaml:3: blueprint final: seed must be a whole number, "
            "but YAML read the text 'seven'"
        ],
    ),
    "objective the banks do not have": (
        edited("objectives: [CR-1]", "objectives: [CR-01]"),
        [
            "final.exam.yaml:8: section 'Recognizing a crisis': objective 'CR-01' is not in this "
            "section's banks (did you mean 'CR-1'?)"
        ],
    ),
    "unknown type in a filter": (
        edited("objectives: [CR-1]", "types: [single, essai]"),
        [
            "final.exam.yaml:8: section 'Recognizing a crisis': types[2] must be one of: "
            f"{TYPES} (found 'essai')"
        ],
    ),
    "exam id that is not the file name": (
        edited("exam: final", "exam: finals"),
        [
            "final.exam.yaml:1: blueprint finals: exam id 'finals' differs from the file name "
            "final.exam.yaml: rename the file finals.exam.yaml or write exam: final"
        ],
    ),
    "same bank twice in a section": (
        edited("banks: [crisis.bank.yaml]", "banks: [crisis.bank.yaml, ./crisis.bank.yaml]"),
        [
            "final.exam.yaml:7: section 'Recognizing a crisis': bank './crisis.bank.yaml' is "
            "listed twice in this section (first as bank 1)"
        ],
    ),
    "not a mapping": (
        "- exam: final\n",
        [
            "final.exam.yaml:1: a blueprint is a mapping with exam:, title:, seed: and sections: "
            "(found a list)"
        ],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_names_file_line_and_section(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


def test_load_blueprint_checks_the_blueprint_alone() -> None:
    with pytest.raises(QuizgenError) as caught:
        load_blueprint("final.exam.yaml", edited("versions: 3", "versions: 27"))
    assert [problem.line for problem in caught.value.problems] == [4]


def test_problems_of_the_banks_are_reported_with_the_blueprints(workdir: Path) -> None:
    bank = (workdir / "crisis.bank.yaml").read_text("utf-8")
    (workdir / "crisis.bank.yaml").write_text(bank.replace("use: both", "use: sometimes", 1))
    problems = problems_of(edited("versions: 3", "versions: 30"))
    assert problems == [
        "crisis.bank.yaml:52: question cr-tf-1: use must be one of: practice, exam, both "
        "(found 'sometimes')",
        "final.exam.yaml:4: blueprint final: versions must be at most 26 (found 30)",
    ]


def test_blueprint_not_found_is_a_problem_not_a_traceback() -> None:
    with pytest.raises(QuizgenError) as caught:
        plan_exam("missing.exam.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "missing.exam.yaml:1: cannot read the file: No such file or directory"
    ]


def test_defaults_for_what_a_blueprint_leaves_out() -> None:
    blueprint = load_blueprint("final.exam.yaml", edited("versions: 3\n", ""))
    assert blueprint.versions == 1
    assert blueprint.letters == ("A",)
    assert blueprint.course == DEFAULT_COURSE
    assert (blueprint.academy, blueprint.instructions) == ("", "")
    assert (blueprint.pass_mark, blueprint.duration, blueprint.include_practice) == (
        None,
        None,
        False,
    )


def drawn_ids(text: str) -> list[list[str]]:
    plan = plan_exam("final.exam.yaml", text)
    return [[question.id for question in drawn.questions] for drawn in plan.sections]


def test_only_exam_and_both_items_unless_practice_is_included() -> None:
    everything = edited("count: 3", "count: 5").replace("count: 4", "count: 8")
    ids = [qid for section in drawn_ids(everything) for qid in section]
    assert len(ids) == 13
    assert not any(qid.startswith("cr-practice") for qid in ids)
    with_practice = "include_practice: true\n" + everything.replace("count: 5", "count: 6")
    assert "cr-practice-1" in drawn_ids(with_practice)[0]


def test_the_seed_decides_the_draw_and_the_global_generator_does_not() -> None:
    random.seed(1)
    first = drawn_ids(BASE)
    random.seed(2)
    assert drawn_ids(BASE) == first
    draws = {str(drawn_ids(edited("seed: 7", f"seed: {seed}"))) for seed in range(1, 15)}
    assert len(draws) > 1, "different seeds should draw different items"
    assert [len(section) for section in first] == [3, 4]
