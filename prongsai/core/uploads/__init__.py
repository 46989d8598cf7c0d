"""The one place where user uploads are checked and made safe, and where stored files are served back.

Evidence of improvement activities, OIT documents and anonymous complaint attachments all go through
:func:`clean_upload`, which decides what a file is by its content, never by its name:

- PDF, JPEG, PNG, DOCX and XLSX only (:class:`Kind`), chosen per use with ``allowed``;
- size capped while reading, empty files refused;
- images decoded by Pillow behind a pixel limit (decompression bombs), turned upright from the EXIF
  orientation, scaled down and re-encoded without any metadata (EXIF, GPS, XMP, ICC profile, comments):
  the re-encoded bytes are what gets stored;
- PDFs must be complete (``%%EOF`` at the end), not password-protected, and without JavaScript,
  ``/Launch`` or automatic actions (:mod:`prongsai.core.pdfcheck`);
- DOCX/XLSX are ZIP packages: every entry is unpacked in chunks and counted (:mod:`prongsai.core.archives`,
  never trusting the sizes the package declares), refused when it would unpack to too much, and optionally
  rewritten without the author, last editor, company and manager;
- each upload has a budget of CPU seconds (:class:`~prongsai.core.archives.Budget`): past it, it is refused.

Every refusal is an :class:`UploadRejected` with a translatable message naming the file and the reason.
:func:`safe_download_response` serves stored files back as attachments that a browser will not render
as a page of this site.

The parts: :mod:`.kinds` (types and refusals), :mod:`.names`, :mod:`.images`, :mod:`.pdf`, :mod:`.office`
(DOCX/XLSX) and :mod:`.serving`; this module sniffs and cleans.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from prongsai.core.archives import (
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_UNCOMPRESSED_BYTES,
    ArchiveTooLarge,
    Budget,
    BudgetExceeded,
)
from prongsai.core.uploads.images import DEFAULT_MAX_IMAGE_PIXELS, clean_image
from prongsai.core.uploads.kinds import (
    ARCHIVE_TOO_LARGE,
    DAMAGED,
    EMPTY,
    IMAGE_KINDS,
    NOT_ACCEPTED,
    OFFICE_KINDS,
    TOO_LARGE,
    TOO_LARGE_UNKNOWN_SIZE,
    TOO_SLOW,
    Kind,
    UploadRejected,
    format_size,
    lazy_kinds_text,
)
from prongsai.core.uploads.names import MAX_FILENAME_LENGTH, display_name, safe_filename
from prongsai.core.uploads.office import REWRITE_ERRORS, office_kind, strip_office_metadata
from prongsai.core.uploads.pdf import check_pdf, pdf_without_metadata
from prongsai.core.uploads.serving import DEFAULT_CACHE_CONTROL, safe_download_response

__all__ = [
    "DAMAGED",
    "DEFAULT_CACHE_CONTROL",
    "DEFAULT_MAX_IMAGE_PIXELS",
    "MAX_ARCHIVE_ENTRIES",
    "MAX_ARCHIVE_UNCOMPRESSED_BYTES",
    "MAX_FILENAME_LENGTH",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_TEXT",
    "CleanFile",
    "Kind",
    "UploadRejected",
    "clean_upload",
    "safe_download_response",
    "safe_filename",
    "sniff",
]

# The one per-file limit of every module (settings.UPLOAD_MAX_MB); modules pass it as max_bytes.
MAX_UPLOAD_BYTES = settings.UPLOAD_MAX_MB * 1024 * 1024
MAX_UPLOAD_TEXT = f"{settings.UPLOAD_MAX_MB} MB"

_PDF_MAGIC = b"%PDF-"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP_MAGIC = b"PK\x03\x04"


def _sniff(data: bytes, *, open_archives: bool = True, budget: Budget | None = None) -> Kind | None:
    if data.startswith(_PDF_MAGIC):
        return Kind.PDF
    if data.startswith(_JPEG_MAGIC):
        return Kind.JPEG
    if data.startswith(_PNG_MAGIC):
        return Kind.PNG
    if data.startswith(_ZIP_MAGIC) and open_archives:
        return office_kind(data, budget)
    return None


def sniff(data: bytes) -> Kind | None:
    """What ``data`` is, by its content alone; None for anything else (ZIP bombs included)."""
    try:
        return _sniff(data, budget=Budget())
    except (ArchiveTooLarge, BudgetExceeded):
        return None


# --- cleaning ---------------------------------------------------------------------


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed the checks: store ``content`` under ``name`` and serve it as ``content_type``."""

    name: str
    kind: Kind
    content: bytes
    content_type: str
    sha256: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        """Bytes of ``content``."""
        return len(self.content)


def _read(upload: UploadedFile | tuple[str, bytes], max_bytes: int) -> tuple[str, bytes, int | None]:
    """``(name, at most max_bytes + 1 bytes, declared size or None)``."""
    if isinstance(upload, tuple):
        name, data = upload
        return name, data[: max_bytes + 1], len(data)
    declared = upload.size
    if declared is not None and declared > max_bytes:
        return upload.name or "", b"", declared  # no need to read it
    with contextlib.suppress(AttributeError, OSError, ValueError):  # not seekable: read from where it is
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    return upload.name or "", bytes(data), declared


def clean_upload(
    upload: UploadedFile | tuple[str, bytes],
    *,
    allowed: Iterable[Kind],
    max_bytes: int,
    max_image_side: int = 2048,
    strip_document_metadata: bool = False,
    strip_pdf_metadata: bool = False,
) -> CleanFile:
    """Check ``upload`` and return what may be stored, or raise :class:`UploadRejected`.

    ``upload`` is a Django upload or ``(name, bytes)``. Images come back re-encoded (upright, longer side at
    most ``max_image_side``, no metadata); PDFs unchanged, or rewritten without their document information
    (author, creator, producer, title…) and XMP metadata when ``strip_pdf_metadata``; DOCX/XLSX unchanged, or
    without author, last editor, company and manager when ``strip_document_metadata``.
    """
    kinds = frozenset(Kind(kind) for kind in allowed)
    if not kinds:
        raise ValueError("allowed must name at least one kind")
    if max_bytes < 1 or max_image_side < 1:
        raise ValueError("max_bytes and max_image_side must be positive")
    raw_name, data, declared = _read(upload, max_bytes)
    name = display_name(raw_name)
    limit = format_size(max_bytes)
    if declared is not None and declared > max_bytes:
        params = {"name": name, "size": format_size(declared), "limit": limit}
        raise UploadRejected(TOO_LARGE, code="too_large", params=params)
    if len(data) > max_bytes:  # the declared size was missing or wrong
        raise UploadRejected(TOO_LARGE_UNKNOWN_SIZE, code="too_large", params={"name": name, "limit": limit})
    if not data:
        raise UploadRejected(EMPTY, code="empty", params={"name": name})
    budget = Budget()
    try:
        kind = _sniff(data, open_archives=bool(kinds & OFFICE_KINDS), budget=budget)
    except ArchiveTooLarge as exc:
        raise UploadRejected(ARCHIVE_TOO_LARGE, code="archive_too_large", params={"name": name}) from exc
    except BudgetExceeded as exc:
        raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": name}) from exc
    if kind is None or kind not in kinds:
        raise UploadRejected(NOT_ACCEPTED, code="not_accepted", params={"name": name, "kinds": lazy_kinds_text(kinds)})

    width: int | None = None
    height: int | None = None
    if kind in IMAGE_KINDS:
        data, width, height = clean_image(data, kind, name=name, max_side=max_image_side)
    elif kind is Kind.PDF:
        check_pdf(data, name=name, budget=budget)
        if strip_pdf_metadata:
            data = pdf_without_metadata(data, name=name)
    elif strip_document_metadata:
        try:
            data = strip_office_metadata(data, budget)
        except BudgetExceeded as exc:
            raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": name}) from exc
        except REWRITE_ERRORS as exc:
            raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    return CleanFile(
        name=safe_filename(raw_name, kind),
        kind=kind,
        content=data,
        content_type=kind.content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
    )
