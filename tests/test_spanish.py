"""A Spanish interface, and bank text translated through catalogs (issue 18).

The interface catalog, ``quizgen/locale/es/LC_MESSAGES/quizgen.po``, must translate
every message of the template; a site built with ``language = "es"`` must show no
English quizgen string in a real browser; bank text is translated where its
catalog has a translation and stays English where not, with ids and answers
unchanged; ``quizgen gettext`` writes the templates translators start from.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from quizgen.bank.loader import load_bank
from quizgen.bank.translate import messages, translate_bank
from quizgen.cli import main
from quizgen.exam.build import build_exam
from quizgen.render.i18n import LOCALE_DIR, bank_translations

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

TESTS = Path(__file__).parent
ROOT = TESTS / "roots" / "test-quiz"
POT = LOCALE_DIR / "quizgen.pot"
SPANISH = LOCALE_DIR / "es" / "LC_MESSAGES" / "quizgen.po"


def catalog(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        read = read_po(file)
    return {str(m.id): m for m in read if m.id}


def test_the_spanish_catalog_translates_every_message_quizgen_shows() -> None:
    template, spanish = catalog(POT), catalog(SPANISH)
    assert set(spanish) == set(template), "run `make pot`, then pybabel update and translate"
    missing = [key for key, message in spanish.items() if not message.string or message.fuzzy]
    assert missing == []
    for key, message in spanish.items():  # the same placeholders, in any order
        placeholders = re.compile(r"\{\w*\}|%(?:\(\w+\))?[sdg%]")
        assert sorted(placeholders.findall(key)) == sorted(placeholders.findall(message.string))


# -- bank text --------------------------------------------------------------------------------

STEM = 'A man on a bridge rail says "nobody listens to me". What is the *best* first reply?\n'
SPANISH_STEM = (
    'Un hombre en la baranda de un puente dice "nadie me escucha". '
    "¿Cuál es la *mejor* primera respuesta?\n"
)
OPTION = '"It sounds like you feel nobody hears you."'
SPANISH_OPTION = '"Parece que siente que nadie lo escucha."'


def write_bank_catalog(locale: Path, bank_id: str, translated: dict[str, str]) -> None:
    """``locale/es/LC_MESSAGES/banks/<bank id>.po`` translating *translated*."""
    spanish = Catalog(locale="es", domain=f"banks/{bank_id}")
    for english, text in translated.items():
        spanish.add(english, text)
    folder = locale / "es" / "LC_MESSAGES" / "banks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{bank_id}.po").open("wb") as out:
        write_po(out, spanish)


def test_a_bank_is_translated_where_its_catalog_has_text_and_english_elsewhere(
    tmp_path: Path,
) -> None:
    write_bank_catalog(tmp_path, "all-types", {STEM: SPANISH_STEM, OPTION: SPANISH_OPTION})
    bank = load_bank(ROOT / "all-types.bank.yaml")
    spanish = translate_bank(bank, bank_translations("es", [tmp_path], "banks/all-types"))
    single, multiple = spanish.questions[0], spanish.questions[1]
    assert single.stem == SPANISH_STEM and single.options[0].text == SPANISH_OPTION  # type: ignore[attr-defined]
    assert single.options[1].text == '"Step down now."'  # type: ignore[attr-defined]
    assert multiple.stem == bank.questions[1].stem
    assert [q.id for q in spanish.questions] == [q.id for q in bank.questions]
    assert single.options[0].correct and single.points == bank.questions[0].points  # type: ignore[attr-defined]
    english = translate_bank(bank, bank_translations("en", [tmp_path], "banks/all-types"))
    assert english == bank


def test_gettext_writes_a_template_per_bank_with_where_each_text_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gettext", str(ROOT / "all-types.bank.yaml"), "-o", str(tmp_path)]) == 0
    assert "a template for each of 1 banks" in capsys.readouterr().out
    template = catalog(tmp_path / "banks" / "all-types.pot")
    bank = load_bank(ROOT / "all-types.bank.yaml")
    assert set(template) == {message.text for message in messages([bank])}
    entry = template[STEM]
    assert entry.locations == [(str(ROOT / "all-types.bank.yaml"), bank.questions[0].line)]
    assert entry.auto_comments == ["question at-single: stem"]
    assert "Recognize what each question type asks of a trainee." in template


def test_a_spanish_exam_keeps_the_items_and_translates_what_has_a_translation(
    tmp_path: Path,
) -> None:
    blueprint = tmp_path / "demo.exam.yaml"
    shutil.copy(ROOT / "all-types.bank.yaml", tmp_path)
    blueprint.write_text(
        "exam: demo\ntitle: Demo\nseed: 1\nversions: 1\nsections:\n"
        "  - title: All\n    banks: [all-types.bank.yaml]\n    count: 9\n",
        "utf-8",
    )
    write_bank_catalog(tmp_path / "locale", "all-types", {STEM: SPANISH_STEM})
    folders = [tmp_path / "locale"]
    english, spanish = tmp_path / "en", tmp_path / "es"
    build_exam(blueprint, english)
    build_exam(
        blueprint, spanish, "es", None, lambda bank: bank_translations("es", folders, "banks/x")
    )
    assert (spanish / "key-A.csv").read_text() == (english / "key-A.csv").read_text()
    build_exam(
        blueprint,
        spanish,
        "es",
        None,
        lambda bank: bank_translations("es", folders, f"banks/{bank.id}"),
    )
    exam = (spanish / "exam-A.html").read_text("utf-8")
    assert "Un hombre en la baranda de un puente" in exam and "Versión A" in exam
    assert "Which of these are active listening skills?" in exam  # no translation: English
    assert (spanish / "key-A.csv").read_text() == (english / "key-A.csv").read_text()


# -- the site in Spanish, in a browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def spanish_quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``test-quiz`` project with one item translated, built with ``-D language=es``."""
    src = tmp_path_factory.mktemp("es-src") / "project"
    shutil.copytree(ROOT, src)
    write_bank_catalog(src / "locales", "all-types", {STEM: SPANISH_STEM, OPTION: SPANISH_OPTION})
    out = src.parent / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-D", "language=es", "-b", "html"]
    subprocess.run([*command, str(src), str(out)], check=True)
    return out


def english_messages() -> set[str]:
    """The interface messages whose Spanish differs (placeholders cut out, long enough to tell)."""
    found = set()
    for key, message in catalog(SPANISH).items():
        for piece in re.split(r"\{\w*\}|%(?:\(\w+\))?[sdg%]", key):
            piece = piece.strip(" .:,()")
            if len(piece) >= 4 and piece not in message.string and re.search("[a-z]", piece):
                found.add(piece)
    return found


@pytest.fixture
def page(new_tab: Any) -> Page:
    tab: Page = new_tab().page
    return tab


def es(message: str) -> str:
    """The Spanish of an interface message, as the catalog has it."""
    return str(catalog(SPANISH)[message].string)


@pytest.mark.browser
def test_the_quiz_speaks_spanish_to_a_browser_and_a_screen_reader(
    spanish_quiz_site: Path, page: Page, axe: Callable[[Page], list[str]]
) -> None:
    check = es("Check answer")
    assert check == "Comprobar respuesta"
    page.goto((spanish_quiz_site / "all.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "es"
    single = page.locator("[data-quiz-question]").first
    assert single.get_by_text("Un hombre en la baranda de un puente").is_visible()
    single.get_by_role("radio", name="Parece que siente que nadie lo escucha.").check()
    single.get_by_role("button", name=check).click()
    assert single.get_by_role("status").inner_text().startswith(es("Correct."))
    multiple = page.locator("[data-quiz-question]").nth(1)
    assert multiple.get_by_text("Which of these are active listening skills?").is_visible()
    multiple.get_by_role("button", name=check).click()
    assert multiple.get_by_role("status").inner_text() == es("Answer the question first.")
    truefalse = page.locator("[data-quiz-question]").nth(2)
    truefalse.get_by_role("radio", name=es("True")).check()
    truefalse.get_by_role("button", name=check).click()
    assert truefalse.get_by_role("status").inner_text().startswith(es("Incorrect."))
    assert page.locator(".quiz-score").inner_text() == es("{0} of {1} correct").format(1, 9)
    assert axe(page) == []
    # Nothing quizgen says is left in English: buttons, labels, statuses, scores.
    bank_text = (ROOT / "all-types.bank.yaml").read_text("utf-8")
    shown = page.locator("section.quiz").evaluate_all(
        "(quizzes) => quizzes.map((q) => q.innerText + ' ' + "
        "[...q.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'))"
        ".join(' ')).join(' ')"
    )
    english = [text for text in english_messages() if text in shown and text not in bank_text]
    assert english == []


def test_the_translators_workflow_with_sphinx_intl_end_to_end(tmp_path: Path) -> None:
    """``make gettext`` and ``make update-po LANGUAGE=es`` as a course team runs them, then a
    translated page and bank item in a Spanish build, and English where nothing is translated."""
    src = tmp_path / "project"
    shutil.copytree(ROOT, src)
    pots = tmp_path / "gettext"
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-W"]
    subprocess.run([*sphinx, "-b", "gettext", str(src), str(pots)], check=True)
    assert main(["gettext", str(src), "-o", str(pots)]) == 0
    intl = Path(sys.executable).parent / "sphinx-intl"
    update = [str(intl), "update", "-p", str(pots), "-d", str(src / "locales"), "-l", "es"]
    subprocess.run(update, check=True, capture_output=True)
    page_po = src / "locales" / "es" / "LC_MESSAGES" / "all.po"
    bank_po = src / "locales" / "es" / "LC_MESSAGES" / "banks" / "all-types.po"
    for po, english, spanish in (
        (page_po, "Every type", "Todos los tipos"),
        (bank_po, STEM, SPANISH_STEM),
    ):
        with po.open("rb") as file:
            found = read_po(file)
        found[english].string = spanish
        with po.open("wb") as file:
            write_po(file, found)
    out = tmp_path / "html"
    subprocess.run([*sphinx, "-D", "language=es", "-b", "html", str(src), str(out)], check=True)
    html = (out / "all.html").read_text("utf-8")
    assert "<h1>Todos los tipos" in html
    assert "Un hombre en la baranda de un puente" in html
    assert "Which of these are active listening skills?" in html


def test_scenario_guides_and_cards_print_their_labels_in_spanish() -> None:
    from quizgen.bank.loader import find_banks, load_catalog
    from quizgen.bank.scenario import find_scenarios, load_scenarios
    from quizgen.exam.scenarios import cards_html, facilitator_html

    project = TESTS.parent
    objectives = load_catalog(find_banks([project / "curriculum"])).objectives()
    found = load_scenarios(find_scenarios([project / "curriculum"]), objectives)
    scenario = next(iter(found.scenarios.values()))
    guide, cards = facilitator_html(scenario, "es"), cards_html(scenario, "es")
    assert '<html lang="es">' in guide and "Guía de facilitación." in guide
    assert "Paso 1" in guide and "Vaya al paso" in guide and "Final seguro" in guide
    assert "¿Qué hace usted?" in cards and "(tarjeta " in cards
    for english in ("Go to step", "Step by step", "What do you do?", "Safe ending", "(card "):
        assert english not in guide + cards
    assert "Go to step" in facilitator_html(scenario)  # English stays the default


def test_a_scorm_launch_page_takes_the_site_language(spanish_quiz_site: Path) -> None:
    from quizgen.site.scorm import site_language

    assert site_language(spanish_quiz_site) == "es"


# -- the course itself, in Spanish --------------------------------------------------------------

PROJECT = TESTS.parent
COURSE_BANK_PO = PROJECT / "locale" / "es" / "LC_MESSAGES" / "banks" / "de-escalation.po"


def test_no_secure_item_is_translated_for_the_site() -> None:
    """A message only secure items (``use: exam``) hold stays untranslated in the course."""
    for message in catalog(COURSE_BANK_PO).values():
        notes = [note for note in message.auto_comments if note.startswith("question ")]
        if notes and all("secure" in note for note in notes):
            assert not message.string, message.id


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make html LANGUAGE=es``: the course with a Spanish interface and its translations."""
    out = tmp_path_factory.mktemp("spanish-course")
    command = [sys.executable, "-m", "sphinx", "-q", "-n", "-W", "--keep-going", "-b", "html"]
    command += ["-D", "language=es", "-d", str(out / "doctrees"), str(PROJECT), str(out / "html")]
    subprocess.run(command, check=True)
    return out / "html"


def test_the_spanish_course_shows_its_translations_and_keeps_its_secrets(
    spanish_site: Path,
) -> None:
    from quizgen.bank.loader import find_banks, load_catalog
    from quizgen.site.leaks import find_leaks

    questions = load_catalog(find_banks([PROJECT / "curriculum"])).questions()
    assert find_leaks(spanish_site, questions) == []
    check = (spanish_site / "curriculum/08-de-escalation/self-check.html").read_text("utf-8")
    assert f">{es('Check answer')}<" in check
    flat = plain(html.unescape(re.sub(r"<[^>]+>", " ", check)))
    translated = [
        m for m in catalog(COURSE_BANK_PO).values() if m.string and "stem" in str(m.auto_comments)
    ]
    assert len(translated) >= 10
    shown = [m for m in translated if plain(m.string) in flat]
    assert len(shown) == len(translated), [m.string for m in translated if m not in shown]


def plain(text: str) -> str:
    """Text as words: no Markdown marks or quotes (the build curls them), one space."""
    text = re.sub(r"[*_`\"\u201c\u201d\u00ab\u00bb\u2018\u2019']", "", text)
    return " ".join(re.sub(r"\s+([?.,:;!])", r"\1", text).split())


@pytest.mark.browser
@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "docs/cards/active-listening.html",
        "curriculum/08-de-escalation/self-check.html",
    ],
)
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "dark")])
def test_the_spanish_course_is_axe_clean_at_phone_width_and_in_dark_mode(
    spanish_site: Path,
    new_tab: Any,
    axe: Callable[[Page], list[str]],
    name: str,
    width: int,
    scheme: str,
) -> None:
    tab = new_tab(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab.page.goto((spanish_site / name).as_uri())
    assert tab.page.locator("html").get_attribute("lang") == "es"
    assert axe(tab.page) == []


def test_every_academy_field_has_a_translatable_name_for_its_notice() -> None:
    from quizgen.site.academy import fields
    from quizgen.sphinx_ext.academy import FIELD_LABELS

    assert set(FIELD_LABELS) == set(fields())
    spanish = catalog(SPANISH)
    assert spanish["crisis line phone"].string == "teléfono de la línea de crisis"


def test_an_export_takes_the_bank_translations_of_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quizgen export --language es`` reads ``locale_dirs`` from the project's conf.py."""
    shutil.copy(ROOT / "all-types.bank.yaml", tmp_path)
    (tmp_path / "conf.py").write_text('locale_dirs = ["translations/"]\n', "utf-8")
    write_bank_catalog(tmp_path / "translations", "all-types", {STEM: SPANISH_STEM})
    monkeypatch.chdir(tmp_path)
    bank = "all-types.bank.yaml"
    assert main(["export", "aiken", bank, "-o", "es.txt", "--language", "es", "--quiet"]) == 0
    assert main(["export", "aiken", bank, "-o", "en.txt", "--quiet"]) == 0
    spanish, english = Path("es.txt").read_text("utf-8"), Path("en.txt").read_text("utf-8")
    assert "Un hombre en la baranda de un puente" in spanish
    assert "A man on a bridge rail" in english and "Un hombre" not in english


def test_make_takes_the_language_from_its_command_line_only() -> None:
    """gettext's LANGUAGE in a shell's environment ("en_US:en") must not change a build."""
    import os

    environment = {**os.environ, "LANGUAGE": "en_US:en"}

    def planned(*arguments: str) -> str:
        command = ["make", "-n", "-C", str(PROJECT), *arguments]
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
        return done.stdout

    assert "-D language" not in planned("html")
    assert "-D language=es " in planned("html", "LANGUAGE=es")
    assert "--language es" in planned("exams", "LANGUAGE=es")
