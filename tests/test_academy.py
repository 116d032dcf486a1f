"""The academy profile: validated like a bank, and shown in pages, or a visible notice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from quizgen.bank.problems import QuizgenError
from quizgen.cli import main
from quizgen.site.academy import fields, load_academy

ROOT = Path(__file__).parent / "roots" / "test-academy"
PROJECT = Path(__file__).parent.parent


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "academy.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(QuizgenError) as caught:
        load_academy(path)
    return [str(problem).replace(f"{path}", "academy.yaml") for problem in caught.value.problems]


def test_the_shipped_profile_is_valid_and_empty() -> None:
    profile = load_academy(PROJECT / "academy.yaml")
    assert all(profile.value(name) == "" for name, kind in fields().items() if kind == "text")
    assert profile.entries("receiving_facilities") == []


def test_a_missing_profile_is_an_empty_one(tmp_path: Path) -> None:
    assert load_academy(tmp_path / "academy.yaml").value("name") == ""


def test_mistakes_name_the_line(tmp_path: Path) -> None:
    text = (
        "name: Riverside\n"
        "crisis_line:\n"
        "  phone: 5550100\n"
        "  phon: x\n"
        "state_law:\n"
        "  reviewed_on: 2026-11-01\n"
        "  forms:\n"
        "    - name: Application\n"
        "      url: www.example.org/form\n"
        "receiving_facilities:\n"
        "  - address: 1 Main St\n"
    )
    assert problems_of(tmp_path, text) == [
        "academy.yaml:3: academy profile Riverside: crisis_line.phone must be text, but YAML read "
        'the number 5550100; put it in quotes: "5550100"',
        "academy.yaml:4: academy profile Riverside: unknown key 'phon' (did you mean 'phone'?)",
        "academy.yaml:6: academy profile Riverside: state_law.reviewed_on must be text, but YAML "
        'read date 2026-11-01; put it in quotes: "2026-11-01"',
        "academy.yaml:9: academy profile Riverside: state_law.forms[1].url 'www.example.org/form' "
        "has a character that is not allowed here",
        "academy.yaml:11: facility #1: missing required key 'name'",
    ]


def test_quizgen_check_on_the_project_checks_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "academy.yaml").write_text("nmae: x\n")
    shutil.copy(Path(__file__).parent / "data" / "all-types.bank.yaml", tmp_path / "a.bank.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "academy.yaml:1: unknown key 'nmae' (did you mean 'name'?)" in capsys.readouterr().err


def build(tmp_path: Path, profile: str | None = None, **kwargs: object) -> tuple[str, str, str]:
    """Build the test project (with *profile* as its academy.yaml); (page, title, warnings)."""
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    if profile is not None:
        (src / "academy.yaml").write_text(profile, "utf-8")
    app = SphinxTestApp("html", srcdir=src, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
        page = (app.outdir / "index.html").read_text("utf-8")
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # type: ignore[attr-defined]
        return page, str(app.config.html_title), warnings.replace(str(src), "project")
    finally:
        app.cleanup()


def text_of(html: str) -> str:
    body = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", "", body.replace("</td>", " </td>")).split())


def test_values_fill_the_page_and_gaps_are_visible(tmp_path: Path) -> None:
    page, title, warnings = build(tmp_path)
    assert warnings == ""
    assert title.startswith("Riverside Regional Police Academy: ")
    text = text_of(page)
    assert "Call the Riverside Crisis Line at 555-0100." in text
    assert "The mobile crisis team: [To be completed by your academy: mobile crisis phone]" in text
    assert "Riverside Crisis Receiving Center 1 Main St Adults; police drop-off; no refusal" in text
    assert "[To be completed by your academy: resources]" in text
    assert page.count('class="academy-missing"') == 2


def test_unknown_fields_and_a_broken_profile_are_located_warnings(tmp_path: Path) -> None:
    _, title, warnings = build(tmp_path, "name: [unclosed\n")
    expected = "project/academy.yaml:2: WARNING: YAML syntax error: while parsing a flow sequence"
    assert expected in warnings
    assert "[quizgen.academy]" in warnings
    assert "Riverside" not in title
    source = tmp_path / "typo"
    shutil.copytree(ROOT, source)
    (source / "index.md").write_text("# X\n\n{academy}`crisis_line.phnoe`\n", "utf-8")
    app = SphinxTestApp("html", srcdir=source)
    try:
        app.build()
        warned = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # type: ignore[attr-defined]
    finally:
        app.cleanup()
    assert (
        "index.md:3: WARNING: academy: no text field 'crisis_line.phnoe' in the profile "
        "(did you mean 'crisis_line.phone'?) [quizgen.academy]"
    ) in warned
