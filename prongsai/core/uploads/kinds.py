"""The file types an upload may be, and the refusals with their user-facing reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

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
        return self in IMAGE_KINDS


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
IMAGE_KINDS = frozenset({Kind.JPEG, Kind.PNG})
OFFICE_KINDS = frozenset({Kind.DOCX, Kind.XLSX})
IMAGE_CONTENT_TYPES = frozenset(_CONTENT_TYPES[kind] for kind in IMAGE_KINDS)
PIL_FORMATS: dict[Kind, str] = {Kind.JPEG: "JPEG", Kind.PNG: "PNG"}

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


def kinds_text(kinds: Iterable[Kind]) -> str:
    """``"PDF, JPEG or PNG"`` in the active language (Django's own "or")."""
    return str(get_text_list([kind.label for kind in sorted(kinds, key=list(Kind).index)]))


lazy_kinds_text = lazy(kinds_text, str)


def format_size(size: int) -> str:
    """``"12.4 MB"``, ``"10 MB"``, ``"300 KB"``, ``"12 B"`` (binary units, trailing ``.0`` dropped)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"
