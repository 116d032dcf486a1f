project = "Progress test"
extensions = ["myst_parser", "quizgen", "quizgen.sphinx_ext.a11y"]
exclude_patterns = ["_build"]
html_theme = "furo"
