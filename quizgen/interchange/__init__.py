"""LMS interchange: banks out to Moodle XML, GIFT and Aiken (QTI and import to come).

Every exporter reads the bank model (:mod:`quizgen.bank.model`) through a
:class:`~quizgen.interchange.base.Quiz` and says what its format cannot
carry, one :class:`~quizgen.interchange.base.LeftOut` per question; nothing is
dropped silently. No Sphinx here.
"""
