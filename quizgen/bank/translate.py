"""Bank text in another language: the template translators fill in, and the banks it gives.

Every text a trainee or an exam reads (a bank's title, objectives, stems, options,
feedback, explanations, pairs, items to order, accepted answers, model answers and
rubrics) is a message of the bank's own gettext domain, ``banks/<bank id>``.
``quizgen gettext`` writes one template per bank, ``banks/<bank id>.pot``, beside
the page templates of ``make gettext``; translators fill in
``locale/<language>/LC_MESSAGES/banks/<bank id>.po``, bank by bank, with the tools
they use for pages (Poedit, Weblate, sphinx-intl). :func:`translate_bank` gives the bank with
every translated message in place and English wherever a message has none yet.
Ids, answers, points and every other field stay as they are, so a translated
exam draws the same items and is scored by the same key.
"""

from __future__ import annotations

import dataclasses
import gettext
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from quizgen.bank.model import AnyQuestion, Bank

DOMAIN = "banks"  # the folder of the banks' domains: banks/<bank id>
TEXTS = ("title", "text", "stem", "explanation", "feedback", "left", "right", "model_answer")
LISTS = ("items", "accept", "rubric")  # tuples of text
PARTS = ("options", "pairs")  # tuples of parts holding text


@dataclass(frozen=True)
class Message:
    """One text of a bank, where it is, and what it is (a note for the translator)."""

    text: str
    path: str
    line: int
    note: str


def messages(banks: Iterable[Bank]) -> Iterator[Message]:
    """Every translatable text of *banks*, in file order."""
    for bank in banks:
        yield Message(bank.title, bank.path, bank.line, f"bank {bank.id}: title")
        for objective in bank.objectives.values():
            yield Message(objective.text, bank.path, objective.line, f"objective {objective.id}")
        for question in bank.questions:
            secure = " (use: exam, secure: never on the site)" if question.use == "exam" else ""
            note = f"question {question.id}{secure}"
            yield from _texts(question, bank.path, question.line, note)


def _texts(part: Any, path: str, line: int, note: str) -> Iterator[Message]:
    line = getattr(part, "line", 0) or line
    for name in TEXTS:
        value = getattr(part, name, None)
        if isinstance(value, str) and value.strip() and name != "title":
            yield Message(value, path, line, f"{note}: {name}")
    for name in LISTS:
        for value in getattr(part, name, ()):
            yield Message(value, path, line, f"{note}: {name}")
    for name in PARTS:
        for child in getattr(part, name, ()):
            yield from _texts(child, path, line, f"{note}: {name[:-1]}")


def domain(bank: Bank) -> str:
    """The gettext domain of *bank*'s text: ``banks/<bank id>``."""
    return f"{DOMAIN}/{bank.id}"


def template(bank: Bank) -> bytes:
    """The template of *bank*'s text: one entry per distinct text, with where and what it is."""
    catalog = Catalog(project=f"quizgen bank {bank.id}", domain=domain(bank), charset="utf-8")
    for message in messages([bank]):
        found = catalog.get(message.text)
        if found is None:
            catalog.add(
                message.text,
                locations=[(message.path, message.line)],
                auto_comments=[message.note],
            )
        else:
            found.locations.append((message.path, message.line))
            found.auto_comments.append(message.note)
    out = BytesIO()
    write_po(out, catalog, width=100, sort_by_file=True)
    return out.getvalue()


def translate_bank(bank: Bank, translations: gettext.NullTranslations) -> Bank:
    """*bank* with every text that has a translation translated (English elsewhere)."""
    objectives = {
        key: _translate(objective, translations) for key, objective in bank.objectives.items()
    }
    return dataclasses.replace(
        bank,
        title=translations.gettext(bank.title),
        objectives=objectives,
        questions=tuple(translate_question(q, translations) for q in bank.questions),
    )


def translate_question(
    question: AnyQuestion, translations: gettext.NullTranslations
) -> AnyQuestion:
    """One question, translated where its texts have translations."""
    translated: AnyQuestion = _translate(question, translations)
    return translated


def _translate(part: Any, translations: gettext.NullTranslations) -> Any:
    changes: dict[str, Any] = {}
    fields = {field.name for field in dataclasses.fields(part)}
    for name in fields & {*TEXTS} - {"title"}:
        value = getattr(part, name)
        if isinstance(value, str) and value.strip():
            changes[name] = translations.gettext(value)
    for name in fields & {*LISTS}:
        changes[name] = tuple(
            translations.gettext(value) if value.strip() else value for value in getattr(part, name)
        )
    for name in fields & {*PARTS}:
        changes[name] = tuple(_translate(child, translations) for child in getattr(part, name))
    return dataclasses.replace(part, **changes)
