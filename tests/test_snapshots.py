"""Snapshots of what quizgen writes for the all-types bank: a change to the output shows as a diff.

When a change is meant, look at the diff, then accept it with
``pytest tests/test_snapshots.py --force-regen`` and commit the new files
(``tests/test_snapshots/``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from quizgen.exam.blueprint import plan_exam
from quizgen.exam.build import key_csv
from quizgen.exam.documents import Documents
from quizgen.exam.versions import Version, make_versions

Exam = tuple[Documents, list[Version]]

TESTS = Path(__file__).parent

BLUEPRINT = """\
exam: all-types
title: Every question type
seed: 20261206
versions: 2
pass_mark: 70
duration: 30
instructions: Answer every question.
sections:
  - title: Choices
    banks: [all-types.bank.yaml]
    types: [single, multiple, truefalse]
    count: 4
  - title: Everything else
    banks: [all-types.bank.yaml]
    types: [order, match, text, numeric, essay]
    count: 5
"""


def pretty(html: str) -> str:
    """One element or text per line, so that a diff points at what changed."""
    return re.sub(r">\s*<", ">\n<", html).strip() + "\n"


def quiz_section(html: str) -> str:
    match = re.search(r'<section [^>]*class="quiz".*?</section>', html, re.S)
    assert match, "no quiz on the page"
    return match.group(0)


@pytest.fixture(scope="module")
def quiz_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ``test-quiz`` project built to HTML and to text."""
    out = {}
    for builder in ("html", "text"):
        target = tmp_path_factory.mktemp(f"snapshot-{builder}")
        source = TESTS / "roots" / "test-quiz"
        command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", builder, str(source)]
        subprocess.run([*command, str(target)], check=True)
        out[builder] = target
    return out


def test_site_quiz_html(
    quiz_pages: dict[str, Path], file_regression: FileRegressionFixture
) -> None:
    html = (quiz_pages["html"] / "all.html").read_text("utf-8")
    file_regression.check(pretty(quiz_section(html)), extension=".html")


def test_printed_exercise_and_key(
    quiz_pages: dict[str, Path], file_regression: FileRegressionFixture
) -> None:
    file_regression.check((quiz_pages["text"] / "all.txt").read_text("utf-8"), extension=".txt")


@pytest.fixture(scope="module")
def exam(tmp_path_factory: pytest.TempPathFactory) -> Exam:
    folder = tmp_path_factory.mktemp("snapshot-exam")
    shutil.copy(TESTS / "data" / "all-types.bank.yaml", folder)
    (folder / "all-types.exam.yaml").write_text(BLUEPRINT, "utf-8")
    plan = plan_exam(folder / "all-types.exam.yaml")
    return Documents(plan), make_versions(plan)


def test_exam_key_csv(exam: Exam, file_regression: FileRegressionFixture) -> None:
    _, versions = exam
    file_regression.check("".join(key_csv(version) for version in versions), extension=".csv")


@pytest.mark.parametrize("document", ["exam", "key", "answer_sheet"])
def test_exam_documents_of_version_a(
    exam: Exam,
    document: str,
    file_regression: FileRegressionFixture,
) -> None:
    documents, versions = exam
    html = getattr(documents, document)(versions[0])
    body = html[html.index("<body>") :]  # the style sheet is a file of its own
    file_regression.check(pretty(body), extension=".html")
