"""Property: whatever an instructor's file holds, only QuizgenError comes out of the loader."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank.loader import load_bank
from quizgen.bank.model import Bank
from quizgen.bank.problems import QuizgenError

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
