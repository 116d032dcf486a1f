"""Inside a Sphinx build a bank problem is a ``quizgen`` warning at the bank's file and line.

Also: every warning subtype is documented, and a ``quizgen_*`` setting quizgen
cannot use stops the build with what to write instead.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from quizgen.sphinx_ext.warnings import Subtype


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


def test_every_warning_subtype_is_documented_for_instructors() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "authoring" / "banks.md").read_text("utf-8")
    table = guide.split("Every quizgen warning has one of these subtypes", 1)[1].split("\n\n#")[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    assert documented == {subtype.value for subtype in Subtype}


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (
            "quizgen_handbook_paper",
            "A5",
            'quizgen_handbook_paper is \'A5\': write "letter" or "A4"',
        ),
        ("quizgen_site_id", 42, "quizgen_site_id must be text"),
    ],
)
def test_a_setting_quizgen_cannot_use_stops_the_build_with_what_to_write(
    tmp_path: Path, setting: str, value: object, message: str
) -> None:
    src = tmp_path / "project"
    src.mkdir()
    (src / "conf.py").write_text(f'extensions = ["quizgen"]\n{setting} = {value!r}\n', "utf-8")
    (src / "index.rst").write_text("Title\n=====\n", "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        SphinxTestApp("html", srcdir=src)
