"""The course site an academy deploys: both editions, offline from a zip, and an a11y audit.

The audit loads every page of both editions in Chromium, at a desktop and a
phone width, in light and dark mode, and runs axe-core's WCAG 2.1 A and AA
rules: zero violations.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import FILE_SNIPPETS, search_results

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.cli import main
from quizgen.results.outputs import score_exam
from quizgen.site.leaks import find_leaks

PROJECT = Path(__file__).parent.parent

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

MODES = [(1280, "light"), (1280, "dark"), (375, "light"), (375, "dark")]


def page_text(site: Path) -> str:
    return " ".join(path.read_text("utf-8") for path in sorted(site.rglob("*.html")))


def test_instructor_edition_adds_notes_exams_and_the_guide(
    trainee_site: Path, instructor_site: Path
) -> None:
    trainee, instructor = page_text(trainee_site), page_text(instructor_site)
    assert "Instructor notes" in instructor and "Instructor notes" not in trainee
    assert "Instructor edition: not for trainees." in instructor
    for page in ("docs/instructor/exams.html", "docs/authoring/banks.html"):
        assert (instructor_site / page).exists() and not (trainee_site / page).exists()
    assert "Coverage of cit-written-final" in instructor
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]))
    assert find_leaks(instructor_site, catalog.questions()) == []  # exams stay on paper


def test_the_guide_links_a_sample_results_report_without_secure_text(
    trainee_site: Path, instructor_site: Path, tmp_path: Path
) -> None:
    guide = instructor_site / "docs/authoring/results.html"
    links = re.findall(r'href="([^"#]*report\.html)"', guide.read_text("utf-8"))
    assert links == ["../../results/cit-written-final/report.html"]
    report = (guide.parent / links[0]).resolve()
    assert report.is_file() and report.is_relative_to(instructor_site.resolve())
    assert not (trainee_site / "results").exists()
    folder = report.parent
    responses = folder / "simulated-responses.csv"
    assert responses.read_text("utf-8").count("\n") == 121  # the header and 120 trainees
    assert "(secure exam item: its text is withheld)" in (folder / "options.csv").read_text()
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]))
    assert find_leaks(folder, catalog.questions()) == []
    # The same class scored as an instructor would score a real one quotes secure items.
    blueprint = PROJECT / "curriculum" / "exams" / "cit-written-final.exam.yaml"
    score_exam(blueprint, responses, tmp_path)
    assert find_leaks(tmp_path, catalog.questions()) != []


def test_state_law_page_shows_what_the_academy_has_not_filled_in(trainee_site: Path) -> None:
    page = (trainee_site / "curriculum/10-legal-policy/state-law.html").read_text("utf-8")
    assert (
        "[To be completed by your academy and reviewed by your agency counsel: "
        "state law detention statute]" in page
    )
    assert page.count('class="academy-missing"') >= 15


# -- in a real browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def unzipped(trainee_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trainee site as ``make dist`` zips it, unzipped somewhere else."""
    work = tmp_path_factory.mktemp("dist")
    site = shutil.copytree(trainee_site, work / "html")
    (site / ".doctrees").mkdir()  # as an older build left it: page sources, instructor notes
    (site / ".doctrees" / "index.doctree").write_bytes(b"instructor notes")
    archive = work / "cit-training-site.zip"
    assert main(["dist", str(site), "-o", str(archive)]) == 0
    with zipfile.ZipFile(archive) as packed:
        names = packed.namelist()
    assert "html/index.html" in names and not [name for name in names if "/." in name]
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(archive) as packed:
        packed.extractall(target)
    return target / "html"


@pytest.fixture
def page(new_tab: Any) -> Page:
    tab: Page = new_tab().page
    return tab


@pytest.mark.browser
def test_offline_site_navigation_search_and_quiz_work(unzipped: Path, new_tab: Any) -> None:
    tab = new_tab()
    page = tab.page
    page.goto((unzipped / "index.html").as_uri())
    page.get_by_role("link", name=re.compile("Communication and de-escalation")).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Module 8")
    page.goto((unzipped / "search.html").as_uri() + "?q=emotion+labeling")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15000)
    assert results.count() > 0
    page.goto((unzipped / "curriculum/08-de-escalation/self-check.html").as_uri())
    question = page.locator("[data-quiz-question]:visible").first
    question.get_by_role("button", name="Check answer").click()
    assert question.get_by_role("status").inner_text() == "Answer the question first."
    assert tab.requests == []


@pytest.mark.browser
def test_keyboard_walk_through_a_module_and_its_quiz(trainee_site: Path, page: Page) -> None:
    page.goto((trainee_site / "curriculum/03-suicide/index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip().lower().startswith("skip")
    link = page.get_by_role("link", name=re.compile("self-check", re.I)).last
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("self-check.html"))
    question = page.locator("[data-quiz-question]:visible").first
    kind = question.get_attribute("data-type")
    first = question.locator("input, select, textarea").first
    first.focus()
    if kind in {"single", "multiple", "truefalse"}:
        page.keyboard.press("Space")
    elif kind in {"text", "numeric", "essay"}:
        page.keyboard.type("988")
    question.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")
    assert question.get_by_role("status").inner_text() != ""


def audit(browser: Browser, site: Path, axe: Callable[[Page], list[str]]) -> tuple[int, list[str]]:
    """Run axe on every page of *site* in every mode: (pages audited, violations).

    Each mode gets a browser context of its own, so pages are audited at rest
    (switching the colour scheme on a loaded page audits colours mid-transition).
    """
    found: list[str] = []
    pages = sorted(site.rglob("*.html"))
    for width, scheme in MODES:
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,  # type: ignore[arg-type]
        )
        tab = context.new_page()
        for path in pages:
            tab.goto(path.as_uri())
            name = f"{path.relative_to(site).as_posix()} {width}px {scheme}"
            found += [f"{name}: {violation}" for violation in axe(tab)]
        context.close()
    return len(pages), found


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["trainee", "instructor"])
def test_every_page_passes_axe(
    browser: Browser, axe: Callable[[Page], list[str]], request: pytest.FixtureRequest, edition: str
) -> None:
    site: Path = request.getfixturevalue(f"{edition}_site")
    count, violations = audit(browser, site, axe)
    print(f"axe: {count} pages of the {edition} edition x {len(MODES)} modes: {violations}")
    assert count > 50
    assert violations == []


@pytest.mark.browser
def test_module_cards_on_the_home_page_show_progress(trainee_site: Path, page: Page) -> None:
    page.goto((trainee_site / "index.html").as_uri())
    card = page.locator(".sd-card", has_text="Module 3: Suicide risk and intervention")
    assert card.locator(".quiz-card-progress").inner_text() == "Your progress: not started."
    page.goto((trainee_site / "curriculum/03-suicide/self-check.html").as_uri())
    question = page.locator("[data-quiz-question][data-type=truefalse]:visible").first
    question.get_by_role("radio", name="True").focus()
    page.keyboard.press("Space")
    question.get_by_role("button", name="Check answer").click()
    page.goto((trainee_site / "index.html").as_uri())
    line = card.locator(".quiz-card-progress").inner_text()
    total = len(
        re.findall(
            r'data-quiz-question="',
            (trainee_site / "curriculum/03-suicide/self-check.html").read_text("utf-8"),
        )
    )
    assert re.fullmatch(rf"Your progress: 1 of {total} questions answered, [01] correct\.", line)


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_each_quick_reference_card_prints_on_one_page(
    trainee_site: Path, page: Page, paper: str
) -> None:
    import pypdf

    cards = sorted((trainee_site / "docs" / "cards").glob("*.html"))
    cards = [card for card in cards if card.name != "index.html"]
    assert len(cards) == 5
    for card in cards:
        page.goto(card.as_uri())
        printed = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
        assert len(printed.pages) == 1, card.name
        assert "Skip to content" not in printed.pages[0].extract_text()
    # The CIT data sheet of Module 10's practicum is a one-sheet form, without its on-screen note.
    page.goto((trainee_site / "curriculum/10-legal-policy/cit-data-sheet.html").as_uri())
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(printed.pages) == 1
    text = printed.pages[0].extract_text()
    assert "Disposition of firearms" in text and "About this form" not in text


def pages_mentioning(site: Path, number: str) -> set[str]:
    """Pages whose main text holds *number* as a word (not the search page or the index)."""
    found = set()
    for path in site.rglob("*.html"):
        article = re.search(
            r'<article[^>]*role="main"[^>]*>(.*?)</article>', path.read_text("utf-8"), re.S
        )
        text = html.unescape(re.sub(r"<[^>]+>", " ", article.group(1) if article else ""))
        if re.search(rf"(?<![\d-]){number}(?![\d-])", text):
            found.add(path.relative_to(site).as_posix())
    return found - {"search.html", "genindex.html"}


@pytest.mark.browser
@pytest.mark.parametrize("number", ["988", "911"])
def test_searching_a_crisis_number_lists_the_pages_that_teach_it(
    new_tab: Callable[..., Any], trainee_site: Path, number: str
) -> None:
    """A trainee on a phone types the number: most pages about it come up, a lesson first."""
    mentions = pages_mentioning(trainee_site, number)
    tab = new_tab()
    found = search_results(tab, trainee_site.as_uri() + "/", number)
    assert len(mentions & set(found)) >= 0.8 * len(mentions), sorted(mentions - set(found))
    assert found[0].startswith("docs/cards/") or "/lesson-" in found[0], found[:3]
    assert [error for error in tab.errors if not FILE_SNIPPETS.match(error)] == []


@pytest.mark.browser
def test_progress_bars_the_course_map_and_the_next_module_to_continue(
    trainee_site: Path, page: Page, axe: Callable[[Page], list[str]]
) -> None:
    page.goto((trainee_site / "index.html").as_uri())
    assert page.locator(".quiz-course-label").inner_text() == "0 of 14 self-checks complete"
    start = page.locator(".quiz-continue")
    assert start.inner_text() == "Start with: Module 1: The CIT model and the crisis system"
    # Module 1's self-check all answered (two wrong), as the quizzes save answers.
    check = (trainee_site / "curriculum/01-cit-model/self-check.html").read_text("utf-8")
    ids = list(dict.fromkeys(re.findall(r'data-quiz-question="([^"]+)"', check)))
    store = re.search(r'data-store="([^"]+)"', check).group(1)  # type: ignore[union-attr]
    saved = {f"{store}{qid}": json.dumps({"r": i >= 2, "t": 1}) for i, qid in enumerate(ids)}
    page.evaluate(
        "(items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v))", saved
    )
    page.reload()
    card = page.locator(".sd-card", has_text="Module 1: The CIT model and the crisis system")
    score = round(100 * (len(ids) - 2) / len(ids))
    assert card.locator(".quiz-card-progress").inner_text() == (
        f"Done: all {len(ids)} questions answered, {len(ids) - 2} correct ({score} %)."
    )
    meter = card.locator("progress")
    assert meter.evaluate("(m) => [m.value, m.max]") == [len(ids), len(ids)]
    assert meter.get_attribute("aria-labelledby") == card.locator(
        ".quiz-card-progress"
    ).get_attribute("id")
    course = page.locator(".quiz-course-bar")
    assert course.evaluate("(m) => [m.value, m.max]") == [1, 14]
    assert page.locator(".quiz-course-label").inner_text() == "1 of 14 self-checks complete"
    assert start.inner_text() == (
        "Continue where you left off: Module 2: Recognizing mental health conditions"
    )
    assert axe(page) == []
    start.get_by_role("link").click()
    assert page.url.endswith("curriculum/02-mental-health/index.html")
    page.goto((trainee_site / "docs/progress.html").as_uri())
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("^Module 1:"))
    )
    assert row.locator("progress").evaluate(
        "(m) => [m.value, m.max, m.getAttribute('aria-hidden')]"
    ) == [len(ids), len(ids), "true"]


@pytest.mark.browser
def test_glossary_terms_show_their_definition_in_place_by_keyboard_and_hover(
    trainee_site: Path, page: Page, axe: Callable[[Page], list[str]]
) -> None:
    glossary = (trainee_site / "docs/glossary.html").read_text("utf-8")
    written = html.unescape(re.sub(r"<[^>]+>", "", glossary.split('id="term-Rubric"')[1]))
    page.goto((trainee_site / "curriculum/syllabus.html").as_uri())
    link = page.locator("a.qg-term", has_text="rubric").first
    tip = page.get_by_role("tooltip")
    # A screen reader hears the definition as the link's description.
    description = link.evaluate(
        "(a) => document.getElementById(a.getAttribute('aria-describedby')).textContent"
    )
    assert description.startswith("A scoring sheet that lists the behaviors")
    assert " ".join(description.split()) in " ".join(written.split())
    # Keyboard: tab to the link, the definition shows; Escape hides it, focus stays.
    link.focus()
    assert tip.is_visible() and tip.inner_text() == description
    box, under = tip.bounding_box(), link.bounding_box()
    assert box and under and box["y"] >= under["y"] + under["height"]
    assert axe(page) == []
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('qg-term')")
    # Hover: shown, and stays while the pointer moves onto the tooltip (WCAG 1.4.13).
    page.evaluate("document.activeElement.blur()")
    page.locator("h1").first.hover()
    link.hover()
    assert tip.is_visible()
    tip.hover()
    page.wait_for_timeout(500)
    assert tip.is_visible()
    page.locator("h1").first.hover()
    page.wait_for_timeout(500)
    assert tip.is_hidden()
    # Followed, the link still opens the glossary entry.
    link.click()
    assert page.url.endswith("docs/glossary.html#term-Rubric")
    # Not on paper.
    page.goto((trainee_site / "curriculum/syllabus.html").as_uri())
    page.locator("a.qg-term").first.focus()
    page.emulate_media(media="print")
    assert page.get_by_role("tooltip").is_hidden()
    assert page.locator(".qg-term-defs").is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(375, "dark"), (1280, "light")])
def test_progress_with_nothing_stored_says_not_started_at_any_width_and_on_paper(
    trainee_site: Path, new_tab: Any, axe: Callable[[Page], list[str]], width: int, scheme: str
) -> None:
    tab = new_tab(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab.page.goto((trainee_site / "index.html").as_uri())
    labels = tab.page.locator(".quiz-card-progress").all_inner_texts()
    assert len(labels) == 14 and set(labels) == {"Your progress: not started."}
    bars = tab.page.locator(".quiz-card-bar").evaluate_all("(b) => b.map((m) => m.value)")
    assert bars == [0] * 14
    assert tab.page.locator(".quiz-course-label").inner_text() == "0 of 14 self-checks complete"
    assert tab.errors == []  # before axe, whose own requests from file:// the browser refuses
    assert axe(tab.page) == []
    tab.page.emulate_media(media="print")
    assert tab.page.locator(".quiz-course-label").is_visible()
    assert tab.page.locator(".quiz-card-progress").first.is_visible()
