project = "Language and sources test"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "quizgen"]
exclude_patterns = ["_build"]
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
# An academy's own term, and one of quizgen's silenced.
quizgen_language_terms = [
    {"term": "frequent flyer", "instead": '"a person we see often"', "why": "slang"},
]
quizgen_language_ignore = ["handicapped"]
