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
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload
from urllib.parse import quote
from xml.etree import ElementTree as ET
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from prongsai.core.archives import (
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_UNCOMPRESSED_BYTES,
    ArchiveTooLarge,
    Budget,
    BudgetExceeded,
    check_archive,
    read_entry,
)
from prongsai.core.pdfcheck import PdfUnreadable, active_content

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

__all__ = [
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

MAX_FILENAME_LENGTH = 120
# The one per-file limit of every module (settings.UPLOAD_MAX_MB); modules pass it as max_bytes.
MAX_UPLOAD_BYTES = settings.UPLOAD_MAX_MB * 1024 * 1024
MAX_UPLOAD_TEXT = f"{settings.UPLOAD_MAX_MB} MB"
DEFAULT_MAX_IMAGE_PIXELS = 89_478_485  # Pillow's own default, used if someone set Image.MAX_IMAGE_PIXELS to None
DEFAULT_CACHE_CONTROL = "private, no-store"
_MAX_XML_PART = 4 * 1024 * 1024  # [Content_Types].xml and docProps/*.xml are a few KB
_PDF_EOF_WINDOW = 1024
_JPEG_QUALITY = 85


# --- kinds ------------------------------------------------------------------------


class Kind(StrEnum):
    """The file types users may upload."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    DOCX = "docx"
    XLSX = "xlsx"

    @property
    def label(self) -> str:
        """``"PDF"``, ``"JPEG"``...: the name people know the type by."""
        return self.value.upper()

    @property
    def content_type(self) -> str:
        """The MIME type the file is stored and served with."""
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        """The file-name extension, with its dot: ``".jpg"`` for JPEG."""
        return _EXTENSIONS[self]

    @property
    def is_image(self) -> bool:
        """True for JPEG and PNG."""
        return self in _IMAGE_KINDS


_CONTENT_TYPES: dict[Kind, str] = {
    Kind.PDF: "application/pdf",
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_EXTENSIONS: dict[Kind, str] = {
    Kind.PDF: ".pdf",
    Kind.JPEG: ".jpg",
    Kind.PNG: ".png",
    Kind.DOCX: ".docx",
    Kind.XLSX: ".xlsx",
}
_IMAGE_KINDS = frozenset({Kind.JPEG, Kind.PNG})
_OFFICE_KINDS = frozenset({Kind.DOCX, Kind.XLSX})
_IMAGE_CONTENT_TYPES = frozenset(_CONTENT_TYPES[kind] for kind in _IMAGE_KINDS)
_PIL_FORMATS: dict[Kind, str] = {Kind.JPEG: "JPEG", Kind.PNG: "PNG"}

_PDF_MAGIC = b"%PDF-"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP_MAGIC = b"PK\x03\x04"

# The main part an OOXML package declares in [Content_Types].xml (macro-enabled variants differ, so are refused).
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_MAIN_TYPES: dict[str, Kind] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": Kind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": Kind.XLSX,
}

# docProps namespaces, registered so that rewritten parts keep their usual prefixes
# (``xsi:type="dcterms:W3CDTF"`` refers to the ``dcterms`` prefix by name).
_CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
for _prefix, _uri in (
    ("cp", _CP_NS),
    ("dc", _DC_NS),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dcmitype", "http://purl.org/dc/dcmitype/"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
):
    ET.register_namespace(_prefix, _uri)


# --- refusals ---------------------------------------------------------------------

# Translators: %(name)s is the uploaded file's name; %(kinds)s lists file types, e.g. "PDF, JPEG or PNG".
NOT_ACCEPTED = _("“%(name)s” is not a %(kinds)s file.")
# Translators: %(size)s and %(limit)s are sizes such as "12.4 MB".
TOO_LARGE = _("“%(name)s” is %(size)s; the limit is %(limit)s.")
TOO_LARGE_UNKNOWN_SIZE = _("“%(name)s” is larger than the limit of %(limit)s.")
EMPTY = _("“%(name)s” is empty.")
DAMAGED = _("“%(name)s” is damaged or could not be read.")
TOO_MANY_PIXELS = _("“%(name)s” has too many pixels to be processed safely.")
PDF_INCOMPLETE = _("“%(name)s” is an incomplete PDF file.")
PDF_ENCRYPTED = _("“%(name)s” is password-protected; please upload it without a password.")
PDF_ACTIVE = _(
    "“%(name)s” contains JavaScript or actions that run by themselves when it is opened; "
    "please upload it without them (for example, print it again to PDF)."
)
ARCHIVE_TOO_LARGE = _("“%(name)s” unpacks to too much data to be checked safely.")
TOO_SLOW = _("“%(name)s” takes too long to be checked safely.")


class UploadRejected(ValueError):
    """An upload was refused; ``str()`` gives the user-facing reason in the active language."""

    def __init__(self, message: StrPromise, *, code: str, params: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = dict(params)

    def __str__(self) -> str:
        return str(self.message) % self.params

    def as_validation_error(self) -> ValidationError:
        """The same refusal for a form field: ``raise exc.as_validation_error() from exc``."""
        return ValidationError(self.message, code=self.code, params=self.params)


def _kinds_text(kinds: Iterable[Kind]) -> str:
    """``"PDF, JPEG or PNG"`` in the active language (Django's own "or")."""
    return str(get_text_list([kind.label for kind in sorted(kinds, key=list(Kind).index)]))


_lazy_kinds_text = lazy(_kinds_text, str)


def _format_size(size: int) -> str:
    """``"12.4 MB"``, ``"10 MB"``, ``"300 KB"``, ``"12 B"`` (binary units, trailing ``.0`` dropped)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


# --- names ------------------------------------------------------------------------

_ASCII_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.()[]+,")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{n}" for n in range(1, 10)} | {f"LPT{n}" for n in range(1, 10)}
)
_SUFFIX = re.compile(r"[A-Za-z0-9]{1,5}")


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _clean_name(raw: str) -> str:
    """The last path part of ``raw`` with only ASCII letters, digits, safe punctuation and Thai left."""
    text = re.split(r"[/\\]", unicodedata.normalize("NFC", raw))[-1]
    kept: list[str] = []
    for char in text:
        if unicodedata.category(char).startswith("C"):  # controls, bidi overrides, surrogates, unassigned
            continue
        if _is_thai(char) or char in _ASCII_NAME_CHARS:
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
        else:  # "é" -> "e", "ﬁ" -> "fi"; anything else becomes "_"
            ascii_text = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            kept.append("".join(c for c in ascii_text if c in _ASCII_NAME_CHARS) or "_")
    name = "".join(kept)
    name = re.sub(r" {2,}", " ", name)
    name = re.sub(r"_{2,}", "_", name)
    return re.sub(r"\.{2,}", ".", name).strip(" .")


def _split_suffix(name: str) -> tuple[str, str]:
    """``("report v1.2", "pdf")`` for ``"report v1.2.pdf"``; only a short alphanumeric tail with a letter counts."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and _SUFFIX.fullmatch(suffix) and any(c.isalpha() for c in suffix):
        return stem.rstrip(" ."), suffix.lower()
    return name, ""


def _fit(stem: str, extension: str, default: str) -> str:
    """``stem + extension`` within :data:`MAX_FILENAME_LENGTH`, never empty nor a reserved Windows name."""
    stem = stem.lstrip(" .-")  # no hidden files, nothing that reads as a command-line option
    if not any(char.isalnum() for char in stem):
        stem = default
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem[: MAX_FILENAME_LENGTH - len(extension)].rstrip(" .") + extension


def safe_filename(raw: str, kind: Kind) -> str:
    """A storable name: no path parts or control characters, ASCII or Thai, ≤ 120 characters, extension of ``kind``.

    ``"../../etc/passwd"`` -> ``"passwd.pdf"``; ``"รายงาน ๒๕๖๗.DOCX"`` -> ``"รายงาน ๒๕๖๗.docx"``.
    """
    stem, _suffix = _split_suffix(_clean_name(raw))
    return _fit(stem, kind.extension, "file")


def _display_name(raw: str) -> str:
    """The name as the person knows it, for messages: last path part, no control characters, not too long."""
    text = re.split(r"[/\\]", raw)[-1]
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    if len(text) > MAX_FILENAME_LENGTH:
        text = text[: MAX_FILENAME_LENGTH - 1] + "…"
    return text or "file"


# --- sniffing ---------------------------------------------------------------------


def _parse_xml(data: bytes) -> ET.Element:
    """Parse a small package part, refusing any DTD (entity expansion, external entities)."""

    def refuse(*_args: object) -> None:
        raise ET.ParseError("DTDs are not allowed in OOXML parts")

    probe = expat.ParserCreate()
    probe.StartDoctypeDeclHandler = refuse
    probe.EntityDeclHandler = refuse
    probe.Parse(data, True)
    return ET.fromstring(data)  # noqa: S314 - no DTD, checked just above


def _check_archive(archive: zipfile.ZipFile, budget: Budget | None = None) -> list[zipfile.ZipInfo]:
    """The entries of ``archive``, each unpacked and counted (:func:`prongsai.core.archives.check_archive`)."""
    return check_archive(archive, budget)


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One small XML part, read with a cap whatever its header claims."""
    try:
        return read_entry(archive, name, limit=_MAX_XML_PART)
    except ArchiveTooLarge as exc:
        raise zipfile.BadZipFile(f"{name} is too large") from exc


# Everything zipfile, expat and ElementTree raise on malformed input.
_ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ET.ParseError,
    expat.ExpatError,
    EOFError,
    OSError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
)


_REWRITE_ERRORS: tuple[type[Exception], ...] = (*_ARCHIVE_ERRORS, ArchiveTooLarge)


def _office_kind(data: bytes, budget: Budget | None = None) -> Kind | None:
    """DOCX or XLSX from the main part declared in ``[Content_Types].xml``; raises :class:`ArchiveTooLarge`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {entry.filename for entry in _check_archive(archive, budget)}
            root = _parse_xml(_read_part(archive, "[Content_Types].xml"))
    except ArchiveTooLarge:
        raise
    except _ARCHIVE_ERRORS:
        return None
    found = {
        _OFFICE_MAIN_TYPES[override.get("ContentType", "")]
        for override in root.iter(f"{{{_CT_NS}}}Override")
        if override.get("ContentType", "") in _OFFICE_MAIN_TYPES and override.get("PartName", "").lstrip("/") in names
    }
    return found.pop() if len(found) == 1 else None


def _sniff(data: bytes, *, open_archives: bool = True, budget: Budget | None = None) -> Kind | None:
    if data.startswith(_PDF_MAGIC):
        return Kind.PDF
    if data.startswith(_JPEG_MAGIC):
        return Kind.JPEG
    if data.startswith(_PNG_MAGIC):
        return Kind.PNG
    if data.startswith(_ZIP_MAGIC) and open_archives:
        return _office_kind(data, budget)
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
    name = _display_name(raw_name)
    limit = _format_size(max_bytes)
    if declared is not None and declared > max_bytes:
        params = {"name": name, "size": _format_size(declared), "limit": limit}
        raise UploadRejected(TOO_LARGE, code="too_large", params=params)
    if len(data) > max_bytes:  # the declared size was missing or wrong
        raise UploadRejected(TOO_LARGE_UNKNOWN_SIZE, code="too_large", params={"name": name, "limit": limit})
    if not data:
        raise UploadRejected(EMPTY, code="empty", params={"name": name})
    budget = Budget()
    try:
        kind = _sniff(data, open_archives=bool(kinds & _OFFICE_KINDS), budget=budget)
    except ArchiveTooLarge as exc:
        raise UploadRejected(ARCHIVE_TOO_LARGE, code="archive_too_large", params={"name": name}) from exc
    except BudgetExceeded as exc:
        raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": name}) from exc
    if kind is None or kind not in kinds:
        raise UploadRejected(NOT_ACCEPTED, code="not_accepted", params={"name": name, "kinds": _lazy_kinds_text(kinds)})

    width: int | None = None
    height: int | None = None
    if kind in _IMAGE_KINDS:
        data, width, height = _clean_image(data, kind, name=name, max_side=max_image_side)
    elif kind is Kind.PDF:
        _check_pdf(data, name=name, budget=budget)
        if strip_pdf_metadata:
            data = _strip_pdf_metadata(data, name=name)
    elif strip_document_metadata:
        try:
            data = _strip_office_metadata(data, budget)
        except BudgetExceeded as exc:
            raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": name}) from exc
        except _REWRITE_ERRORS as exc:
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


# --- images -----------------------------------------------------------------------

_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})


def _open_image(data: bytes, kind: Kind, *, name: str, max_side: int) -> Image.Image:
    """Decode ``data`` (only as the sniffed format) behind the pixel limit; JPEGs at a reduced scale if possible."""
    limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]])
    except Image.DecompressionBombError as exc:
        raise UploadRejected(TOO_MANY_PIXELS, code="too_many_pixels", params={"name": name}) from exc
    except Exception as exc:  # untrusted input: Pillow raises many kinds of errors on malformed files
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    width, height = image.size
    if width * height > limit:
        image.close()
        raise UploadRejected(TOO_MANY_PIXELS, code="too_many_pixels", params={"name": name})
    try:
        if kind is Kind.JPEG:
            image.draft(None, (max_side, max_side))  # let libjpeg decode at 1/2, 1/4 or 1/8 scale
        image.load()
    except Exception as exc:
        image.close()
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    return image


def _clean_image(data: bytes, kind: Kind, *, name: str, max_side: int) -> tuple[bytes, int, int]:
    """Upright, scaled down and re-encoded without metadata: ``(bytes, width, height)``."""
    with _open_image(data, kind, name=name, max_side=max_side) as opened:
        try:
            return _reencode(ImageOps.exif_transpose(opened), kind, max_side=max_side)
        except Exception as exc:  # a malformed EXIF block, a mode Pillow cannot convert or write
            raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc


def _reencode(image: Image.Image, kind: Kind, *, max_side: int) -> tuple[bytes, int, int]:
    """``image`` in the stored format: mode the format can hold, longer side at most ``max_side``, no info."""
    transparency = image.info.get("transparency")
    if kind is Kind.JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    else:
        if image.mode not in _PNG_MODES:
            image = image.convert("RGBA")
        if max(image.size) > max_side and image.mode in ("1", "P"):  # resampling needs real colours
            image = image.convert("RGBA" if image.mode == "P" else "L")
            transparency = None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Nothing of the original's info survives: Pillow writes "comment", "icc_profile", "exif"... from it.
    image.info = {}
    if transparency is not None and kind is Kind.PNG and image.mode in ("1", "L", "P", "RGB"):
        image.info["transparency"] = transparency
    out = io.BytesIO()
    if kind is Kind.JPEG:
        image.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue(), image.width, image.height


# --- PDF --------------------------------------------------------------------------

_PDF_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def _check_pdf(data: bytes, *, name: str, budget: Budget | None = None) -> None:
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


def _strip_pdf_metadata(data: bytes, *, name: str) -> bytes:
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


# --- DOCX / XLSX metadata ---------------------------------------------------------


def _serialize(root: ET.Element, *, default_namespace: str | None = None) -> bytes:
    """``root`` as UTF-8 XML, with ``default_namespace`` unprefixed as Office writes it (when it is the root's)."""
    prefix = f"{{{default_namespace}}}"
    tags = [element.tag for element in root.iter()]
    if default_namespace and root.tag.startswith(prefix) and all(tag.startswith("{") for tag in tags):
        # ElementTree's own default_namespace option refuses unqualified attributes (vt:vector size="2").
        for element in root.iter():
            element.tag = element.tag.removeprefix(prefix)
        root.set("xmlns", default_namespace)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _clean_core(data: bytes) -> bytes | None:
    """``docProps/core.xml`` with empty creator and lastModifiedBy, or None when they already are."""
    root = _parse_xml(data)
    changed = False
    for tag in (f"{{{_DC_NS}}}creator", f"{{{_CP_NS}}}lastModifiedBy"):
        for element in root.iter(tag):
            if element.text or len(element):
                element.text = ""
                element[:] = []
                changed = True
    return _serialize(root) if changed else None


def _clean_app(data: bytes) -> bytes | None:
    """``docProps/app.xml`` without Company and Manager, or None when it has neither."""
    root = _parse_xml(data)
    doomed = [child for child in root if child.tag in (f"{{{_EP_NS}}}Company", f"{{{_EP_NS}}}Manager")]
    if not doomed:
        return None
    for child in doomed:
        root.remove(child)
    return _serialize(root, default_namespace=_EP_NS)


def _strip_office_metadata(data: bytes, budget: Budget | None = None) -> bytes:
    """The package rewritten with :func:`_clean_core` / :func:`_clean_app`; every other entry unchanged."""
    cleaners = {"docProps/core.xml": _clean_core, "docProps/app.xml": _clean_app}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = _check_archive(source, budget)
        replacements: dict[str, bytes] = {}
        for entry in entries:
            cleaner = cleaners.get(entry.filename)
            if cleaner is not None and (cleaned := cleaner(_read_part(source, entry.filename))) is not None:
                replacements[entry.filename] = cleaned
        if not replacements:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for entry in entries:
                info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
                info.compress_type = entry.compress_type
                info.external_attr = entry.external_attr
                content = replacements.get(entry.filename)
                if content is None:
                    content = read_entry(source, entry, limit=MAX_ARCHIVE_UNCOMPRESSED_BYTES, budget=budget)
                target.writestr(info, content)
    return out.getvalue()


# --- serving ----------------------------------------------------------------------

# Types a browser would run or render as a document of this origin: always served as bytes.
_ACTIVE_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
        "multipart/x-mixed-replace",
    }
)
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


def _served_type(content_type: str) -> str:
    """``content_type`` without parameters, or ``application/octet-stream`` for anything active or malformed."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(media_type) or media_type in _ACTIVE_CONTENT_TYPES or media_type.endswith("+xml"):
        return "application/octet-stream"
    return media_type


def _content_disposition(filename: str, *, inline: bool) -> str:
    """``attachment; filename="fallback.pdf"; filename*=UTF-8''%E0%B8...`` (RFC 6266 / RFC 5987)."""
    stem, suffix = _split_suffix(_clean_name(filename))
    extension = f".{suffix}" if suffix else ""
    name = _fit(stem, extension, "download")
    ascii_stem = re.sub(r" {2,}", " ", "".join(c for c in stem if c.isascii())).strip(" .")
    fallback = _fit(ascii_stem, extension, "download")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@overload
def safe_download_response(
    content: bytes,
    *,
    filename: str,
    content_type: str,
    inline_images: bool = ...,
    cache_control: str = ...,
) -> HttpResponse: ...


@overload
def safe_download_response(
    content: Iterable[bytes],
    *,
    filename: str,
    content_type: str,
    inline_images: bool = ...,
    cache_control: str = ...,
) -> StreamingHttpResponse: ...


def safe_download_response(
    content: bytes | Iterable[bytes],
    *,
    filename: str,
    content_type: str,
    inline_images: bool = False,
    cache_control: str = DEFAULT_CACHE_CONTROL,
) -> HttpResponse | StreamingHttpResponse:
    """Serve a stored file so that no browser treats it as a page of this site.

    Always an attachment (JPEG and PNG may be ``inline`` with ``inline_images``), the name in UTF-8 with an
    ASCII fallback, ``nosniff``, a sandboxing CSP, ``private, no-store`` unless ``cache_control`` says
    otherwise; HTML, SVG, XML and scripts go out as ``application/octet-stream``. Bytes give an
    ``HttpResponse``, an iterable of chunks a ``StreamingHttpResponse``.
    """
    served_type = _served_type(content_type)
    response: HttpResponse | StreamingHttpResponse
    if isinstance(content, bytes | bytearray | memoryview):
        body = bytes(content)
        response = HttpResponse(body, content_type=served_type)
        response["Content-Length"] = str(len(body))
    else:
        response = StreamingHttpResponse(content, content_type=served_type)
    response["Content-Disposition"] = _content_disposition(
        filename, inline=inline_images and served_type in _IMAGE_CONTENT_TYPES
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
