"""The ``{quiz-progress}`` page: built data, incremental builds, and a trainee in a real browser.

The browser tests open the built ``test-progress`` site from file:// (as from a
USB stick), answer on a quiz page with the keyboard, and read the progress
table by role and accessible name, the way a screen-reader user meets it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp

if TYPE_CHECKING:
    from playwright.sync_api import FilePayload, Locator, Page

ROOT = Path(__file__).parent / "roots" / "test-progress"
SITE = "progress-test"
MODULE_A = {
    "folder": "module-a/",
    "title": "Module A: Listening",
    "href": "module-a/index.html",
    "ids": ["la-practice-1", "la-both-1"],  # asked on two pages, counted once
}
MODULE_B = {
    "folder": "module-b/",
    "title": "Module B: Safety",
    "href": "module-b/index.html",
    "ids": ["sb-practice-1", "sb-both-1", "sb-both-2"],
}
SECURE = ("la-exam-1", "sb-exam-1", "SECURE")


def modules_on(html: str) -> list[dict[str, Any]]:
    """The modules embedded in a progress page."""
    found = re.findall(r'<div class="quiz-progress"[^>]* data-modules="([^"]*)"', html)
    assert len(found) == 1, "one progress table expected"
    modules: list[dict[str, Any]] = json.loads(unescape(found[0]))
    return modules


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# -- the build ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="progress", freshenv=True)
def test_progress_page_embeds_every_module_without_secure_ids(app: SphinxTestApp) -> None:
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    html = (app.outdir / "progress.html").read_text("utf-8")
    assert modules_on(html) == [MODULE_A, MODULE_B]
    assert '<caption>Your answers by module</caption><thead><tr><th scope="col">Module</th>' in html
    for path in Path(app.outdir).rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".txt", ".inv"}:
            text = path.read_text("utf-8", "replace")
            assert not any(secret in text for secret in SECURE), path


@pytest.mark.sphinx("html", testroot="progress", freshenv=True)
def test_progress_script_only_on_progress_pages(app: SphinxTestApp) -> None:
    app.build()
    progress = (app.outdir / "progress.html").read_text("utf-8")
    quiz_page = (app.outdir / "module-a" / "quiz.html").read_text("utf-8")
    assert "quizgen-progress.js" in progress and "quizgen-progress.css" in progress
    assert "quizgen-progress" not in quiz_page
    assert "quizgen.js" not in progress  # no quiz on the page, no quiz runtime
    assert (app.outdir / "_static" / "quizgen-progress.js").is_file()


def test_a_progress_page_nested_in_a_folder_links_up(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    (src / "module-b" / "progress.md").write_text("# Mine\n\n```{quiz-progress}\n```\n", "utf-8")
    (src / "module-b" / "index.md").write_text(
        "# Module B: Safety\n\n```{toctree}\nquiz\nprogress\n```\n", "utf-8"
    )
    with built(src, "html") as app:
        html = (app.outdir / "module-b" / "progress.html").read_text("utf-8")
    assert [module["href"] for module in modules_on(html)] == [
        "../module-a/index.html",
        "index.html",
    ]


@contextmanager
def built(src: Path, builder: str = "html", **kwargs: Any) -> Iterator[SphinxTestApp]:
    """The project at *src*, built (incrementally when it was built before)."""
    app = SphinxTestApp(builder, srcdir=src, **kwargs)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_print_builders_say_where_progress_is(tmp_path: Path, builder: str) -> None:
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    with built(src, builder) as app:
        assert strip_colors(app.warning.getvalue()) == ""
        page = app.outdir / "progress.txt" if builder == "text" else next(app.outdir.glob("*.tex"))
        text = " ".join(page.read_text("utf-8").split())
    assert "open this page on the course website to see it" in text


def test_parallel_build_embeds_the_same_modules(tmp_path: Path) -> None:
    pages = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        shutil.copytree(ROOT, tmp_path / name)
        with built(tmp_path / name, parallel=parallel) as app:
            pages.append((app.outdir / "progress.html").read_text("utf-8"))
    assert modules_on(pages[0]) == modules_on(pages[1]) == [MODULE_A, MODULE_B]
    assert pages[0] == pages[1]


class Project:
    """A copy of the test project, rebuilt after each edit."""

    def __init__(self, src: Path) -> None:
        self.src = src
        shutil.copytree(ROOT, src)
        self.outdir = self.build()

    def build(self) -> Path:
        with built(self.src) as app:
            return Path(app.outdir)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.src / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")

    def progress(self) -> tuple[int, list[dict[str, Any]]]:
        """When the progress page was written, and what it shows."""
        page = self.outdir / "progress.html"
        return page.stat().st_mtime_ns, modules_on(page.read_text("utf-8"))


def test_incremental_builds_keep_the_progress_page_current(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    written, modules = project.progress()

    project.edit("module-b/safety.bank.yaml", "id: sb-both-2", "id: sb-both-9")
    project.build()
    now, modules = project.progress()
    assert now != written
    assert modules == [MODULE_A, {**MODULE_B, "ids": ["sb-practice-1", "sb-both-1", "sb-both-9"]}]

    project.edit("plain.md", "Nothing to answer here.", "Still nothing to answer.")
    project.build()
    assert project.progress()[0] == now  # nothing it shows changed: not written again

    project.edit("module-a/index.md", "# Module A: Listening", "# Module A: Listening well")
    project.build()
    assert project.progress()[1][0]["title"] == "Module A: Listening well"

    project.edit("plain.md", "# A page without a quiz", "# A page with a quiz now")
    (project.src / "plain.md").write_text(
        (project.src / "plain.md").read_text("utf-8")
        + "\n```{quiz} module-b/safety.bank.yaml\n:ids: sb-both-1\n```\n",
        "utf-8",
    )
    project.build()
    root = {"folder": "", "title": "Progress test", "href": "index.html", "ids": ["sb-both-1"]}
    assert project.progress()[1][0] == root

    (project.src / "module-b" / "quiz.md").unlink()
    project.edit("module-b/index.md", "```{toctree}\nquiz\n```\n", "")
    project.build()
    assert [module["folder"] for module in project.progress()[1]] == ["", "module-a/"]


# -- a trainee in a real browser ---------------------------------------------------------------

NO_STORAGE = """Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('blocked', 'SecurityError'); } });"""
FULL_STORAGE = """Storage.prototype.setItem = function () {
  throw new DOMException('full', 'QuotaExceededError'); };"""
GARBAGE_STORAGE = f"""
localStorage.setItem('quizgen:{SITE}:la-practice-1', '{{not json');
localStorage.setItem('quizgen:{SITE}:la-both-1', '"just a string"');
localStorage.setItem('quizgen:{SITE}:sb-both-1', '{{"r": "yes"}}');
"""
OTHERS = {"quizgen:another-course:la-both-1": '{"r":true,"t":1}', "theme": "dark"}
TABLE = "Your answers by module"
ZERO = {"Module A: Listening": ["0", "0", "2"], "Module B: Safety": ["0", "0", "3"]}
ZERO_TOTAL = {**ZERO, "All modules": ["0", "0", "5"]}
ANSWERED = {
    "Module A: Listening": ["2", "1", "2"],
    "Module B: Safety": ["0", "0", "3"],
    "All modules": ["2", "1", "5"],
}


@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``test-progress`` project built to HTML once for all browser tests."""
    out = tmp_path_factory.mktemp("progress-site")
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(ROOT), str(out)]
    subprocess.run(command, check=True)
    return out


class Trainee:
    """One browser profile on the built site, with what its pages reported."""

    def __init__(self, tab: Any, site: Path) -> None:
        self.page: Page = tab.page
        self.site = site
        self.errors: list[str] = tab.errors
        self.requests: list[str] = tab.requests

    def open(self, name: str) -> Trainee:
        self.page.goto((self.site / name).as_uri())
        return self

    def press(self, target: Locator, key: str = "Enter") -> None:
        target.focus()
        self.page.keyboard.press(key)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name)

    def status(self) -> Locator:
        return self.page.locator(".quiz-progress").get_by_role("status")

    def table(self) -> dict[str, list[str]]:
        """Each row of the progress table: its header -> its cells."""
        table = self.page.get_by_role("table", name=TABLE)
        columns = [header.inner_text() for header in table.get_by_role("columnheader").all()]
        assert columns == ["Module", "Answered", "Correct", "Questions"]
        return {
            row.get_by_role("rowheader").inner_text(): [
                cell.inner_text() for cell in row.get_by_role("cell").all()
            ]
            for row in table.get_by_role("row").all()[1:]
        }

    def stored(self) -> dict[str, str]:
        """Everything in localStorage."""
        found: dict[str, str] = self.page.evaluate(
            "Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"
        )
        return found

    def store(self, entries: dict[str, str]) -> None:
        self.page.evaluate(
            "e => Object.entries(e).forEach(([k, v]) => localStorage.setItem(k, v))", entries
        )

    def import_file(self, payload: Path | FilePayload) -> None:
        self.page.get_by_label("Import progress from a file").set_input_files(payload)


@pytest.fixture
def trainee(new_tab: Any, progress_site: Path) -> Any:
    """A fresh browser profile: ``trainee()`` or ``trainee(init_script=..., **context options)``."""

    def start(init_script: str | None = None, **options: Any) -> Trainee:
        # blob: is the exported progress file, made in the page itself
        return Trainee(new_tab(init_script, ("file:", "blob:"), **options), progress_site)

    return start


def answer_module_a(t: Trainee) -> None:
    """One right answer and one wrong, with the keyboard only."""
    t.open("module-a/quiz.html")
    quiz = t.page.get_by_role("region", name="Module A self-check")
    listening = quiz.get_by_role("group", name=re.compile("nobody listens to me"))
    t.press(listening.get_by_role("radio", name="It sounds like you feel nobody hears you."), " ")
    t.press(listening.get_by_role("button", name="Check answer"))
    assert listening.get_by_role("status").inner_text().startswith("Correct.")
    commands = quiz.get_by_role("group", name=re.compile("Repeated commands"))
    t.press(commands.get_by_role("radio", name="True"), " ")
    t.press(commands.get_by_role("button", name="Check answer"))
    assert commands.get_by_role("status").inner_text().startswith("Incorrect.")


@pytest.mark.browser
def test_answers_on_quiz_pages_show_per_module(trainee: Any) -> None:
    from playwright.sync_api import expect

    t = trainee()
    t.open("progress.html")
    assert t.table() == ZERO_TOTAL
    answer_module_a(t)
    t.open("progress.html")
    assert t.table() == ANSWERED
    link = t.page.get_by_role("table", name=TABLE).get_by_role("link", name="Module A: Listening")
    expect(link).to_have_attribute("href", "module-a/index.html")
    assert t.errors == [] and t.requests == []


@pytest.mark.browser
def test_export_reset_and_import_round_trip(trainee: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    t = trainee()
    answer_module_a(t)
    t.open("progress.html")
    t.store(OTHERS)
    ours = {k: v for k, v in t.stored().items() if k.startswith(f"quizgen:{SITE}:")}
    assert len(ours) == 2

    with t.page.expect_download() as info:
        t.press(t.button("Export my progress"))
    download = info.value
    name = download.suggested_filename
    assert re.fullmatch(rf"cit-progress-{SITE}-\d{{4}}-\d\d-\d\d\.json", name)
    exported = tmp_path / name
    download.save_as(exported)
    data = json.loads(exported.read_text("utf-8"))
    assert (data["format"], data["version"], data["site"]) == ("quizgen-progress", 1, SITE)
    assert data["answers"] == {key.split(":")[-1]: json.loads(v) for key, v in ours.items()}
    assert data["modules"][0] == {
        "title": "Module A: Listening",
        "answered": 2,
        "correct": 1,
        "total": 2,
    }
    expect(t.status()).to_have_text(f"Saved 2 answers to {name}.")

    reset = t.button("Reset all my answers")
    t.press(reset)
    confirm = t.page.get_by_role("group", name=re.compile("Delete all 2 answers saved"))
    expect(confirm).to_be_focused()
    t.press(confirm.get_by_role("button", name="Cancel"))
    expect(t.status()).to_have_text("Nothing was deleted.")
    expect(reset).to_be_focused()
    expect(confirm).to_be_hidden()
    t.press(reset)
    t.page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    assert t.table() == ANSWERED

    t.press(reset)
    t.press(confirm.get_by_role("button", name="Yes, delete my answers"))
    expect(t.status()).to_have_text("Deleted 2 saved answers.")
    assert t.table() == ZERO_TOTAL
    assert t.stored() == OTHERS  # other sites' answers and other keys are left alone

    t.import_file(exported)
    expect(t.status()).to_have_text("Imported 2 answers.")
    assert t.table() == ANSWERED
    assert t.stored() == {**OTHERS, **ours}
    t.page.reload()
    assert t.table() == ANSWERED
    assert t.errors == [] and t.requests == []


def progress_file(site: str, answers: object) -> bytes:
    return json.dumps(
        {"format": "quizgen-progress", "version": 1, "site": site, "answers": answers}
    ).encode()


def chosen(name: str, content: bytes) -> FilePayload:
    """A file as the file picker hands it over."""
    return {"name": name, "mimeType": "application/json", "buffer": content}


TWO_ANSWERS = {"la-both-1": {"r": True, "t": 1}, "sb-both-1": {"r": False, "t": 2}}


BAD_FILES = {
    "garbage": (
        b"\x00{not json",
        "bad.json is not a progress file (it is not JSON). Nothing was imported.",
    ),
    "other-site": (
        progress_file("another-course", {"la-both-1": {"r": True, "t": 1}}),
        "bad.json holds progress for another course site (another-course), "
        f"not this one ({SITE}). Nothing was imported.",
    ),
    "not-progress": (
        b'[{"la-both-1": true}]',
        "bad.json is not a progress file exported from this page. Nothing was imported.",
    ),
    "wrong-shape": (
        progress_file(SITE, {"la-practice-1": {"r": True, "t": 1}, "la-both-1": {"r": "yes"}}),
        "bad.json has an answer in an unexpected shape (question la-both-1). Nothing was imported.",
    ),
    "no-time": (
        progress_file(SITE, {"la-both-1": {"r": True}}),
        "bad.json has an answer in an unexpected shape (question la-both-1). Nothing was imported.",
    ),
    "bad-id": (
        progress_file(SITE, {"<img src=x onerror=alert(1)>": {"r": True, "t": 1}}),
        "bad.json has an answer in an unexpected shape (question <img src=x onerror=alert(1)>). "
        "Nothing was imported.",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_and_nothing_written(trainee: Any, kind: str) -> None:
    from playwright.sync_api import expect

    content, message = BAD_FILES[kind]
    t = trainee()
    answer_module_a(t)
    t.open("progress.html")
    before = t.stored()
    t.import_file(chosen("bad.json", content))
    expect(t.status()).to_have_text(message)
    assert t.stored() == before
    assert t.table() == ANSWERED
    assert t.errors == []


@pytest.mark.browser
def test_blocked_storage_never_breaks_the_page(trainee: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    # Sphinx's own sphinx_highlight.js throws when storage is blocked: we must add nothing.
    without_progress = trainee(init_script=NO_STORAGE).open("plain.html").errors
    t = trainee(init_script=NO_STORAGE).open("progress.html")
    expect(t.page.get_by_text("does not let the course keep answers")).to_be_visible()
    assert t.table() == ZERO_TOTAL
    with t.page.expect_download() as info:
        t.press(t.button("Export my progress"))
    exported = tmp_path / "empty.json"
    info.value.save_as(exported)
    assert json.loads(exported.read_text("utf-8"))["answers"] == {}
    t.press(t.button("Reset all my answers"))
    expect(t.status()).to_have_text("There are no saved answers to delete.")
    t.import_file(chosen("mine.json", progress_file(SITE, TWO_ANSWERS)))
    expect(t.status()).to_have_text(re.compile("did not let the course save answers"))
    assert t.errors == without_progress


@pytest.mark.browser
def test_full_storage_imports_nothing(trainee: Any) -> None:
    from playwright.sync_api import expect

    t = trainee(init_script=FULL_STORAGE).open("progress.html")
    t.import_file(chosen("mine.json", progress_file(SITE, TWO_ANSWERS)))
    expect(t.status()).to_have_text(re.compile("Nothing was imported"))
    assert t.stored() == {}
    assert t.table() == ZERO_TOTAL
    assert t.errors == []


@pytest.mark.browser
def test_garbage_in_storage_counts_as_unanswered_and_can_be_reset(trainee: Any) -> None:
    from playwright.sync_api import expect

    t = trainee(init_script=GARBAGE_STORAGE).open("progress.html")
    assert t.table() == ZERO_TOTAL
    t.press(t.button("Reset all my answers"))
    t.press(t.button("Yes, delete my answers"))
    expect(t.status()).to_have_text("Deleted 3 saved answers.")
    assert t.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violations_before_and_after_importing(
    trainee: Any, axe: Callable[[Page], list[str]], scheme: str, width: int
) -> None:
    from playwright.sync_api import expect

    t = trainee(color_scheme=scheme, viewport={"width": width, "height": 900})
    t.open("progress.html")
    assert axe(t.page) == []
    t.import_file(chosen("mine.json", progress_file(SITE, TWO_ANSWERS)))
    expect(t.status()).to_have_text("Imported 2 answers.")
    assert axe(t.page) == []
    t.press(t.button("Reset all my answers"))  # the confirmation, open
    assert axe(t.page) == []


@pytest.mark.browser
def test_one_answer_is_counted_in_the_singular(trainee: Any) -> None:
    from playwright.sync_api import expect

    t = trainee().open("progress.html")
    one = {"la-both-1": {"r": True, "t": 1}}
    t.import_file(chosen("one.json", progress_file(SITE, one)))
    expect(t.status()).to_have_text("Imported 1 answer.")
    t.press(t.button("Reset all my answers"))
    confirm = t.page.get_by_role("group", name=re.compile("Delete the 1 answer saved"))
    expect(confirm).to_be_focused()
    t.press(confirm.get_by_role("button", name="Yes, delete my answers"))
    expect(t.status()).to_have_text("Deleted 1 saved answer.")
    assert t.errors == []
