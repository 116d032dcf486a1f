"""The quiz's cost in a site build: a synthetic course with and without its quiz blocks."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import bank_yaml
from quizgen.html import CSS_FILE, JS_FILE, STATIC

PAGES = 200
BANKS = 50  # 100 questions each: 5,000 in all, 4 pages per bank (one per objective)
CONF = 'project = "Benchmark"\nextensions = ["myst_parser", "sphinx_design", "quizgen"]\n'
CONF += 'html_theme = "furo"\nexclude_patterns = ["_build"]\n'

LESSON = """
## Part {part}

When you arrive, slow the call down. Create *distance* and time, and use the time to
listen: an officer who listens first learns what the person needs, what they fear and
what might help. A person in crisis may not follow commands; **repeating** them louder
rarely works. Offer choices, one at a time, and give the person time to answer.

- Introduce yourself by name.
- Ask open questions: "What happened tonight?"
- Label the emotion you hear: "You sound exhausted."
- Summarize before you suggest anything.

"""


def write_course(root: Path, with_quizzes: bool) -> None:
    """A course of 200 lesson pages (about 1,100 words each), with or without quizzes."""
    root.mkdir(parents=True)
    (root / "conf.py").write_text(CONF, "utf-8")
    names = [f"page-{n:03d}" for n in range(PAGES)]
    toctree = "\n".join(names)
    (root / "index.md").write_text(f"# Course\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")
    if with_quizzes:
        for bank in range(BANKS):
            text = bank_yaml(f"bank-{bank:02d}", 100, prefix=f"b{bank:02d}")
            (root / f"bank-{bank:02d}.bank.yaml").write_text(text, "utf-8")
    for n, name in enumerate(names):
        body = f"# Lesson {n}\n" + "".join(LESSON.format(part=p) for p in range(12))
        if with_quizzes:
            body += f"\n```{{quiz}} bank-{n // 4:02d}.bank.yaml\n:objectives: OB-{n % 4 + 1}\n```\n"
        (root / f"{name}.md").write_text(body, "utf-8")


def sphinx_build(root: Path) -> float:
    """Seconds for one ``sphinx-build -b html`` (incremental when the output exists)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root), str(root / "_build")]
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def bench_site(workdir: Path) -> None:
    """Print the build-time ratio, the incremental rebuild, and the runtime's gzipped size."""
    plain, quizzed = workdir / "plain", workdir / "quizzed"
    write_course(plain, with_quizzes=False)
    write_course(quizzed, with_quizzes=True)
    without = sphinx_build(plain)
    full = sphinx_build(quizzed)
    bank = quizzed / "bank-07.bank.yaml"
    bank.write_text(bank.read_text("utf-8").replace("Question 7", "Question seven"), "utf-8")
    incremental = sphinx_build(quizzed)
    print(
        f"site: {PAGES} pages, {BANKS * 100:,} questions: {full:.1f} s with quizzes, "
        f"{without:.1f} s without: ratio {full / without:.2f} (goal <= 1.15)"
    )
    print(
        f"site: incremental rebuild after editing one bank: {incremental:.1f} s, "
        f"{incremental / full:.0%} of the full build"
    )
    sizes = {
        name: len(gzip.compress((STATIC / name).read_bytes(), 9)) for name in (JS_FILE, CSS_FILE)
    }
    total = sum(sizes.values())
    print(
        f"runtime: {JS_FILE} {sizes[JS_FILE]:,} B + {CSS_FILE} {sizes[CSS_FILE]:,} B gzipped "
        f"= {total:,} B (goal <= 6,144 B; jupyterquiz about 8,500 B)"
    )
