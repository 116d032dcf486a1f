"""Inside a Sphinx build a bank problem is a ``quizgen`` warning at the bank's file and line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="broken-bank")
def test_bank_problem_is_a_located_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue() if isinstance(app.warning, StringIO) else ""
    bank = Path(app.srcdir) / "broken.bank.yaml"
    assert (
        f"{bank}:10: WARNING: question br-001: type single needs exactly one correct option "
        "(found 2) [quizgen.bank]"
    ) in warnings


@pytest.mark.sphinx(
    "html", testroot="broken-bank", confoverrides={"suppress_warnings": ["quizgen.bank"]}
)
def test_bank_warnings_can_be_suppressed_by_type(app: SphinxTestApp) -> None:
    app.build()
    assert "quizgen" not in app.warning.getvalue()  # type: ignore[attr-defined]
