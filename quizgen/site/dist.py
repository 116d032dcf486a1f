"""The built site as one zip, for a USB stick or an intranet share (``make dist``)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from quizgen.render.archive import add


def zip_site(site: str | os.PathLike[str], archive: str | os.PathLike[str]) -> int:
    """Write *site* into *archive* under ``html/``, leaving out hidden files; return the count.

    Hidden files are Sphinx's bookkeeping (``.buildinfo``, and ``.doctrees`` where an
    older build left it), which a trainee does not need and must not get: doctrees hold
    the source of every page, instructor notes included.
    """
    root = Path(site)
    files = [
        path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in files:  # fixed dates: the same site gives the same zip
            add(packed, f"html/{path.relative_to(root).as_posix()}", path.read_bytes())
    return len(files)
