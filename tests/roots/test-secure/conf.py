project = "Secure pool test"
extensions = ["myst_parser", "quizgen"]
exclude_patterns = ["_build"]
# html_copy_source stays on (Sphinx's default): _sources/ is searched too.
