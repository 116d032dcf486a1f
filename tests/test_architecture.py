"""The layers of quizgen hold at run time, not only in ``lint-imports``'s reading of the code."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = [
    "quizgen",
    "quizgen.bank.loader",
    "quizgen.render.answers",
    "quizgen.render.markup",
    "quizgen.render.i18n",
    "quizgen.exam.build",
    "quizgen.exam.documents",
    "quizgen.site.academy",
    "quizgen.site.leaks",
    "quizgen.site.dist",
    "quizgen.cli",
]


def test_the_core_and_the_command_line_run_without_sphinx_or_docutils() -> None:
    """Importing every core module (and running ``quizgen check``) loads no Sphinx."""
    script = (
        "import sys, json, importlib\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "from quizgen.cli import main\n"
        "main(['check', 'tests/data/all-types.bank.yaml'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils'})\n"
        "print(json.dumps(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_the_sphinx_extension_is_what_loads_sphinx() -> None:
    """The check above can fail: the extension's package does load Sphinx."""
    script = (
        "import sys, quizgen.sphinx_ext\n"
        "print('sphinx' in sys.modules and 'docutils' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
