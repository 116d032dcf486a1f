project = "Handbook test"
copyright = "2026, the test authors. Content: CC BY 4.0"  # the first page shows it
html_title = "Handbook test course"  # the running head of every page but the first
extensions = ["myst_parser", "sphinx_design", "quizgen"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
html_theme_options = {"sidebar_hide_name": True}  # furo's: the handbook theme must ignore it
