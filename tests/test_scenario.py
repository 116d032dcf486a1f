"""Branching scenarios: the loader and its rules (contract: scenarios.md, "Scenario files").

Every broken rule is ``file:line: scenario ID: message`` in ``quizgen check``,
never a traceback; a valid scenario loads into the model the directive and the
print builder share.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from quizgen.bank.problems import QuizgenError
from quizgen.bank.scenario import load_scenario, load_scenarios
from quizgen.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.conftest import Tab

DATA = Path(__file__).parent / "data"
VALID = (DATA / "scenarios" / "bridge-rail.scenario.yaml").read_text("utf-8")
NAME = "bridge-rail.scenario.yaml"


def problems_of(text: str, objectives: set[str] | None = None) -> list[str]:
    with pytest.raises(QuizgenError) as caught:
        load_scenario(NAME, text, objectives=objectives)
    return [str(problem) for problem in caught.value.problems]


def edited(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def test_a_valid_scenario_loads_with_its_graph() -> None:
    scenario = load_scenario(NAME, VALID, objectives={"CR-1"})
    assert scenario.id == "bridge-rail" and scenario.start == "arrive"
    assert list(scenario.nodes) == ["arrive", "first-words", "talking", "safe-end", "grab"]
    assert [node.id for node in scenario.endings()] == ["safe-end", "grab"]
    arrive = scenario.nodes["arrive"]
    assert [choice.to for choice in arrive.choices] == ["first-words", "grab"]
    assert arrive.choices[1].effects == {"safety": -2, "connection": -1}
    assert arrive.line == 9 and arrive.choices[0].line == 13
    assert scenario.dimensions == ("safety", "connection")  # the default
    assert scenario.nodes["grab"].ending == "harmful"


CASES = {
    "a choice to no node": (
        edited("        to: talking\n", "        to: talkng\n"),
        [
            "bridge-rail.scenario.yaml:25: scenario bridge-rail: choice 1 of node 'first-words' "
            "goes to 'talkng', which is not a node (did you mean 'talking'?)",
        ],
    ),
    "a start that is no node": (
        edited("start: arrive", "start: arive"),
        [
            "bridge-rail.scenario.yaml:7: scenario bridge-rail: start 'arive' is not a node "
            "(did you mean 'arrive'?)"
        ],
    ),
    "a node no path leads to an ending from": (
        edited("        to: safe-end\n", "        to: talking\n"),
        [
            "bridge-rail.scenario.yaml:21: scenario bridge-rail: node 'first-words' leads to no "
            "ending (every path from it loops)",
            "bridge-rail.scenario.yaml:31: scenario bridge-rail: node 'talking' leads to no "
            "ending (every path from it loops)",
            "bridge-rail.scenario.yaml:38: scenario bridge-rail: node 'safe-end' cannot be "
            "reached from start",
        ],
    ),
    "an ending with choices": (
        edited(
            "    ending: harmful\n",
            "    ending: harmful\n    choices:\n      - {text: Try again., to: arrive, "
            "feedback: Start over.}\n",
        ),
        [
            "bridge-rail.scenario.yaml:44: scenario bridge-rail: node 'grab' is an ending and "
            "has choices"
        ],
    ),
    "a node with neither choices nor an ending": (
        edited("    ending: safe\n    text: He climbs", "    text: He climbs").replace(
            "    debrief: Distance, cover, time and a direct question gave him a way back.\n", ""
        ),
        [
            "bridge-rail.scenario.yaml:38: scenario bridge-rail: node 'safe-end' has neither "
            "choices nor an ending"
        ],
    ),
    "an ending without a debrief": (
        edited(
            "    debrief: Closing in without a plan forced a crisis at the rail. Keep distance "
            "and talk.\n",
            "",
        ),
        ["bridge-rail.scenario.yaml:43: scenario bridge-rail: ending 'grab' has no debrief"],
    ),
    "a choice without feedback": (
        edited("        feedback: An open question starts a conversation without pressure.\n", ""),
        ["bridge-rail.scenario.yaml:24: scenario bridge-rail: missing required key 'feedback'"],
    ),
    "an effect on an undeclared dimension": (
        edited(
            "effects: {connection: 1}\n      - text: Repeat",
            "effects: {trust: 1}\n      - text: Repeat",
        ),
        [
            "bridge-rail.scenario.yaml:27: scenario bridge-rail: choice 1 of node 'first-words' "
            "moves 'trust', which is not one of the scenario's dimensions (connection, safety)"
        ],
    ),
    "an unknown key": (
        edited("    ending: safe\n", "    ending: safe\n    debreif: x\n"),
        [
            "bridge-rail.scenario.yaml:40: scenario bridge-rail: unknown key 'debreif' (did you "
            "mean 'debrief'?)"
        ],
    ),
    "an ending of no kind": (
        edited("    ending: safe\n", "    ending: happy\n"),
        [
            "bridge-rail.scenario.yaml:39: scenario bridge-rail: nodes.safe-end.ending must be "
            "one of: safe, partial, harmful (found 'happy')"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_names_file_line_and_scenario(case: str) -> None:
    text, expected = CASES[case]
    assert problems_of(text) == expected


def test_an_objective_no_bank_defines() -> None:
    assert problems_of(VALID, {"CR-2", "CR-3"}) == [
        "bridge-rail.scenario.yaml:4: scenario bridge-rail: objective 'CR-1' is not defined "
        "in any bank (did you mean 'CR-3'?)"
    ]


def test_two_scenarios_with_one_id(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.scenario.yaml").write_text(VALID, "utf-8")
    catalog = load_scenarios(sorted(tmp_path.glob("*.scenario.yaml")))
    assert [str(problem).replace(str(tmp_path), "T") for problem in catalog.problems] == [
        "T/b.scenario.yaml:2: scenario bridge-rail: scenario id 'bridge-rail' is already used "
        "by T/a.scenario.yaml:2"
    ]


def test_quizgen_check_reads_scenarios_beside_banks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(DATA / "exams" / "crisis.bank.yaml", tmp_path)
    (tmp_path / NAME).write_text(edited("start: arrive", "start: arive"), "utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert err.strip().replace(str(tmp_path), "T") == (
        "T/bridge-rail.scenario.yaml:7: scenario bridge-rail: start 'arive' is not a node "
        "(did you mean 'arrive'?)"
    )
    assert out.strip().endswith("1 problem; 0 scenarios of 1 read")
    (tmp_path / NAME).write_text(VALID, "utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 problems; 1 scenario of 1 read")


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12))
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
KEYS = ["scenario", "title", "objectives", "summary", "start", "nodes", "dimensions", "source"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KEYS), values)
def test_any_value_anywhere_gives_problems_not_tracebacks(key: str, value: object) -> None:
    data = yaml.safe_load(VALID)
    data[key] = value
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        load_scenario(NAME, text)
    except QuizgenError as error:
        assert error.problems and all(problem.line >= 1 for problem in error.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["arrive", "first-words", "talking", "safe-end", "grab"]), values)
def test_any_node_content_gives_problems_not_tracebacks(node: str, value: object) -> None:
    data = yaml.safe_load(VALID)
    data["nodes"][node] = value
    try:
        load_scenario(NAME, yaml.safe_dump(data, allow_unicode=True))
    except QuizgenError as error:
        assert error.problems and all(problem.line >= 1 for problem in error.problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_problems_not_tracebacks(content: bytes) -> None:
    try:
        load_scenario(NAME, content)
    except QuizgenError as error:
        assert error.problems


@pytest.mark.sphinx("html", testroot="scenario", freshenv=True)
def test_in_builds_a_scenario_problem_is_a_located_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # type: ignore[attr-defined]
    assert warnings.replace(str(app.srcdir), "S").splitlines() == [
        "S/bridge-rail.scenario.yaml:25: WARNING: scenario bridge-rail: choice 1 of node "
        "'first-words' goes to 'talkng', which is not a node (did you mean 'talking'?) "
        "[quizgen.scenario]"
    ]


# -- the directive: on paper and in the browser ----------------------------------------------

PAGE_ROOT = Path(__file__).parent / "roots" / "test-scenario-page"


@pytest.mark.sphinx("text", testroot="scenario-page", freshenv=True)
def test_without_a_browser_the_scenario_is_numbered_steps_to_play_on_paper(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert app.warning.getvalue() == ""  # type: ignore[attr-defined]
    text = (app.outdir / "call.txt").read_text("utf-8")
    assert "Step 1" in text and "Step 4 (safe ending)" in text and "Step 5 (harmful ending)" in text
    assert "Walk straight up to grab his arm. (go to step 5)" in text
    assert text.index("Why each choice helps or hurts") > text.index("Step 5")
    assert "1b:" in text and "Closing in can push him to act" in text


@pytest.fixture(scope="module")
def scenario_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("scenario-site")
    assert build_main(["-q", "-W", "-b", "html", str(PAGE_ROOT), str(out)]) == 0
    return out


def play(page: Page, start: str) -> None:
    """Choose, by keyboard, the option whose text starts with *start*."""
    page.get_by_role("button", name=re.compile("^" + re.escape(start))).press("Enter")


@pytest.mark.browser
def test_a_trainee_plays_the_call_by_keyboard_to_the_debrief(
    scenario_site: Path, new_tab: Callable[..., Tab], axe: Callable[[Page], list[str]]
) -> None:
    tab = new_tab()
    page = tab.page
    page.goto((scenario_site / "call.html").as_uri())
    heading = page.locator(".scenario-heading")
    assert heading.inner_text() == "Step 1"
    assert page.locator(".scenario-step").first.is_hidden()  # the paper form gives way
    play(page, "Stop 10 m away, behind your partner")
    assert heading.inner_text() == "Step 2"
    assert page.evaluate("document.activeElement.className") == "scenario-heading"
    assert "Distance and cover give you time" in page.locator(".scenario-last").inner_text()
    play(page, "Repeat your name and wait.")  # a loop: time as a tool
    assert heading.inner_text() == "Step 2"
    page.get_by_role("button", name="Back").press("Enter")
    assert heading.inner_text() == "Step 2"
    assert "Distance and cover" in page.locator(".scenario-last").inner_text()
    play(page, "Stay where you are and ask what brought him here tonight.")
    play(page, "Ask him directly whether he is thinking about killing himself.")
    assert heading.inner_text() == "Step 4 (safe ending)"
    replay = page.locator(".scenario-replay")
    assert replay.locator("ol > li").count() == 3
    assert "Asking directly does not plant the idea" in replay.inner_text()
    assert "Safety: +1" in replay.inner_text() and "Connection: +3" in replay.inner_text()
    assert "gave him a way back" in page.locator(".scenario-view").inner_text()
    page.reload()  # the path is kept in the browser
    assert heading.inner_text() == "Step 4 (safe ending)"
    assert tab.errors == [] and tab.requests == []
    assert axe(page) == []  # (axe itself reads the styles over file://, which logs errors)
    page.get_by_role("button", name="Start again").press("Enter")
    assert heading.inner_text() == "Step 1"
    assert page.get_by_role("button", name="Back").is_disabled()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (375, "dark"), (1280, "dark")])
def test_the_player_is_axe_clean_on_a_phone_and_in_dark_mode(
    scenario_site: Path,
    new_tab: Callable[..., Tab],
    axe: Callable[[Page], list[str]],
    width: int,
    scheme: str,
) -> None:
    page = new_tab(viewport={"width": width, "height": 800}, color_scheme=scheme).page
    page.goto((scenario_site / "call.html").as_uri())
    play(page, "Walk straight up to grab his arm.")
    assert page.locator(".scenario-heading").inner_text() == "Step 5 (harmful ending)"
    assert axe(page) == []


@pytest.mark.browser
def test_without_javascript_the_page_shows_the_paper_form(
    scenario_site: Path, new_tab: Callable[..., Tab]
) -> None:
    page = new_tab(java_script_enabled=False).page
    page.goto((scenario_site / "call.html").as_uri())
    assert page.locator(".scenario-step").count() == 5
    page.get_by_role("link", name="(go to step 5)").click()
    assert page.url.endswith("#scenario-bridge-rail-grab")


def test_cite_keys_and_terms_to_avoid_are_checked_in_scenarios_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "refs.bib").write_text(
        "@misc{nimh2024,\n  title = {Suicide Prevention},\n}\n", "utf-8"
    )
    text = edited("source: NIMH", "cite: [nimh2024, nimh2042]\nsource: NIMH").replace(
        "He talks about losing his job.", "He says he suffers from depression and lost his job."
    )
    (tmp_path / NAME).write_text(text, "utf-8")
    shutil.copy(DATA / "exams" / "crisis.bank.yaml", tmp_path)  # defines the objective CR-1
    args = ["check", str(tmp_path), "--bib", str(tmp_path / "refs.bib")]
    assert main(args) == 1
    err = capsys.readouterr().err.replace(str(tmp_path), "T").splitlines()
    assert err == [
        "T/bridge-rail.scenario.yaml:46: scenario bridge-rail: cite key 'nimh2042' is not in "
        "the bibliography (T/refs.bib) (did you mean 'nimh2024'?)"
    ]
    (tmp_path / NAME).write_text(text.replace(", nimh2042", ""), "utf-8")
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert err.replace(str(tmp_path), "T").strip() == (
        "T/bridge-rail.scenario.yaml:32: scenario bridge-rail: language: 'suffers from' (implies "
        'pity and a judgment the person did not express): say "has", "lives with" or "is '
        'being treated for" instead'
    )
    assert "1 language warning" in out


# -- on paper: make scenarios ----------------------------------------------------------------


def test_the_facilitator_sees_everything_and_the_cards_give_nothing_away() -> None:
    from quizgen.exam.scenarios import cards_html, facilitator_html

    scenario = load_scenario(NAME, VALID)
    guide = facilitator_html(scenario)
    assert "<svg" in guide and "aria-label" in guide  # the picture of the whole call
    for node in scenario.nodes.values():
        for choice in node.choices:
            assert choice.feedback.split(";")[0] in guide
    assert "Harmful ending" in guide and "Keep distance and talk." in guide
    assert "safety +1, connection +1" in guide
    cards = cards_html(scenario)
    assert cards.count('class="card"') == len(scenario.nodes)
    assert "Distance and cover give you time" not in cards  # no feedback
    assert "harmful" not in cards.lower() and "safety" not in cards  # no endings, no effects
    assert "Keep distance and talk." not in cards  # no debriefs
    assert "(card 5)" in cards  # where each choice leads


def test_make_scenarios_writes_the_same_bytes_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "conf.py").write_text("", "utf-8")
    shutil.copy(DATA / "exams" / "crisis.bank.yaml", project)
    (project / NAME).write_text(VALID, "utf-8")
    monkeypatch.chdir(project)
    assert main(["scenarios", "-o", "out"]) == 0
    first = {p.name: p.read_bytes() for p in (project / "out" / "bridge-rail").iterdir()}
    assert sorted(first) == ["cards.pdf", "facilitator.pdf"]
    assert all(data.startswith(b"%PDF") for data in first.values())
    assert main(["scenarios", "-o", "again"]) == 0
    again = {p.name: p.read_bytes() for p in (project / "again" / "bridge-rail").iterdir()}
    assert again == first
    (project / NAME).write_text(edited("start: arrive", "start: arive"), "utf-8")
    capsys.readouterr()
    assert main(["scenarios", "-o", "broken"]) == 1
    assert "start 'arive' is not a node" in capsys.readouterr().err
    assert not (project / "broken").exists()


@pytest.mark.browser
def test_my_progress_shows_where_each_call_got_to(
    scenario_site: Path, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab()
    page = tab.page
    page.goto((scenario_site / "progress.html").as_uri())
    calls = page.locator(".quiz-progress-scenarios li")
    assert calls.all_inner_texts() == ["A man on the bridge rail: not started"]
    page.goto((scenario_site / "call.html").as_uri())
    play(page, "Stop 10 m away, behind your partner")
    page.goto((scenario_site / "progress.html").as_uri())
    assert calls.all_inner_texts() == ["A man on the bridge rail: in progress"]
    page.goto((scenario_site / "call.html").as_uri())
    page.get_by_role("button", name="Start again").press("Enter")
    play(page, "Walk straight up to grab his arm.")
    page.goto((scenario_site / "progress.html").as_uri())
    assert calls.all_inner_texts() == [
        "A man on the bridge rail: finished: reached a harmful ending"
    ]
    calls.get_by_role("link").click()
    assert page.url.endswith("call.html")
    assert tab.errors == []


def test_raw_html_in_a_scenario_is_shown_as_text(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    shutil.copytree(PAGE_ROOT, source)
    scenario = source / "bridge-rail.scenario.yaml"
    scenario.write_text(
        scenario.read_text("utf-8").replace(
            "      He is sitting on the rail, facing the water.",
            "      <script>alert(1)</script>\n\n      He is sitting on the rail, facing the water.",
        ),
        "utf-8",
    )
    assert build_main(["-q", "-b", "html", str(source), str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "call.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert re.search(r"<p>&lt;script&gt;alert\(1\)&lt;/script&gt;\s*</p>", page)  # a paragraph
