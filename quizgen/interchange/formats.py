"""The formats ``quizgen export`` writes and ``quizgen import`` reads, by name."""

from __future__ import annotations

import re
from collections.abc import Callable

from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.aiken import Aiken
from quizgen.interchange.aiken_reader import read_aiken
from quizgen.interchange.base import Exporter
from quizgen.interchange.gift import Gift
from quizgen.interchange.gift_reader import read_gift
from quizgen.interchange.moodle import Moodle
from quizgen.interchange.moodle_reader import read_moodle
from quizgen.interchange.qti12 import Qti12
from quizgen.interchange.qti21 import Qti21
from quizgen.interchange.qti21_reader import read_qti21
from quizgen.interchange.reading import Reading

FORMATS: dict[str, Exporter] = {
    exporter.name: exporter for exporter in (Moodle(), Gift(), Aiken(), Qti12(), Qti21())
}

Reader = Callable[[str, bytes], Reading]
READERS: dict[str, Reader] = {
    "moodle": read_moodle,
    "gift": read_gift,
    "aiken": read_aiken,
    "qti21": read_qti21,
}


_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER:[ \t]*[A-Z][ \t]*$", re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^[ \t]*[A-Z][.)][ \t]", re.MULTILINE)


def recognise(path: str, data: bytes) -> str:
    """Which format *data* is in, from its content (then its name); raise if none fits."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if not head:
        raise QuizgenError([Problem(path, 1, "the file is empty")])
    if head.startswith(b"PK\x03\x04"):
        return "qti21"
    if head.startswith(b"<"):
        return "moodle" if b"<quiz" in head else "qti21"
    text = head.decode("utf-8", errors="replace")
    # Aiken first: its stems may hold any of GIFT's special characters, but GIFT has no
    # "ANSWER: B" line after options "A) ...".
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if "{" in text or "::" in text or "$CATEGORY" in text:
        return "gift"
    if path.lower().endswith((".gift", ".txt")) and "{" in data.decode("utf-8", errors="replace"):
        return "gift"
    names = ", ".join(READERS)
    message = f"cannot tell the format of this file (give --format, one of {names})"
    raise QuizgenError([Problem(path, 1, message)])
