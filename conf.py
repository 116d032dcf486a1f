"""Sphinx configuration of the CIT training course site."""

from __future__ import annotations

project = "CIT Training"
author = "CIT training platform contributors"
copyright = "2026, CIT training platform contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "quizgen",
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
]

myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "fieldlist"]
myst_heading_anchors = 3

bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "CIT Training"
html_copy_source = False  # _sources/ would publish instructor-only text
html_show_sourcelink = False
