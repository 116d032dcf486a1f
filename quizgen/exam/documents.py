"""Printed exam documents: HTML from Jinja2 templates, and PDF through WeasyPrint.

Per version: the exam (cover, numbered questions, writing space), a one-page
answer sheet to bubble in, and the answer key; per exam: the blueprint table.
The markup is in ``templates/`` (autoescaped: bank text is escaped unless it
went through :mod:`quizgen.render.markup`), the print rules in
``templates/exam.css``. Page numbers ("Version A, page 3 of 8") come from CSS
``@page`` counters, and ``break-inside: avoid`` keeps each question on one
page, in WeasyPrint and in a browser's print dialog alike. Every word the
documents say goes through the ``quizgen`` message catalog.
"""

from __future__ import annotations

import dataclasses
import gettext as gettext_module
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jinja2
from markupsafe import Markup
from typing_extensions import assert_never

from quizgen import __version__
from quizgen.bank.model import (
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from quizgen.exam.blueprint import ExamPlan, Section
from quizgen.exam.versions import PrintedQuestion, Version, pass_points
from quizgen.render import templates
from quizgen.render.answers import LETTERS, number
from quizgen.render.i18n import page_numbers, translations
from quizgen.render.markup import markdown_block, markdown_inline
from quizgen.render.pdf import pdf_bytes
from quizgen.render.progress import Progress, silent

ESSAY_LINES = 12
TEXT_LINES = 2
SHEET_ROWS = 25  # rows per column of the answer sheet at full size
SHEET_COLUMNS = (2, 5)  # fewest and most columns
SHEET_HEIGHT_MM = 160.0  # room for rows under the sheet's head, on one Letter or A4 page


@dataclass(frozen=True)
class Documents:
    """Renders the documents of one exam in one language."""

    plan: ExamPlan
    language: str = "en"

    @cached_property
    def translations(self) -> gettext_module.NullTranslations:
        """The ``quizgen`` catalog in the documents' language."""
        return translations(self.language)

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def render(self, template: str, title: str, footer: str, css: str = "", **context: Any) -> str:
        """A whole document: the template's body in the shared head, with its page footer."""
        environment = _environment()
        environment.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        numbers = self._("{label}, page {page} of {pages}")
        numbers = numbers.format(label=footer, page="{page}", pages="{pages}")
        footer_rule = (
            f"@page {{ @bottom-center {{ content: {page_numbers(numbers)}; font-size: 9pt; }} }}"
        )
        page = environment.get_template(template).render(
            lang=self.language,
            title=title,
            css=Markup(_stylesheet() + footer_rule + css),  # our CSS, strings escaped
            quizgen_version=__version__,
            blueprint=self.plan.blueprint,
            **context,
        )
        return page + "\n"

    # -- the exam -------------------------------------------------------------------------

    def exam(self, version: Version) -> str:
        """One version, print-ready: cover, sections of numbered questions, end mark."""
        blueprint = self.plan.blueprint
        label = self._("Version {letter}").format(letter=version.letter)
        facts = [(self._("Questions"), str(sum(1 for _ in version.questions())))]
        if blueprint.duration:
            facts.append((self._("Time allowed"), self._("{0} minutes").format(blueprint.duration)))
        sections = [
            {"title": section.title, "printed": [self._item(p) for p in section.questions]}
            for section in version.sections
        ]
        title = self._("{title}, version {letter}").format(
            title=blueprint.title, letter=version.letter
        )
        return self.render(
            "exam.html",
            title,
            label,
            version_label=label,
            facts=facts,
            instructions=markdown_block(blueprint.instructions) if blueprint.instructions else "",
            sections=sections,
        )

    def _item(self, printed: PrintedQuestion) -> ItemView:
        """What the page shows of one item: the one per-type choice of the documents."""
        question, stem = printed.question, markdown_block(printed.question.stem)
        view = ItemView(printed.number, question.type, stem)
        lettered = [markdown_inline(text) for text in printed.choices(self._)]
        match question:
            case SingleQuestion() | TrueFalseQuestion():
                return view.but(choices=lettered)
            case MultipleQuestion():
                return view.but(note=self._("Choose all that apply."), choices=lettered)
            case OrderQuestion():
                note = self._("Write the letters in the right order, first to last.")
                return view.but(note=note, choices=lettered, slots=len(question.items))
            case MatchQuestion():
                note = self._("Write the letter of the matching item beside each number.")
                lefts = [markdown_inline(pair.left) for pair in question.pairs]
                return view.but(note=note, match_rows=list(zip(lefts, lettered, strict=True)))
            case TextQuestion():
                return view.but(lines=TEXT_LINES)
            case NumericQuestion():
                return view.but(answer_line=True)
            case EssayQuestion():
                return view.but(lines=ESSAY_LINES)
            case _:
                assert_never(question)

    # -- the answer sheet -----------------------------------------------------------------

    def answer_sheet(self, version: Version) -> str:
        """A one-page sheet: name, ID, date, and a row of bubbles per question."""
        rows = list(version.questions())
        title = self._("{title}, version {letter}: answer sheet").format(
            title=self.plan.blueprint.title, letter=version.letter
        )
        return self.render(
            "answer-sheet.html",
            title,
            self._("Version {letter} answer sheet").format(letter=version.letter),
            sheet_css(len(rows)),
            version_label=self._("Version {letter}").format(letter=version.letter),
            rows=rows,
        )

    # -- the key --------------------------------------------------------------------------

    def key(self, version: Version) -> str:
        """The answer key of one version: number, answer, question id, objective."""
        rows = [
            {
                "number": p.number,
                "answer": p.key(self._),
                "id": p.question.id,
                "objective": p.question.objective,
            }
            for p in version.questions()
        ]
        letter, title = version.letter, self.plan.blueprint.title
        return self.render(
            "key.html",
            self._("{title}: key, version {letter}").format(title=title, letter=letter),
            self._("Key, version {letter}").format(letter=letter),
            heading=self._("Answer key: version {letter}").format(letter=letter),
            pass_line=self._pass_line(),
            rows=rows,
        )

    def _pass_line(self) -> str:
        points, mark = pass_points(self.plan), self.plan.blueprint.pass_mark
        if points is None or mark is None:
            return ""
        values = {"mark": f"{mark:g}", "points": points, "total": number(self.plan.total_points)}
        if all(question.points == 1 for question in self.plan.questions()):
            return self._(
                "Pass mark: {mark}% ({points} of {total} points, one point per question)."
            ).format(**values)
        return self._("Pass mark: {mark}% ({points} of {total} points).").format(**values)

    # -- the blueprint table --------------------------------------------------------------

    def blueprint(self, versions: list[Version]) -> str:
        """Objectives by item count in each version, bank by bank, and the sections drawn."""
        plan, blueprint = self.plan, self.plan.blueprint
        counts = [
            Counter((p.question.bank, p.question.objective) for p in v.questions())
            for v in versions
        ]
        objective_rows = [
            {
                "bank": bank.id,
                "objective": objective.id,
                "text": objective.text,
                "counts": (found := [c[(bank.id, objective.id)] for c in counts]),
                "covered": any(found),
            }
            for bank in plan.banks
            for objective in bank.objectives.values()
        ]
        section_rows = [
            {
                "title": drawn.section.title,
                "banks": ", ".join(drawn.section.banks),
                "filters": self._filters(drawn.section),
                "count": len(drawn.questions),
            }
            for drawn in plan.sections
        ]
        summary = self._(
            "Exam {exam}, seed {seed}, versions {letters}. Every version holds the same items."
        ).format(
            exam=blueprint.exam,
            seed=blueprint.seed,
            letters=", ".join(v.letter for v in versions),
        )
        return self.render(
            "blueprint.html",
            self._("{title}: blueprint").format(title=blueprint.title),
            self._("Blueprint"),
            summary=summary,
            letters_used=[v.letter for v in versions],
            objective_rows=objective_rows,
            totals=[sum(c.values()) for c in counts],
            section_rows=section_rows,
        )

    def _filters(self, section: Section) -> str:
        parts = []
        if section.objectives:
            parts.append(self._("objectives {0}").format(", ".join(sorted(section.objectives))))
        if section.types:
            parts.append(self._("types {0}").format(", ".join(sorted(section.types))))
        return "; ".join(parts) or self._("none")


@dataclass(frozen=True)
class ItemView:
    """One printed item as the exam template draws it."""

    number: int
    type: str
    stem: Markup
    note: str = ""
    choices: Sequence[Markup] = ()  # lettered, in printed order
    match_rows: Sequence[tuple[Markup, Markup]] = ()  # (left, lettered right)
    slots: int = 0  # boxes to write an order's letters in
    answer_line: bool = False
    lines: int = 0  # ruled lines to write on

    def but(self, **changes: Any) -> ItemView:
        """A copy with *changes*."""
        return dataclasses.replace(self, **changes)


def sheet_css(count: int) -> str:
    """Columns, row height and bubble size that keep *count* rows on one page.

    Up to 125 questions print at full size (5 columns of 25); longer exams get
    smaller rows, still on one page (about 4 mm rows at 200 questions).
    """
    fewest, most = SHEET_COLUMNS
    columns = min(most, max(fewest, math.ceil(count / SHEET_ROWS)))
    rows = math.ceil(count / columns)
    row = min(6.2, SHEET_HEIGHT_MM / max(rows, 1))
    bubble = min(4.2, row - 0.8)
    return (
        f".grid {{ columns: {columns}; }} .row {{ height: {row:.2f}mm; }} "
        f".bubble {{ width: {bubble:.2f}mm; height: {bubble:.2f}mm; line-height: {bubble:.2f}mm; }}"
    )


def _environment() -> jinja2.Environment:
    environment = templates.environment("quizgen.exam", i18n=True)
    environment.globals["letters"] = LETTERS
    return environment


def _stylesheet() -> str:
    return templates.stylesheet("quizgen.exam", "exam.css")


# -- the files of an exam -----------------------------------------------------------------


def render_all(
    plan: ExamPlan, versions: list[Version], language: str = "en", progress: Progress | None = None
) -> dict[str, bytes]:
    """Every HTML and PDF file of an exam, by file name (each PDF a step of *progress*)."""
    documents = Documents(plan, language)
    steps = progress or silent()
    steps.plan(3 * len(versions) + 1)
    files: dict[str, bytes] = {}
    for version in versions:
        letter = version.letter
        steps.step(f"exam, version {letter}")
        exam = documents.exam(version)
        files[f"exam-{letter}.html"] = exam.encode("utf-8")
        files[f"exam-{letter}.pdf"] = pdf_bytes(exam)
        steps.step(f"answer sheet, version {letter}")
        files[f"answer-sheet-{letter}.pdf"] = pdf_bytes(documents.answer_sheet(version))
        steps.step(f"key, version {letter}")
        files[f"key-{letter}.pdf"] = pdf_bytes(documents.key(version))
    steps.step("blueprint table")
    files["blueprint.pdf"] = pdf_bytes(documents.blueprint(versions))
    return files
