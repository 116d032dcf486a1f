"""The secure pool: no text of a ``use: exam`` item anywhere in the built site.

The check itself is :func:`quizgen.site.leaks.find_leaks`, so a test over the real
project's build can reuse it::

    catalog = load_catalog(find_banks([project]))
    assert find_leaks(project / "_build" / "html", catalog.questions()) == []
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from quizgen.bank.loader import load_bank
from quizgen.bank.model import Question
from quizgen.site.leaks import built_files, find_leaks, secure_texts

ROOT = Path(__file__).parent / "roots" / "test-secure"
BANK = load_bank(ROOT / "secure.bank.yaml")
SECURE = [question for question in BANK.questions if question.use == "exam"]


def as_secure(questions: list[Question]) -> list[Question]:
    """The same questions, marked secure: what the check would find if they were."""
    return [replace(question, use="exam") for question in questions]


@pytest.mark.sphinx("html", testroot="secure")
def test_no_secure_item_anywhere_in_the_built_site(app: SphinxTestApp) -> None:
    app.build()
    site = Path(app.outdir)
    names = {path.relative_to(site).as_posix() for path in built_files(site)}
    assert {"index.html", "searchindex.js", "_sources/index.md.txt"} <= names
    assert any(name.endswith(".js") and name.startswith("_static/") for name in names)
    assert find_leaks(site, BANK.questions) == []


@pytest.mark.sphinx("html", testroot="secure")
def test_the_check_sees_what_the_page_shows(app: SphinxTestApp) -> None:
    """Non-vacuous: the practice items the quiz renders would be found if they were secure."""
    app.build()
    shown = as_secure([question for question in BANK.questions if question.on_site])
    found = {(leak.file, leak.question, leak.field) for leak in find_leaks(app.outdir, shown)}
    assert ("index.html", "sp-practice-1", "stem") in found
    assert ("index.html", "sp-practice-1", "options[1].text") in found
    assert ("index.html", "sp-both-1", "explanation") in found


def test_every_text_of_a_secure_item_is_searched_for() -> None:
    fields = {(qid, field) for qid, field, _ in secure_texts(BANK.questions)}
    assert ("sp-exam-1", "stem") in fields
    assert {f"options[{n}].{key}" for n in (1, 2, 3) for key in ("text", "feedback")} <= {
        field for qid, field in fields if qid == "sp-exam-1"
    }
    assert ("sp-exam-2", "explanation") in fields
    assert ("sp-exam-3", "model_answer") in fields
    assert not any(qid.startswith(("sp-practice", "sp-both")) for qid, _ in fields)


def test_short_texts_are_not_searched_for() -> None:
    short = replace(SECURE[0], stem="Is it 988?")
    assert ("sp-exam-1", "stem") not in {(q, f) for q, f, _ in secure_texts([short])}


def write(site: Path, name: str, content: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")


PLANTED = {
    "html with markup": (
        "page.html",
        "<p>SECURE stem one, a woman on the <em>median strip</em> is shouting at passing cars. "
        "Which sign points to psychosis?</p>",
    ),
    "source, spacing and case": (
        "_sources/page.md.txt",
        "secure   STEM one, a woman\n  on the median strip is shouting at passing cars.\n"
        "Which sign points to psychosis?",
    ),
    "json": ("data.json", json.dumps({"stem": SECURE[1].stem})),
    "javascript escapes": (
        "_static/quiz.js",
        'var s = "SECURE stem two, which places accept a \\u0022police drop-off\\u0022 with '
        '*no refusal*?";',
    ),
    "curly quotes, entities": (
        "page2.html",
        "SECURE stem two, which places accept a &ldquo;police drop-off&rdquo; with "
        "<em>no refusal</em>?",
    ),
    "dash": (
        "page3.html",
        "SECURE explanation two \u2013 receiving centres accept every police drop-off.",
    ),
    "pickle": (
        ".doctrees/page.doctree",
        "\x80\x04\x95She answers voices that nobody else hears\x94",
    ),
}


@pytest.mark.parametrize("name, content", PLANTED.values(), ids=PLANTED.keys())
def test_leaks_are_found_however_a_file_holds_them(tmp_path: Path, name: str, content: str) -> None:
    write(tmp_path, "clean.html", "<p>Nothing secure here.</p>")
    write(tmp_path, name, content)
    leaks = find_leaks(tmp_path, BANK.questions)
    assert len(leaks) == 1
    assert leaks[0].file == name
    assert str(leaks[0]).startswith(f"{name}: question sp-exam-")
