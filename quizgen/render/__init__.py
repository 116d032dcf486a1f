"""Rendering shared by every output: safe Markdown, what an answer means, PDF, translations.

Reads the bank model; imports no Sphinx or docutils, so exams, exporters and
reports use it as the site does.
"""
