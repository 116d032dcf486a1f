project = "Scenario test"
extensions = ["myst_parser", "quizgen"]
exclude_patterns = ["_build"]
