"""Quizzes in a real browser, the way a keyboard or screen-reader user meets them.

Chromium opens the built pages from file:// (as from a USB stick): questions are
found by role and accessible name, answered with the keyboard only, and the
live regions are read back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser


STEMS = {
    "single": "A man on a bridge rail",
    "multiple": "Which of these are active listening skills?",
    "truefalse": "Asking a person directly about suicide",
    "order": "Put the steps of the Behavioral Change Stairway",
    "match": "Match each skill with an example.",
    "text": "What three-digit number",
    "numeric": "How many hours",
    "essay": "Describe how you would open a conversation",
    "practice": "Practice only.",
}

NO_STORAGE = """Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('blocked', 'SecurityError'); } });"""
FULL_STORAGE = """Storage.prototype.setItem = function () {
  throw new DOMException('full', 'QuotaExceededError'); };"""
GARBAGE_STORAGE = """
localStorage.setItem('quizgen:quiz-test:at-single', '{not json');
localStorage.setItem('quizgen:quiz-test:at-multiple', '"just a string"');
localStorage.setItem('quizgen:quiz-test:at-truefalse', '{"r": "yes"}');
localStorage.setItem('quizgen:quiz-test:at-order', 'null');
"""


class Visit:
    """An open page, with what it reported: script errors and requests off the disk."""

    def __init__(self, tab: Any) -> None:
        self.page: Page = tab.page
        self.errors: list[str] = tab.errors
        self.requests: list[str] = tab.requests

    def question(self, kind: str) -> Locator:
        return self.page.get_by_role("group", name=re.compile(re.escape(STEMS[kind])))

    def press(self, target: Locator, key: str = "Enter") -> None:
        target.focus()
        self.page.keyboard.press(key)

    def check(self, question: Locator) -> str:
        self.press(question.get_by_role("button", name="Check answer"))
        return question.get_by_role("status").inner_text()

    def score(self) -> str:
        return self.page.locator(".quiz-score").inner_text()


@pytest.fixture
def visit(new_tab: Any, quiz_site: Path) -> Any:
    """Open a page of the quiz site in a fresh browser profile: ``visit("all.html")``."""

    def open_page(name: str, init_script: str | None = None, **options: Any) -> Visit:
        opened = Visit(new_tab(init_script, **options))
        opened.page.goto((quiz_site / name).as_uri())
        return opened

    return open_page


# -- answering each type with the keyboard --------------------------------------------------


def choose(v: Visit, question: Locator, label: str | re.Pattern[str]) -> None:
    role = "checkbox" if question.get_attribute("data-type") == "multiple" else "radio"
    v.press(question.get_by_role(role, name=label), "Space")


def put_in_order(v: Visit, question: Locator, wanted: list[str]) -> None:
    for position, text in enumerate(wanted):
        while question.locator(".quiz-item-text").all_inner_texts().index(text) > position:
            v.press(question.get_by_role("button", name=f"Move up {text}"))


def match(v: Visit, question: Locator, answers: dict[str, str]) -> None:
    for left, right in answers.items():
        select = question.get_by_role("combobox", name=left)
        options = [
            option.strip('\u201c\u201d"') for option in select.locator("option").all_inner_texts()
        ]
        select.focus()
        for _ in range(options.index(right)):
            v.page.keyboard.press("ArrowDown")


def type_answer(v: Visit, question: Locator, text: str) -> None:
    question.get_by_role("textbox", name="Your answer").focus()
    v.page.keyboard.type(text)


ORDER = ["Active listening", "Empathy", "Rapport", "Influence", "Behavioral change"]
MATCH = {
    "Emotion labeling": "You sound frustrated.",
    "Paraphrasing": "So the landlord changed the locks.",
    "Open question": "What happened tonight?",
}


def test_every_type_answered_right_with_the_keyboard(visit: Any) -> None:
    v = visit("all.html")
    single = v.question("single")
    choose(v, single, re.compile("It sounds like you feel nobody hears you"))
    assert v.check(single).split("\n\n") == [
        "Correct.",
        "Emotion labeling shows you are listening.",
        "Active listening comes first on the Behavioral Change Stairway.",
    ]
    assert v.score() == "1 of 9 correct"
    multiple = v.question("multiple")
    choose(v, multiple, "Paraphrasing")
    choose(v, multiple, "Minimal encouragers")
    said = v.check(multiple).split("\n\n")  # feedback follows the (shuffled) option order
    assert said[0] == "Correct." and said[-1].startswith("Paraphrasing and minimal encouragers")
    assert set(said[1:3]) == {
        "Restating in your own words shows you understood.",
        "Short sounds and words keep the person talking.",
    }
    truefalse = v.question("truefalse")
    choose(v, truefalse, "False")
    assert v.check(truefalse).startswith("Correct.")
    order = v.question("order")
    put_in_order(v, order, ORDER)
    assert order.locator(".quiz-item-text").all_inner_texts() == ORDER
    assert v.check(order).startswith("Correct.")
    pairs = v.question("match")
    match(v, pairs, MATCH)
    assert v.check(pairs).startswith("Correct.")
    text = v.question("text")
    type_answer(v, text, "  Nine   EIGHT eight ")
    v.page.keyboard.press("Enter")  # Enter in the box checks, too
    assert text.get_by_role("status").inner_text().startswith("Correct.")
    numeric = v.question("numeric")
    type_answer(v, numeric, "40")
    assert v.check(numeric).startswith("Correct.")
    essay = v.question("essay")
    type_answer(v, essay, "I would introduce myself and ask what is going on.")
    assert v.check(essay).startswith("Compare your answer with the model answer")
    assert essay.get_by_text("Introduce yourself, speak calmly").is_visible()
    assert essay.get_by_text("Asks an open question").is_visible()
    v.press(essay.get_by_role("button", name="My answer covers it"))
    assert v.score() == "8 of 9 correct"
    assert v.errors == [] and v.requests == []


def test_every_type_answered_wrong_says_incorrect_and_why(visit: Any) -> None:
    v = visit("all.html")
    single = v.question("single")
    choose(v, single, re.compile("Step down now"))
    assert v.check(single).split("\n\n") == [
        "Incorrect.",
        "A command this early can escalate.",
        "Active listening comes first on the Behavioral Change Stairway.",
    ]
    multiple = v.question("multiple")
    choose(v, multiple, "Paraphrasing")
    choose(v, multiple, "Repeated commands")
    said = v.check(multiple)
    assert said.startswith("Incorrect.")
    assert "Commands are not listening." in said and "Restating in your own words" in said
    truefalse = v.question("truefalse")
    choose(v, truefalse, "True")
    assert v.check(truefalse).startswith("Incorrect.")
    order = v.question("order")
    put_in_order(v, order, list(reversed(ORDER)))
    assert v.check(order).startswith("Incorrect.")
    pairs = v.question("match")
    match(v, pairs, dict(zip(MATCH, reversed(list(MATCH.values())), strict=True)))
    assert v.check(pairs).startswith("Incorrect.")
    text = v.question("text")
    type_answer(v, text, "911")
    assert v.check(text).startswith("Incorrect.")
    numeric = v.question("numeric")
    type_answer(v, numeric, "41")
    assert v.check(numeric).startswith("Incorrect.")
    essay = v.question("essay")
    v.check(essay)
    v.press(essay.get_by_role("button", name="Not yet"))
    assert v.score() == "0 of 9 correct"
    assert v.errors == []


def test_an_unanswered_question_asks_for_an_answer(visit: Any) -> None:
    v = visit("all.html")
    for kind in ("single", "match", "text", "numeric"):
        assert v.check(v.question(kind)) == "Answer the question first."
    assert v.score() == ""


def test_tab_order_reaches_check_answer_from_the_choices(visit: Any) -> None:
    v = visit("all.html")
    truefalse = v.question("truefalse")
    truefalse.get_by_role("radio", name="True").focus()
    v.page.keyboard.press("ArrowDown")  # arrow keys move within a radio group
    assert truefalse.get_by_role("radio", name="False").is_checked()
    v.page.keyboard.press("Tab")
    v.page.keyboard.press("Enter")
    assert truefalse.get_by_role("status").inner_text().startswith("Correct.")


def test_order_moves_are_announced(visit: Any) -> None:
    v = visit("all.html")
    order = v.question("order")
    texts = order.locator(".quiz-item-text").all_inner_texts()
    last = texts[-1]
    v.press(order.get_by_role("button", name=f"Move up {last}"))
    assert order.get_by_role("status").inner_text() == f"{last}: position 4 of 5"
    assert order.get_by_role("button", name=f"Move up {last}").evaluate(
        "b => b === document.activeElement"
    )


# -- progress ---------------------------------------------------------------------------------


def test_progress_survives_a_reload_and_can_be_reset(visit: Any) -> None:
    v = visit("all.html")
    single = v.question("single")
    choose(v, single, re.compile("Calm down"))
    v.check(single)
    text = v.question("text")
    type_answer(v, text, "988")
    v.check(text)
    v.page.reload()
    assert (
        v.question("single").locator(".quiz-last").inner_text()
        == "Last time your answer was not correct."
    )
    assert (
        v.question("text").locator(".quiz-last").inner_text()
        == "Last time you answered this correctly."
    )
    assert v.question("numeric").locator(".quiz-last").is_hidden()
    stored = v.page.evaluate("localStorage.getItem('quizgen:quiz-test:at-text')")
    assert '"r":true' in stored
    v.press(v.page.get_by_role("button", name="Reset my answers"))
    assert v.score() == "Your saved answers were cleared."
    v.page.reload()
    assert v.question("text").locator(".quiz-last").is_hidden()
    assert v.page.evaluate("localStorage.length") == 0
    assert v.errors == []


@pytest.mark.parametrize(
    "script", [NO_STORAGE, FULL_STORAGE, GARBAGE_STORAGE], ids=["blocked", "full", "garbage"]
)
def test_broken_storage_never_breaks_the_quiz(visit: Any, script: str) -> None:
    # Sphinx's own sphinx_highlight.js throws when storage is blocked: the quiz must add nothing.
    without_quiz = visit("plain.html", init_script=script).errors
    v = visit("all.html", init_script=script)
    assert v.errors == without_quiz
    single = v.question("single")
    assert single.locator(".quiz-last").is_hidden()
    choose(v, single, re.compile("It sounds like you feel nobody hears you"))
    assert v.check(single).startswith("Correct.")
    v.press(v.page.get_by_role("button", name="Reset my answers"))
    assert v.errors == without_quiz


# -- attempts -----------------------------------------------------------------------------------


def test_count_draws_a_new_subset_each_attempt(visit: Any) -> None:
    v = visit("subset.html")
    seen = set()
    for _ in range(25):
        visible = v.page.get_by_role("group").all()
        assert len(visible) == 2
        seen.add(
            tuple(sorted(group.get_attribute("data-quiz-question") or "" for group in visible))
        )
        v.press(v.page.get_by_role("button", name="Try again"))
    assert len(seen) > 1


def test_options_are_shuffled_per_attempt_unless_fixed(visit: Any) -> None:
    v = visit("all.html")
    single_orders, truefalse_orders = set(), set()
    for _ in range(15):
        single_orders.add(tuple(v.question("single").locator("label").all_inner_texts()))
        truefalse_orders.add(tuple(v.question("truefalse").locator("label").all_inner_texts()))
        v.press(v.page.get_by_role("button", name="Try again"))
    assert len(single_orders) > 1
    assert truefalse_orders == {("True", "False")}


def test_try_again_clears_answers_and_score(visit: Any) -> None:
    v = visit("all.html")
    single = v.question("single")
    choose(v, single, re.compile("Calm down"))
    v.check(single)
    v.press(v.page.get_by_role("button", name="Try again"))
    assert v.score() == ""
    assert single.get_by_role("status").inner_text() == ""
    assert not single.get_by_role("radio", name=re.compile("Calm down")).is_checked()


# -- safety and accessibility ------------------------------------------------------------------


def test_markup_from_a_bank_never_runs(visit: Any) -> None:
    v = visit("xss.html")
    question = v.page.get_by_role("group", name=re.compile("Stem with <script>"))
    assert "<img src=x onerror=" in question.locator("legend").inner_text()
    choose(v, question, re.compile("bold"))
    assert "<script>window.pwned = 4</script>" in v.check(question)
    question.get_by_role("radio", name=re.compile("bold")).hover()
    assert v.page.evaluate("window.pwned") is None
    assert v.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violations_before_and_after_answering(
    visit: Any, axe: Callable[[Page], list[str]], scheme: str, width: int
) -> None:
    v = visit("all.html", color_scheme=scheme, viewport={"width": width, "height": 900})
    assert axe(v.page) == []
    choose(v, v.question("single"), re.compile("Step down now"))
    v.check(v.question("single"))
    choose(v, v.question("multiple"), "Paraphrasing")
    v.check(v.question("multiple"))
    for kind in ("truefalse", "order", "match", "text", "numeric", "essay", "practice"):
        v.check(v.question(kind))
    assert axe(v.page) == []
