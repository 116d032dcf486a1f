"""What quizgen keeps between documents: a Sphinx domain, as ``sphinx.ext.todo`` keeps todos.

The domain records which quizzes each page holds (bank and question ids: the
modules of "My progress" are made from them), which pages hold a progress
table, and the glossary: each page's term definitions, and the pages that link
to a term. Sphinx forgets a page's entries when it reads the page again
(:meth:`QuizgenDomain.clear_doc`) and merges the entries that ``-j`` workers
read (:meth:`QuizgenDomain.merge_domaindata`), so incremental and parallel
builds see what a fresh serial build sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, TypedDict

from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class QuizEntry(TypedDict):
    """One quiz on a page: its bank and the ids of the questions it shows."""

    bank: str
    ids: list[str]


class QuizgenDomain(Domain):
    """quizgen's data across documents (no directives or roles of its own)."""

    name = "quizgen"
    label = "quizgen"
    data_version = 3
    initial_data = {  # noqa: RUF012  # Sphinx copies it into each environment
        "quizzes": {},  # docname -> [QuizEntry]
        "scenarios": {},  # docname -> [scenario summary for "My progress"]
        "progress_pages": {},  # docname -> None: the pages holding {quiz-progress}
        "terms": {},  # docname -> {glossary entry id: its definition as text}
        "term_users": {},  # docname -> None: the pages that link to a glossary term
        "shown": {},  # builder name -> the modules its progress pages were written with
    }

    @property
    def quizzes(self) -> dict[str, list[QuizEntry]]:
        """Docname -> the quizzes on that page."""
        found: dict[str, list[QuizEntry]] = self.data["quizzes"]
        return found

    @property
    def progress_pages(self) -> list[str]:
        """The pages holding a progress table, sorted."""
        return sorted(self.data["progress_pages"])

    @property
    def shown(self) -> dict[str, str]:
        """Per builder, the modules (as JSON) its progress pages were last written with."""
        found: dict[str, str] = self.data["shown"]
        return found

    def note_quiz(self, docname: str, bank: str, ids: Iterable[str]) -> None:
        """Record a quiz read on *docname*."""
        self.quizzes.setdefault(docname, []).append({"bank": bank, "ids": list(ids)})

    @property
    def scenarios(self) -> dict[str, list[dict[str, Any]]]:
        """Docname -> the scenarios on that page (id, title, where each choice leads)."""
        found: dict[str, list[dict[str, Any]]] = self.data["scenarios"]
        return found

    def note_scenario(self, docname: str, summary: dict[str, Any]) -> None:
        """Record a scenario read on *docname*."""
        self.scenarios.setdefault(docname, []).append(summary)

    def note_terms(self, docname: str, definitions: dict[str, str]) -> None:
        """Record the glossary entries *docname* defines: ``{entry id: definition}``."""
        self.data["terms"][docname] = definitions

    def note_term_user(self, docname: str) -> None:
        """Record that *docname* links to a glossary term."""
        self.data["term_users"][docname] = None

    def definitions(self) -> dict[str, str]:
        """Every glossary entry of the site: ``{entry id: definition}``."""
        terms: dict[str, dict[str, str]] = self.data["terms"]
        return {entry: text for defined in terms.values() for entry, text in defined.items()}

    def defines_terms(self, docname: str) -> bool:
        """Whether *docname* holds glossary entries."""
        return docname in self.data["terms"]

    @property
    def term_users(self) -> set[str]:
        """The pages that link to a glossary term."""
        return set(self.data["term_users"])

    def note_progress_page(self, docname: str) -> None:
        """Record that *docname* holds a progress table."""
        self.data["progress_pages"][docname] = None

    def clear_doc(self, docname: str) -> None:
        self.quizzes.pop(docname, None)
        self.scenarios.pop(docname, None)
        self.data["progress_pages"].pop(docname, None)
        self.data["terms"].pop(docname, None)
        self.data["term_users"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["quizzes"]:
                self.quizzes[docname] = otherdata["quizzes"][docname]
            if docname in otherdata.get("scenarios", {}):
                self.scenarios[docname] = otherdata["scenarios"][docname]
            if docname in otherdata["progress_pages"]:
                self.data["progress_pages"][docname] = None
            if docname in otherdata.get("terms", {}):
                self.data["terms"][docname] = otherdata["terms"][docname]
            if docname in otherdata.get("term_users", {}):
                self.data["term_users"][docname] = None


def quizgen_domain(env: BuildEnvironment) -> QuizgenDomain:
    """The build's quizgen domain."""
    domain = env.get_domain("quizgen")
    assert isinstance(domain, QuizgenDomain)
    return domain
