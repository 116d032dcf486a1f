project = "Quiz test"
extensions = ["myst_parser", "quizgen", "quizgen.sphinx_ext.a11y"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
