"""``python -m quizgen``: the same as the ``quizgen`` command."""

from __future__ import annotations

import sys

from quizgen.cli import main

sys.exit(main())
