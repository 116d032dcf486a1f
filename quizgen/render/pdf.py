"""PDF through WeasyPrint, identical for identical HTML (exams and the handbook alike)."""

from __future__ import annotations

import hashlib
import logging


def pdf_bytes(document: str, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document.

    The document carries no dates (WeasyPrint then writes none) and its PDF
    identifier is a hash of the HTML, so the bytes depend only on the content.
    *base_url* is where relative links (images, style sheets) are found.
    """
    # Its step-by-step progress (even on import) is not news to whoever asked for a PDF.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # slow to import: only when a PDF is made

    identifier = hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode("ascii")
    pdf: bytes = HTML(string=document, base_url=base_url).write_pdf(pdf_identifier=identifier)
    return pdf
