"""``quizgen import``: LMS files into banks that ``quizgen check`` accepts, nothing lost unsaid.

The LMS files in ``tests/data/lms`` were written for these tests in the shapes
Moodle's documentation and its exports show (none is copied from Moodle).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizgen.bank.loader import load_bank
from quizgen.cli import main

TESTS = Path(__file__).parent
DATA = TESTS / "data"
LMS = DATA / "lms"
ALL_TYPES = DATA / "all-types.bank.yaml"
HOSTILE = DATA / "hostile.bank.yaml"
SUFFIX = {"moodle": ".xml", "gift": ".txt", "aiken": ".txt", "qti12": ".zip", "qti21": ".zip"}


def import_file(path: Path, out: Path, *extra: str) -> int:
    return main(["import", str(path), "-o", str(out), *extra])


def questions_of(bank: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(bank.read_text("utf-8"))
    return {question["id"]: question for question in data["questions"]}


@pytest.mark.parametrize("fmt", ["moodle", "gift", "aiken", "qti21"])
@pytest.mark.parametrize("bank", [ALL_TYPES, HOSTILE], ids=["all-types", "hostile"])
def test_export_import_export_gives_the_same_file(
    fmt: str, bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / f"first{SUFFIX[fmt]}"
    assert main(["export", fmt, str(bank), "-o", str(first)]) == 0
    back = tmp_path / "back.bank.yaml"
    assert import_file(first, back) == 0  # the format recognised from the file itself
    capsys.readouterr()
    assert main(["check", str(back)]) == 0, capsys.readouterr().err
    second = tmp_path / f"second{SUFFIX[fmt]}"
    assert main(["export", fmt, str(back), "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_moodle_round_trip_keeps_ids_objectives_use_and_tags(tmp_path: Path) -> None:
    first = tmp_path / "all.xml"
    assert main(["export", "moodle", str(ALL_TYPES), "-o", str(first)]) == 0
    back = tmp_path / "all-types.bank.yaml"
    assert import_file(first, back) == 0
    original, imported = load_bank(ALL_TYPES), load_bank(back)
    assert imported.title == "Every question type"
    assert [q.id for q in imported.questions] == [q.id for q in original.questions]
    for ours, theirs in zip(original.questions, imported.questions, strict=True):
        assert (theirs.type, theirs.objective, theirs.use, theirs.difficulty, theirs.source) == (
            ours.type, ours.objective, ours.use, ours.difficulty, ours.source,
        )  # fmt: skip
        assert theirs.tags == ours.tags
    assert set(imported.objectives) == {"AT-1", "AT-2"}


def test_moodle_export_from_an_lms_becomes_a_safe_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spring.bank.yaml"
    assert import_file(LMS / "moodle-export.xml", out) == 0
    stdout, err = capsys.readouterr()
    path = LMS / "moodle-export.xml"
    notes = err.splitlines()
    assert (
        f"{path}:60: question Cloze one: Moodle type multianswer (Embedded answers (Cloze)) "
        "has no bank type; skipped" in notes
    )
    assert (
        f"{path}:139: question Dose: Moodle type calculated (Calculated) has no bank type; "
        "skipped" in notes
    )
    assert any(n.startswith(f"{path}:15: question CIT-Q1: <script> removed") for n in notes)
    assert any(n.startswith(f"{path}:15: question CIT-Q1: onclick") for n in notes)
    assert (
        f"{path}:109: question The number: media '@@PLUGINFILE@@/988.png' is not imported: "
        "add it to the course and link it" in notes
    )
    assert not any("embedded file '988.png'" in note for note in notes)  # named once, above
    assert (
        f"{path}:109: question The number: the partly right answer '911' (grade 50) is left out"
        in notes
    )
    assert stdout.splitlines() == [
        f"{out}: 3 questions imported from moodle-export.xml (moodle); {len(notes)} notes above",
        f"{out}: objective IMPORTED-1 is a placeholder: write what the questions test in its "
        "text, or move them to your objectives",
    ]
    text = out.read_text("utf-8")
    assert "<script" not in text and "onclick" not in text and "steal" not in text
    bank = load_bank(out)  # quizgen check accepts it
    assert bank.id == "spring"
    assert list(bank.objectives) == ["IMPORTED-1"]
    first, truefalse, short = bank.questions
    assert first.id == "cit-q1"  # Moodle's idnumber, made a valid id
    assert "**shouting**" in first.stem and "*first*" in first.stem
    assert first.points == 2
    assert first.explanation == "Introduce yourself & ask her name."
    assert first.tags == ("de-escalation", "Default-for-CIT-2026/Crisis-basics")
    assert truefalse.id == "asking-about-suicide" and truefalse.answer is False  # type: ignore[attr-defined]
    assert short.id == "the-number" and short.accept == ("988",)  # type: ignore[attr-defined]
    assert short.tags == ("Default-for-CIT-2026/Resources",)
    assert "[image: 988 logo]" in short.stem


def test_gift_from_the_documentation_becomes_a_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spring.bank.yaml"
    path = LMS / "moodle-docs.gift.txt"
    assert import_file(path, out, "--bank", "gift-docs", "--objective", "SPRING-1") == 0
    _, err = capsys.readouterr()
    assert (
        f"{path}:35: question: a GIFT description (text with no answer) has no bank type; "
        "skipped" in err.splitlines()
    )
    bank = load_bank(out)
    assert bank.id == "gift-docs" and bank.title == "CIT spring class"
    kinds = {q.id: q.type for q in bank.questions}
    assert kinds == {
        "g-mc": "single", "missing-word": "text", "tf": "truefalse", "match": "match",
        "range": "numeric", "weights": "multiple", "essay": "essay", "markdown": "truefalse",
    }  # fmt: skip
    by_id = {q.id: q for q in bank.questions}
    assert by_id["g-mc"].tags == ("de-escalation",)
    assert by_id["g-mc"].explanation == "Pick one person and speak slowly."
    assert (
        by_id["missing-word"].stem
        == ("The Suicide & Crisis Lifeline number is \\_\\_\\_\\_\\_ in the United States.")
        or "_____" in by_id["missing-word"].stem
    )
    assert by_id["missing-word"].accept == ("988", "nine eight eight")  # type: ignore[attr-defined]
    assert (by_id["range"].answer, by_id["range"].tolerance) == (40, 5)  # type: ignore[attr-defined]
    weights = by_id["weights"]
    assert [o.correct for o in weights.options] == [True, True, False]  # type: ignore[attr-defined]
    assert by_id["match"].pairs[1].right == "You sound frustrated."  # type: ignore[attr-defined]
    assert by_id["markdown"].stem == "Some **bold** text and \\{braces\\}." or "{braces}" in (
        by_id["markdown"].stem
    )
    assert all(q.objective == "SPRING-1" for q in bank.questions)


def test_aiken_becomes_a_bank_and_says_what_aiken_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quick.bank.yaml"
    path = LMS / "moodle-docs.aiken.txt"
    assert import_file(path, out) == 0
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{path}:1: Aiken carries no ids, feedback or explanations: 2 questions got new ids and "
        "a placeholder explanation to write"
    ]
    bank = load_bank(out)
    first, second = bank.questions
    assert [o.text for o in first.options] == ["988", "911", "311"]  # type: ignore[attr-defined]
    assert first.correct_indexes == (0,)  # type: ignore[attr-defined]
    assert second.correct_indexes == (1,)  # type: ignore[attr-defined]
    assert first.stem.startswith("Which number reaches the 988 Suicide & Crisis Lifeline")


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("empty.xml", b"", None, "empty.xml:1: the file is empty"),
        (
            "broken.xml",
            b"<quiz>\n<question type='truefalse'>\n</quiz>",
            None,
            "broken.xml:3: not well-formed XML",
        ),
        (
            "other.xml",
            b"<html><body/></html>",
            "moodle",
            "other.xml:1: not a Moodle XML question file",
        ),
        (
            "nocorrect.xml",
            b"<quiz>\n<question type='multichoice'><name><text>n</text></name>"
            b"<questiontext format='html'><text>Q?</text></questiontext>"
            b"<answer fraction='0'><text>a</text></answer>"
            b"<answer fraction='0'><text>b</text></answer></question></quiz>",
            None,
            "nocorrect.xml:2: question n: no answer has a positive grade: "
            "there is no correct answer",
        ),
        (
            "bomb.xml",
            b'<!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>',
            None,
            "bomb.xml:1: the XML uses a feature refused",
        ),
        (
            "noanswer.txt",
            b"Question?\nA) yes\nB) no\n",
            "aiken",
            "noanswer.txt:1: the question has no ANSWER: line",
        ),
        (
            "wrong.txt",
            b"Question?\nA) yes\nB) no\nANSWER: C\n",
            "aiken",
            "wrong.txt:4: ANSWER: C names no option",
        ),
        (
            "none.gift",
            b"::t::Which?{~a~b}\n",
            "gift",
            "none.gift:1: question t: no answer is marked right",
        ),
        (
            "open.gift",
            b"::t::Which?{=a~b\n",
            "gift",
            "open.gift:1: question t: the answers opened with { are never closed",
        ),
        ("binary.txt", b"\xff\xfe\x00\x01", "gift", "binary.txt:1: not UTF-8 text"),
        (
            "prose.txt",
            b"Just some notes.\n",
            None,
            "prose.txt:1: cannot tell the format of this file",
        ),
    ],
)
def test_bad_input_is_file_line_message_and_exit_1(
    name: str,
    content: bytes,
    fmt: str | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(content)
    extra = ("--format", fmt) if fmt else ()
    assert import_file(Path(name), Path("out.bank.yaml"), *extra) == 1
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert "Traceback" not in err
    assert not Path("out.bank.yaml").exists()


def test_import_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = LMS / "moodle-docs.aiken.txt"
    assert import_file(source, tmp_path / "out.yaml") == 2
    assert "must be a bank file ending in .bank.yaml" in capsys.readouterr().err
    assert import_file(tmp_path / "missing.xml", tmp_path / "out.bank.yaml") == 2
    assert import_file(source, tmp_path / "out.bank.yaml", "--bank", "Not An Id") == 2


def test_import_never_overwrites_a_bank_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = LMS / "moodle-docs.aiken.txt"
    bank = tmp_path / "module.bank.yaml"
    bank.write_text("the instructor's own bank\n", encoding="utf-8")
    assert import_file(source, bank) == 2
    assert f"{bank} exists: give --force to replace it" in capsys.readouterr().err
    assert bank.read_text("utf-8") == "the instructor's own bank\n"
    assert import_file(source, bank, "--force") == 0
    load_bank(bank)  # replaced by a bank quizgen check accepts
