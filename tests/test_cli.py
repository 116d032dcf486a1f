"""``quizgen check``: what an instructor sees on the terminal, and the exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizgen.cli import main

DATA = Path(__file__).parent / "data"


def test_clean_bank_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "all-types.bank.yaml")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.strip() == (
        "1 bank, 10 questions (1 essay, 1 match, 1 multiple, 1 numeric, 1 order, 2 single, 1 text, "
        "2 truefalse; 1 practice, 1 exam, 8 both), 2 objectives, 0 problems"
    )


def test_folder_of_broken_banks_lists_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    assert main(["check", "broken"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "broken/latin1.bank.yaml:2: the file is not UTF-8 (byte 0xE9); save it with UTF-8 encoding",
        "broken/tabs.bank.yaml:4: tab in indentation; YAML indents with spaces only",
        "broken/two-correct.bank.yaml:10: question br-001: type single needs exactly one correct "
        "option (found 2)",
        "broken/typos.bank.yaml:6: question ty-001: missing required key 'explanation'",
        "broken/typos.bank.yaml:9: question ty-001: stem must be text, but YAML read the number "
        '988; put it in quotes: "988"',
        "broken/typos.bank.yaml:11: question ty-001: unknown key 'explantion' (did you mean "
        "'explanation'?)",
    ]
    # Four files, all broken: the summary says so before its zero counts.
    assert out.strip() == (
        "4 of 4 bank files read could not be loaded (problems listed) and are not counted: "
        "0 banks, 0 questions (none; 0 practice, 0 exam, 0 both), 0 objectives, 6 problems"
    )


def test_summary_counts_the_good_files_and_names_how_many_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.bank.yaml").write_bytes((DATA / "all-types.bank.yaml").read_bytes())
    (tmp_path / "bad.bank.yaml").write_text("bank: bad\n", "utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith("1 of 2 bank files read could not be loaded")
    assert ": 1 bank, 10 questions (" in out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/folder"]) == 2
    assert "no such file or folder: no/such/folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["check", "--bogus"])
    assert caught.value.code == 2
    assert main([]) == 2


def test_folder_without_banks_is_not_silent_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert "no *.bank.yaml files" in capsys.readouterr().err


def test_default_is_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf.py").write_text("")
    module = tmp_path / "curriculum" / "01-x"
    module.mkdir(parents=True)
    (module / "x.bank.yaml").write_text((DATA / "all-types.bank.yaml").read_text("utf-8"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "bad.bank.yaml").write_text("bank: [")  # test data is not the project's
    monkeypatch.chdir(module)
    assert main(["check"]) == 0


def test_python_m_quizgen_and_no_traceback_on_garbage(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bank.yaml"
    garbage.write_bytes(b"\x00\xff\xfe{{{: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "check", str(garbage)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{garbage}:1: ")
    assert "Traceback" not in result.stderr
