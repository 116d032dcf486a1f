"""``quizgen score``: answer sheets in; scores and item analysis out, figure by figure.

Three kinds of check. A tiny exam (``tests/data/results``: six trainees, five
items over two versions) whose every figure is worked out by hand below. A
simulated class of 200 on the real final exam, every figure checked against a
second computation written here in plain floats and loops. And bad responses
files, each reported as ``file:line: message`` with exit 1, never a traceback.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from quizgen.bank.model import AnyQuestion, ChoiceQuestion, MultipleQuestion, TrueFalseQuestion
from quizgen.cli import main
from quizgen.exam.blueprint import ExamPlan, plan_exam
from quizgen.exam.versions import PrintedQuestion, make_versions
from quizgen.results.analysis import correlation
from quizgen.results.outputs import FILES

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "results"
DEMO = DATA / "demo.exam.yaml"
FINAL = ROOT / "curriculum" / "exams" / "cit-written-final.exam.yaml"
HEADER = "trainee,version,1,2,3,4,5\n"


def score(
    blueprint: Path, responses: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """Run ``quizgen score --quiet``; return the exit status and standard error (problems)."""
    status = main(["score", str(blueprint), str(responses), "-o", str(out), "--quiet"])
    return status, capsys.readouterr().err


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text("utf-8").splitlines()))


# -- the hand-worked exam -----------------------------------------------------------------
#
# The demo exam draws all five items of demo.bank.yaml. In the plan's (bank) order:
#   FW rd-first-words  single     RD-1  options 1 order, 2 introduce (key), 3 nothing, 4 ID
#   LS rd-listening    multiple   RD-1  options 1 paraphrasing (key), 2 interrupting,
#                                       3 emotion labeling (key), 4 arguing
#   TF rd-ask-directly truefalse  RD-2  options 1 True (key), 2 False
#   LL rd-lifeline     single     RD-2  options 1 988 (key), 2 311, 3 411
#   PL rd-plan         essay      RD-2  the grader's points
# Seed 7 prints them so (letter -> bank option):
#   A: 1 PL; 2 LS A4 B3 C1 D2; 3 TF A1 B2; 4 LL A3 B1 C2; 5 FW A3 B1 C2 D4
#   B: 1 TF A1 B2; 2 FW A1 B4 C3 D2; 3 LS A3 B1 C4 D2; 4 LL A2 B1 C3; 5 PL
# (test_the_demo_versions_print_what_the_arithmetic_assumes holds this.)
#
# demo-responses.csv, mapped back (x = item score):
#          ver  FW          LS               TF       LL        PL   | T
#   Dan    B    D=2 x1      D=2 x0           A x1     A=2 x0    -  0 | 2
#   Ann    A    C=2 x1      B,C=3,1 x1       A x1     b=1 x1    0.5  | 4.5
#   Fay    b    - x0        d=2 x0           A x1     C=3 x0    1    | 2
#   Ben    B    D=2 x1      A, C=3,4 x0      A x1     B=1 x1    0    | 3
#   Eve    A    B=1 x0      - x0             A x1     B=1 x1    1    | 3
#   Cat    A    D=4 x0      c=1 x0           A x1     B=1 x1    .5   | 2.5
#
# n = 6; groups of ceil(0.27 * 6) = ceil(1.62) = 2. By T, ties by name:
# Ann 4.5, Ben 3, Eve 3, Cat 2.5, Dan 2, Fay 2: upper Ann, Ben (Ben before Eve);
# lower Dan, Fay.
#
# difficulty p = sum x / 6: FW 3/6 = 0.5; LS 1/6 = 0.167; TF 6/6 = 1; LL 4/6 = 0.667;
# PL (0.5 + 0 + 0.5 + 0 + 1 + 1) / 6 = 0.5.
#
# discrimination: r of x with R = T - x, from Sxy / sqrt(Sxx Syy), S the sums of
# products of deviations (Sab = sum ab - sum a sum b / n), people in the order
# Ann Ben Cat Dan Eve Fay:
#   FW x 1 1 0 1 0 0, R 3.5 2 2.5 1 3 2: Sxy = 6.5 - 3*14/6 = -0.5; Sxx = 3 - 9/6 = 1.5;
#      Syy = 36.5 - 196/6 = 23/6; r = -0.5 / sqrt(5.75) = -0.2085 -> -0.209
#   LS x 1 0 0 0 0 0, R 3.5 3 2.5 2 3 2: Sxy = 3.5 - 16/6 = 5/6; Sxx = 5/6;
#      Syy = 44.5 - 256/6 = 11/6; r = 5 / sqrt(55) = 0.6742 -> 0.674
#   TF x all 1: no variance -> empty
#   LL x 1 1 1 0 1 0, R 3.5 2 1.5 2 2 2: Sxy = 9 - 52/6 = 1/3; Sxx = 4/3; Syy = 7/3;
#      r = 1 / sqrt(28) = 0.1890 -> 0.189
#   PL x .5 0 .5 0 1 1, R 4 3 2 2 2 1: Sxy = 6 - 42/6 = -1; Sxx = 2.5 - 1.5 = 1;
#      Syy = 38 - 196/6 = 16/3; r = -sqrt(3)/4 = -0.4330 -> -0.433
#
# upper_lower (Ann, Ben minus Dan, Fay): FW 1 - 0.5 = 0.5; LS 0.5 - 0 = 0.5; TF 1 - 1 = 0;
# LL 1 - 0 = 1; PL 0.25 - 0.5 = -0.25.
#
# options (chosen, upper, lower): FW 1 (Eve: 1,0,0), 2 (Ann Ben Dan: 3,2,1), 3 (none),
# 4 (Cat: 1,0,0). LS 1 (Ann Cat: 2,1,0), 2 (Dan Fay: 2,0,2), 3 (Ann Ben: 2,2,0),
# 4 (Ben: 1,1,0). TF 1 (all: 6,2,2), 2 (none). LL 1 (Ann Ben Cat Eve: 4,2,0),
# 2 (Dan: 1,0,1), 3 (Fay: 1,0,1).
#
# flags: FW r < 0, option 3 unused; LS p < 0.30, option 4 chosen by 1 upper, 0 lower;
# TF p > 0.90, option 2 unused; LL 0 <= 0.189 < 0.20; PL r < 0.
#
# scores: percent = T / 5: Dan 40, Ann 90, Fay 40, Ben 60, Eve 60, Cat 50; pass at 60
# (Ben's and Eve's 60 pass). RD-1 = (FW + LS) / 2: Dan 50, Ann 100, Fay 0, Ben 50,
# Eve 0, Cat 0. RD-2 = (TF + LL + PL) / 3: Dan 1/3 = 33.3, Ann 2.5/3 = 83.3,
# Fay 2/3 = 66.7, Ben 66.7, Eve 100, Cat 83.3.
#
# summary: T 2 2 2.5 3 3 4.5 sorted; sum 17, mean 17/6 = 2.833; median (2.5 + 3)/2 = 2.75;
# var T = 52.5/6 - (17/6)^2 = 13/18, sd = 0.8498 -> 0.85. Item variances p(1 - p):
# FW 1/4, LS 5/36, TF 0, LL 2/9; PL 2.5/6 - 0.25 = 1/6; sum 7/9.
# alpha = 5/4 (1 - (7/9)/(13/18)) = 5/4 (1 - 14/13) = -5/52 = -0.096 (items that pull
# apart); sem = sqrt(13/18) sqrt(1 + 5/52) = sqrt(19/24) = 0.8898 -> 0.89.
# pass_rate 3/6 = 50. RD-1 mean 200/6 = 33.3, mastered (>= 60) Ann only: 16.7;
# RD-2 mean (1300/3)/6 = 72.2, mastered all but Dan: 83.3.

DEMO_SCORES = """\
trainee,version,points,max_points,percent,result,RD-1,RD-2
Dan,B,2,5,40,fail,50,33.3
Ann,A,4.5,5,90,pass,100,83.3
Fay,B,2,5,40,fail,0,66.7
Ben,B,3,5,60,pass,50,66.7
Eve,A,3,5,60,pass,0,100
Cat,A,2.5,5,50,fail,0,83.3
"""

DEMO_ITEMS = """\
question_id,objective,type,n,difficulty,discrimination,upper_lower,flags
rd-first-words,RD-1,single,6,0.5,-0.209,0.5,negative-discrimination unused-distractor
rd-listening,RD-1,multiple,6,0.167,0.674,0.5,too-hard distractor-draws-upper
rd-ask-directly,RD-2,truefalse,6,1,,0,too-easy unused-distractor
rd-lifeline,RD-2,single,6,0.667,0.189,1,low-discrimination
rd-plan,RD-2,essay,6,0.5,-0.433,-0.25,negative-discrimination
"""

DEMO_OPTIONS = """\
question_id,option,text,correct,chosen,chosen_upper,chosen_lower
rd-first-words,1,Give an order.,no,1,0,0
rd-first-words,2,Introduce yourself and ask their name.,yes,3,2,1
rd-first-words,3,Say nothing.,no,0,0,0
rd-first-words,4,Ask for their ID.,no,1,0,0
rd-listening,1,Paraphrasing,yes,2,1,0
rd-listening,2,Interrupting,no,2,0,2
rd-listening,3,Emotion labeling,yes,2,2,0
rd-listening,4,Arguing,no,1,1,0
rd-ask-directly,1,True,yes,6,2,2
rd-ask-directly,2,False,no,0,0,0
rd-lifeline,1,988,yes,4,2,0
rd-lifeline,2,311,no,1,0,1
rd-lifeline,3,411,no,1,0,1
"""

DEMO_SUMMARY = {
    "n": 6,
    "items": 5,
    "mean": 2.833,
    "sd": 0.85,
    "median": 2.75,
    "min": 2,
    "max": 4.5,
    "reliability": -0.096,
    "sem": 0.89,
    "pass_rate": 50,
    "objectives": {
        "RD-1": {"mean": 33.3, "mastered": 16.7},
        "RD-2": {"mean": 72.2, "mastered": 83.3},
    },
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo class scored once for the module."""
    out = tmp_path_factory.mktemp("demo")
    assert main(["score", str(DEMO), str(DATA / "demo-responses.csv"), "-o", str(out)]) == 0
    return out


def test_the_demo_versions_print_what_the_arithmetic_assumes() -> None:
    """The letter -> bank option table in the comment above, from the versions themselves."""
    printed = {
        version.letter: [
            (p.question.id, "".join(str(i + 1) for i in p.order)) for p in version.questions()
        ]
        for version in make_versions(plan_exam(DEMO))
    }
    assert printed == {
        "A": [
            ("rd-plan", ""),
            ("rd-listening", "4312"),
            ("rd-ask-directly", "12"),
            ("rd-lifeline", "312"),
            ("rd-first-words", "3124"),
        ],
        "B": [
            ("rd-ask-directly", "12"),
            ("rd-first-words", "1432"),
            ("rd-listening", "3142"),
            ("rd-lifeline", "213"),
            ("rd-plan", ""),
        ],
    }


def test_demo_scores_by_hand(demo: Path) -> None:
    assert (demo / "scores.csv").read_text("utf-8") == DEMO_SCORES


def test_demo_items_by_hand(demo: Path) -> None:
    assert (demo / "items.csv").read_text("utf-8") == DEMO_ITEMS


def test_demo_options_by_hand(demo: Path) -> None:
    assert (demo / "options.csv").read_text("utf-8") == DEMO_OPTIONS


def test_demo_summary_by_hand(demo: Path) -> None:
    assert json.loads((demo / "summary.json").read_text("utf-8")) == DEMO_SUMMARY


def test_a_version_b_letter_is_counted_under_the_banks_own_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On version B, question 4 prints the bank's option 2 ('311') as A; on A, A is option 3."""
    responses = tmp_path / "responses.csv"
    responses.write_text(HEADER + 'Bea,B,A,D,"A,B",A,1\nAl,A,1,"B,C",A,B,C\n', "utf-8")
    assert score(DEMO, responses, tmp_path / "out", capsys)[0] == 0
    lifeline = {
        row["option"]: row["chosen"]
        for row in read_csv(tmp_path / "out" / "options.csv")
        if row["question_id"] == "rd-lifeline"
    }
    assert lifeline == {"1": "1", "2": "1", "3": "0"}  # Al's B is option 1, Bea's A option 2


def test_a_name_a_spreadsheet_would_run_is_written_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    name = '=HYPERLINK("http://example.org","T-1")'
    rows = f'"{name.replace(chr(34), chr(34) * 2)}",B,A,D,"A,B",A,1\n@T-2,A,1,"B,C",A,B,C\n'
    responses.write_text(HEADER + rows, "utf-8")
    assert score(DEMO, responses, tmp_path / "out", capsys)[0] == 0
    scores = read_csv(tmp_path / "out" / "scores.csv")
    assert [row["trainee"] for row in scores] == ["'" + name, "'@T-2"]
    # Negative figures stay numbers: the hand-worked items.csv above holds -0.209.


def test_the_same_responses_give_the_same_bytes(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "again"
    assert score(DEMO, DATA / "demo-responses.csv", again, capsys)[0] == 0
    assert sorted(path.name for path in again.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (again / name).read_bytes() == (demo / name).read_bytes(), name


def test_flags_compare_exact_values_not_binary_sums(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten graders' 0.3 make p = 0.3 exactly: not "too hard" (in floats the sum is 2.9999...)."""
    rows = "".join(f'T{i},A,0.3,"B,C",A,B,C\n' for i in range(10))
    responses = tmp_path / "responses.csv"
    responses.write_text(HEADER + rows, "utf-8")
    assert score(DEMO, responses, tmp_path / "out", capsys)[0] == 0
    plan = next(
        r for r in read_csv(tmp_path / "out" / "items.csv") if r["question_id"] == "rd-plan"
    )
    assert (plan["difficulty"], plan["discrimination"], plan["flags"]) == ("0.3", "", "")
    assert sum([0.3] * 10) / 10 < 0.3  # why exact values matter


def test_discrimination_of_exactly_0_2_is_not_low() -> None:
    """r = 0.75 / sqrt(1.5 * 9.375) = 0.2 exactly: the bound is not below itself."""
    from fractions import Fraction

    xs = [Fraction(v) for v in (1, 1, 0, 1, 0, 0)]
    rests = [Fraction(v) for v in ("4", "2.5", "3.5", "1", "2", "0.5")]
    r = correlation(xs, rests)
    assert r.value == pytest.approx(0.2)
    assert not r.below(Fraction(1, 5))
    assert r.below(Fraction(201, 1000))


def test_a_class_without_a_pass_mark_has_no_result_and_no_mastery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blueprint = tmp_path / "demo.exam.yaml"
    text = DEMO.read_text("utf-8").replace("pass_mark: 60\n", "")
    blueprint.write_text(text.replace("[demo.bank.yaml]", f"[{DATA / 'demo.bank.yaml'}]"), "utf-8")
    assert score(blueprint, DATA / "demo-responses.csv", tmp_path / "out", capsys)[0] == 0
    assert {row["result"] for row in read_csv(tmp_path / "out" / "scores.csv")} == {""}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert summary["pass_rate"] is None
    assert summary["objectives"]["RD-1"] == {"mean": 33.3, "mastered": None}


# -- a simulated class on the real final exam ---------------------------------------------


@dataclass
class Simulated:
    """What the simulation meant each trainee to score, kept apart from what quizgen reads."""

    rows: list[list[str]] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    x: dict[str, dict[str, float]] = field(default_factory=dict)  # trainee -> id -> score
    chosen: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # ... -> bank places


def is_choice(question: AnyQuestion) -> bool:
    """Answered with letters on the sheet (the contract's single, multiple, truefalse)."""
    return question.type in {"single", "multiple", "truefalse"}


def keyed(question: AnyQuestion) -> set[int]:
    """The right options' 1-based places in the bank, read straight from the model."""
    if isinstance(question, TrueFalseQuestion):
        return {1 if question.answer else 2}
    assert isinstance(question, ChoiceQuestion)
    return {i + 1 for i, option in enumerate(question.options) if option.correct}


def simulate_answer(
    printed: PrintedQuestion, chance: float, rng: random.Random
) -> tuple[str, float, set[int]]:
    """(cell, item score, bank places marked) for one item under a simple ability model."""
    question = printed.question
    if not is_choice(question):  # written: the grader gives quarters, mostly near the chance
        points = min(4, max(0, round(chance * 4 + rng.choice((-1, 0, 0, 1)))))
        return ("" if points == 0 and rng.random() < 0.3 else str(points / 4)), points / 4, set()
    places = [place + 1 for place in printed.order]  # printed letter i -> bank place
    key = keyed(question)
    if rng.random() < chance:
        marked = key
    elif rng.random() < 0.1:
        marked = set()
    elif isinstance(question, MultipleQuestion):
        marked = key
        while marked == key:
            marked = {p for p in places if rng.random() < 0.5} or {rng.choice(places)}
    else:  # the first two wrong options in the bank draw the wrong answers: others go unused
        marked = {rng.choice([p for p in sorted(places) if p not in key][:2])}
    letters = sorted("ABCDEFGH"[places.index(p)] for p in marked)
    cell = rng.choice((", ".join(letters), "".join(letters).lower(), ",".join(letters)))
    return cell, float(marked == key), marked


@functools.cache
def final_plan() -> ExamPlan:
    return plan_exam(FINAL)


def simulate(count: int, seed: int) -> Simulated:
    plan = final_plan()
    versions = make_versions(plan)
    rng = random.Random(seed)
    # most items follow ability; a few are guesses (ability does not help) or very hard
    hardness = {
        q.id: rng.choice((rng.uniform(-2.0, 1.5),) * 8 + (None, 3.5)) for q in plan.questions()
    }
    sim = Simulated()
    for n in range(count):
        trainee = f"T-{rng.randrange(10**6):06d}-{n}"
        version = rng.choice(versions)
        ability = rng.gauss(0.8, 1.0)
        sim.versions[trainee], sim.x[trainee], sim.chosen[trainee] = version.letter, {}, {}
        cells = [trainee, version.letter.lower() if n % 7 == 0 else version.letter]
        for printed in version.questions():
            hard = hardness[printed.question.id]
            chance = 0.5 if hard is None else 1 / (1 + math.exp(hard - ability))
            cell, x, marked = simulate_answer(printed, chance, rng)
            cells.append(cell)
            sim.x[trainee][printed.question.id] = x
            if is_choice(printed.question):
                sim.chosen[trainee][printed.question.id] = marked
        sim.rows.append(cells)
    return sim


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), "utf-8-sig")


@dataclass
class Expected:
    """Every figure of the class, computed again with floats, loops and sums of products."""

    sim: Simulated
    ids: list[str]
    objective: dict[str, str]
    pass_mark: float

    @property
    def trainees(self) -> list[str]:
        return list(self.sim.x)

    def total(self, trainee: str) -> float:
        return sum(self.sim.x[trainee].values())

    def column(self, qid: str) -> list[float]:
        return [self.sim.x[t][qid] for t in self.trainees]

    def ranked(self) -> list[str]:
        return sorted(self.trainees, key=lambda t: (-self.total(t), t))

    def group_size(self) -> int:
        return -(-27 * len(self.trainees) // 100)

    def upper(self) -> list[str]:
        return self.ranked()[: self.group_size()]

    def lower(self) -> list[str]:
        return self.ranked()[-self.group_size() :]

    def discrimination(self, qid: str) -> float | None:
        xs = self.column(qid)
        rests = [self.total(t) - self.sim.x[t][qid] for t in self.trainees]
        n = len(xs)
        sx, sr = sum(xs), sum(rests)
        sxr = sum(a * b for a, b in zip(xs, rests, strict=True)) - sx * sr / n
        sxx = sum(a * a for a in xs) - sx * sx / n
        srr = sum(b * b for b in rests) - sr * sr / n
        if sxx <= 1e-12 or srr <= 1e-12:
            return None
        return sxr / math.sqrt(sxx * srr)

    def upper_lower(self, qid: str) -> float:
        mean = lambda group: sum(self.sim.x[t][qid] for t in group) / len(group)  # noqa: E731
        return mean(self.upper()) - mean(self.lower())

    def chosen(self, qid: str, place: int, group: list[str]) -> int:
        return sum(1 for t in group if place in self.sim.chosen[t].get(qid, set()))

    def variance(self, values: list[float]) -> float:
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values) / len(values)

    def alpha(self) -> float:
        k = len(self.ids)
        items = sum(self.variance(self.column(q)) for q in self.ids)
        return k / (k - 1) * (1 - items / self.variance([self.total(t) for t in self.trainees]))

    def percent(self, trainee: str, objective: str) -> float:
        scores = [self.sim.x[trainee][q] for q in self.ids if self.objective[q] == objective]
        return 100 * sum(scores) / len(scores)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    folder = tmp_path_factory.mktemp("simulated")
    sim = simulate(200, seed=20261127)
    plan = final_plan()
    ids = [q.id for q in plan.questions()]
    header = ["trainee", "version", *(str(i) for i in range(1, len(ids) + 1))]
    write_rows(folder / "responses.csv", header, sim.rows)
    argv = ["score", str(FINAL), str(folder / "responses.csv"), "-o", str(folder / "out")]
    assert main(argv) == 0
    objective = {q.id: q.objective for q in plan.questions()}
    assert plan.blueprint.pass_mark is not None
    return folder / "out", Expected(sim, ids, objective, float(plan.blueprint.pass_mark))


def close(cell: str, expected: float | None, places: int = 3) -> bool:
    """A rounded cell agrees with an independent figure (within half its last decimal)."""
    if expected is None:
        return cell == ""
    decimals = cell.partition(".")[2]
    return len(decimals) <= places and abs(float(cell) - expected) <= 0.5 * 10**-places + 1e-9


def test_simulated_items(simulated: tuple[Path, Expected]) -> None:
    out, e = simulated
    rows = read_csv(out / "items.csv")
    assert [row["question_id"] for row in rows] == e.ids
    for row in rows:
        qid, xs = row["question_id"], e.column(row["question_id"])
        p, r = sum(xs) / len(xs), e.discrimination(qid)
        assert row["n"] == "200"
        assert close(row["difficulty"], p), row
        assert close(row["discrimination"], r), row
        assert close(row["upper_lower"], e.upper_lower(qid)), row
        assert row["flags"].split() == expected_flags(e, qid, p, r), row
    flagged = {flag for row in rows for flag in row["flags"].split()}
    assert flagged == {  # the comparison above bites: every flag is raised somewhere
        "too-easy",
        "too-hard",
        "low-discrimination",
        "negative-discrimination",
        "unused-distractor",
        "distractor-draws-upper",
    }


def expected_flags(e: Expected, qid: str, p: float, r: float | None) -> list[str]:
    options = [place for t in e.trainees for place in e.sim.chosen[t].get(qid, set())]
    question = next(q for q in final_plan().questions() if q.id == qid)
    places = range(1, len(question.options) + 1) if isinstance(question, ChoiceQuestion) else []
    if isinstance(question, TrueFalseQuestion):
        places = range(1, 3)
    wrong = [place for place in places if place not in keyed(question)]
    up, low = e.upper(), e.lower()
    flags = {
        "too-easy": p > 0.9,
        "too-hard": p < 0.3,
        "low-discrimination": r is not None and 0 <= r < 0.2,
        "negative-discrimination": r is not None and r < 0,
        "unused-distractor": any(place not in options for place in wrong),
        "distractor-draws-upper": any(e.chosen(qid, w, up) > e.chosen(qid, w, low) for w in wrong),
    }
    return [flag for flag, raised in flags.items() if raised]


def test_simulated_options(simulated: tuple[Path, Expected]) -> None:
    out, e = simulated
    plan = final_plan()
    expected = []
    for question in plan.questions():
        if isinstance(question, TrueFalseQuestion):
            texts = ["True", "False"]
        elif isinstance(question, ChoiceQuestion):
            texts = [" ".join(option.text.split()) for option in question.options]
        else:
            continue
        for place, text in enumerate(texts, start=1):
            expected.append(
                (
                    question.id,
                    str(place),
                    text,
                    "yes" if place in keyed(question) else "no",
                    str(e.chosen(question.id, place, e.trainees)),
                    str(e.chosen(question.id, place, e.upper())),
                    str(e.chosen(question.id, place, e.lower())),
                )
            )
    rows = [tuple(row.values()) for row in read_csv(out / "options.csv")]
    assert [row[:2] + row[3:] for row in rows] == [row[:2] + row[3:] for row in expected]
    plain = sum(1 for got, want in zip(rows, expected, strict=True) if got[2] == want[2])
    assert plain > 0.9 * len(rows)  # texts are the bank's, Markdown rendered to plain text


def test_simulated_scores(simulated: tuple[Path, Expected]) -> None:
    out, e = simulated
    rows = read_csv(out / "scores.csv")
    objectives = list(dict.fromkeys(e.objective[q] for q in e.ids))
    columns = ["trainee", "version", "points", "max_points", "percent", "result", *objectives]
    assert list(rows[0]) == columns
    assert [row["trainee"] for row in rows] == e.trainees
    for row in rows:
        trainee, total = row["trainee"], e.total(row["trainee"])
        percent = 100 * total / len(e.ids)
        assert row["version"] == e.sim.versions[trainee]
        assert (row["max_points"], row["result"]) == (
            "50",
            "pass" if percent >= e.pass_mark else "fail",
        )
        assert close(row["points"], total) and close(row["percent"], percent, 1), row
        for objective in objectives:
            assert close(row[objective], e.percent(trainee, objective), 1), (row, objective)


def test_simulated_summary(simulated: tuple[Path, Expected]) -> None:
    out, e = simulated
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    totals = sorted(e.total(t) for t in e.trainees)
    n, sd, alpha = len(totals), math.sqrt(e.variance(totals)), e.alpha()
    percents = [100 * t / len(e.ids) for t in totals]
    expected = {
        "mean": sum(totals) / n,
        "sd": sd,
        "median": (totals[n // 2 - 1] + totals[n // 2]) / 2,
        "min": totals[0],
        "max": totals[-1],
        "reliability": alpha,
        "sem": sd * math.sqrt(1 - alpha),
    }
    assert (summary["n"], summary["items"]) == (200, 50)
    for name, value in expected.items():
        assert abs(summary[name] - value) <= 0.0005 + 1e-9, name
    assert 0.5 < summary["reliability"] < 1  # the model makes a test that hangs together
    passing = 100 * sum(p >= e.pass_mark for p in percents) / n
    assert abs(summary["pass_rate"] - passing) <= 0.05 + 1e-9
    for objective, figures in summary["objectives"].items():
        mine = [e.percent(t, objective) for t in e.trainees]
        mastered = 100 * sum(p >= e.pass_mark for p in mine) / n
        assert abs(figures["mean"] - sum(mine) / n) <= 0.05 + 1e-9, objective
        assert abs(figures["mastered"] - mastered) <= 0.05 + 1e-9, objective


# -- bad responses ------------------------------------------------------------------------

ANN = 'Ann,A,0.5,"B,C",A,b,C\n'  # a good row of version A

BAD = [
    pytest.param(
        HEADER + "Ann,C,1,B,A,B,C\n",
        "responses.csv:2: version 'C' is not a version of this exam: its versions are A and B",
        id="unknown-version",
    ),
    pytest.param(
        HEADER + "Ann,,1,B,A,B,C\n",
        "responses.csv:2: the version is blank: write the version letter printed on the sheet "
        "(its versions are A and B)",
        id="blank-version",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B,A,B\n",
        "responses.csv:2: this row has 4 answer cells, but the exam has 5 questions: "
        "add the missing cells (a blank cell is no answer)",
        id="missing-column",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B,A,B,C,\n",
        "responses.csv:2: this row has 6 answer cells, but the exam has 5 questions: "
        "remove the 1 extra at the end of the row",
        id="extra-column",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B,A,D,C\n",
        "responses.csv:2: question 4 (version A): 'D' is not an option; the options are A to C",
        id="not-an-option",
    ),
    pytest.param(
        HEADER + 'Ann,A,1,"b, e, f",A,B,C\n',
        "responses.csv:2: question 2 (version A): 'E' and 'F' are not options; "
        "the options are A to D",
        id="not-options",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B,C,B,C\n",
        "responses.csv:2: question 3 (version A): 'C' is not an option; "
        "the options are A (True) and B (False)",
        id="not-true-or-false",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B,A,B,=C\n",
        "responses.csv:2: question 5 (version A): '=C' is not a mark: write the letter marked; "
        "the options are A to D",
        id="formula-in-a-choice",
    ),
    pytest.param(
        HEADER + "Ann,A,1,@B,A,B,C\n",
        "responses.csv:2: question 2 (version A): '@B' is not a mark: "
        "write the letters marked, e.g. B, D; the options are A to D",
        id="at-sign-in-a-multiple",
    ),
    pytest.param(
        HEADER + "Ann,A,2,B,A,B,C\n",
        "responses.csv:2: question 1 (version A): '2' is more than 1: "
        "a written question is worth 0 to 1 point",
        id="score-above-1",
    ),
    pytest.param(
        HEADER + "Ann,A,-0.5,B,A,B,C\n",
        "responses.csv:2: question 1 (version A): '-0.5' is not a score: "
        "write the points the grader gave, a number from 0 to 1 (1, 0.5, 0)",
        id="negative-score",
    ),
    pytest.param(
        HEADER + "Ann,A,=1/2,B,A,B,C\n",
        "responses.csv:2: question 1 (version A): '=1/2' is not a score: "
        "write the points the grader gave, a number from 0 to 1 (1, 0.5, 0)",
        id="formula-as-a-score",
    ),
    pytest.param(
        HEADER + "Ann,A,nan,B,A,B,C\n",
        "responses.csv:2: question 1 (version A): 'nan' is not a score: "
        "write the points the grader gave, a number from 0 to 1 (1, 0.5, 0)",
        id="nan-score",
    ),
    pytest.param(
        HEADER + ANN + "Ann,B,A,D,A,B,1\n",
        "responses.csv:3: trainee 'Ann' has two rows (the first on line 2): "
        "keep one row per trainee",
        id="trainee-twice",
    ),
    pytest.param(
        HEADER + ANN + " ,B,A,D,A,B,1\n",
        "responses.csv:3: the trainee is blank: write a name or number that tells the trainees "
        "apart",
        id="trainee-blank",
    ),
    pytest.param(
        HEADER + "Ann,A,1,B\u200b,A,B,C\n",
        "responses.csv:2: question 2 (version A): 'B\\u200b' holds an invisible character, "
        "zero width space (U+200B): retype the cell",
        id="zero-width-space",
    ),
    pytest.param(
        HEADER + "Ann\u2060,A,1,B,A,B,C\n",
        "responses.csv:2: the trainee 'Ann\\u2060' holds an invisible character, "
        "word joiner (U+2060): retype it",
        id="invisible-in-a-name",
    ),
    pytest.param(
        "",
        "responses.csv:1: the file is empty: the first row is the header "
        "trainee,version,1,2,...,5, then one row per trainee",
        id="empty",
    ),
    pytest.param(
        "\ufeff\r\n\r\n",
        "responses.csv:1: the file is empty: the first row is the header "
        "trainee,version,1,2,...,5, then one row per trainee",
        id="only-a-bom-and-blank-lines",
    ),
    pytest.param(
        HEADER,
        "responses.csv:1: the file has a header but no trainees: add one row per answer sheet",
        id="no-trainees",
    ),
    pytest.param(
        ANN,
        "responses.csv:1: the first row must be the header trainee,version,1,2,...,5; "
        "found 'Ann,A,0.5,B,C,A,b,C'",
        id="no-header",
    ),
    pytest.param(
        "trainee,version,1,2,3,5,4\n" + ANN,
        "responses.csv:1: column 6 is headed '5', not '4': head the question columns 1 to 5, "
        "in order",
        id="header-out-of-order",
    ),
    pytest.param(
        HEADER + 'Ann,A,1,B,A,B,"C\n',
        "responses.csv:2: the CSV cannot be read from here (unexpected end of data): "
        "check the quotes on this line",
        id="unclosed-quote",
    ),
    pytest.param(
        HEADER + '"Ann\nvan Dijk",A,1,B,A,B,C\nBen,A,1,B,A,B,C\r\n\r\nCat,A,1,B,A,B,E\n',
        "responses.csv:6: question 5 (version A): 'E' is not an option; the options are A to D",
        id="a-line-break-in-a-cell-is-a-line",
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD)
def test_bad_responses_are_reported_at_their_line(
    content: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("responses.csv").write_bytes(content.encode("utf-8"))
    status, err = score(DEMO, Path("responses.csv"), Path("out"), capsys)
    assert (status, err.splitlines()) == (1, [expected])
    assert not Path("out").exists()


def test_a_file_not_in_utf8_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("responses.csv").write_bytes((HEADER + ANN + "Zoé,B,1,D,A,B,1\n").encode("cp1252"))
    status, err = score(DEMO, Path("responses.csv"), Path("out"), capsys)
    assert status == 1
    assert err == (
        "responses.csv:3: the file is not UTF-8 text (byte 0xE9 on this line): "
        "save it from the spreadsheet as 'CSV UTF-8'\n"
    )


def test_every_problem_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        "trainee,version,1,2,3,4\n",  # one question column short
        ANN,
        "Ben,B,A,D,A,B\n",
        "Ann,C,1,D,A,B,1\n",
        "Cat,A,7,Q,A,B,C\n",
    ]
    Path("responses.csv").write_text("".join(rows), "utf-8")
    status, err = score(DEMO, Path("responses.csv"), Path("out"), capsys)
    assert status == 1
    assert err.splitlines() == [
        "responses.csv:1: the header has 4 question columns, but each version of this exam has "
        "5 questions: head the columns 1 to 5",
        "responses.csv:3: this row has 4 answer cells, but the exam has 5 questions: add the "
        "missing cells (a blank cell is no answer)",
        "responses.csv:4: trainee 'Ann' has two rows (the first on line 2): keep one row per "
        "trainee",
        "responses.csv:4: version 'C' is not a version of this exam: its versions are A and B",
        # one line's problems come in the order of their messages
        "responses.csv:5: question 1 (version A): '7' is more than 1: a written question is "
        "worth 0 to 1 point",
        "responses.csv:5: question 2 (version A): 'Q' is not an option; the options are A to D",
    ]


def test_full_width_letters_and_no_break_spaces_read_as_they_look(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_text(HEADER + 'Ann,\uff21,\u00a01 ,"\uff22,\u00a0c",a,B,C\n', "utf-8")
    assert score(DEMO, responses, tmp_path / "out", capsys)[0] == 0
    assert read_csv(tmp_path / "out" / "scores.csv")[0]["points"] == "5"


def test_a_bad_blueprint_is_reported_and_missing_files_are_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "demo.exam.yaml"
    broken.write_text("exam: demo\ntitle: [\n", "utf-8")
    status, err = score(broken, DATA / "demo-responses.csv", tmp_path / "out", capsys)
    assert status == 1 and err.startswith(f"{broken}:")
    assert score(DEMO, tmp_path / "nothing.csv", tmp_path / "out", capsys) == (
        2,
        f"quizgen score: no such file: {tmp_path / 'nothing.csv'}\n",
    )


def garbage() -> Iterator[bytes]:
    yield b"\x00\xff\xfe{{{: [\n"
    yield b"trainee,version," + b'"' * 5000
    yield HEADER.encode() + b"Ann,A," + b"B" * 200_000 + b"\n"
    yield HEADER.encode() + b"\x00,\x00,\x00\n"


@pytest.mark.parametrize("content", list(garbage()))
def test_no_traceback_on_garbage(content: bytes, tmp_path: Path) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "score", str(DEMO), str(responses), "-o", "out"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"{responses}:")
    assert "Traceback" not in result.stderr
