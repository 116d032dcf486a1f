"""Exam results: marked answer sheets in, scores and item analysis out.

``quizgen score`` runs :func:`quizgen.results.outputs.score_exam`: it rebuilds
the versions of a printed exam from its blueprint (:mod:`quizgen.exam`), reads
the responses file (:mod:`~quizgen.results.responses`), maps every answer back
to its question and the bank's own option (:mod:`~quizgen.results.scoring`),
computes the figures of ``shared/spec/results.md``
(:mod:`~quizgen.results.analysis`) and writes them
(:mod:`~quizgen.results.outputs`). No Sphinx here.
"""
