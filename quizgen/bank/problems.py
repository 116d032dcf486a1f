"""Problems found in instructors' files, reported as ``file:line: subject: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with where it is and what to do about it."""

    path: str
    line: int
    message: str
    subject: str = ""  # "bank de-escalation" or "question de-esc-007", when known

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return (
            f"{where}: {self.subject}: {self.message}"
            if self.subject
            else f"{where}: {self.message}"
        )


class QuizgenError(Exception):
    """Raised for bad input; carries every problem found, never only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
