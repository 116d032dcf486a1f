"""How far a long command has got: a redrawn line on a terminal, plain lines in a log.

``quizgen exam``, ``export``, ``score``, ``scorm`` and ``scenarios`` take seconds to
minutes (every PDF is laid out by WeasyPrint). They report each step here, on
standard error so that standard output keeps only results:

- on a terminal, one line redrawn in place: ``quizgen exam [#####·····] 5/13 key, version B``;
- anywhere else (a log, CI, a pipe), one plain line per step, without control characters:
  ``quizgen exam: 5/13 key, version B``;
- with ``--quiet``, nothing.
"""

from __future__ import annotations

import sys
from typing import TextIO

BAR = 10  # characters of the bar on a terminal


class Progress:
    """The steps of one command: ``plan(total)``, ``step(what)`` before each, ``done()``."""

    def __init__(self, command: str, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.command = command
        self.stream = sys.stderr if stream is None else stream
        self.quiet = quiet
        self.total = 0
        self.count = 0
        self._drawn = 0  # characters of the line last drawn on a terminal
        isatty = getattr(self.stream, "isatty", None)
        self.terminal = bool(isatty and isatty())

    def plan(self, total: int) -> None:
        """Say how many steps there will be (more may be added)."""
        self.total = max(total, self.count)

    def step(self, what: str) -> None:
        """Starting the next step, *what* (a few words: "key, version B")."""
        self.count += 1
        self.total = max(self.total, self.count)
        if self.quiet:
            return
        what = " ".join(what.split())  # one line, whatever a title holds
        if self.terminal:
            filled = BAR * self.count // self.total
            line = f"{self.command} [{'#' * filled}{'·' * (BAR - filled)}] "
            line += f"{self.count}/{self.total} {what}"
            self.stream.write("\r" + line.ljust(self._drawn))
            self._drawn = len(line)
        else:
            self.stream.write(f"{self.command}: {self.count}/{self.total} {what}\n")
        self.stream.flush()

    def done(self) -> None:
        """End the display (on a terminal: leave the last line and move to the next)."""
        if self.terminal and self._drawn and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
        self._drawn = 0


def silent() -> Progress:
    """Progress that says nothing: the default of library functions."""
    return Progress("", quiet=True)
