"""What an academy deploys beside the pages: its profile, the secure-pool leak scan, the zip.

No Sphinx here: :mod:`quizgen.sphinx_ext.academy` puts the profile in pages.
"""
