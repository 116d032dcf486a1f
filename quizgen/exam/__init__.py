"""Printed exams: blueprints, the items they draw, versions, and their documents.

``quizgen exam`` runs :func:`quizgen.exam.build.build_exam`. No Sphinx here.
"""
