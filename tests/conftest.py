"""Shared fixtures: Sphinx's test fixtures and the test projects in ``tests/roots``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its projects."""
    return TESTS / "roots"


@pytest.fixture
def all_types_text() -> str:
    """A valid bank holding every question type (and one secure item)."""
    return (DATA / "all-types.bank.yaml").read_text("utf-8")
