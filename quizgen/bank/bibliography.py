"""The project's bibliography, as far as banks need it: which citation keys exist.

Items name their sources with ``cite:`` keys of the BibTeX files the site's
bibliography is built from (``bibtex_bibfiles`` in ``conf.py``). Checking a
key needs only the keys, so this reads entry heads (``@article{key,``) and
nothing else; sphinxcontrib-bibtex formats the entries on the site.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizgen.bank.problems import Problem, QuizgenError

# An entry head: @type{key, or @type(key, ; @string, @comment and @preamble hold no key.
_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,{}()]+)[ \t]*,", re.M)
_NOT_ENTRIES = frozenset({"string", "comment", "preamble"})


@dataclass(frozen=True)
class Bibliography:
    """The citation keys of one or more ``.bib`` files, with where each is defined."""

    files: tuple[str, ...] = ()
    keys: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (file, line)

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def named(self) -> str:
        """The files, as a problem names them."""
        return ", ".join(self.files) or "no .bib file"

    def unknown(self, key: str) -> str:
        """The problem with a ``cite:`` key the files do not define, with a close key if any."""
        message = f"cite key {key!r} is not in the bibliography ({self.named()})"
        close = difflib.get_close_matches(key, sorted(self.keys), n=1, cutoff=0.6)
        return message + (f" (did you mean '{close[0]}'?)" if close else "")


def read_bibliography(paths: Iterable[str | os.PathLike[str]]) -> Bibliography:
    """The keys of every entry in *paths*; raise :class:`QuizgenError` if a file cannot be read.

    BibTeX keys are case-insensitive, but sphinxcontrib-bibtex matches them as
    written, so they are kept (and checked) exactly as written.
    """
    files: list[str] = []
    keys: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for path in paths:
        name = os.fspath(path)
        files.append(name)
        try:
            with open(name, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as error:
            problems.append(Problem(name, 1, f"cannot read the bibliography: {error.strerror}"))
            continue
        except UnicodeDecodeError as error:
            line = text_line(error.object[: error.start])
            problems.append(Problem(name, line, "the bibliography is not UTF-8 text"))
            continue
        for match in _ENTRY.finditer(text):
            if match.group(1).lower() in _NOT_ENTRIES:
                continue
            keys.setdefault(match.group(2), (name, text.count("\n", 0, match.start()) + 1))
    if problems:
        raise QuizgenError(problems)
    return Bibliography(tuple(files), keys)


def text_line(before: bytes) -> int:
    """The line number of the byte after *before*."""
    return before.count(b"\n") + 1
