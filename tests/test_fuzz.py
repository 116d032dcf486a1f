"""Property: whatever a file holds (bank, answer sheets, LMS file), only QuizgenError comes out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank.loader import load_bank
from quizgen.bank.model import Bank
from quizgen.bank.problems import QuizgenError
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.versions import make_versions
from quizgen.interchange.formats import READERS
from quizgen.results.responses import read_responses

VALID = (Path(__file__).parent / "data" / "all-types.bank.yaml").read_text("utf-8")
VALID_DATA = yaml.safe_load(VALID)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["Yes", "off", "988", "~", "2020-07-16", ".nan", "<script>x</script>"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def check(content: str | bytes) -> None:
    try:
        result = load_bank("fuzz.bank.yaml", content)
    except QuizgenError as error:
        assert error.problems, "an error must carry at least one problem"
        for problem in error.problems:
            assert problem.path == "fuzz.bank.yaml" and problem.line >= 1 and problem.message
    else:
        assert isinstance(result, Bank)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.text(max_size=5))
def test_text_edits_of_a_valid_bank(position: int, insert: str) -> None:
    check(VALID[:position] + insert + VALID[position + 1 :])


def _paths(data: object, where: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [where]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*where, index))
    return found


PATHS = _paths(VALID_DATA)[1:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(PATHS), values)
def test_structural_mutations_of_a_valid_bank(where: tuple[object, ...], value: object) -> None:
    data = yaml.safe_load(VALID)
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    check(yaml.safe_dump(data, allow_unicode=True))


# -- files from elsewhere: answer sheets and LMS exports -------------------------------------

DATA = Path(__file__).parent / "data"
DEMO_VERSIONS = make_versions(plan_exam(DATA / "results" / "demo.exam.yaml"))
RESPONSES = (DATA / "results" / "demo-responses.csv").read_bytes()
LMS_FILES = {
    "moodle": (DATA / "lms" / "moodle-export.xml").read_bytes(),
    "gift": (DATA / "lms" / "moodle-docs.gift.txt").read_bytes(),
    "aiken": (DATA / "lms" / "moodle-docs.aiken.txt").read_bytes(),
}


def only_quizgen_errors(path: str, read: Callable[[], object]) -> None:
    """*read* succeeds, or raises QuizgenError with problems at lines of *path*."""
    try:
        read()
    except QuizgenError as error:
        assert error.problems, "an error must carry at least one problem"
        for problem in error.problems:
            assert problem.path == path and problem.line >= 1 and problem.message


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(RESPONSES) - 1), st.binary(max_size=6))
def test_edits_of_an_answer_sheet_file(position: int, insert: bytes) -> None:
    content = RESPONSES[:position] + insert + RESPONSES[position + 1 :]
    only_quizgen_errors(
        "fuzz.csv", lambda: read_responses("fuzz.csv", DEMO_VERSIONS, content=content)
    )


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_random_answer_sheet_files(text: str) -> None:
    content = text.encode("utf-8")
    only_quizgen_errors(
        "fuzz.csv", lambda: read_responses("fuzz.csv", DEMO_VERSIONS, content=content)
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(sorted(LMS_FILES)),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.binary(max_size=6),
)
def test_edits_of_lms_files(fmt: str, where: float, insert: bytes) -> None:
    original = LMS_FILES[fmt]
    position = int(where * len(original))
    content = original[:position] + insert + original[position + 1 :]
    only_quizgen_errors("fuzz.txt", lambda: READERS[fmt]("fuzz.txt", content))
