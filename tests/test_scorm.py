"""The SCORM 1.2 package (``make scorm``): what an LMS reads, and what it records.

The manifest is checked against the SCORM 1.2 schemas (``tests/schemas/scorm12``)
and the package against the trainee site's rules. Then a module runs against a
real LMS-side runtime, scorm-again (npm, installed by ``make test`` into
``tests/scorm``), in Chromium: the trainee answers the self-check by keyboard,
the LMS holds status, score and suspend data, and a relaunch on another
computer (a fresh browser profile) shows the answers again. LMSs that misbehave
(no API, calls that fail or throw, suspend data that is not ours) never break
the page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
import xmlschema

from quizgen.bank.loader import find_banks, load_catalog
from quizgen.cli import main
from quizgen.site.leaks import find_leaks
from quizgen.site.scorm import ADLCP, IMSCP, SUSPEND_LIMIT, find_modules

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Locator, Page

    from tests.conftest import Tab

PROJECT = Path(__file__).parent.parent
SCHEMAS = Path(__file__).parent / "schemas" / "scorm12"
RUNTIME = Path(__file__).parent / "scorm" / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NS = {"cp": IMSCP, "adlcp": ADLCP}


@pytest.fixture(scope="session")
def package(trainee_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make scorm`` of the trainee site: the zip."""
    archive = tmp_path_factory.mktemp("scorm") / "cit-training-scorm12.zip"
    assert main(["scorm", str(trainee_site), "-o", str(archive)]) == 0
    return archive


@pytest.fixture(scope="session")
def unpacked(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scorm-unpacked")
    with zipfile.ZipFile(package) as packed:
        packed.extractall(folder)
    return folder


def manifest(unpacked: Path) -> ElementTree.Element:
    return ElementTree.parse(unpacked / "imsmanifest.xml").getroot()


def test_the_manifest_is_valid_scorm_1_2(unpacked: Path) -> None:
    schema = xmlschema.XMLSchema11(
        str(SCHEMAS / "imscp_rootv1p1p2.xsd"),
        locations=[
            (ADLCP, str(SCHEMAS / "adlcp_rootv1p2.xsd")),
            (
                "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
                str(SCHEMAS / "imsmd_rootv1p2p1.xsd"),
            ),
        ],
    )
    assert [str(error) for error in schema.iter_errors(str(unpacked / "imsmanifest.xml"))] == []


def test_one_sco_per_module_in_course_order_with_the_mastery_score(
    unpacked: Path, trainee_site: Path
) -> None:
    root = manifest(unpacked)
    items = root.findall("cp:organizations/cp:organization/cp:item", NS)
    titles = [item.findtext("cp:title", namespaces=NS) for item in items]
    assert len(items) == 14
    assert titles[0] == "Module 1: The CIT model and the crisis system"
    assert titles[7] == "Module 8: Communication and de-escalation"
    assert [module.title for module in find_modules(trainee_site)] == titles
    assert {item.findtext("adlcp:masteryscore", namespaces=NS) for item in items} == {"80"}
    resources = {r.get("identifier"): r for r in root.findall("cp:resources/cp:resource", NS)}
    for item, module in zip(items, find_modules(trainee_site), strict=True):
        sco = resources[item.get("identifierref", "")]
        assert sco.get(f"{{{ADLCP}}}scormtype") == "sco"
        assert sco.get("href") == f"scorm/{module.folder}.html"
        launch = (unpacked / sco.get("href", "")).read_text("utf-8")
        assert f'"page": "../curriculum/{module.folder}/index.html"' in launch
        assert len(module.questions) >= 10  # the self-check's practice questions


def test_every_file_is_named_by_the_manifest_and_every_name_is_a_file(unpacked: Path) -> None:
    named = [f.get("href") for f in manifest(unpacked).iter(f"{{{IMSCP}}}file")]
    files = sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file())
    assert len(named) == len(set(named))  # each file in one resource
    assert sorted(named) == [name for name in files if name != "imsmanifest.xml"]
    assert "index.html" in named and "searchindex.js" in named and "scorm/quizgen-scorm.js" in named


def test_the_package_holds_the_trainee_edition_only(unpacked: Path) -> None:
    catalog = load_catalog(find_banks([PROJECT / "curriculum"]))
    assert find_leaks(unpacked, catalog.questions()) == []
    pages = " ".join(p.read_text("utf-8") for p in unpacked.rglob("*.html"))
    assert "Instructor notes" not in pages
    assert not (unpacked / "docs" / "instructor").exists()
    assert not [p for p in unpacked.rglob("*") if p.name.startswith(".")]


def test_the_same_site_gives_the_same_bytes(
    trainee_site: Path, package: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.zip"
    assert main(["scorm", str(trainee_site), "-o", str(again)]) == 0
    assert again.read_bytes() == package.read_bytes()


def test_the_mastery_score_is_the_academys_pass_mark(trainee_site: Path, tmp_path: Path) -> None:
    (tmp_path / "academy.yaml").write_text(
        'name: "Riverside Regional Police Academy"\nself_check_pass_mark: 70\n', "utf-8"
    )
    archive = tmp_path / "scorm.zip"
    args = [
        "scorm",
        str(trainee_site),
        "-o",
        str(archive),
        "--academy",
        str(tmp_path / "academy.yaml"),
    ]
    assert main(args) == 0
    with zipfile.ZipFile(archive) as packed:
        root = ElementTree.fromstring(packed.read("imsmanifest.xml"))
        launch = packed.read("scorm/03-suicide.html").decode("utf-8")
    assert {m.text for m in root.iter(f"{{{ADLCP}}}masteryscore")} == {"70"}
    assert root.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) == (
        "Crisis Intervention Team (CIT) Training: Riverside Regional Police Academy"
    )
    assert '"mastery": 70' in launch


def test_what_is_not_a_trainee_site_is_refused(
    instructor_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scorm", str(tmp_path), "-o", str(tmp_path / "x.zip")]) == 2
    assert "no built site (index.html)" in capsys.readouterr().err
    assert main(["scorm", str(instructor_site), "-o", str(tmp_path / "x.zip")]) == 1
    assert "the instructor edition" in capsys.readouterr().err
    (tmp_path / "profile.yaml").write_text("self_check_pass_mark: 180\n", "utf-8")
    args = ["scorm", str(instructor_site), "-o", str(tmp_path / "x.zip")]
    assert main([*args, "--academy", str(tmp_path / "profile.yaml")]) == 1
    assert "profile.yaml:1: " in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_a_module_s_full_answers_fit_in_suspend_data(trainee_site: Path) -> None:
    """The longest self-check, every question answered, in cmi.suspend_data's 4,096 characters."""
    longest = max(find_modules(trainee_site), key=lambda module: len(module.questions))
    entry = max(len(f"{qid},1,{'z' * 6}") for qid in longest.questions)  # id, result, seconds
    needed = len("qg1;") + (entry + 1) * len(longest.questions)
    assert needed < SUSPEND_LIMIT / 4, needed


# -- in Chromium, against scorm-again ------------------------------------------------------


@pytest.fixture(scope="module")
def lms(
    unpacked: Path,
    tmp_path_factory: pytest.TempPathFactory,
    serve: Callable[[Path], AbstractContextManager[str]],
) -> Iterator[str]:
    """An HTTP server holding the test LMS page (``/lms/``) and the package (``/course/``)."""
    if not RUNTIME.is_file():
        message = "scorm-again is not installed: npm ci --prefix tests/scorm (make test does)"
        if os.environ.get("QUIZGEN_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("lms-server")
    shutil.copytree(unpacked, root / "course")
    (root / "lms").mkdir()
    shutil.copy(Path(__file__).parent / "scorm" / "lms.html", root / "lms" / "index.html")
    shutil.copy(RUNTIME, root / "lms" / "scorm12.js")
    (root / "favicon.ico").write_bytes(b"")  # what a browser asks a server for, unprompted
    with serve(root) as base:
        yield base


MODULE = "06-older-adults-youth"


def launch(
    lms: str, *, cmi: dict[str, Any] | None = None, broken: str = "", learner: str = "t-0042"
) -> str:
    """The test LMS opening the module for *learner*, from saved data *cmi* if given."""
    data = {**(cmi or {}), "core": {"student_id": learner, **(cmi or {}).get("core", {})}}
    query = f"launch={quote(f'../course/scorm/{MODULE}.html')}&cmi={quote(json.dumps(data))}"
    if broken:
        query += f"&break={broken}"
    return f"{lms}/lms/index.html?{query}"


def module_frame(page: Page) -> FrameLocator:
    """The module's pages: the SCO's frame inside the LMS's frame."""
    return page.frame_locator("#sco").frame_locator("iframe")


def open_self_check(page: Page, frame: FrameLocator | None = None) -> FrameLocator:
    """Follow the module page's link to its own self-check, by keyboard."""
    frame = frame or module_frame(page)
    frame.locator('a[href="self-check.html"]').first.press("Enter")
    frame.locator(".quiz-ready").wait_for()
    return frame


def answer_by_keyboard(question: Locator) -> None:
    """Answer one question with the keys a keyboard user presses, then check it."""
    kind = question.get_attribute("data-type")
    if kind in {"single", "multiple", "truefalse"}:
        question.locator("input").first.press("Space")
    elif kind == "match":
        for select in question.locator("select").all():
            select.press("ArrowDown")
    elif kind in {"text", "numeric"}:
        question.locator(".quiz-response input").press_sequentially("988")
    elif kind == "essay":
        question.locator("textarea").press_sequentially("Slow down, one voice, ask about safety.")
    question.get_by_role("button", name="Check answer").press("Enter")
    if kind == "essay":  # the trainee marks their own essay against the model answer
        question.locator(".quiz-self").first.press("Enter")


def lms_state(page: Page) -> dict[str, str]:
    """What the LMS holds for the SCO (its JSON form, which shows write-only elements too)."""
    return page.evaluate(
        """() => {
             const cmi = JSON.parse(JSON.stringify(API.cmi));
             return {status: cmi.core.lesson_status, raw: String(cmi.core.score.raw),
                     max: String(cmi.core.score.max), suspend: cmi.suspend_data,
                     exit: cmi.core.exit, time: cmi.core.session_time};
           }"""
    )


def saved_results(frame: FrameLocator) -> list[bool]:
    """The results the quiz saved in this browser, one per question of the self-check."""
    return frame.locator("body").evaluate(
        """() => [...document.querySelectorAll('[data-quiz]')].flatMap((quiz) =>
              [...quiz.querySelectorAll('[data-quiz-question]')].map((q) =>
                JSON.parse(localStorage.getItem(quiz.dataset.store + q.dataset.quizQuestion))))
              .filter(Boolean).map((saved) => saved.r)"""
    )


@pytest.mark.browser
def test_a_module_reports_to_the_lms_and_resumes_on_another_computer(
    lms: str, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab(local=(lms,))
    page = tab.page
    page.goto(launch(lms))
    frame = open_self_check(page)
    assert lms_state(page)["status"] == "incomplete"  # launched, nothing answered yet

    questions = frame.locator("[data-quiz-question]").all()
    answer_by_keyboard(questions[0])
    page.wait_for_function(
        "API.cmi.suspend_data.startsWith('qg1;') && API.cmi.suspend_data.includes(',')"
    )
    first = lms_state(page)
    assert first["status"] == "incomplete" and first["max"] == "100"
    assert first["raw"] in {"0", str(round(100 / len(questions)))}

    for question in questions[1:]:
        answer_by_keyboard(question)
    results = saved_results(frame)
    assert len(results) == len(questions)
    score = round(100 * sum(results) / len(results))
    page.wait_for_function(
        f"API.cmi.core.score.raw === '{score}' || API.cmi.core.score.raw === {score}"
    )
    done = lms_state(page)
    assert done["status"] == ("passed" if score >= 80 else "failed")
    entries = done["suspend"].removeprefix("qg1;").split(";")
    assert len(entries) == len(questions) and len(done["suspend"]) <= SUSPEND_LIMIT

    # The trainee leaves: the SCO finishes its session and asks the LMS to keep the data.
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("JSON.parse(JSON.stringify(API.cmi)).core.exit === 'suspend'")
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", lms_state(page)["time"])  # the session's length
    assert page.evaluate("API.isTerminated()") is True

    # Another computer: a fresh browser profile, the LMS's saved data.
    cmi = {
        "core": {"lesson_status": done["status"], "entry": "resume"},
        "suspend_data": done["suspend"],
    }
    other = new_tab(local=(lms,)).page
    other.goto(launch(lms, cmi=cmi))
    again = open_self_check(other)
    notes = again.locator(".quiz-last:not([hidden])")
    assert notes.count() == len(questions)
    assert saved_results(again) == results
    assert tab.errors == [] and tab.requests == []


@pytest.mark.browser
def test_another_trainees_answers_in_this_browser_do_not_count(
    lms: str, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab(local=(lms,))
    tab.page.goto(launch(lms, learner="t-0042"))
    frame = open_self_check(tab.page)
    answer_by_keyboard(frame.locator("[data-quiz-question]").first)
    tab.page.wait_for_function("API.cmi.suspend_data.includes(',')")
    # The same trainee, back in a window whose LMS data is older: the answer stays.
    tab.page.goto(launch(lms, learner="t-0042"))
    assert len(saved_results(open_self_check(tab.page))) == 1
    # The next trainee on the same computer: same browser storage, another learner.
    tab.page.goto(launch(lms, learner="t-0043"))
    frame = open_self_check(tab.page)
    assert saved_results(frame) == []
    assert frame.locator(".quiz-last:not([hidden])").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("broken", ["throw", "false", "garbage", "no-lms"])
def test_an_lms_that_misbehaves_never_breaks_the_module(
    lms: str, new_tab: Callable[..., Tab], broken: str
) -> None:
    tab = new_tab(local=(lms,))
    page = tab.page
    if broken == "no-lms":  # opened outside any LMS: the module, as on the web site
        page.goto(f"{lms}/course/scorm/{MODULE}.html")
        page.wait_for_url(re.compile(f"curriculum/{MODULE}/index.html$"))
        assert page.locator("h1").first.inner_text().startswith("Module 6")
        assert tab.errors == []
        return
    if broken == "garbage":
        page.goto(launch(lms, cmi={"suspend_data": "viewed=1,2,3|lastslide=31"}))
    else:
        page.goto(launch(lms, broken=broken))
    # an LMS that refuses LMSInitialize: the SCO's frame shows the module itself
    frame = page.frame_locator("#sco") if broken == "false" else module_frame(page)
    open_self_check(page, frame)
    question = frame.locator("[data-quiz-question]").first
    answer_by_keyboard(question)
    assert question.get_by_role("status").inner_text() != ""
    assert len(saved_results(frame)) == 1
    if broken == "garbage":  # not ours: ignored, then replaced by ours
        page.wait_for_function(
            "API.cmi.suspend_data.startsWith('qg1;') && API.cmi.suspend_data.includes(',')"
        )
    script_errors = [e for e in tab.errors if "quizgen SCORM" not in e]
    assert script_errors == [], script_errors
