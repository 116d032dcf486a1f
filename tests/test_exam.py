"""``quizgen exam``: the papers, sheets and keys an instructor prints, and their guarantees."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.synthetic import bank_yaml
from quizgen import __version__
from quizgen.bank.loader import load_bank
from quizgen.bank.model import (
    ChoiceQuestion,
    EssayQuestion,
    MatchQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
)
from quizgen.cli import main
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.build import build_exam
from quizgen.exam.documents import Documents
from quizgen.exam.versions import make_versions
from quizgen.render.markup import plain_text
from quizgen.render.pdf import pdf_bytes

EXAMS = Path(__file__).parent / "data" / "exams"
BLUEPRINT = EXAMS / "final.exam.yaml"
BANK = {question.id: question for question in load_bank(EXAMS / "crisis.bank.yaml").questions}
LETTERS = "ABC"


def fold(text: str) -> str:
    return " ".join(text.split())


def seen(markdown: str) -> str:
    """What a reader sees of bank Markdown, white space folded."""
    return fold(plain_text(markdown))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample exam, built once for the module."""
    out = tmp_path_factory.mktemp("exam")
    build_exam(BLUEPRINT, out)
    return out


# -- reading what was printed -------------------------------------------------------------


@dataclass
class PrintedItem:
    """A question as parsed back from a version's HTML."""

    type: str
    lettered: dict[str, str] = field(default_factory=dict)  # letter -> text
    lefts: dict[str, str] = field(default_factory=dict)  # number -> left side of a match
    classes: Counter[str] = field(default_factory=Counter)


class ExamPage(HTMLParser):
    """The questions of a printed version: number -> what the reader sees."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.questions: dict[int, PrintedItem] = {}
        self._item = PrintedItem("")
        self._capture: tuple[str, str, list[str]] | None = None  # (kind, key, text so far)
        self._depth = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if "data-number" in attributes:
            self._item = PrintedItem(attributes["data-type"])
            self.questions[int(attributes["data-number"])] = self._item
        self._item.classes.update(attributes.get("class", "").split())
        if self._capture is not None:
            self._depth += 1
        elif "data-letter" in attributes:
            self._capture = ("lettered", attributes["data-letter"], [])
        elif "data-left" in attributes:
            self._capture = ("lefts", attributes["data-left"], [])

    def handle_endtag(self, tag: str) -> None:
        if self._capture is None:
            return
        if self._depth:
            self._depth -= 1
            return
        kind, key, parts = self._capture
        text = fold("".join(parts))
        if kind == "lettered":
            self._item.lettered[key] = text.removeprefix(key).strip()
        else:
            self._item.lefts[key] = text
        self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._capture[2].append(data)


def printed(built: Path, letter: str) -> dict[int, PrintedItem]:
    return ExamPage((built / f"exam-{letter}.html").read_text("utf-8")).questions


def key_rows(built: Path, letter: str) -> list[dict[str, str]]:
    with (built / f"key-{letter}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def pdf_pages(path: Path) -> list[str]:
    return [fold(page.extract_text()) for page in PdfReader(path).pages]


# -- the files ----------------------------------------------------------------------------


def test_every_file_an_instructor_needs(built: Path) -> None:
    per_version = ("exam-{}.html", "exam-{}.pdf", "answer-sheet-{}.pdf", "key-{}.pdf", "key-{}.csv")
    expected = {name.format(letter) for name in per_version for letter in LETTERS}
    shared = {"blueprint.pdf", "responses-template.csv", "manifest.json"}
    assert {path.name for path in built.iterdir()} == expected | shared


def test_two_runs_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    build_exam(BLUEPRINT, tmp_path)
    for path in sorted(built.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    metadata = PdfReader(built / "exam-A.pdf").metadata or {}
    assert "/CreationDate" not in metadata and "/ModDate" not in metadata


def test_adding_a_version_changes_no_earlier_version(tmp_path: Path) -> None:
    for name in ("crisis.bank.yaml", "final.exam.yaml"):
        shutil.copy(EXAMS / name, tmp_path)
    blueprint = tmp_path / "final.exam.yaml"
    three = make_versions(plan_exam(blueprint))
    blueprint.write_text(blueprint.read_text("utf-8").replace("versions: 3", "versions: 5"))
    five = make_versions(plan_exam(blueprint))
    assert five[:3] == three


def test_manifest_records_inputs_and_items(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert manifest["blueprint"] == {
        "file": "final.exam.yaml",
        "sha256": hashlib.sha256(BLUEPRINT.read_bytes()).hexdigest(),
    }
    bank_hash = hashlib.sha256((EXAMS / "crisis.bank.yaml").read_bytes()).hexdigest()
    assert manifest["banks"] == [
        {"bank": "crisis", "file": "crisis.bank.yaml", "sha256": bank_hash}
    ]
    assert manifest["seed"] == 20261127
    assert manifest["tool"]["quizgen"] == __version__
    assert sorted(manifest["files"]) == sorted(path.name for path in built.iterdir())


def test_all_versions_hold_one_set_of_items_in_their_own_order(built: Path) -> None:
    versions = json.loads((built / "manifest.json").read_text("utf-8"))["versions"]
    assert sorted(versions) == list(LETTERS)
    assert {frozenset(ids) for ids in versions.values()} == {frozenset(BANK) - _practice()}
    assert len({tuple(ids) for ids in versions.values()}) == 3, "each version has its own order"
    for letter, ids in versions.items():
        assert [row["question id"] for row in key_rows(built, letter)] == ids


def _practice() -> frozenset[str]:
    return frozenset(qid for qid, question in BANK.items() if question.use == "practice")


def test_option_order_is_shuffled_but_shuffle_false_is_kept(built: Path) -> None:
    orders = set()
    for letter in LETTERS:
        by_id = _printed_by_id(built, letter)
        fixed = BANK["cr-single-2"]
        assert isinstance(fixed, ChoiceQuestion)
        assert list(by_id["cr-single-2"].lettered.values()) == [o.text for o in fixed.options]
        order_item = BANK["cr-order-1"]
        assert isinstance(order_item, OrderQuestion)
        printed_items = list(by_id["cr-order-1"].lettered.values())
        assert printed_items != list(order_item.items), "an order item must not print its answer"
        orders.add(tuple(by_id["cr-single-4"].lettered.values()))
    assert len(orders) > 1, "versions should differ in option order"


def _printed_by_id(built: Path, letter: str) -> dict[str, PrintedItem]:
    items = printed(built, letter)
    return {row["question id"]: items[int(row["number"])] for row in key_rows(built, letter)}


# -- each key matches its version ---------------------------------------------------------


@pytest.mark.parametrize("letter", LETTERS)
def test_each_key_matches_the_version_it_grades(built: Path, letter: str) -> None:
    items = printed(built, letter)
    rows = key_rows(built, letter)
    assert [int(row["number"]) for row in rows] == sorted(items) == list(range(1, 14))
    for row in rows:
        question = BANK[row["question id"]]
        item = items[int(row["number"])]
        assert row["version"] == letter
        assert row["objective"] == question.objective
        assert item.type == question.type
        assert_answer_matches(row["answer"], question, item)


def assert_answer_matches(answer: str, question: Question, item: PrintedItem) -> None:
    """The key's letters point at the right texts in the printed question."""
    if isinstance(question, ChoiceQuestion):
        picked = {item.lettered[letter] for letter in answer.split(", ")}
        assert picked == {seen(option.text) for option in question.options if option.correct}
    elif isinstance(question, TrueFalseQuestion):
        assert item.lettered[answer[0]] == str(question.answer)
    elif isinstance(question, OrderQuestion):
        assert [item.lettered[letter] for letter in answer.split(", ")] == list(question.items)
    elif isinstance(question, MatchQuestion):
        for number_letter, pair in zip(answer.split(", "), question.pairs, strict=True):
            number, letter = number_letter.split("-")
            assert item.lefts[number] == f"{number}. {seen(pair.left)}"
            assert item.lettered[letter] == seen(pair.right)
    else:
        assert answer == written_answer(question)


def written_answer(question: Question) -> str:
    if isinstance(question, TextQuestion):
        return " | ".join(question.accept)
    if isinstance(question, NumericQuestion):
        return "40"
    assert isinstance(question, EssayQuestion)
    return (
        f"Model answer: {question.model_answer} "
        "Rubric: Introduces self by name; Asks an open question about his experience"
    )


def test_key_csv_columns(built: Path) -> None:
    header = (built / "key-A.csv").read_text("utf-8").splitlines()[0]
    assert header == "version,number,question id,objective,answer"


# -- what the printed pages show ----------------------------------------------------------


def test_cover_says_what_a_candidate_needs(built: Path) -> None:
    cover = pdf_pages(built / "exam-B.pdf")[0]
    for text in (
        "Crisis Intervention Team Basic Course",
        "Springfield Regional Police Academy",
        "CIT Written Examination",
        "Version B",
        "Time allowed 45 minutes",
        "Name ID Date",
        "Answer every question. Choose the single best answer unless told otherwise.",
    ):
        assert text in cover


@pytest.mark.parametrize("letter", LETTERS)
def test_each_pdf_holds_every_question_whole_on_one_page(built: Path, letter: str) -> None:
    pages = pdf_pages(built / f"exam-{letter}.pdf")
    for number, row in enumerate(key_rows(built, letter), start=1):
        question = BANK[row["question id"]]
        texts = [seen(question.stem), *printed(built, letter)[number].lettered.values()]
        holding = [page for page in pages if seen(question.stem) in page]
        assert len(holding) == 1, f"question {number} ({question.id}) is not on exactly one page"
        assert all(text in holding[0] for text in texts), f"question {number} is split"
        assert f"{number}." in holding[0]


@pytest.mark.parametrize("letter", LETTERS)
def test_every_page_says_version_and_page(built: Path, letter: str) -> None:
    pages = pdf_pages(built / f"exam-{letter}.pdf")
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Version {letter}, page {number} of {len(pages)}" in page


def test_writing_space_for_written_items(built: Path) -> None:
    by_id = _printed_by_id(built, "A")
    assert by_id["cr-essay-1"].classes["line"] == 12
    assert by_id["cr-text-1"].classes["line"] == 2
    assert by_id["cr-num-1"].classes["answer-line"] == 1
    assert by_id["cr-order-1"].classes["box"] == 4
    assert by_id["cr-match-1"].classes["blank"] == 3


def test_raw_html_in_a_bank_is_printed_as_text(built: Path) -> None:
    html = (built / "exam-A.html").read_text("utf-8")
    assert "&lt;script&gt;" in html
    assert "Escaping &lt;b&gt;raw&lt;/b&gt; HTML" in html
    assert "<script" not in html
    assert "<b>" not in html


def test_answer_sheet_is_one_page_with_a_row_per_question(built: Path) -> None:
    (page,) = pdf_pages(built / "answer-sheet-C.pdf")
    assert "Version C" in page and "Name" in page
    assert "written" in page
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b", page.split("booklet.")[1])]
    assert set(range(1, 14)) <= set(numbers)


def test_answer_sheet_of_a_100_question_exam_is_one_page(tmp_path: Path) -> None:
    (tmp_path / "big.bank.yaml").write_text(bank_yaml("big", 400), "utf-8")
    sections = "".join(
        f"  - title: Part {n}\n    banks: [big.bank.yaml]\n"
        f"    objectives: [OB-{n}]\n    count: 25\n"
        for n in range(1, 5)
    )
    blueprint = tmp_path / "big.exam.yaml"
    blueprint.write_text(f"exam: big\ntitle: Big\nseed: 3\nsections:\n{sections}", "utf-8")
    plan = plan_exam(blueprint)
    (version,) = make_versions(plan)
    assert len(PdfReader(BytesIO(pdf_bytes(Documents(plan).answer_sheet(version)))).pages) == 1


def test_key_pdf_and_blueprint_table(built: Path) -> None:
    key = " ".join(pdf_pages(built / "key-A.pdf"))
    assert "Pass mark: 80% (11 of 13 points, one point per question)." in key
    assert all(row["question id"] in key for row in key_rows(built, "A"))
    table = " ".join(pdf_pages(built / "blueprint.pdf"))
    assert "CR-1 Recognize signs that a person is in a mental health crisis. 5 5 5" in table
    assert "CR-3 Connect a person in crisis with care. 3 3 3" in table
    assert "Total 13 13 13" in table


def test_a_smaller_rebuild_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    for name in ("crisis.bank.yaml", "final.exam.yaml"):
        shutil.copy(EXAMS / name, tmp_path)
    out = tmp_path / "out"
    build_exam(tmp_path / "final.exam.yaml", out)
    (out / "notes.txt").write_text("mine")
    blueprint = tmp_path / "final.exam.yaml"
    blueprint.write_text(blueprint.read_text("utf-8").replace("versions: 3", "versions: 2"))
    build_exam(blueprint, out)
    assert not list(out.glob("*-C.*"))
    assert (out / "notes.txt").exists() and (out / "exam-B.pdf").exists()


# -- the command --------------------------------------------------------------------------


def test_command_writes_the_exam_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exam", str(BLUEPRINT), "-o", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{BLUEPRINT}: wrote 18 files to {tmp_path}"
    # Not a terminal (a log): one plain line per document, as it starts.
    steps = [f"{kind}, version {letter}" for letter in LETTERS for kind in PRINTED]
    assert err.splitlines() == [
        f"quizgen exam: {n}/10 {step}" for n, step in enumerate([*steps, "blueprint table"], 1)
    ]
    assert main(["exam", str(BLUEPRINT), "-o", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


PRINTED = ("exam", "answer sheet", "key")


def test_progress_on_a_terminal_is_one_line_redrawn_and_logs_have_no_control_characters(
    tmp_path: Path,
) -> None:
    """The same command on a terminal (a pseudo-terminal here) and into a pipe."""
    command = [sys.executable, "-m", "quizgen", "exam", str(BLUEPRINT), "-o", str(tmp_path)]
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", piped.stderr + piped.stdout)
    assert len(piped.stderr.splitlines()) == 10
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower) as run:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closes when the command ends
                break
            if not chunk:
                break
            seen += chunk
        run.wait()
    os.close(leader)
    shown = seen.decode("utf-8").replace("\r\n", "\n")  # the terminal's own line ends
    assert run.returncode == 0
    redraws = shown.split("\r")[1:]
    assert len(redraws) == 10 and shown.count("\n") == 1  # one line, redrawn per step
    assert redraws[0].startswith("quizgen exam [#·········] 1/10 exam, version A")
    assert redraws[-1].strip() == "quizgen exam [##########] 10/10 blueprint table"


def test_command_reports_blueprint_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMS / "crisis.bank.yaml", tmp_path)
    text = BLUEPRINT.read_text("utf-8").replace("versions: 3", "versions: 40")
    (tmp_path / "final.exam.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["exam", "final.exam.yaml", "-o", "out"]) == 1
    assert capsys.readouterr().err == (
        "final.exam.yaml:7: blueprint final: versions must be at most 26 (found 40)\n"
    )
    assert not (tmp_path / "out").exists()


def test_command_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exam", str(tmp_path / "none.exam.yaml"), "-o", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["exam", str(BLUEPRINT)])
    assert caught.value.code == 2


def test_no_traceback_on_a_garbled_blueprint(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.exam.yaml"
    garbled.write_bytes(b"exam: [\n\xff")
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "exam", str(garbled), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{garbled}:")
    assert "Traceback" not in result.stderr


def test_the_cover_prints_the_blueprints_notice_as_text() -> None:
    """The course's blueprints credit the course and its license at the foot of the cover."""
    final = Path(__file__).parent.parent / "curriculum" / "exams" / "cit-written-final.exam.yaml"
    plan = plan_exam(final)
    assert plan.blueprint.notice.startswith('Questions from "CIT Training"')
    cover = Documents(plan, "en").exam(make_versions(plan)[0]).split("</section>")[0]
    assert (
        '<p class="notice">Questions from &#34;CIT Training&#34; by the CIT training platform '
        "contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).</p>"
    ) in cover
    bare = plan_exam(BLUEPRINT)  # no notice: nothing printed
    assert 'class="notice"' not in Documents(bare, "en").exam(make_versions(bare)[0])
