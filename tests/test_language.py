"""The language check: stigmatizing or outdated terms in pages and banks, quotations exempt."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from quizgen.bank.language import language_check, shipped_terms
from quizgen.bank.loader import load_catalog
from quizgen.cli import main

ROOT = Path(__file__).parent / "roots" / "test-language"


def found(text: str) -> list[str]:
    check, errors = language_check()
    assert errors == []
    return [finding.found for finding in check.find(text)]


def test_every_shipped_term_says_why_what_instead_and_who_says_so() -> None:
    terms = shipped_terms()
    assert len(terms) >= 12
    for term in terms:
        assert term.why and term.instead and term.source, term.term
    names = {term.term for term in terms}
    assert {"committed suicide", "the mentally ill", "addict", "excited delirium"} <= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He committed suicide last year.", ["committed suicide"]),
        ("They say he COMMITTED\n  SUICIDE.", ["COMMITTED\n  SUICIDE"]),  # a line break between
        ('Say "died by suicide", never "committed suicide".', []),  # quoted: teaching is fine
        ("Never write \u201ccommitted suicide\u201d.", []),  # curly quotes too
        ("an addict, two addicts", ["addict", "addicts"]),
        ("addiction is a treatable disorder", []),  # a whole word only
        ("the Substance Abuse and Mental Health Services Administration", []),  # a proper name
        ("substance abuse treatment", ["substance abuse"]),
        ("the Alliance for the Mentally Ill; the mentally ill", ["the mentally ill"]),
        ("psychomotor retardation is slowed movement", []),
        ("she suffers from depression", ["suffers from"]),
        (
            "a wheelchair-bound man, confined to a wheelchair",
            ["wheelchair-bound", "confined to a wheelchair"],
        ),
        ("Alcoholics Anonymous helps; an alcoholic beverage", []),
        ("the term excited delirium", ["excited delirium"]),
    ],
)
def test_terms_are_found_outside_quotation_marks_only(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_academies_add_terms_and_silence_ones_and_hear_about_mistakes() -> None:
    extra = [{"term": "frequent flyer", "instead": '"a person we see often"'}, {"term": "x"}]
    check, errors = language_check(extra, ["Handicapped", "no such term"])
    assert [finding.found for finding in check.find("a handicapped frequent flyer")] == [
        "frequent flyer"
    ]
    assert errors == [
        "quizgen_language_terms[1] must be a mapping with 'term' and 'instead' texts "
        "(found {'term': 'x'})",
        "quizgen_language_ignore: 'no such term' is not a term of the language check",
    ]


BANK = """\
bank: words
title: Words
objectives:
  W-1: Write reports in plain, respectful words.
questions:
  - id: w-1
    type: single
    objective: W-1
    stem: Which report line is better?
    options:
      - text: '"The subject, a known junkie, was nodding off."'
        correct: false
        feedback: A label (quoted here to teach it).
      - text: Man, about 40, eyes closing, slow breathing.
        correct: true
        feedback: What you saw, which a reader can check.
    explanation: |
      Describe what you saw.
      Calling a man an addict adds blame, not facts;
      `addict` in code is left alone.
    source: NIDA, Words Matter; the addict label (a source may quote titles)
  - id: w-2
    type: truefalse
    objective: W-1
    stem: A report may say the man was suffering from psychosis.
    answer: false
    explanation: Say he showed signs of psychosis.
    source: AP Stylebook
"""


def test_bank_text_is_checked_at_its_line_but_not_its_source(tmp_path: Path) -> None:
    path = tmp_path / "words.bank.yaml"
    path.write_text(BANK, "utf-8")
    check, _ = language_check()
    catalog = load_catalog([path], language=check)
    assert catalog.problems == []  # warnings: the bank still loads
    assert [str(warning).replace(str(tmp_path), "T") for warning in catalog.warnings] == [
        "T/words.bank.yaml:19: question w-1: language: 'addict' (labels a person by a condition "
        'and invites blame): say "a person with a substance use disorder" or "a person who '
        'uses drugs" instead',
        "T/words.bank.yaml:25: question w-2: language: 'suffering from' (implies pity and a "
        'judgment the person did not express): say "has", "lives with" or "is being '
        'treated for" instead',
    ]


def test_quizgen_check_prints_language_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "words.bank.yaml"
    path.write_text(BANK, "utf-8")
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert [line.split(": ")[2] for line in err.splitlines()] == ["language", "language"]
    assert out.strip().endswith("0 problems; 2 language warnings")


def test_conf_py_settings_reach_quizgen_check_without_running_conf_py(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf.py").write_text(
        textwrap.dedent("""\
            import sys
            sys.exit("conf.py must not run")
            quizgen_language_terms = [{"term": "nodding off", "instead": '"eyes closing"'}]
            quizgen_language_ignore = ["addict"]
        """),
        "utf-8",
    )
    (tmp_path / "words.bank.yaml").write_text(
        BANK.replace("Man, about 40", "Man nodding off, about 40"), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "words.bank.yaml"]) == 0
    err = capsys.readouterr().err
    assert "'nodding off'" in err and "'addict'" not in err and "'suffering from'" in err


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.sphinx("html", testroot="language", freshenv=True)
def test_pages_and_banks_warn_in_builds_at_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = strip_colors(app.warning.getvalue())  # type: ignore[attr-defined]
    lines = [line.replace(str(app.srcdir), "S") for line in warnings.splitlines()]
    assert lines == [
        "S/sources.bank.yaml:36: WARNING: question src-3: language: 'addict' (labels a person by "
        'a condition and invites blame): say "a person with a substance use disorder" or "a '
        'person who uses drugs" instead [quizgen.language]',
        "S/prose.md:6: WARNING: language: 'addict' (labels a person by a condition and invites "
        'blame): say "a person with a substance use disorder" or "a person who uses drugs" '
        "instead [quizgen.language]",
        "S/prose.md:6: WARNING: language: 'frequent flyer' (slang): say \"a person we see "
        'often" instead [quizgen.language]',
    ]
