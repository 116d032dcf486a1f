"""Results back to the instructor: ``quizgen check --stats DIR`` and the responses template.

``check --stats`` turns the items ``quizgen score`` flagged into warnings at the
questions' lines in their banks; ``quizgen exam`` writes the header of the
responses file that ``quizgen score`` reads, ready to be filled in a spreadsheet.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from quizgen.cli import main
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.versions import make_versions

DATA = Path(__file__).parent / "data" / "results"
DEMO = DATA / "demo.exam.yaml"
BANK = "demo.bank.yaml"
SUMMARY = (
    "1 bank, 5 questions (1 essay, 1 multiple, 2 single, 1 truefalse; 0 practice, 5 exam, "
    "0 both), 2 objectives, 0 problems"
)
# The hand-worked demo class of tests/test_results.py: every item is flagged.
DEMO_WARNINGS = [
    "demo.bank.yaml:11: question rd-first-words: p = 0.5 in {0}: negative discrimination "
    "(r = -0.209), unused distractor",
    "demo.bank.yaml:23: question rd-listening: p = 0.167 in {0}: too hard, a distractor draws "
    "the upper group",
    "demo.bank.yaml:36: question rd-ask-directly: p = 1 in {0}: too easy, unused distractor",
    "demo.bank.yaml:43: question rd-lifeline: p = 0.667 in {0}: low discrimination (r = 0.189)",
    "demo.bank.yaml:54: question rd-plan: p = 0.5 in {0}: negative discrimination (r = -0.433)",
]
ITEMS_HEADER = "question_id,objective,type,n,difficulty,discrimination,upper_lower,flags\n"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo class scored once, into a folder named for the exam."""
    out = tmp_path_factory.mktemp("results") / "cit-demo-final"
    assert main(["score", str(DEMO), str(DATA / "demo-responses.csv"), "-o", str(out)]) == 0
    return out


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run ``quizgen check`` in the demo's folder: status, lines on stderr, stdout."""
    capsys.readouterr()
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, err.splitlines(), out.strip()


def write_items(folder: Path, rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items.csv").write_text(ITEMS_HEADER + rows, "utf-8")
    return folder


# -- check --stats ------------------------------------------------------------------------


def test_each_flagged_item_is_a_warning_at_its_bank_line(
    scored: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    status, err, out = check(capsys, BANK, "--stats", str(scored))
    assert status == 0, "warnings do not fail a check"
    assert err == [line.format("cit-demo-final") for line in DEMO_WARNINGS]
    assert out == f"{SUMMARY}; 5 warnings from the item statistics of 1 results folder"


def test_without_stats_the_check_is_unchanged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    assert check(capsys, BANK) == (0, [], SUMMARY)


def test_several_folders_give_a_line_each_in_the_order_given(
    scored: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spring = write_items(tmp_path / "spring", "rd-lifeline,RD-2,single,30,0.967,0.05,0,too-easy\n")
    monkeypatch.chdir(DATA)
    status, err, out = check(capsys, BANK, "--stats", str(spring), "--stats", str(scored))
    assert status == 0
    assert err[3:5] == [
        "demo.bank.yaml:43: question rd-lifeline: p = 0.967 in spring: too easy",
        DEMO_WARNINGS[3].format("cit-demo-final"),
    ]
    assert len(err) == 6
    assert out.endswith("; 6 warnings from the item statistics of 2 results folders")


def test_two_folders_of_one_name_are_named_by_their_paths(
    scored: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = "rd-plan,RD-2,essay,30,0.25,,0,too-hard\n"
    write_items(tmp_path / "fall" / "final", row)
    write_items(tmp_path / "spring" / "final", row)
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / BANK, tmp_path)
    status, err, _ = check(capsys, BANK, "--stats", "fall/final", "spring/final/")
    assert status == 0
    assert err == [
        "demo.bank.yaml:54: question rd-plan: p = 0.25 in fall/final: too hard",
        "demo.bank.yaml:54: question rd-plan: p = 0.25 in spring/final: too hard",
    ]


def test_a_flagged_item_no_bank_holds_is_a_warning_at_its_results_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_items(
        tmp_path / "final",
        "rd-plan,RD-2,essay,30,0.5,0.3,0.1,\nrd-gone,RD-2,single,30,0.2,0.3,0.1,too-hard\n",
    )
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / BANK, tmp_path)
    status, err, out = check(capsys, BANK, "--stats", "final")
    assert status == 0
    assert err == [
        "final/items.csv:3: question rd-gone: p = 0.2 in final: too hard; no bank checked holds "
        "this question (renamed or removed, or its bank was not checked)"
    ]
    assert out.endswith("; 1 warning from the item statistics of 1 results folder")


def test_problems_in_the_banks_still_fail_the_check(
    scored: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    bank = (
        (DATA / BANK)
        .read_text("utf-8")
        .replace("  - id: rd-lifeline\n", "  - id: rd-lifeline\n    corect: true\n")
    )
    (tmp_path / BANK).write_text(bank, "utf-8")
    status, err, _ = check(capsys, BANK, "--stats", str(scored))
    assert status == 1
    # the bank is not loaded, so its items are unknown: no warning that no bank holds them
    assert len(err) == 1
    assert err[0].startswith("demo.bank.yaml:44: question rd-lifeline: unknown key 'corect'")


def test_a_folder_without_items_csv_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    shutil.copy(DATA / BANK, tmp_path)
    monkeypatch.chdir(tmp_path)
    status, err, out = check(capsys, BANK, "--stats", "empty")
    assert status == 1
    assert err == [
        "empty/items.csv:1: no items.csv here: give --stats a folder written by "
        "'quizgen score BLUEPRINT RESPONSES.csv -o DIR'"
    ]
    assert "1 problem; 0 warnings" in out


def test_a_malformed_items_csv_names_every_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_items(
        tmp_path / "bad",
        "rd-plan,RD-2,essay,30,0.5,0.3,0.1,too-easy\n"
        "rd-lifeline,RD-2,single,30,high,0.3,0.1,too-hard\n"
        "rd-listening,RD-1,multiple,30,0.5,1.5,0.1,\n"
        "rd-first-words,RD-1,single,30,0.95,0.3,0.1,too-easy too-easi\n"
        "rd-ask-directly,RD-2,truefalse,30,0.95\n"
        ",RD-2,truefalse,30,0.95,0.3,0.1,\n",
    )
    (tmp_path / "noheader").mkdir()
    (tmp_path / "noheader" / "items.csv").write_text("question_id,difficulty\nx,1\n", "utf-8")
    shutil.copy(DATA / BANK, tmp_path)
    monkeypatch.chdir(tmp_path)
    status, err, _ = check(capsys, BANK, "--stats", "bad", "noheader")
    assert status == 1
    assert err == [
        "bad/items.csv:3: question rd-lifeline: difficulty 'high' is not a number from 0 to 1",
        "bad/items.csv:4: question rd-listening: discrimination '1.5' is not a number from -1 to 1",
        "bad/items.csv:5: question rd-first-words: unknown flag 'too-easi': the flags are "
        "too-easy, too-hard, low-discrimination, negative-discrimination, unused-distractor, "
        "distractor-draws-upper",
        "bad/items.csv:6: this row has 5 cells, but the header names 8",
        "bad/items.csv:7: the question_id is blank",
        "noheader/items.csv:1: no column discrimination, flags: the first row of items.csv names "
        "its columns, question_id, difficulty, discrimination, flags among them (run quizgen "
        "score again to rewrite it)",
    ]


def test_an_items_csv_not_utf8_or_with_a_broken_quote_is_named_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    header = b"question_id,objective,type,n,difficulty,discrimination,upper_lower,flags\r\n"
    for name, body in (
        (
            "latin1",
            b"rd-plan,RD-2,essay,30,0.5,0.3,0.1,\r\nrd-caf\xe9,RD-2,essay,30,0.5,0.3,0.1,\r\n",
        ),
        (
            "quote",
            b'rd-plan,RD-2,essay,30,0.5,0.3,0.1,\r\n"rd-lifeline,RD-2,single,30,0.5,0.3,0.1,\r\n',
        ),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "items.csv").write_bytes(header + body)
    shutil.copy(DATA / BANK, tmp_path)
    monkeypatch.chdir(tmp_path)
    status, err, _ = check(capsys, BANK, "--stats", "latin1", "quote")
    assert status == 1
    assert err == [
        "latin1/items.csv:3: the file is not UTF-8 text (byte 0xE9 on this line)",
        "quote/items.csv:3: the CSV cannot be read from here (unexpected end of data): "
        "check the quotes on this line",
    ]


def test_a_missing_folder_is_bad_usage(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    status, err, out = check(capsys, BANK, "--stats", "no/such/results")
    assert (status, err, out) == (
        2,
        ["quizgen check: --stats: no such folder: no/such/results"],
        "",
    )


# -- the responses template ---------------------------------------------------------------


@pytest.fixture(scope="module")
def exam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo exam built once for the module."""
    out = tmp_path_factory.mktemp("exam")
    assert main(["exam", str(DEMO), "-o", str(out)]) == 0
    return out


def test_the_exam_writes_the_header_of_the_responses_file(exam: Path) -> None:
    template = (exam / "responses-template.csv").read_bytes()
    assert template == b"\xef\xbb\xbftrainee,version,1,2,3,4,5\r\n"


def test_the_template_filled_in_a_spreadsheet_is_scored(exam: Path, tmp_path: Path) -> None:
    """Each trainee marks the key of their version and gets full points on the essay."""
    rows = []
    for n, version in enumerate(make_versions(plan_exam(DEMO)) * 2, start=1):
        answers = [p.key().split(" (")[0] if p.bubbles else "1" for p in version.questions()]
        rows.append(",".join([f"Trainee {n}", version.letter, *(f'"{a}"' for a in answers)]))
    filled = tmp_path / "responses.csv"
    filled.write_bytes((exam / "responses-template.csv").read_bytes() + "\r\n".join(rows).encode())
    assert main(["score", str(DEMO), str(filled), "-o", str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "scores.csv").open(encoding="utf-8", newline="") as scores:
        table = [
            (r["trainee"], r["version"], r["percent"], r["result"]) for r in csv.DictReader(scores)
        ]
    assert table == [
        ("Trainee 1", "A", "100", "pass"),
        ("Trainee 2", "B", "100", "pass"),
        ("Trainee 3", "A", "100", "pass"),
        ("Trainee 4", "B", "100", "pass"),
    ]


def test_the_template_as_written_asks_for_rows(
    exam: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = exam / "responses-template.csv"
    assert main(["score", str(DEMO), str(template), "-o", str(exam / "never")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{template}:1: the file has a header but no trainees: add one row per answer sheet"
    ]
