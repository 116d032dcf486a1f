"""Zip files that are the same bytes for the same content: fixed dates, order and permissions.

The offline site, the LMS packages and (later) the SCORM package are zips that an
academy checks into version control or compares between builds: the same input
must give the same file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no build date leaks


def add(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    """Write *content* as *name*, compressed, with a fixed date and ``rw-r--r--``."""
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so that the permissions below mean what they say
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    archive.writestr(info, content)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The zip of *files* (name to content), in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            add(archive, name, content)
    return buffer.getvalue()
