"""``make handbook``: the trainee handbook as one PDF, read back the way a trainee reads it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-handbook"
MODULE_TITLES = ("Module one: listening first", "Module two: connecting with care")
STEMS = (
    "A neighbour says the man next door has not slept for days. What do you ask first?",
    "A warm hand-off means staying until a clinician takes over.",
)


@contextmanager
def built(src: Path, **kwargs: object) -> Iterator[SphinxTestApp]:
    """The test project copied to *src* and built with ``-b handbook -n``; cleaned up after."""
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("handbook", srcdir=src, confoverrides={"nitpicky": True}, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def warnings_of(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # type: ignore[attr-defined]


def pages_of(pdf: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The handbook PDF of the test project, and the warnings of its build."""
    with built(tmp_path_factory.mktemp("handbook") / "project") as app:
        yield Path(app.outdir) / "handbook.pdf", warnings_of(app)


@pytest.fixture(scope="module")
def pages(handbook: tuple[Path, str]) -> list[str]:
    return pages_of(handbook[0])


def test_the_build_is_clean_and_writes_one_pdf(handbook: tuple[Path, str]) -> None:
    pdf, warnings = handbook
    assert warnings == ""
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 5000


def test_every_module_starts_a_page_listed_in_the_contents(pages: list[str]) -> None:
    for title in MODULE_TITLES:
        starts = [n for n, text in enumerate(pages, start=1) if text.startswith(title)]
        assert len(starts) == 1, title
        contents = next(text for text in pages if text.startswith("Contents"))
        assert re.search(rf"{title}[ .]+{starts[0]}\b", contents), (title, contents)


def test_the_first_page_says_who_made_the_course_and_its_license(pages: list[str]) -> None:
    assert "© 2026, the test authors. Content: CC BY 4.0" in pages[0]
    assert not any("CC BY 4.0" in text for text in pages[1:])


def test_every_page_says_page_n_of_m_and_the_course_title(pages: list[str]) -> None:
    total = len(pages)
    assert total >= 4  # title page, contents, one page per module, the key
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text
        if number > 1:  # the first page has the course's own title as its heading
            assert "Handbook test course" in text


def test_quizzes_are_exercises_and_the_key_follows_the_last_module(pages: list[str]) -> None:
    text = " ".join(pages)
    key_page = next(n for n, page in enumerate(pages) if page.startswith("Answer key"))
    last_module = max(n for n, page in enumerate(pages) if page.startswith(MODULE_TITLES[-1]))
    assert key_page > last_module
    exercises, key = text.split("Answer key", 1)[0], " ".join(pages[key_page:])
    assert "Self-check for module two" in exercises
    for stem in STEMS:
        assert stem in exercises and stem not in key
    assert "Check answer" not in text and "Try again" not in text  # no quiz buttons


def test_the_key_letter_is_the_printed_correct_option(pages: list[str]) -> None:
    text = " ".join(pages)
    exercise = text.split(STEMS[0], 1)[1].split(STEMS[1], 1)[0]
    options = dict(re.findall(r"\b([A-E])\) (.+?\?)", exercise))
    key = " ".join(pages[next(n for n, p in enumerate(pages) if p.startswith("Answer key")) :])
    letter = re.search(r"hb-single: ([A-E])\b", key)
    assert letter, key
    assert options[letter.group(1)] == "How long has this been going on?"
    assert sorted(options.values()) == [
        "Does he own a car?",
        "How long has this been going on?",
        "Is his rent paid?",
    ]


def test_tabs_and_dropdowns_print_in_full_links_show_their_address(pages: list[str]) -> None:
    text = " ".join(pages)
    phone, in_person = text.index("On the phone"), text.index("In person")
    assert phone < text.index("Phone tab text") < in_person < text.index("In-person tab text")
    assert "Why slowing down works Dropdown body text" in text
    assert "988 Suicide and Crisis Lifeline (https://988lifeline.org/)" in text


def test_the_trainee_handbook_holds_no_instructor_text_and_no_secure_item(
    handbook: tuple[Path, str], pages: list[str]
) -> None:
    text = " ".join(pages)
    html = (handbook[0].parent / "index.html").read_text("utf-8")
    for shown in (text, html):
        assert "Instructor-only text" not in shown
        assert "SECURE" not in shown and "hb-exam" not in shown


def test_the_instructor_tag_would_show_instructor_text(tmp_path: Path) -> None:
    """The check above can fail: the same project with ``-t instructor`` prints the block."""
    with built(tmp_path / "project", tags=["instructor"]) as app:
        text = " ".join(pages_of(Path(app.outdir) / "handbook.pdf"))
    assert "Instructor-only text: run the role play twice" in text
    assert "SECURE" not in text  # secure items stay out of every edition


@pytest.mark.parametrize("parallel", [0, 2])
def test_another_build_gives_the_same_pdf_bytes(
    handbook: tuple[Path, str], tmp_path: Path, parallel: int
) -> None:
    with built(tmp_path / "again", parallel=parallel) as app:
        again = (Path(app.outdir) / "handbook.pdf").read_bytes()
    assert again == handbook[0].read_bytes()


def test_what_the_pdf_cannot_load_is_a_quizgen_warning(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    page = src / "module-2.md"
    page.write_text(page.read_text("utf-8") + '\n<img src="missing-picture.png" alt="">\n', "utf-8")
    app = SphinxTestApp("handbook", srcdir=src)
    try:
        app.build()
        warnings = warnings_of(app)
    finally:
        app.cleanup()
    assert "WARNING: handbook: " in warnings and "missing-picture.png" in warnings
    assert warnings.rstrip().endswith("[quizgen.handbook]")
