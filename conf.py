"""Sphinx configuration of the CIT training course site."""

from __future__ import annotations

import re

project = "CIT Training"
author = "CIT training platform contributors"
copyright = (  # the footer of every page: the licenses, see docs/license.md
    "2026, CIT training platform contributors. "
    "Course content: CC BY 4.0; code: Apache-2.0 (see License and attribution)"
)
language = "en"  # "es": a Spanish interface (or `make html LANGUAGE=es`); see docs/authoring
# Translations of pages and banks: locale/<language>/LC_MESSAGES/*.po (`make gettext`,
# `make update-po LANGUAGE=es`); a page or item without one shows in English.
locale_dirs = ["locale/"]
gettext_compact = False  # one catalog per page, so a team can translate page by page

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "quizgen",
    "quizgen.sphinx_ext.a11y",  # accessibility repairs to the theme's HTML (axe-core)
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    ".ci",
    ".git",
    ".pytest_cache",
    "**/.pytest_cache",
    "tests",
    "benchmarks",
    "README.md",
    "curriculum/exams",
    "curriculum/_shared",  # blocks included into several pages
]

myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "fieldlist"]
myst_heading_anchors = 3

bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "CIT Training"

# Two editions from one source: the trainee edition (`make html`, the default)
# and the instructor edition (`make instructor`, `-t instructor`), which adds
# instructor notes, role players' cards, exam coverage and the authoring guide.
INSTRUCTOR_ONLY = ["docs/instructor", "docs/authoring"]
if tags.has("instructor"):  # noqa: F821 (Sphinx provides `tags` to conf.py)
    html_title += " (instructor edition)"
    html_theme_options = {"announcement": "Instructor edition: not for trainees."}
    # A results report of the final exam from a simulated class, in results/ (see the
    # authoring guide's "After the exam"); secure items' text withheld.
    quizgen_sample_results = ["curriculum/exams/cit-written-final.exam.yaml"]
    # Every branching scenario's facilitator guide and participant cards, in scenarios/.
    quizgen_scenario_pdfs = True
else:
    exclude_patterns += INSTRUCTOR_ONLY


def _drop_instructor_blocks(app, docname, source):
    """Trainee edition: remove <!-- instructor --> ... <!-- /instructor --> (toctrees of
    instructor-only pages, which an {only} block cannot hide from Sphinx)."""
    source[0] = re.sub(r"<!-- instructor -->.*?<!-- /instructor -->", "", source[0], flags=re.S)


def setup(app):
    if not tags.has("instructor"):  # noqa: F821
        app.connect("source-read", _drop_instructor_blocks)


html_copy_source = False  # _sources/ would publish instructor-only text
html_show_sourcelink = False
