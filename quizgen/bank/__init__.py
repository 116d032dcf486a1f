"""Banks: the model of questions, reading YAML with its lines, schema validation, loading.

The bottom layer. Everything else reads banks through :mod:`quizgen.bank.model`;
nothing here imports Sphinx, docutils or any renderer.
"""
