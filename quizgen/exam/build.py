"""The exam builder: blueprint -> plan -> versions -> files, for ``quizgen exam``.

No Sphinx here. :func:`build_exam` checks the blueprint and its banks, draws
the items (:mod:`quizgen.exam.blueprint`), orders each version
(:mod:`quizgen.exam.versions`), renders HTML and PDF (:mod:`quizgen.exam.documents`)
and writes the keys as CSV, an empty responses file for ``quizgen score``
(``responses-template.csv``) and a manifest. Everything written depends only on
the blueprint, the banks and the seed, so two runs give byte-identical files,
PDFs included.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from quizgen import __version__
from quizgen.bank.model import Bank
from quizgen.exam.blueprint import ExamPlan, plan_exam, translate_plan
from quizgen.exam.documents import render_all
from quizgen.exam.versions import Version, make_versions
from quizgen.render.progress import Progress

KEY_COLUMNS = ("version", "number", "question id", "objective", "answer")
RESPONSES_TEMPLATE = "responses-template.csv"


def key_csv(version: Version) -> str:
    """The answer key of one version as CSV: version, number, question id, objective, answer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_COLUMNS)
    for printed in version.questions():
        q = printed.question
        writer.writerow([version.letter, printed.number, q.id, q.objective, printed.key()])
    return buffer.getvalue()


def responses_template(versions: list[Version]) -> bytes:
    """The header of the responses file ``quizgen score`` reads: ``trainee,version,1,...,N``.

    Only the header: a row per trainee is typed under it, and an example row left in
    would be scored. UTF-8 with a byte-order mark, so that a spreadsheet opens it as
    UTF-8 (and keeps a trainee's accented name when saving it back), CRLF as spreadsheets write.
    """
    count = sum(1 for _ in versions[0].questions())  # every version holds the same items
    header = ["trainee", "version", *(str(number) for number in range(1, count + 1))]
    return ("\ufeff" + ",".join(header) + "\r\n").encode("utf-8")


def manifest(plan: ExamPlan, versions: list[Version], files: list[str]) -> str:
    """``manifest.json``: what went in (blueprint and bank hashes, seed) and what came out."""
    blueprint = plan.blueprint
    data = {
        "exam": blueprint.exam,
        "title": blueprint.title,
        "blueprint": {"file": os.path.basename(blueprint.path), "sha256": blueprint.sha256},
        "banks": [_bank_entry(plan, bank) for bank in plan.banks],
        "seed": blueprint.seed,
        "items": [question.id for question in plan.questions()],
        "versions": {v.letter: [p.question.id for p in v.questions()] for v in versions},
        "tool": {"quizgen": __version__, "weasyprint": _weasyprint_version()},
        "files": files,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _bank_entry(plan: ExamPlan, bank: Bank) -> dict[str, str]:
    """A bank as the blueprint names it (never an absolute path of this machine), and its hash."""
    written = next(
        name
        for section in plan.blueprint.sections
        for name in section.banks
        if plan.blueprint.bank_file(name) == bank.path
    )
    digest = hashlib.sha256(Path(bank.path).read_bytes()).hexdigest()
    return {"bank": bank.id, "file": written, "sha256": digest}


def _weasyprint_version() -> str:
    import weasyprint  # the PDF bytes depend on it: name it

    return str(weasyprint.__version__)


def build_exam(
    blueprint_path: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    language: str = "en",
    progress: Progress | None = None,
    translations_of: Callable[[Bank], gettext.NullTranslations] | None = None,
) -> list[str]:
    """Check the blueprint and its banks, then write every file of the exam to *outdir*.

    Documents are in *language* (English where the catalog has no translation); bank
    text is translated where *translations_of* (bank -> its translations) has a translation
    (the same items drawn).
    Return the names written. Raise :class:`~quizgen.bank.problems.QuizgenError` on bad input.
    """
    plan = plan_exam(blueprint_path)
    if translations_of is not None:
        plan = translate_plan(plan, translations_of)
    versions = make_versions(plan)
    documents = render_all(plan, versions, language, progress)  # every file but the manifest
    for version in versions:
        documents[f"key-{version.letter}.csv"] = key_csv(version).encode("utf-8")
    documents[RESPONSES_TEMPLATE] = responses_template(versions)
    names = [*sorted(documents), "manifest.json"]
    documents["manifest.json"] = manifest(plan, versions, names).encode("utf-8")
    _write(Path(outdir), documents)
    return names


def _write(outdir: Path, documents: dict[str, bytes]) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for name in _stale_files(outdir, set(documents)):
        (outdir / name).unlink(missing_ok=True)
    for name, content in documents.items():
        (outdir / name).write_bytes(content)


def _stale_files(outdir: Path, keep: set[str]) -> list[str]:
    """Files an earlier build listed in its manifest and this one does not write (version D)."""
    try:
        earlier = json.loads((outdir / "manifest.json").read_text("utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [
        name
        for name in earlier
        if isinstance(name, str) and name == os.path.basename(name) and name not in keep
    ]
