"""Item provenance (``cite:`` keys of the bibliography) and levels (recall or application).

What an instructor sees: an unknown key at its line in ``quizgen check`` and in
builds; the share of application items per bank; blueprint sections that
draw by level; and on the site, each item's references linked to the
bibliography. For the course itself: every item cites and has a level, and
most test judgment (tests/test_curriculum.py).
"""

from __future__ import annotations

import re
import textwrap
from html import unescape
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from quizgen.bank.bibliography import read_bibliography
from quizgen.bank.loader import load_catalog
from quizgen.bank.problems import QuizgenError
from quizgen.cli import main
from quizgen.exam.blueprint import plan_exam

PROJECT = Path(__file__).parent.parent

BIB = """\
@comment{keys below}
@string{nimh = "National Institute of Mental Health"}
@misc{nimh2024,
  author = nimh,
  title  = {Suicide Prevention},
  year   = {2024},
}
@Article ( kelly2010 ,
  title = {Does it matter how we refer to individuals with substance-related conditions?},
)
"""


def bank(*questions: str) -> str:
    head = "bank: b\ntitle: B\nobjectives:\n  O-1: Respond.\nquestions:\n"
    return head + "".join(textwrap.indent(q, "  ") for q in questions)


def question(qid: str, extra: str = "") -> str:
    head = (
        f"- id: {qid}\n  type: truefalse\n  objective: O-1\n  stem: A statement.\n"
        "  answer: true\n  explanation: Why.\n"
    )
    return head + textwrap.indent(extra, "  ")


def test_the_bibliography_reader_finds_entry_keys_and_their_lines(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB, "utf-8")
    bibliography = read_bibliography([tmp_path / "refs.bib"])
    assert {key: line for key, (_, line) in bibliography.keys.items()} == {
        "nimh2024": 3,
        "kelly2010": 8,
    }


def test_an_unknown_cite_key_is_a_problem_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "refs.bib").write_text(BIB, "utf-8")
    cited = "cite:\n  - nimh2024\n  - kely2010\n  - who2030\n"
    (tmp_path / "b.bank.yaml").write_text(bank(question("q1", cited)), "utf-8")
    assert main(["check", str(tmp_path / "b.bank.yaml"), "--bib", str(tmp_path / "refs.bib")]) == 1
    err = capsys.readouterr().err.replace(str(tmp_path), "T")
    assert err.splitlines() == [
        "T/b.bank.yaml:14: question q1: cite key 'kely2010' is not in the bibliography "
        "(T/refs.bib) (did you mean 'kelly2010'?)",
        "T/b.bank.yaml:15: question q1: cite key 'who2030' is not in the bibliography (T/refs.bib)",
    ]


def test_check_reads_the_bibliography_named_in_conf_py(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf.py").write_text('bibtex_bibfiles = ["refs.bib"]\n', "utf-8")
    (tmp_path / "refs.bib").write_text(BIB, "utf-8")
    (tmp_path / "b.bank.yaml").write_text(bank(question("q1", "cite: [nimh2024, nope]\n")), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "b.bank.yaml"]) == 1
    assert "cite key 'nope' is not in the bibliography (refs.bib)" in capsys.readouterr().err


def test_check_prints_the_share_of_application_items_per_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = bank(
        question("q1", "level: application\n"),
        question("q2", "level: application\n"),
        question("q3", "level: recall\n"),
        question("q4"),
    )
    (tmp_path / "b.bank.yaml").write_text(text, "utf-8")
    assert main(["check", str(tmp_path / "b.bank.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "Questions that test application (level: application), per bank:",
        "  b            2 of   4   50 %  (1 without a level)",
        "  all banks    2 of   4   50 %",
    ]


def test_a_level_other_than_recall_or_application_is_refused(tmp_path: Path) -> None:
    (tmp_path / "b.bank.yaml").write_text(bank(question("q1", "level: analysis\n")), "utf-8")
    catalog = load_catalog([tmp_path / "b.bank.yaml"])
    assert [problem.message for problem in catalog.problems] == [
        "level must be one of: recall, application (found 'analysis')"
    ]


BLUEPRINT = """\
exam: levels
title: Levels
seed: 3
sections:
  - title: Decisions
    banks: [b.bank.yaml]
    levels: [application]
    count: {count}
"""


def test_blueprint_sections_draw_by_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = bank(
        question("q1", "level: application\nuse: exam\n"),
        question("q2", "level: application\nuse: exam\n"),
        question("q3", "level: recall\nuse: exam\n"),
        question("q4", "use: exam\n"),
    )
    (tmp_path / "b.bank.yaml").write_text(text, "utf-8")
    plan = plan_exam("levels.exam.yaml", BLUEPRINT.format(count=2))
    assert [q.id for q in plan.questions()] == ["q1", "q2"]
    with pytest.raises(QuizgenError) as caught:
        plan_exam("levels.exam.yaml", BLUEPRINT.format(count=3))
    assert [str(problem) for problem in caught.value.problems] == [
        "levels.exam.yaml:8: section 'Decisions': count 3 is more than this section can draw: "
        "its banks and filters leave 2 items; 1 item has no level: and never match levels: "
        "(exam and both items)"
    ]


@pytest.mark.sphinx("html", testroot="language", freshenv=True)
def test_the_site_shows_an_items_references_linked_to_the_bibliography(
    app: SphinxTestApp,
) -> None:
    app.build()
    quiz = (app.outdir / "quiz.html").read_text("utf-8")
    cited = re.search(r'<p class="quiz-sources">(.*?)</p>', quiz, re.S)
    assert cited is not None
    links = re.findall(r'href="(references\.html#[^"]+)"', cited.group(1))
    assert len(links) == 2
    text = unescape(re.sub(r"<[^>]+>", "", cited.group(1)))
    assert (
        text == "Sources: National Institute of Mental Health [2024]; Kelly and Westerhoff [2010]"
    )
    references = (app.outdir / "references.html").read_text("utf-8")
    for link in links:
        assert f'id="{link.split("#")[1]}"' in references
    # inside the explanation, which the trainee sees after checking; an item without cite: has none
    explanation = quiz.split('data-quiz-question="src-1"')[1].split("</fieldset>")[0]
    assert '<div class="quiz-explanation" hidden>' in explanation
    assert 'class="quiz-sources"' in explanation.split('<div class="quiz-explanation" hidden>')[1]
    other = quiz.split('data-quiz-question="src-2"')[1].split("</fieldset>")[0]
    assert "quiz-sources" not in other
