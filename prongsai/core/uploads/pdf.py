"""PDFs: complete, not password-protected, without active content; optionally without their metadata."""

from __future__ import annotations

import io
import re

from prongsai.core.archives import Budget, BudgetExceeded
from prongsai.core.pdfcheck import PdfUnreadable, active_content
from prongsai.core.uploads.kinds import DAMAGED, PDF_ACTIVE, PDF_ENCRYPTED, PDF_INCOMPLETE, TOO_SLOW, UploadRejected

_PDF_EOF_WINDOW = 1024


_PDF_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def check_pdf(data: bytes, *, name: str, budget: Budget | None = None) -> None:
    """Refuse a PDF without ``%%EOF`` in its last 1 KB, with an ``/Encrypt`` entry (trailer or xref stream),
    or with JavaScript, ``/Launch`` or automatic actions (:func:`prongsai.core.pdfcheck.active_content`)."""
    if b"%%EOF" not in data[-_PDF_EOF_WINDOW:]:
        raise UploadRejected(PDF_INCOMPLETE, code="pdf_incomplete", params={"name": name})
    if _PDF_ENCRYPT.search(data):
        raise UploadRejected(PDF_ENCRYPTED, code="pdf_encrypted", params={"name": name})
    try:
        found = active_content(data, budget)
    except PdfUnreadable as exc:
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    except BudgetExceeded as exc:
        raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": name}) from exc
    if found is not None:
        raise UploadRejected(PDF_ACTIVE, code="pdf_active_content", params={"name": name})


def pdf_without_metadata(data: bytes, *, name: str) -> bytes:
    """The PDF rewritten without its /Info dictionary and XMP /Metadata stream (who wrote it, with what)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.metadata = None
        writer._root_object.pop("/Metadata", None)
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    return out.getvalue()
