"""The language check: stigmatizing or outdated terms in pages and banks.

The terms are data (``language.yaml`` beside this module): each with why it
hurts, what to say instead and the guidance that says so. Text in double
quotation marks is exempt, so a lesson can still teach what not to say
("never write 'committed suicide'" is fine when the phrase is quoted), and
so are the phrases a term lists as ``allow`` (proper names such as the
Substance Abuse and Mental Health Services Administration). Academies add
terms and silence one in ``conf.py`` (:func:`language_check`).

Sphinx-free: builds check pages and banks with it, ``quizgen check`` banks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from quizgen.bank.problems import Problem
from quizgen.bank.yamlsource import Path, SourceMap

# Double-quoted spans: straight "...", curly “...”, and guillemets «...».
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»', re.S)
# Inline code in bank text: `...` (pages skip literal nodes instead).
_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Term:
    """A term to avoid, with the reason, the alternative and who says so."""

    term: str
    instead: str
    why: str = ""
    source: str = ""
    forms: tuple[str, ...] = ()  # other spellings and inflections, matched too
    allow: tuple[str, ...] = ()  # phrases holding the term that are fine: proper names

    def message(self, found: str) -> str:
        """What a warning says about *found* (the term as written)."""
        why = f" ({self.why})" if self.why else ""
        return f"{found!r}{why}: say {self.instead} instead"


@dataclass(frozen=True)
class Finding:
    """A term found in a text, at *start* (a character offset)."""

    term: Term
    found: str
    start: int


class LanguageCheck:
    """Finds the terms of one list in texts, outside quotation marks."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        alternatives = []
        for index, term in enumerate(self.terms):
            words = sorted({term.term, *term.forms}, key=len, reverse=True)
            pattern = "|".join(_phrase(word) for word in words)
            alternatives.append(f"(?P<t{index}>{pattern})")
        joined = "|".join(alternatives) or "(?!)"
        self._pattern = re.compile(rf"(?<![\w-])(?:{joined})(?![\w-])", re.IGNORECASE)
        allowed = sorted({phrase for term in self.terms for phrase in term.allow}, key=len)
        self._allowed = (
            re.compile("|".join(_phrase(phrase) for phrase in reversed(allowed)), re.IGNORECASE)
            if allowed
            else None
        )

    def find(self, text: str, *, code: bool = False) -> list[Finding]:
        """The terms in *text* outside quotation marks (and outside `code` if *code*)."""
        if not self.terms:
            return []
        masked = _mask(_QUOTED, text)
        if code:
            masked = _mask(_CODE, masked)
        if self._allowed is not None:
            masked = _mask(self._allowed, masked)
        findings = []
        for match in self._pattern.finditer(masked):
            assert match.lastgroup is not None
            term = self.terms[int(match.lastgroup[1:])]
            findings.append(Finding(term, text[match.start() : match.end()], match.start()))
        return findings


def _phrase(words: str) -> str:
    """A regex for a phrase: its words as written, any white space (a line break) between."""
    return r"\s+".join(re.escape(word) for word in words.split())


def _mask(pattern: re.Pattern[str], text: str) -> str:
    """*text* with every match of *pattern* blanked (same length, line breaks kept)."""
    return pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


# -- the list, and what conf.py adds or silences ------------------------------------------


@cache
def shipped_terms() -> tuple[Term, ...]:
    """The terms shipped with quizgen (``language.yaml``)."""
    text = resources.files("quizgen").joinpath("bank/language.yaml").read_text("utf-8")
    entries = yaml.safe_load(text)["terms"]
    return tuple(_term(entry) for entry in entries)


def _term(entry: Mapping[str, Any]) -> Term:
    return Term(
        term=str(entry["term"]).strip(),
        instead=str(entry["instead"]).strip(),
        why=str(entry.get("why", "")).strip(),
        source=str(entry.get("source", "")).strip(),
        forms=tuple(str(form).strip() for form in entry.get("forms", ())),
        allow=tuple(str(phrase).strip() for phrase in entry.get("allow", ())),
    )


def language_check(
    extra: Iterable[Any] = (), silenced: Iterable[str] = ()
) -> tuple[LanguageCheck, list[str]]:
    """The shipped terms plus *extra*, less those named in *silenced*; and what was wrong.

    *extra* entries are mappings with ``term`` and ``instead`` (``why``,
    ``source``, ``forms``, ``allow`` optional), as ``quizgen_language_terms``
    in ``conf.py`` gives them; *silenced* names terms (``quizgen_language_ignore``).
    Entries that cannot be used are left out and described in the second value.
    """
    errors: list[str] = []
    terms = list(shipped_terms())
    for index, entry in enumerate(extra):
        if not isinstance(entry, Mapping) or not all(
            isinstance(entry.get(key), str) and entry[key].strip() for key in ("term", "instead")
        ):
            errors.append(
                f"quizgen_language_terms[{index}] must be a mapping with 'term' and 'instead' "
                f"texts (found {entry!r})"
            )
            continue
        lists = [entry.get(key, []) for key in ("forms", "allow")]
        if not all(isinstance(value, list | tuple) for value in lists):
            errors.append(f"quizgen_language_terms[{index}]: 'forms' and 'allow' must be lists")
            continue
        terms.append(_term(entry))
    known = {term.term.casefold() for term in terms}
    dropped = set()
    for name in silenced:
        folded = str(name).strip().casefold()
        if folded not in known:
            errors.append(f"quizgen_language_ignore: {name!r} is not a term of the language check")
        dropped.add(folded)
    return LanguageCheck(term for term in terms if term.term.casefold() not in dropped), errors


# -- banks -------------------------------------------------------------------------------


def text_fields(question: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    """(key path, text) of every text of a question a trainee or instructor reads.

    Not ``source`` (a citation quotes titles as published) and not ids, tags or keys.
    """
    for key in ("stem", "explanation", "model_answer"):
        if isinstance(question.get(key), str):
            yield (key,), question[key]
    for key in ("items", "accept", "rubric"):
        values = question.get(key)
        for index, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str):
                yield (key, index), value
    for key, parts in (("options", ("text", "feedback")), ("pairs", ("left", "right"))):
        values = question.get(key)
        for index, value in enumerate(values if isinstance(values, list) else []):
            for name in parts:
                if isinstance(value, dict) and isinstance(value.get(name), str):
                    yield (key, index, name), value[name]


def file_warnings(
    check: LanguageCheck,
    texts: Iterable[tuple[Path, str]],
    source: SourceMap,
    subject: Callable[[Path], str],
) -> Iterator[Problem]:
    """The terms in the texts of a YAML file (key path, text), each a warning at its line:
    ``file:line: subject: language: message``. Code spans are exempt too."""
    for where, text in texts:
        for finding in check.find(text, code=True):
            line = source.text_line(where, text[: finding.start])
            message = f"language: {finding.term.message(finding.found)}"
            yield Problem(source.path, line, message, subject(where))
