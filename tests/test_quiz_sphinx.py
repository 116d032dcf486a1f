"""The ``{quiz}`` directive in real Sphinx builds: HTML, print builders, -j, incremental."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-quiz"


def warnings_of(app: SphinxTestApp) -> str:
    return strip_colors(app.warning.getvalue())  # type: ignore[attr-defined]


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def html_text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def fieldsets(html: str) -> list[str]:
    """The question ids of the page's fieldsets, in order."""
    return re.findall(r'<fieldset [^>]*data-quiz-question="([^"]+)"', html)


@pytest.mark.sphinx("html", testroot="quiz")
def test_every_practice_question_is_a_fieldset(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == ""
    html = (app.outdir / "all.html").read_text("utf-8")
    assert fieldsets(html) == [
        "at-single",
        "at-multiple",
        "at-truefalse",
        "at-order",
        "at-match",
        "at-text",
        "at-numeric",
        "at-essay",
        "at-practice",
    ]
    assert html.count(">Check answer</button>") == 9
    assert html.count('role="status"') == 10  # one per question, one for the score
    assert '<legend class="quiz-stem"><span>A man on a bridge rail says' in html
    assert "What is the <em>best</em> first reply?" in html  # MyST in stems


@pytest.mark.sphinx("html", testroot="quiz")
def test_secure_items_never_reach_the_site(app: SphinxTestApp) -> None:
    app.build()
    for path in Path(app.outdir).rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".txt", ".inv"}:
            text = path.read_bytes().decode("utf-8", "replace")
            assert "SECURE" not in text and "at-secure" not in text, path


@pytest.mark.sphinx("html", testroot="quiz")
def test_filters_and_count(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "subset.html").read_text("utf-8")
    assert fieldsets(html) == ["at-single", "at-multiple", "at-truefalse", "at-practice"]
    assert 'data-count="2"' in html
    assert "Self-check: Every question type" in html  # the default title


@pytest.mark.sphinx("html", testroot="quiz")
def test_runtime_only_on_pages_with_a_quiz(app: SphinxTestApp) -> None:
    app.build()
    assert "quizgen.js" in (app.outdir / "all.html").read_text("utf-8")
    assert "quizgen.js" not in (app.outdir / "plain.html").read_text("utf-8")
    assert (app.outdir / "_static" / "quizgen.js").is_file()


@pytest.mark.sphinx("html", testroot="quiz")
def test_raw_html_in_a_bank_is_text(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "xss.html").read_text("utf-8")
    start = re.search(r'<section [^>]*class="quiz"', html)
    assert start
    section = html[start.start() : html.index("</section>", start.start())]
    assert "<script" not in section and "<img" not in section
    assert not re.search(r"<[^>]*\son\w+=", section)  # no event handler attribute in any tag
    shown = html_text(section)
    assert "<script>window.pwned = 1</script>" in shown
    assert "<img src=x onerror=" in shown
    assert "<script>window.pwned = 6</script>" in shown  # a {raw} directive, as text
    assert 'href="index.html#term-Active-listening"' in section  # {term} resolves in options


@contextmanager
def built(tmp_path: Path, name: str, builder: str, **kwargs: object) -> Iterator[SphinxTestApp]:
    """A copy of the test project, built; cleaned up after (so node registries reset)."""
    src = tmp_path / name
    if not src.exists():
        shutil.copytree(ROOT, src)
    app = SphinxTestApp(builder, srcdir=src, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


PAGES = ("all.html", "subset.html", "xss.html", "plain.html", "index.html")


def test_parallel_build_gives_the_same_html(tmp_path: Path) -> None:
    with built(tmp_path, "serial", "html") as serial:
        pages = {page: (serial.outdir / page).read_text("utf-8") for page in PAGES}
    with built(tmp_path, "parallel", "html", parallel=2) as parallel:
        assert {page: (parallel.outdir / page).read_text("utf-8") for page in PAGES} == pages


def test_editing_a_bank_rewrites_exactly_its_pages(tmp_path: Path) -> None:
    with built(tmp_path, "project", "html") as first:
        outdir = first.outdir
    before = {page: (outdir / page).stat().st_mtime_ns for page in PAGES}
    bank = tmp_path / "project" / "all-types.bank.yaml"
    bank.write_text(
        bank.read_text("utf-8").replace("Practice only.", "Practice only, edited."), "utf-8"
    )
    src = tmp_path / "project"
    reread: list[str] = []
    app = SphinxTestApp("html", srcdir=src)
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(sorted(docnames)))
    try:
        app.build()
    finally:
        app.cleanup()
    after = {page: (outdir / page).stat().st_mtime_ns for page in PAGES}
    assert reread == ["all", "subset"]  # exactly the pages using the bank are read again
    # ...and written again, with their toctree parent (Sphinx always rewrites it).
    rewritten = sorted(page for page in PAGES if after[page] != before[page])
    assert rewritten == ["all.html", "index.html", "subset.html"]
    assert "Practice only, edited." in (outdir / "all.html").read_text("utf-8")


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_print_builders_show_an_exercise_and_a_key(tmp_path: Path, builder: str) -> None:
    with built(tmp_path, "project", builder) as app:
        assert warnings_of(app) == ""
        if builder == "text":
            text = (app.outdir / "all.txt").read_text("utf-8")
            exercise, key = text.split("Answer key")
            assert "1. A man on a bridge rail says" in exercise
            assert "Put these in order:" in exercise and "Answer: ______" in exercise
            assert "SECURE" not in text
            # The same wording as the printed exams' keys (quizgen.render.answers).
            assert "at-text: 988 | nine eight eight" in " ".join(key.split())
            assert "at-truefalse: B (False)" in " ".join(key.split())
            assert "at-numeric: 40" in " ".join(key.split())
        else:
            tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
            assert "Answer key" in tex and "A man on a bridge rail says" in tex


def test_print_key_letters_match_the_printed_options(tmp_path: Path) -> None:
    with built(tmp_path, "project", "text") as app:
        text = " ".join((app.outdir / "all.txt").read_text("utf-8").split())
    exercise, key = text.split("Answer key")
    single = exercise.split("1. A man on a bridge rail says")[1].split(" 2. ")[0]
    letters = dict(re.findall(r"([A-E])\) (\S+)", single))
    order = exercise.split("Put these in order:")[1].split(" 5. ")[0]
    items = dict(re.findall(r"([A-E])\) (\w+)", order))
    single_key = re.search(r"at-single: ([A-E])", key)
    order_key = re.search(r"at-order: ([A-E](?:, [A-E])+)", key)
    assert single_key and order_key
    assert letters[single_key.group(1)] == '"It'
    assert [items[letter] for letter in order_key.group(1).split(", ")] == [
        "Active",
        "Empathy",
        "Rapport",
        "Influence",
        "Behavioral",
    ]


BAD_PAGE = """\
# Mistakes

```{quiz} missing.bank.yaml
```

```{quiz} all-types.bank.yaml
:objectives: AT-9
```

```{quiz} all-types.bank.yaml
:ids: at-secure, at-nothing, at-single
:count: 3
```
"""


def test_directive_mistakes_are_located_warnings(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    (src / "plain.md").write_text(BAD_PAGE, "utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        found = [
            line.split(": WARNING: ", 1) for line in strip_colors(warnings_of(app)).splitlines()
        ]
    finally:
        app.cleanup()
    page = str(src / "plain.md")
    assert [(where.replace(page, "plain.md"), message) for where, message in found] == [
        (
            "plain.md:3",
            f"quiz: no bank file at missing.bank.yaml (looked for {src}/missing.bank.yaml) "
            "[quizgen.quiz]",
        ),
        ("plain.md:6", "quiz: objective 'AT-9' is not in bank all-types [quizgen.quiz]"),
        (
            "plain.md:6",
            "quiz: no practice questions to show (only use: practice or both appear on the site) "
            "[quizgen.quiz]",
        ),
        (
            "plain.md:10",
            "quiz: question 'at-secure' is secure (use: exam) and is never shown on the site "
            "[quizgen.quiz]",
        ),
        ("plain.md:10", "quiz: question 'at-nothing' is not in bank all-types [quizgen.quiz]"),
        (
            "plain.md:10",
            "quiz: :count: 3 asks for more questions than the 1 available [quizgen.quiz]",
        ),
    ]


def test_bank_objectives_lists_the_objectives_of_a_bank(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    page = "# Objectives\n\n```{bank-objectives} all-types.bank.yaml\n```\n\n"
    page += "```{bank-objectives} nowhere.bank.yaml\n```\n"
    (src / "plain.md").write_text(page, "utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        html = (app.outdir / "plain.html").read_text("utf-8")
        warnings = warnings_of(app)
    finally:
        app.cleanup()
    assert "<strong>AT-1</strong>: Recognize what each question type asks of a trainee." in html
    assert "<strong>AT-2</strong>: Apply the rules of the quiz format." in html
    assert "plain.md:6: WARNING: bank-objectives: no valid bank at nowhere.bank.yaml" in warnings


@pytest.mark.sphinx("html", testroot="quiz")
def test_search_finds_questions_but_not_their_answers(app: SphinxTestApp) -> None:
    app.build()
    index = (app.outdir / "searchindex.js").read_text("utf-8")
    assert '"bridg' in index or '"bridge' in index  # from a stem
    # An option, feedback, an explanation, a model answer: none of it is in the index.
    for answer_only in ("repeat", "bold", "rare", "research", "introduc"):
        assert f'"{answer_only}' not in index, answer_only


TEXTS_BANK = """\
bank: texts
title: Bank text
objectives:
  T-1: Bank text renders as MyST, each piece where it belongs.
questions:
  - id: t-fence
    type: single
    objective: T-1
    use: practice
    stem: The first stem, with *emphasis*.
    options:
      - text: An option with **strong** text.
        correct: true
        feedback: |
          An unclosed fence:
          ```
          swallowed text?
      - text: Don't wait -- act.
        feedback: Don't -- it "helps".
    explanation: The explanation, with `code`.
  - id: t-after
    type: order
    objective: T-1
    use: practice
    stem: The second stem, with **strong** text.
    items:
      - Item *one*
      - Item two
    explanation: Plain explanation.
"""


def texts_project(tmp_path: Path) -> None:
    """The test project, its plain page holding a quiz of TEXTS_BANK."""
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    (src / "texts.bank.yaml").write_text(TEXTS_BANK, "utf-8")
    (src / "plain.md").write_text("# Texts\n\n```{quiz} texts.bank.yaml\n```\n", "utf-8")


def test_bank_text_lands_in_its_own_place(tmp_path: Path) -> None:
    """A quiz's texts are parsed together; one that swallows the rest (an open fence) cannot."""
    texts_project(tmp_path)
    with built(tmp_path, "project", "html") as app:
        assert warnings_of(app) == ""
        html = (app.outdir / "plain.html").read_text("utf-8")
    first, second = html.split("<fieldset")[1:3]
    assert "The first stem, with <em>emphasis</em>." in first
    assert "An option with <strong>strong</strong> text." in first
    feedback = first.split('class="quiz-feedback" hidden>')[1].split("</div></div>")[0]
    assert "<p>An unclosed fence:</p>" in feedback and "swallowed text?" in feedback
    explanation = first.split('class="quiz-explanation" hidden>')[1]  # not swallowed by the fence
    assert explanation.startswith("<p>The explanation, with <code")
    # Smart quotes and dashes, as on the rest of the page.
    assert "Don\u2019t wait \u2013 act." in first
    assert "Don\u2019t \u2013 it \u201chelps\u201d." in first
    assert "The second stem, with <strong>strong</strong> text." in second
    assert '<span class="quiz-item-text" id="quiz-0-2-i0-t"><span>Item <em>one</em>' in second


def test_print_builders_keep_their_own_typography(tmp_path: Path) -> None:
    texts_project(tmp_path)
    with built(tmp_path, "project", "text") as app:
        text = " ".join((app.outdir / "plain.txt").read_text("utf-8").split())
    # Sphinx leaves quotes straight in text output; bank text follows the page.
    assert "Don't wait -- act." in text
    assert "Item *one*" in text and "The second stem, with **strong** text." in text


def test_singlehtml_gives_every_element_its_own_id_and_every_question_its_own_radios(
    tmp_path: Path,
) -> None:
    """Regression: pages inlined on one page repeated ``quiz-0`` and shared radio names."""
    with built(tmp_path, "project", "singlehtml") as app:
        html = (app.outdir / "index.html").read_text("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(fieldsets(html)) >= 10  # the quizzes of several pages are on this one page
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    names_by_question = [
        set(re.findall(r'<input [^>]*name="([^"]+)"', question))
        for question in html.split("<fieldset ")[1:]
    ]
    names = [name for found in names_by_question for name in found]
    assert len(names) == len(set(names))  # no radio group spans two questions


def test_changing_the_site_id_rewrites_the_storage_key_of_every_page(tmp_path: Path) -> None:
    """Regression: an incremental build kept the old ``quizgen_site_id`` in written pages."""
    with built(tmp_path, "project", "html") as first:
        assert 'data-store="quizgen:quiz-test:"' in (first.outdir / "all.html").read_text("utf-8")
    overrides = {"quizgen_site_id": "Riverside Academy"}
    with built(tmp_path, "project", "html", confoverrides=overrides) as second:
        html = (second.outdir / "all.html").read_text("utf-8")
    assert 'data-store="quizgen:riverside-academy:"' in html
    assert "quizgen:quiz-test:" not in html


def test_a_quiz_titled_as_its_page_does_not_repeat_the_title(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    page = (
        "# Module 8 self-check\n\n```{quiz} all-types.bank.yaml\n:title: Module 8 self-check\n```\n"
    )
    (src / "check.md").write_text(page, "utf-8")
    with built(tmp_path, "project", "html") as app:
        html = (app.outdir / "check.html").read_text("utf-8")
        other = (app.outdir / "all.html").read_text("utf-8")
    assert html_text(html).count("Module 8 self-check") == 2  # the <title> and the page heading
    assert re.search(r'<section aria-label="Module 8 self-check" class="quiz"', html)
    assert 'class="quiz-title"' in other  # a quiz under another heading keeps its own title
