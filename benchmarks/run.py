"""Benchmarks that print figures: ``python -m benchmarks.run [check]``.

Goals are figures to compare, not timed tests: a slow machine makes them
larger, it does not make the test suite flaky.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.site import bench_site
from benchmarks.synthetic import bank_yaml
from benchmarks.themes import bench_themes
from quizgen.bank.loader import load_bank, load_catalog
from quizgen.exam.build import build_exam
from quizgen.interchange.base import quiz_of_banks
from quizgen.interchange.formats import FORMATS


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


def bench_exam(workdir: Path) -> None:
    """Build 4 versions of a 100-question exam: HTML, PDFs, answer sheets, keys (goal: < 10 s)."""
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
    started = time.perf_counter()
    names = build_exam(blueprint, workdir / "out")
    elapsed = time.perf_counter() - started
    size = sum((workdir / "out" / name).stat().st_size for name in names)
    print(
        f"exam: 4 versions of a 100-question exam ({len(names)} files, {size:,} bytes: "
        f"PDFs, answer sheets, keys) built in {elapsed:.2f} s"
    )


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
    "lms": bench_lms,
    "site": bench_site,
    "themes": bench_themes,
}


# themes needs extra themes installed: ask for it by name.
DEFAULT = ["check", "exam", "lms", "site"]


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
