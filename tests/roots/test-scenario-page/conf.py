project = "Scenario page test"
extensions = ["myst_parser", "quizgen"]
exclude_patterns = ["_build"]
html_theme = "furo"
