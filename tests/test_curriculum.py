"""The course itself: every module meets the bank rules, and the real site keeps secrets.

These run over the project's own ``curriculum/``, so a module that drops below the
rules (too few items for an objective, a single-answer option without feedback, a
secure share under 30 %) or an overview page whose objectives drift from its bank
fails the build of the course, not only a reviewer's eye.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from quizgen.bank.bibliography import read_bibliography
from quizgen.bank.language import language_check
from quizgen.bank.loader import find_banks, level_share, load_bank, load_catalog
from quizgen.bank.model import Bank, ChoiceQuestion
from quizgen.bank.scenario import Scenario, find_scenarios, load_scenarios
from quizgen.exam.blueprint import plan_exam
from quizgen.site.leaks import find_leaks

PROJECT = Path(__file__).parent.parent
MODULES = sorted(path.parent for path in PROJECT.glob("curriculum/[0-9][0-9]-*/index.md"))
OBJECTIVE_LINE = re.compile(r"^- \*\*([A-Za-z0-9._-]+)\*\*: (.+)$", re.M)


def module_bank(module: Path) -> Bank:
    banks = sorted(module.glob("*.bank.yaml"))
    assert len(banks) == 1, f"{module.name}: expected one bank, found {banks}"
    return load_bank(banks[0])


def overview_objectives(module: Path) -> dict[str, str]:
    text = (module / "index.md").read_text("utf-8")
    section = text.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    return dict(OBJECTIVE_LINE.findall(section))


def test_the_course_has_its_modules() -> None:
    assert [module.name[:2] for module in MODULES] == [
        f"{n:02d}" for n in range(1, len(MODULES) + 1)
    ]
    assert len(MODULES) >= 10


@pytest.mark.parametrize("module", MODULES, ids=[module.name for module in MODULES])
def test_overview_and_bank_state_the_same_objectives(module: Path) -> None:
    bank = module_bank(module)
    stated = overview_objectives(module)
    assert 3 <= len(stated) <= 6
    assert stated == {key: objective.text for key, objective in bank.objectives.items()}


@pytest.mark.parametrize("module", MODULES, ids=[module.name for module in MODULES])
def test_bank_rules(module: Path) -> None:
    bank = module_bank(module)
    questions = bank.questions
    per_objective = Counter(question.objective for question in questions)
    assert len(questions) >= 24
    assert all(per_objective[key] >= 4 for key in bank.objectives), per_objective
    assert len({question.type for question in questions}) >= 4
    for question in questions:
        assert question.explanation.strip() and (question.source or "").strip(), question.id
        if isinstance(question, ChoiceQuestion):
            assert all(option.feedback for option in question.options), question.id
    secure = sum(1 for question in questions if question.use == "exam")
    assert secure / len(questions) >= 0.30, f"{secure} of {len(questions)} secure"


@pytest.mark.parametrize("module", MODULES, ids=[module.name for module in MODULES])
def test_module_pages(module: Path) -> None:
    bank = module_bank(module)
    check = (module / "self-check.md").read_text("utf-8")
    assert re.search(rf"```{{quiz}} {re.escape(Path(bank.path).name)}\n", check)
    scenario = (module / "scenario.md").read_text("utf-8")
    assert "```{only} instructor" in scenario  # the role player's card stays with instructors
    assert "```{only} instructor" in (module / "index.md").read_text("utf-8")


def test_no_secure_item_anywhere_in_the_real_site(trainee_site: Path) -> None:
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]))
    assert catalog.problems == []
    secure = [question for question in catalog.questions() if question.use == "exam"]
    assert len(secure) > 100
    assert find_leaks(trainee_site, catalog.questions()) == []


def test_no_instructor_only_text_in_the_trainee_site(trainee_site: Path) -> None:
    pages = " ".join(path.read_text("utf-8") for path in trainee_site.rglob("*.html"))
    pages += (trainee_site / "searchindex.js").read_text("utf-8")
    assert "Instructor notes" not in pages
    assert not [path for path in (trainee_site / "_sources").rglob("*") if path.is_file()]
    for module in MODULES:
        scenario = (module / "scenario.md").read_text("utf-8")
        block = scenario.split("```{only} instructor", 1)[1].split("\n```", 1)[0]
        lines = [line.strip("-*: ") for line in block.splitlines() if len(line.strip()) > 60]
        assert lines, module.name
        assert not any(" ".join(line.split()) in " ".join(pages.split()) for line in lines[:5]), (
            module.name
        )


def module_hours(module: Path) -> float:
    found = re.search(r"\*\*Time:\*\* ([\d.]+) hours?", (module / "index.md").read_text("utf-8"))
    assert found, module.name
    return float(found.group(1))


def largest_remainder(weights: list[float], total: int) -> list[int]:
    """Whole shares of *total* in proportion to *weights* (Hamilton's method)."""
    exact = [total * weight / sum(weights) for weight in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def test_the_course_is_40_hours() -> None:
    assert sum(module_hours(module) for module in MODULES) == 40


def test_final_exam_draws_from_every_module_in_proportion_to_its_hours() -> None:
    plan = plan_exam(PROJECT / "curriculum" / "exams" / "cit-written-final.exam.yaml")
    drawn = Counter(Path(question.path).parent.name for question in plan.questions())
    expected = largest_remainder([module_hours(module) for module in MODULES], 50)
    assert [drawn[module.name] for module in MODULES] == expected
    assert plan.blueprint.versions == 2
    assert all(question.use != "practice" for question in plan.questions())


def test_pre_post_check_covers_every_module() -> None:
    plan = plan_exam(PROJECT / "curriculum" / "exams" / "cit-pre-post.exam.yaml")
    drawn = Counter(Path(question.path).parent.name for question in plan.questions())
    assert sum(drawn.values()) == 20 and all(drawn[module.name] >= 1 for module in MODULES)


def test_syllabus_agrees_with_the_modules() -> None:
    text = (PROJECT / "curriculum" / "syllabus.md").read_text("utf-8")
    rows = re.findall(
        r"^\| (\d+) \| \{doc\}`/curriculum/([\w-]+)/index` \| ([\d.]+) \|", text, re.M
    )
    assert [(f"{int(number):02d}", folder) for number, folder, _ in rows] == [
        (module.name[:2], module.name) for module in MODULES
    ]
    assert [float(hours) for _, _, hours in rows] == [module_hours(module) for module in MODULES]
    for module in MODULES:
        bank = Path(module_bank(module).path).relative_to(PROJECT).as_posix()
        assert f"```{{bank-objectives}} /{bank}\n" in text


# -- sources, levels and language (issue 17) ----------------------------------------------


@pytest.fixture(scope="module")
def course() -> list[Bank]:
    """Every bank of the course, its cite: keys checked against the course bibliography."""
    bibliography = read_bibliography([PROJECT / "docs" / "references.bib"])
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]), bibliography=bibliography)
    assert catalog.problems == []
    return list(catalog.banks.values())


def test_every_item_cites_the_bibliography_and_has_a_level(course: list[Bank]) -> None:
    missing = [q.id for b in course for q in b.questions if not q.cite or q.level is None]
    assert missing == []


def test_most_items_of_every_bank_test_application(course: list[Bank]) -> None:
    shares = {b.id: level_share(b.id, b.questions).percent for b in course}
    assert min(shares.values()) >= 65, shares


def test_three_quarters_of_the_final_exam_tests_application() -> None:
    plan = plan_exam(PROJECT / "curriculum" / "exams" / "cit-written-final.exam.yaml")
    share = level_share("final", plan.questions())
    assert share.questions == 50
    assert share.percent >= 75, share


def test_no_bank_uses_a_term_to_avoid() -> None:
    check, errors = language_check()
    assert errors == []
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]), language=check)
    assert [str(warning) for warning in catalog.warnings] == []


# -- branching scenarios (issue 16) ---------------------------------------------------------

SCENARIO_MODULES = ["02", "03", "04", "05", "06", "07", "08", "14"]


@pytest.fixture(scope="module")
def scenarios(course: list[Bank]) -> list[Scenario]:
    objectives = {objective for bank in course for objective in bank.objectives}
    bibliography = read_bibliography([PROJECT / "docs" / "references.bib"])
    check, _ = language_check()
    loaded = load_scenarios(
        find_scenarios([PROJECT / "curriculum"]),
        objectives,
        bibliography=bibliography,
        language=check,
    )
    assert loaded.problems == [] and loaded.warnings == []
    return sorted(loaded.scenarios.values(), key=lambda s: s.path)


def decisions_to(scenario: Scenario, goal: str) -> int:
    """The fewest choices from the start to the node *goal*."""
    distance = {scenario.start: 0}
    frontier = [scenario.start]
    while frontier:
        following = []
        for name in frontier:
            for choice in scenario.nodes[name].choices:
                if choice.to not in distance:
                    distance[choice.to] = distance[name] + 1
                    following.append(choice.to)
        frontier = following
    return distance[goal]


def test_eight_scenarios_one_in_each_named_module(scenarios: list[Scenario]) -> None:
    folders = [Path(s.path).parent.name[:2] for s in scenarios]
    assert folders == SCENARIO_MODULES


def test_every_scenario_meets_the_course_rules(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        bank = module_bank(Path(scenario.path).parent)
        endings = scenario.endings()
        assert len(scenario.nodes) >= 10, scenario.id
        assert len(endings) >= 3 and len({e.ending for e in endings}) >= 2, scenario.id
        safe = [e.id for e in endings if e.ending == "safe"]
        assert safe and max(decisions_to(scenario, name) for name in safe) >= 4, scenario.id
        assert set(scenario.objectives) <= set(bank.objectives), scenario.id
        assert scenario.cite and scenario.source, scenario.id


def test_each_scenario_is_on_its_module_s_role_play_page(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        page = (Path(scenario.path).parent / "scenario.md").read_text("utf-8")
        assert f"```{{scenario}} {Path(scenario.path).name}\n" in page


def test_the_instructor_edition_links_the_scenario_pdfs_and_trainees_get_none(
    scenarios: list[Scenario], trainee_site: Path, instructor_site: Path
) -> None:
    packets = (instructor_site / "docs" / "instructor" / "scenario-packets.html").read_text("utf-8")
    for scenario in scenarios:
        for name in ("facilitator", "cards"):
            link = f"../../scenarios/{scenario.id}/{name}.pdf"
            assert f'href="{link}"' in packets
            assert (instructor_site / "scenarios" / scenario.id / f"{name}.pdf").is_file()
    assert not (trainee_site / "scenarios").exists()


# -- honest hours (issue 20) ----------------------------------------------------------------

TIMING = re.compile(r"^\*\*Timing \((\d+) minutes\)\*\*\n\n((?:\|.*\|\n)+)", re.M)
SCHEDULE_ROW = re.compile(r"^\| (\d\d):(\d\d)\N{EN DASH}(\d\d):(\d\d) \| *(\d*) *\| (.+) \|$", re.M)


def timing_table(module: Path) -> tuple[int, list[tuple[str, int]], int]:
    """The instructor timing table: (minutes in its heading, its segment rows, its total)."""
    found = TIMING.findall((module / "index.md").read_text("utf-8"))
    assert len(found) == 1, f"{module.name}: expected one timing table, found {len(found)}"
    heading, table = found[0]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in table.splitlines()]
    assert cells[0] == ["Segment", "Minutes"], module.name
    *segments, total = cells[2:]
    assert total[0] == "**Total**", module.name
    return int(heading), [(name, int(minutes)) for name, minutes in segments], int(total[1][2:-2])


def minutes(hours: str, mins: str) -> int:
    return int(hours) * 60 + int(mins)


@pytest.mark.parametrize("module", MODULES, ids=[module.name for module in MODULES])
def test_timing_table_counts_instruction_only_and_matches_the_module_hours(module: Path) -> None:
    heading, segments, total = timing_table(module)
    breaks = [name for name, _ in segments if re.match(r"(?i)(break|lunch)\b", name)]
    assert breaks == [], f"{module.name}: breaks counted as instruction"
    assert sum(count for _, count in segments) == total == heading
    assert total == module_hours(module) * 60


def test_the_daily_schedule_gives_each_module_its_hours_and_each_day_eight() -> None:
    text = (PROJECT / "curriculum" / "syllabus.md").read_text("utf-8")
    days = re.split(r"^### Day \d", text.split("## Daily schedule", 1)[1], flags=re.M)[1:]
    assert len(days) == 5
    per_module: Counter[str] = Counter()
    for number, day in enumerate(days, 1):
        rows = SCHEDULE_ROW.findall(day)
        for (*_, end_h, end_m, _, _), (start_h, start_m, *_) in itertools.pairwise(rows):
            assert (start_h, start_m) == (end_h, end_m), f"day {number}: a gap or an overlap"
        taught = 0
        for start_h, start_m, end_h, end_m, module, _ in rows:
            length = minutes(end_h, end_m) - minutes(start_h, start_m)
            assert length > 0
            if module:
                per_module[f"{int(module):02d}"] += length
                taught += length
        assert taught == 8 * 60, f"day {number}: {taught} minutes of instruction"
    assert {module.name[:2]: per_module[module.name[:2]] for module in MODULES} == {
        module.name[:2]: timing_table(module)[2] for module in MODULES
    }


# -- role plays that are safe to run (issue 21) ---------------------------------------------

ROLE_PLAY_PAGES = sorted(PROJECT.glob("curriculum/*/scenario*.md"))
SAFETY_BLOCK = "```{include} ../_shared/role-play-safety.md\n```"
ADMONITION = re.compile(r"^:::\{admonition\} ([^\n]+)\n(.*?)^:::$", re.M | re.S)


def debrief_questions(page: str) -> int:
    """The numbered questions trainees see in a debrief or exercise section, or a debrief list."""
    shown = re.sub(r"```\{only\} instructor\n.*?\n```", "", page, flags=re.S)
    count, heading, before = 0, "", ""
    for block in re.split(r"\n\s*\n", shown):
        if block.startswith("#"):
            heading = block.lower()
        elif re.match(r"\d+\. ", block) and re.search(
            r"debrief|exercise", heading + before.splitlines()[-1].lower()
        ):
            count += len(re.findall(r"^\d+\. ", block, re.M))
        before = block or " "
    return count


@pytest.mark.parametrize("page", ROLE_PLAY_PAGES, ids=lambda p: f"{p.parent.name[:2]}-{p.stem}")
def test_every_role_play_page_opens_with_the_safety_block(page: Path) -> None:
    text = page.read_text("utf-8")
    assert text.count(SAFETY_BLOCK) == 1
    assert text.index(SAFETY_BLOCK) < text.index("\n## "), "the safety block comes first"


@pytest.mark.parametrize("page", ROLE_PLAY_PAGES, ids=lambda p: f"{p.parent.name[:2]}-{p.stem}")
def test_role_player_cards_have_cues_and_every_debrief_question_its_answer_notes(
    page: Path,
) -> None:
    text = page.read_text("utf-8")
    cards = [body for title, body in ADMONITION.findall(text) if title.startswith("Role player")]
    assert cards, "no role player card"
    for body in cards:
        escalation = re.findall(r"\*\*Escalation cue( \([^)]+\))?:\*\*", body)
        recovery = re.findall(r"\*\*Recovery cue( \([^)]+\))?:\*\*", body)
        assert recovery and sorted(recovery) == sorted(escalation), body[:80]
    assert not re.search(r"(?i)stop the (scenario|run|scene) (at once )?if", text), (
        "runs are stopped with the stop word"
    )
    notes = [body for title, body in ADMONITION.findall(text) if title == "Debrief answer notes"]
    answered = sum(len(re.findall(r"^\d+\. ", body, re.M)) for body in notes)
    assert answered == debrief_questions(text) > 0


def test_the_trainee_site_shows_the_safety_block_on_every_role_play_page(
    trainee_site: Path,
) -> None:
    for page in ROLE_PLAY_PAGES:
        built = trainee_site / page.relative_to(PROJECT).with_suffix(".html")
        html = built.read_text("utf-8")
        assert html.count('class="training-safety admonition"') == 1, page
        assert "Stop scenario" in html and "Debrief answer notes" not in html, page


def test_the_home_page_cards_give_each_module_its_hours_and_objectives() -> None:
    cards = re.findall(
        r"^([\d.]+) hours? · (\d+) learning objectives$",
        (PROJECT / "index.md").read_text("utf-8"),
        re.M,
    )
    assert [(float(hours), int(count)) for hours, count in cards] == [
        (module_hours(module), len(overview_objectives(module))) for module in MODULES
    ]
