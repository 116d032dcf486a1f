"""The quiz's cost in a site build: a synthetic course with and without its quiz blocks."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import bank_yaml
from quizgen.sphinx_ext.html import CSS_FILE, JS_FILE, STATIC

PAGES = 200
ROUNDS = 3
# One stem in 8 holds markup: the curriculum's banks have it in 19 of their 257 practice
# stems (7 %), and in none of their options, feedback or explanations.
TYPICAL_MARKUP = 8
BANKS = 50  # 100 questions each: 5,000 in all, 4 pages per bank (one per objective)
# As the course's conf.py: quizgen and its accessibility repairs (an extension of their own).
CONF = 'project = "Benchmark"\nextensions = ["myst_parser", "sphinx_design", "quizgen", '
CONF += '"quizgen.sphinx_ext.a11y"]\n'
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


def write_course(root: Path, markup_every: int | None) -> None:
    """A course of 200 lesson pages (about 1,100 words each), with or without quizzes.

    *markup_every*: one stem in that many holds MyST markup; None: no quizzes.
    """
    root.mkdir(parents=True)
    (root / "conf.py").write_text(CONF, "utf-8")
    names = [f"page-{n:03d}" for n in range(PAGES)]
    toctree = "\n".join(names)
    (root / "index.md").write_text(f"# Course\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")
    if markup_every is not None:
        for bank in range(BANKS):
            text = bank_yaml(
                f"bank-{bank:02d}", 100, prefix=f"b{bank:02d}", markup_every=markup_every
            )
            (root / f"bank-{bank:02d}.bank.yaml").write_text(text, "utf-8")
    for n, name in enumerate(names):
        body = f"# Lesson {n}\n" + "".join(LESSON.format(part=p) for p in range(12))
        if markup_every is not None:
            body += f"\n```{{quiz}} bank-{n // 4:02d}.bank.yaml\n:objectives: OB-{n % 4 + 1}\n```\n"
        (root / f"{name}.md").write_text(body, "utf-8")


def sphinx_build(root: Path) -> float:
    """Seconds for one ``sphinx-build -b html`` (incremental when the output exists)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root), str(root / "_build")]
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def _seconds(times: list[float]) -> str:
    return " / ".join(f"{value:.1f}" for value in times) + " s"


def bench_site(workdir: Path) -> None:
    """Print the build-time ratio, the incremental rebuild, and the runtime's gzipped size."""
    plain, quizzed, marked = workdir / "plain", workdir / "quizzed", workdir / "marked"
    write_course(plain, None)
    write_course(quizzed, TYPICAL_MARKUP)
    write_course(marked, 1)
    # Full builds alternate, and each course keeps its best time: a build takes half a
    # minute, long enough for whatever else the machine does to add a second or two.
    runs: dict[Path, list[float]] = {plain: [], quizzed: [], marked: []}
    for _ in range(ROUNDS):
        for root, times in runs.items():
            shutil.rmtree(root / "_build", ignore_errors=True)
            times.append(sphinx_build(root))
    without, full, worst = (min(times) for times in runs.values())
    bank = quizzed / "bank-07.bank.yaml"
    bank.write_text(bank.read_text("utf-8").replace("Question 7", "Question seven"), "utf-8")
    incremental = sphinx_build(quizzed)
    print(
        f"site: {PAGES} pages, {BANKS * 100:,} questions: {full:.1f} s with quizzes, "
        f"{without:.1f} s without: ratio {full / without:.2f} (goal <= 1.15)"
    )
    print(
        f"site: with MyST markup in every stem instead of one in {TYPICAL_MARKUP}: {worst:.1f} s, "
        f"ratio {worst / without:.2f}"
    )
    print(
        f"site: best of {ROUNDS} alternating full builds: {_seconds(runs[quizzed])} with quizzes, "
        f"{_seconds(runs[marked])} with markup in every stem, {_seconds(runs[plain])} without"
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
