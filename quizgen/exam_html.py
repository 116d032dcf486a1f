"""Printed exam documents as HTML, and as PDF through WeasyPrint.

Per version: the exam (cover, numbered questions, writing space), a one-page
answer sheet to bubble in, and the answer key; per exam: the blueprint table.
Page numbers ("Version A, page 3 of 8") come from CSS ``@page`` counters, and
``break-inside: avoid`` keeps each question on one page, in WeasyPrint and in
a browser's print dialog alike.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator

from quizgen import __version__
from quizgen.blueprint import ExamPlan
from quizgen.markup import Html, join, markdown_block, markdown_inline, tag
from quizgen.model import (
    EssayQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    TextQuestion,
)
from quizgen.versions import LETTERS, PrintedQuestion, PrintedSection, Version, answer, pass_points

ESSAY_LINES = 12
TEXT_LINES = 2
SHEET_ROWS = 25  # rows per column of the answer sheet at full size
SHEET_COLUMNS = (2, 5)  # fewest and most columns
SHEET_HEIGHT_MM = 160.0  # room for rows under the sheet's head, on one Letter or A4 page

CSS = """
@page {
  size: letter;
  margin: 16mm 17mm 18mm;
  @top-left { content: string(exam-title); font-size: 8pt; color: #444; }
  @top-right { content: string(doc-kind); font-size: 8pt; color: #444; }
}
@page :first { @top-left { content: none; } @top-right { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10pt; line-height: 1.35; color: #000; }
body { margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 3mm; padding-bottom: 1mm;
  border-bottom: 1.5px solid #000; break-after: avoid; }
p { margin: 0 0 2mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
.exam-title { string-set: exam-title content(); }
.doc-kind { string-set: doc-kind content(); }
.cover { break-after: page; }
.cover .course { font-size: 13pt; font-weight: bold; margin: 0; }
.cover .academy { font-size: 12pt; margin: 0; }
.cover h1 { font-size: 24pt; margin: 16mm 0 6mm; }
.version-box { display: inline-block; border: 2px solid #000; padding: 1.5mm 5mm;
  font-size: 16pt; font-weight: bold; }
.facts { margin: 6mm 0; border-collapse: collapse; }
.facts th { text-align: left; padding: 1mm 6mm 1mm 0; font-weight: normal; color: #333; }
.facts td { padding: 1mm 0; font-weight: bold; }
.fields { width: 100%; border-collapse: collapse; margin: 8mm 0; }
.fields th { width: 18mm; text-align: left; padding: 5mm 2mm 1mm 0; font-weight: bold; }
.fields td { border-bottom: 1px solid #000; padding: 5mm 0 1mm; }
.instructions { border: 1.5px solid #000; padding: 4mm 5mm; margin-top: 6mm; }
.instructions h2 { border: none; margin: 0 0 2mm; padding: 0; font-size: 11pt; }
.question { break-inside: avoid; margin: 0 0 5mm; }
.question .number { float: left; width: 9mm; font-weight: bold; }
.question .body { margin-left: 9mm; }
.note { font-style: italic; color: #222; }
.choices { list-style: none; margin: 1.5mm 0 0; padding: 0; }
.choices li { margin: 0 0 1.2mm; padding-left: 8mm; text-indent: -8mm; }
.choices .letter { display: inline-block; width: 8mm; text-indent: 0; font-weight: bold; }
.slots { margin-top: 2mm; }
.slot { display: inline-block; margin: 0 3mm 1mm 0; white-space: nowrap; }
.slot .box { display: inline-block; width: 9mm; height: 6mm; border: 1px solid #000;
  vertical-align: middle; margin-left: 1mm; }
.match { border-collapse: collapse; margin-top: 1.5mm; width: 100%; }
.match td { vertical-align: top; padding: 0 0 1.5mm; width: 50%; }
.match .letter { font-weight: bold; margin-right: 1.5mm; }
.blank { display: inline-block; width: 12mm; border-bottom: 1px solid #000; margin-right: 2mm; }
.lines { margin-top: 2mm; }
.lines .line { height: 8mm; border-bottom: 1px solid #777; }
.answer-line { margin-top: 2mm; }
.answer-line .blank { width: 45mm; }
.end { text-align: center; font-weight: bold; margin-top: 8mm; }
.sheet-head { display: table; width: 100%; }
.sheet-head > div { display: table-cell; vertical-align: top; }
.sheet-head .version-cell { text-align: right; }
.sheet .fields { margin: 3mm 0; }
.sheet .fields th, .sheet .fields td { padding-top: 3mm; }
.sheet .how { font-size: 8.5pt; margin: 2mm 0 3mm; }
.grid { column-gap: 6mm; column-rule: 0.5px solid #999; font-size: 8.5pt; }
.row { height: 6.2mm; white-space: nowrap; break-inside: avoid; }
.row .n { display: inline-block; width: 6.5mm; text-align: right; margin-right: 1.5mm;
  font-weight: bold; }
.bubble { display: inline-block; width: 4.2mm; height: 4.2mm; line-height: 4.2mm;
  border: 0.8px solid #000; border-radius: 50%; text-align: center; font-size: 6.5pt;
  margin-right: 1mm; vertical-align: middle; }
.written { font-size: 7pt; color: #444; font-style: italic; }
table.data { border-collapse: collapse; width: 100%; font-size: 9pt; }
table.data th, table.data td { border: 0.6px solid #777; padding: 1mm 1.5mm; text-align: left;
  vertical-align: top; }
table.data th { background: #e8e8e8; }
table.data td.count, table.data th.count { text-align: right; width: 12mm; }
table.data tr { break-inside: avoid; }
tr.uncovered td { font-style: italic; color: #555; }
tr.total td { font-weight: bold; }
.secure { font-weight: bold; border: 1.5px solid #000; padding: 1.5mm 3mm; display: inline-block; }
"""


def _css_string(text: str) -> str:
    """*text* as a CSS string literal: anything but plain characters as a hex escape."""
    return '"' + "".join(c if c.isalnum() or c in " ,.-" else f"\\{ord(c):x} " for c in text) + '"'


def _footer(label: str) -> str:
    content = f'{_css_string(f"{label}, page ")} counter(page) " of " counter(pages)'
    return f"@page {{ @bottom-center {{ content: {content}; font-size: 9pt; }} }}"


def _document(title: str, footer: str, body: Html, css: str = "") -> str:
    head = tag(
        "head",
        tag("meta", charset="utf-8"),
        tag("title", title),
        tag("meta", name="generator", content=f"quizgen {__version__}"),
        tag("style", Html(CSS + _footer(footer) + css)),
    )
    return "<!DOCTYPE html>\n" + tag("html", head, tag("body", body), lang="en") + "\n"


# -- the exam -----------------------------------------------------------------------------


def exam_html(plan: ExamPlan, version: Version) -> str:
    """One version, print-ready: cover, sections of numbered questions, end mark."""
    body = join(
        _cover(plan, version),
        *(_section(section) for section in version.sections),
        tag("p", "End of the exam. Check that your name is on the answer sheet.", class_="end"),
    )
    title = f"{plan.blueprint.title}, version {version.letter}"
    return _document(title, f"Version {version.letter}", body)


def _cover(plan: ExamPlan, version: Version) -> Html:
    blueprint = plan.blueprint
    return tag(
        "section",
        tag("p", blueprint.course, class_="course"),
        tag("p", blueprint.academy, class_="academy") if blueprint.academy else None,
        tag("h1", blueprint.title, class_="exam-title"),
        tag("p", f"Version {version.letter}", class_="version-box"),
        _facts(plan, version),
        _fields(),
        _instructions(blueprint.instructions),
        class_="cover",
    )


def _facts(plan: ExamPlan, version: Version) -> Html:
    count = sum(1 for _ in version.questions())
    duration = plan.blueprint.duration
    rows = [("Questions", str(count))]
    if duration:
        rows.append(("Time allowed", f"{duration} minutes"))
    return tag("table", *(tag("tr", tag("th", k), tag("td", v)) for k, v in rows), class_="facts")


def _fields(labels: Iterable[str] = ("Name", "ID", "Date")) -> Html:
    rows = (tag("tr", tag("th", label), tag("td", "")) for label in labels)
    return tag("table", *rows, class_="fields")


def _instructions(text: str) -> Html:
    general = (
        "Write your name, ID and the date above and on the answer sheet. Mark the answers to "
        "choice and true-or-false questions on the answer sheet; write every other answer "
        "in the space under its question."
    )
    return tag(
        "div",
        tag("h2", "Instructions"),
        markdown_block(text) if text else None,
        tag("p", general),
        class_="instructions",
    )


def _section(section: PrintedSection) -> Html:
    return tag("section", tag("h2", section.title), *map(_question, section.questions))


def _question(printed: PrintedQuestion) -> Html:
    question = printed.question
    return tag(
        "div",
        tag("div", f"{printed.number}.", class_="number"),
        tag("div", markdown_block(question.stem), *_answer_space(printed), class_="body"),
        class_="question",
        data_number=printed.number,
        data_type=question.type,
    )


def _answer_space(printed: PrintedQuestion) -> Iterator[Html]:
    question = printed.question
    if isinstance(question, MultipleQuestion):
        yield tag("p", "Choose all that apply.", class_="note")
    if isinstance(question, OrderQuestion):
        yield tag("p", "Write the letters in the right order, first to last.", class_="note")
    if isinstance(question, MatchQuestion):
        yield tag("p", "Write the letter of the matching item beside each number.", class_="note")
        yield _match_table(question, printed.choices())
        return
    if printed.choices():
        yield _choices(printed.choices())
    yield from _writing_space(printed)


def _choices(texts: list[str]) -> Html:
    items = (
        tag(
            "li",
            tag("span", LETTERS[i], class_="letter"),
            markdown_inline(text),
            data_letter=LETTERS[i],
        )
        for i, text in enumerate(texts)
    )
    return tag("ol", *items, class_="choices")


def _match_table(question: MatchQuestion, rights: list[str]) -> Html:
    """Lefts numbered in bank order with a blank each; rights lettered in printed order."""
    rows = (
        tag(
            "tr",
            tag(
                "td",
                tag("span", "", class_="blank"),
                f"{i + 1}. ",
                markdown_inline(pair.left),
                data_left=i + 1,
            ),
            tag(
                "td",
                tag("span", LETTERS[i], class_="letter"),
                markdown_inline(rights[i]),
                data_letter=LETTERS[i],
            ),
        )
        for i, pair in enumerate(question.pairs)
    )
    return tag("table", *rows, class_="match")


def _writing_space(printed: PrintedQuestion) -> Iterator[Html]:
    question = printed.question
    if isinstance(question, OrderQuestion):
        slots = (
            tag("span", f"{n + 1}", tag("span", "", class_="box"), class_="slot")
            for n in range(len(question.items))
        )
        yield tag("div", *slots, class_="slots")
    elif isinstance(question, NumericQuestion):
        yield tag("p", "Answer: ", tag("span", "", class_="blank"), class_="answer-line")
    elif isinstance(question, TextQuestion | EssayQuestion):
        lines = ESSAY_LINES if isinstance(question, EssayQuestion) else TEXT_LINES
        yield tag("div", *(tag("div", "", class_="line") for _ in range(lines)), class_="lines")


# -- the answer sheet ---------------------------------------------------------------------


def answer_sheet_html(plan: ExamPlan, version: Version) -> str:
    """A one-page sheet: name, ID, date, and a row of bubbles per question."""
    questions = list(version.questions())
    head = tag(
        "div",
        tag("div", tag("h1", "Answer sheet"), tag("p", plan.blueprint.title, class_="exam-title")),
        tag(
            "div",
            tag("p", f"Version {version.letter}", class_="version-box"),
            class_="version-cell",
        ),
        class_="sheet-head",
    )
    how = (
        "Fill in one bubble per question, or every right bubble where the question says "
        "“Choose all that apply”. Questions marked “written” are answered in the exam booklet."
    )
    grid = tag("div", *map(_sheet_row, questions), class_="grid")
    body = tag("div", head, _fields(), tag("p", how, class_="how"), grid, class_="sheet")
    title = f"{plan.blueprint.title}, version {version.letter}: answer sheet"
    footer = f"Version {version.letter} answer sheet"
    return _document(title, footer, body, _sheet_css(len(questions)))


def _sheet_css(count: int) -> str:
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


def _sheet_row(printed: PrintedQuestion) -> Html:
    marks = [tag("span", LETTERS[i], class_="bubble") for i in range(printed.bubbles)]
    if not marks:
        marks = [tag("span", "written", class_="written")]
    return tag("div", tag("span", str(printed.number), class_="n"), *marks, class_="row")


# -- the key ------------------------------------------------------------------------------


def key_html(plan: ExamPlan, version: Version) -> str:
    """The answer key of one version: number, answer, question id, objective."""
    blueprint = plan.blueprint
    header = tag("tr", *(tag("th", name) for name in ("No.", "Answer", "Question id", "Objective")))
    rows = (
        tag(
            "tr",
            tag("td", str(p.number)),
            tag("td", answer(p)),
            tag("td", p.question.id),
            tag("td", p.question.objective),
        )
        for p in version.questions()
    )
    body = join(
        tag("h1", f"Answer key: version {version.letter}"),
        tag("p", blueprint.title, class_="exam-title"),
        tag("p", "Instructor copy: keep secure.", class_="secure doc-kind"),
        _pass_line(plan),
        tag("table", tag("thead", header), tag("tbody", *rows), class_="data"),
    )
    return _document(
        f"{blueprint.title}: key, version {version.letter}", f"Key, version {version.letter}", body
    )


def _pass_line(plan: ExamPlan) -> Html | None:
    points, mark = pass_points(plan), plan.blueprint.pass_mark
    if points is None or mark is None:
        return None
    total = sum(len(drawn.questions) for drawn in plan.sections)
    shown = f"{mark:g}"
    return tag("p", f"Pass mark: {shown}% ({points} of {total} points, one point per question).")


# -- the blueprint table ------------------------------------------------------------------


def blueprint_html(plan: ExamPlan, versions: list[Version]) -> str:
    """Objectives by item count in each version, bank by bank, and the sections drawn."""
    blueprint = plan.blueprint
    body = join(
        tag("h1", "Exam blueprint"),
        tag("p", blueprint.title, class_="exam-title"),
        tag(
            "p",
            f"Exam {blueprint.exam}, seed {blueprint.seed}, versions "
            f"{', '.join(v.letter for v in versions)}. Every version holds the same items.",
        ),
        tag("h2", "Items per objective"),
        _objective_table(plan, versions),
        tag("h2", "Sections"),
        _section_table(plan),
    )
    return _document(f"{blueprint.title}: blueprint", "Blueprint", body)


def _objective_table(plan: ExamPlan, versions: list[Version]) -> Html:
    counts = {
        v.letter: Counter((p.question.bank, p.question.objective) for p in v.questions())
        for v in versions
    }
    head = tag(
        "tr",
        tag("th", "Bank"),
        tag("th", "Objective"),
        *(tag("th", v.letter, class_="count") for v in versions),
    )
    rows = [
        _objective_row(
            bank.id,
            objective.id,
            objective.text,
            [counts[v.letter][(bank.id, objective.id)] for v in versions],
        )
        for bank in plan.banks
        for objective in bank.objectives.values()
    ]
    totals = [sum(counts[v.letter].values()) for v in versions]
    total = tag(
        "tr",
        tag("td", "Total", colspan=2),
        *(tag("td", str(n), class_="count") for n in totals),
        class_="total",
    )
    return tag("table", tag("thead", head), tag("tbody", *rows, total), class_="data")


def _objective_row(bank: str, objective: str, text: str, counts: list[int]) -> Html:
    return tag(
        "tr",
        tag("td", bank),
        tag("td", tag("strong", objective), " ", text),
        *(tag("td", str(n), class_="count") for n in counts),
        class_="uncovered" if not any(counts) else None,
    )


def _section_table(plan: ExamPlan) -> Html:
    head = tag(
        "tr",
        *(tag("th", name) for name in ("Section", "Banks", "Filters")),
        tag("th", "Items", class_="count"),
    )
    rows = (
        tag(
            "tr",
            tag("td", drawn.section.title),
            tag("td", ", ".join(drawn.section.banks)),
            tag("td", _filters(drawn.section.objectives, drawn.section.types)),
            tag("td", str(len(drawn.questions)), class_="count"),
        )
        for drawn in plan.sections
    )
    return tag("table", tag("thead", head), tag("tbody", *rows), class_="data")


def _filters(objectives: frozenset[str] | None, types: frozenset[str] | None) -> str:
    parts = []
    if objectives:
        parts.append("objectives " + ", ".join(sorted(objectives)))
    if types:
        parts.append("types " + ", ".join(sorted(types)))
    return "; ".join(parts) or "none"


# -- PDF ----------------------------------------------------------------------------------


def pdf_bytes(document: str) -> bytes:
    """The PDF of an HTML document, identical for identical HTML.

    The document carries no dates (WeasyPrint then writes none) and its PDF
    identifier is a hash of the HTML, so the bytes depend only on the content.
    """
    from weasyprint import HTML

    identifier = hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode("ascii")
    pdf: bytes = HTML(string=document).write_pdf(pdf_identifier=identifier)
    return pdf


def render_all(plan: ExamPlan, versions: list[Version]) -> dict[str, bytes]:
    """Every HTML and PDF file of an exam, by file name."""
    files: dict[str, bytes] = {}
    for version in versions:
        letter = version.letter
        exam = exam_html(plan, version)
        files[f"exam-{letter}.html"] = exam.encode("utf-8")
        files[f"exam-{letter}.pdf"] = pdf_bytes(exam)
        files[f"answer-sheet-{letter}.pdf"] = pdf_bytes(answer_sheet_html(plan, version))
        files[f"key-{letter}.pdf"] = pdf_bytes(key_html(plan, version))
    files["blueprint.pdf"] = pdf_bytes(blueprint_html(plan, versions))
    return files
