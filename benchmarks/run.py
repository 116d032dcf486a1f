"""Benchmarks that print figures: ``python -m benchmarks.run [check|exam|score|...]``.

Goals are figures to compare, not timed tests: a slow machine makes them
larger, it does not make the test suite flaky.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.site import bench_site
from benchmarks.synthetic import bank_yaml
from benchmarks.themes import bench_themes
from quizgen.bank.language import language_check
from quizgen.bank.loader import load_bank, load_catalog
from quizgen.exam.blueprint import plan_exam
from quizgen.exam.build import build_exam
from quizgen.exam.versions import make_versions
from quizgen.interchange.base import quiz_of_banks
from quizgen.interchange.formats import FORMATS
from quizgen.render.answers import LETTERS
from quizgen.results.outputs import score_exam


def bench_check(workdir: Path) -> None:
    """Validate one 5,000-question bank (goal: a few seconds)."""
    path = workdir / "large.bank.yaml"
    path.write_text(bank_yaml("large", 5000), "utf-8")
    started = time.perf_counter()
    catalog = load_catalog([path])
    elapsed = time.perf_counter() - started
    assert not catalog.problems, catalog.problems[:3]
    size = path.stat().st_size
    print(f"check: 5,000-question bank ({size:,} bytes) validated in {elapsed:.2f} s")
    check, _ = language_check()
    started = time.perf_counter()
    load_catalog([path], language=check)
    with_language = time.perf_counter() - started
    print(f"check with the language check (as quizgen check runs it): {with_language:.2f} s")


def bench_exam(workdir: Path) -> None:
    """Build 4 versions of a 100-question exam: HTML, PDFs, answer sheets, keys (goal: < 10 s)."""
    blueprint = write_exam(workdir)
    names, elapsed = build_timed(blueprint, workdir / "out")
    size = sum((workdir / "out" / name).stat().st_size for name in names)
    print(
        f"exam: 4 versions of a 100-question exam ({len(names)} files, {size:,} bytes: "
        f"PDFs, answer sheets, keys) built in {elapsed:.2f} s"
    )


def write_exam(workdir: Path) -> Path:
    """The benchmark's exam: a 400-question bank, 25 items drawn per objective, 4 versions."""
    (workdir / "exam.bank.yaml").write_text(bank_yaml("exam", 400), "utf-8")
    sections = "".join(
        f"  - title: Objective {n}\n    banks: [exam.bank.yaml]\n"
        f"    objectives: [OB-{n}]\n    count: 25\n"
        for n in range(1, 5)
    )
    blueprint = workdir / "bench.exam.yaml"
    blueprint.write_text(
        "exam: bench\ntitle: Benchmark exam\nseed: 1\nversions: 4\npass_mark: 80\n"
        f"duration: 120\nsections:\n{sections}",
        "utf-8",
    )
    return blueprint


def build_timed(blueprint: Path, outdir: Path) -> tuple[list[str], float]:
    """The files ``quizgen exam`` writes, and the seconds it took."""
    started = time.perf_counter()
    names = build_exam(blueprint, outdir)
    return names, time.perf_counter() - started


def bench_score(workdir: Path) -> None:
    """Score 500 trainees on the ``exam`` benchmark's exam (goal: well under building it)."""
    blueprint = write_exam(workdir)
    _, build = build_timed(blueprint, workdir / "out")
    responses = workdir / "responses.csv"
    responses.write_text(simulated_responses(blueprint, 500, seed=20261127), "utf-8-sig")
    started = time.perf_counter()
    analysis = score_exam(blueprint, responses, workdir / "results")
    elapsed = time.perf_counter() - started
    flagged = sum(1 for item in analysis.items if item.flags)
    written = len(list((workdir / "results").iterdir()))
    print(f"score: building the 100-question exam (4 versions): {build:.2f} s")
    print(
        f"score: {analysis.summary.n} trainees x {analysis.summary.items} items scored, analysed "
        f"({flagged} flagged) and {written} files written in {elapsed:.2f} s: "
        f"{elapsed / build:.2f} x building the exam"
    )


def simulated_responses(blueprint: Path, count: int, seed: int) -> str:
    """A responses file of *count* trainees: ability varies, a choice is right or a guess."""
    versions = make_versions(plan_exam(blueprint))
    rng = random.Random(seed)
    numbers = range(1, sum(1 for _ in versions[0].questions()) + 1)
    rows = [["trainee", "version", *map(str, numbers)]]
    for n in range(1, count + 1):
        version = rng.choice(versions)
        ability = rng.uniform(0.3, 0.95)
        rows.append(
            [f"T-{n:03d}", version.letter]
            + [simulated_cell(p.bubbles, p.key(), ability, rng) for p in version.questions()]
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def simulated_cell(bubbles: int, key: str, ability: float, rng: random.Random) -> str:
    """One answer: the printed key with chance *ability*, else a random letter or blank."""
    if not bubbles:  # written: the grader's points, in quarters
        return str(min(4, max(0, round(ability * 4 + rng.choice((-1, 0, 1))))) / 4)
    if rng.random() < ability:
        return key.split(" (")[0]  # a true-or-false key reads "A (True)"
    return rng.choice(["", *LETTERS[:bubbles]])


def bench_lms(workdir: Path) -> None:
    """Export one 5,000-question bank to each LMS format (goal: each below ``check`` of it).

    ``check`` is the bank read and validated; an export is the writing that follows (the
    ``quizgen export`` command does both, so its whole time is the two added up).
    """
    path = workdir / "lms.bank.yaml"
    path.write_text(bank_yaml("lms", 5000), "utf-8")
    started = time.perf_counter()
    banks = [load_bank(path)]
    check = time.perf_counter() - started
    print(f"lms: check of the 5,000-question bank: {check:.2f} s")
    for name, exporter in FORMATS.items():
        started = time.perf_counter()
        out = exporter.export(quiz_of_banks(banks))
        target = workdir / f"lms{exporter.suffix}"
        target.write_bytes(out.content)
        elapsed = time.perf_counter() - started
        print(
            f"lms: {name:<6} {out.written:,} questions, {len(out.content):,} bytes "
            f"in {elapsed:.2f} s: {elapsed / check:.2f} x check"
        )


BENCHMARKS: dict[str, Callable[[Path], None]] = {
    "check": bench_check,
    "exam": bench_exam,
    "score": bench_score,
    "lms": bench_lms,
    "site": bench_site,
    "themes": bench_themes,
}


# themes needs extra themes installed: ask for it by name.
DEFAULT = ["check", "exam", "score", "lms", "site"]


def main() -> None:
    """Run the named benchmarks (default: all) in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=DEFAULT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in args.names or DEFAULT:
            BENCHMARKS[name](Path(folder))


if __name__ == "__main__":
    main()
