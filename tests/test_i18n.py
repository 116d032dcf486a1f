"""The ``quizgen`` message catalog: every string quizgen shows goes through it.

A pseudo-translation wraps each message in ``⟦ ⟧``; a page or exam built with
it must show no quizgen string unwrapped, so a real translation only has to
add a catalog.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.testing.util import SphinxTestApp

import quizgen.render.i18n
import quizgen.sphinx_ext
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.documents import Documents
from quizgen.exam.versions import make_versions

PACKAGE = Path(quizgen.render.i18n.__file__).resolve().parent.parent
POT = PACKAGE / "locale" / "quizgen.pot"
TESTS = Path(__file__).parent
DATA = TESTS / "data"


def messages_of_pot() -> set[str]:
    with POT.open("rb") as pot:
        return {str(message.id) for message in read_po(pot) if message.id}


def test_the_committed_template_holds_every_string_of_the_code() -> None:
    """``make pot`` was run: a string added to the code without it fails here."""
    mapping = PACKAGE / "locale" / "babel.cfg"
    from babel.messages.frontend import parse_mapping_cfg

    with mapping.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {
        message
        for _, _, message, *_ in extract_from_dir(str(PACKAGE), method_map, options_map)
        if isinstance(message, str)
    }
    assert found == messages_of_pot(), "run `make pot` and commit quizgen/locale/quizgen.pot"


def pseudo(message: str) -> str:
    return f"⟦{message}⟧"


@pytest.fixture
def pseudo_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``quizgen`` catalog for ``es`` translating every message of the template to ``⟦…⟧``."""
    catalog = Catalog(locale="es", domain="quizgen")
    for message in messages_of_pot():
        catalog.add(message, pseudo(message))
    folder = tmp_path / "locale"
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    (folder / "es" / "LC_MESSAGES" / "quizgen.mo").write_bytes(buffer.getvalue())
    monkeypatch.setattr(quizgen.render.i18n, "LOCALE_DIR", folder)
    monkeypatch.setattr(quizgen.sphinx_ext, "LOCALE_DIR", folder)
    return folder


class TextNodes(HTMLParser):
    """The text a reader sees (and the values of ``data-l10n``), one entry per text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.l10n: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "title"}:
            self.skip += 1
        for name, value in attrs:
            if name == "data-l10n" and value:
                self.l10n.extend(json.loads(value).values())

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "title"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skip:
            self.texts.append(text)


def text_nodes(html: str) -> TextNodes:
    parser = TextNodes()
    parser.feed(html)
    return parser


def quiz_sections(html: str) -> str:
    return "".join(re.findall(r'<section [^>]*class="quiz".*?</section>', html, re.S))


def test_the_site_quiz_shows_no_untranslated_quizgen_string(
    tmp_path: Path, pseudo_locale: Path
) -> None:
    english, translated = [], []
    for language, out in (("en", english), ("es", translated)):
        src = tmp_path / f"project-{language}"
        shutil.copytree(TESTS / "roots" / "test-quiz", src)
        (src / "progress.md").write_text("# Progress\n\n```{quiz-progress}\n```\n", "utf-8")
        app = SphinxTestApp("html", srcdir=src, confoverrides={"language": language})
        try:
            app.build()
            quizzes = quiz_sections((app.outdir / "all.html").read_text("utf-8"))
            progress = (app.outdir / "progress.html").read_text("utf-8")
            body = progress[progress.index('class="quiz-progress"') :]
            out.append(text_nodes(quizzes + body[: body.index("</article>")]))
        finally:
            app.cleanup()
    messages = messages_of_pot()
    shown = [text for text in english[0].texts if text in messages]
    assert {"Check answer", "Try again", "True", "Move up", "Choose…", "Rubric"} <= set(shown)
    assert {"Export my progress", "Cancel", "Module"} <= set(shown)
    for text in shown:  # every quizgen string of the English page, translated
        assert text not in translated[0].texts and pseudo(text) in translated[0].texts
    assert english[0].l10n and all(value in messages for value in english[0].l10n)
    assert all(value.startswith("⟦") for value in translated[0].l10n)


def from_sources(text: str, sources: str) -> bool:
    """Bank or blueprint text, as printed: a match's "1. " before it, accepted answers joined."""
    text = re.sub(r"^\d+\. ", "", text)
    return all(part.strip(" .") in sources for part in text.split(" | "))


def test_exam_documents_show_no_untranslated_quizgen_string(
    tmp_path: Path, pseudo_locale: Path
) -> None:
    """Every text of the exam, sheet, key and blueprint is bank text or a translated message."""
    blueprint = tmp_path / "demo.exam.yaml"
    shutil.copy(DATA / "all-types.bank.yaml", tmp_path / "all-types.bank.yaml")
    blueprint.write_text(
        "exam: demo\ntitle: Demo exam\nseed: 1\nversions: 2\npass_mark: 70\nduration: 30\n"
        "sections:\n  - title: Everything\n    banks: [all-types.bank.yaml]\n    count: 9\n",
        "utf-8",
    )
    plan = plan_exam(blueprint)
    versions = make_versions(plan)
    documents = Documents(plan, "es")
    pages = [documents.blueprint(versions)]
    for version in versions:
        pages += [documents.exam(version), documents.answer_sheet(version), documents.key(version)]
    bank_text = " ".join((tmp_path / "all-types.bank.yaml").read_text("utf-8").split())
    sources = f"{bank_text} Demo exam Everything all-types.bank.yaml {plan.blueprint.course}"
    untranslated = [
        text
        for page in pages
        for text in text_nodes(page).texts
        if not text.startswith("⟦")
        and re.search(r"[A-Za-z]{2}", text)  # not a number, a letter or punctuation
        and not from_sources(text, sources)
    ]
    assert untranslated == [], untranslated
    footers = [re.search(r"@bottom-center \{ content: ([^;]*);", page) for page in pages]
    # "⟦⟦Version A⟧, page {page} of {pages}⟧": the footer and its label, both translated
    assert all(f and f.group(1).startswith('"\\27e6 \\27e6 ') for f in footers), footers


def test_documents_in_two_languages_in_one_process_keep_their_own(
    tmp_path: Path, pseudo_locale: Path
) -> None:
    """Regression: macros imported without context kept the first language's words."""
    shutil.copy(DATA / "all-types.bank.yaml", tmp_path / "all-types.bank.yaml")
    blueprint = tmp_path / "demo.exam.yaml"
    blueprint.write_text(
        "exam: demo\ntitle: Demo\nseed: 1\nsections:\n"
        "  - title: All\n    banks: [all-types.bank.yaml]\n    count: 9\n",
        "utf-8",
    )
    plan = plan_exam(blueprint)
    version = make_versions(plan)[0]
    spanish = text_nodes(Documents(plan, "es").exam(version)).texts
    english = text_nodes(Documents(plan, "en").exam(version)).texts
    assert "⟦Name⟧" in spanish and "Name" in english and "⟦Name⟧" not in english
