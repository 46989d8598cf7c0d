"""Metadata removal for documents whose sender must stay unknown (anonymous complaint attachments).

:func:`prongsai.core.uploads.clean_upload` has checked the file and removed the usual document
properties already; :func:`scrub` goes further for PDF and DOCX, so that nothing in the stored file
names a person, a device, a place or a time:

- DOCX: the core, extended and custom properties are emptied; comment and tracked-change authors,
  initials and dates, the people part (names and account ids), revision-session ids, the attached
  template and its path, local file paths of linked files and the document ids are removed from every part; every embedded image (JPEG,
  PNG, GIF, TIFF, BMP) is decoded and re-encoded without EXIF, GPS, XMP, ICC or comments; the ZIP
  entries all carry 1980-01-01 as their time.
- PDF: the document information and every XMP stream (the catalogue's, pages', images') are
  removed and not written at all (unreferenced objects are dropped); annotations lose their author
  (``/T``), dates and names; page-piece data and attached files go; embedded JPEGs keep their
  pixels but lose their APP and comment segments (EXIF, GPS, XMP, Photoshop); the file gets a new
  random ``/ID``.

Anything that cannot be read this way is refused as damaged rather than stored with its metadata.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import replace
from hashlib import sha256
from typing import Any

from prongsai.core.archives import Budget, BudgetExceeded
from prongsai.core.uploads import (
    ARCHIVE_TOO_LARGE,
    DAMAGED,
    MAX_ARCHIVE_ENTRIES,
    MAX_ARCHIVE_UNCOMPRESSED_BYTES,
    TOO_SLOW,
    CleanFile,
    Kind,
    UploadRejected,
)

__all__ = ["scrub", "scrub_docx", "scrub_pdf"]

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Attributes (any namespace) that hold a person or a time in WordprocessingML parts.
_PERSON_ATTRIBUTES = frozenset({"author", "initials", "userId", "providerId"})
_TIME_ATTRIBUTES = frozenset({"date", "dateUtc"})
# Elements of word/settings.xml that identify the author's machine or the document across versions.
_DROPPED_ELEMENTS = frozenset({"rsids", "attachedTemplate", "docId"})
_EMPTY_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        b' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
    ),
}
_LOCAL_PATH = re.compile(r"(?i)^(file:|[a-z]:[\\/]|\\\\)")
_IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".tif": "TIFF", ".tiff": "TIFF"}
_IMAGE_FORMATS[".bmp"] = "BMP"
# One XML part is parsed whole by lxml, whose tree takes several times the part's size: a part this large is
# some 2,000 pages of text, more than a complaint attachment has (the archive as a whole may unpack to more).
MAX_XML_PART_BYTES = 8 * 1024 * 1024


class _Unreadable(Exception):
    """A part of the document could not be read or rewritten."""


class _TooLarge(_Unreadable):
    """A part unpacks to more than may be parsed."""


def scrub(clean: CleanFile, budget: Budget | None = None) -> CleanFile:
    """``clean`` with its PDF or DOCX content scrubbed (other kinds are returned as they are).

    Within ``budget`` (a fresh :class:`~prongsai.core.archives.Budget` of CPU seconds if none is given):
    past it the file is refused as too slow to check, like :func:`~prongsai.core.uploads.clean_upload` does.
    """
    budget = budget or Budget()
    try:
        if clean.kind is Kind.DOCX:
            content = scrub_docx(clean.content, budget)
        elif clean.kind is Kind.PDF:
            content = scrub_pdf(clean.content, budget)
        else:
            return clean
    except BudgetExceeded as exc:
        raise UploadRejected(TOO_SLOW, code="too_slow", params={"name": clean.name}) from exc
    except _TooLarge as exc:
        raise UploadRejected(ARCHIVE_TOO_LARGE, code="archive_too_large", params={"name": clean.name}) from exc
    except _Unreadable as exc:
        raise UploadRejected(DAMAGED, code="damaged", params={"name": clean.name}) from exc
    return replace(clean, content=content, sha256=sha256(content).hexdigest())


# --- DOCX -------------------------------------------------------------------------


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _scrub_xml(data: bytes) -> bytes:
    from lxml import etree

    if b"<!DOCTYPE" in data[:2048].upper():
        raise _Unreadable("DTD in an OOXML part")
    root = etree.fromstring(data, _parser())
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        local_tag = etree.QName(element).localname
        if local_tag in _DROPPED_ELEMENTS and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        if local_tag == "Relationship" and element.getparent() is not None:
            if element.get("Type", "").endswith("/attachedTemplate"):
                element.getparent().remove(element)
                continue
            if _LOCAL_PATH.match(element.get("Target", "")):  # a linked file on the author's machine
                element.set("Target", "file:///")
        for name in list(element.attrib):
            local = etree.QName(name).localname
            if local in _PERSON_ATTRIBUTES:
                element.set(name, "")
            elif local in _TIME_ATTRIBUTES or local.startswith("rsid"):
                del element.attrib[name]
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _reencode_image(data: bytes, image_format: str) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            image.load()
            if image.width * image.height > (Image.MAX_IMAGE_PIXELS or 89_478_485):
                raise _Unreadable("too many pixels")
            transparency = image.info.get("transparency")
            image.info = {}
            if transparency is not None and image_format in {"PNG", "GIF"}:
                image.info["transparency"] = transparency
            out = io.BytesIO()
            if image_format == "JPEG":
                flat: Image.Image = image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")
                flat.save(out, "JPEG", quality=90)
            else:
                image.save(out, image_format)
            return out.getvalue()
    except _Unreadable:
        raise
    except Exception as exc:  # untrusted input: Pillow raises many kinds of errors
        raise _Unreadable("embedded image") from exc


def _read_bounded(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, remaining: list[int], *, limit: int, budget: Budget
) -> bytes:
    """The entry's bytes, at most ``limit`` of them, counting what is actually inflated (not what the entry
    declares) against what the whole archive may still unpack to (``remaining``) and the CPU budget."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(entry) as part:
        while chunk := part.read(1 << 16):
            size += len(chunk)
            remaining[0] -= len(chunk)
            if remaining[0] < 0 or size > limit:
                raise _TooLarge(f"{entry.filename} unpacks to too much")
            chunks.append(chunk)
            budget.check()
    return b"".join(chunks)


def scrub_docx(data: bytes, budget: Budget | None = None) -> bytes:
    """``data`` rewritten without its people, times and image metadata (the module's docstring)."""
    budget = budget or Budget()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = source.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES:
                raise _Unreadable("too many entries")
            remaining = [MAX_ARCHIVE_UNCOMPRESSED_BYTES]
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in entries:
                    if entry.is_dir():
                        continue
                    name = entry.filename
                    extension = os.path.splitext(name)[1].lower()
                    xml = extension in (".xml", ".rels")
                    limit = MAX_XML_PART_BYTES if xml else MAX_ARCHIVE_UNCOMPRESSED_BYTES
                    content = _read_bounded(source, entry, remaining, limit=limit, budget=budget)
                    if name in _EMPTY_PARTS:
                        content = _EMPTY_PARTS[name]
                    elif xml:
                        content = _scrub_xml(content)
                    elif extension in _IMAGE_FORMATS:
                        content = _reencode_image(content, _IMAGE_FORMATS[extension])
                    budget.check()
                    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(info, content)
    except (_Unreadable, BudgetExceeded):
        raise
    except Exception as exc:  # zipfile and lxml raise many kinds of errors on malformed input
        raise _Unreadable("package") from exc
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------

_ANNOTATION_KEYS = ("/T", "/M", "/CreationDate", "/NM", "/RC")
_EVERYWHERE_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/AF")


def _strip_jpeg_segments(data: bytes) -> bytes:
    """A JPEG without APP0–APP15 and COM segments (EXIF, GPS, XMP, ICC, Photoshop…); the scan data is kept."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out = bytearray(b"\xff\xd8")
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise _Unreadable("JPEG segment")
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[position:]
            return bytes(out)
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position : position + 2 + length]
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out += segment
        position += 2 + length
    raise _Unreadable("JPEG without image data")


def scrub_pdf(data: bytes, budget: Budget | None = None) -> bytes:
    """``data`` rewritten without its metadata, annotation authors and attached files (the module's docstring)."""
    budget = budget or Budget()
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, StreamObject

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.metadata = None
        names = writer._root_object.get("/Names")
        if names is not None:
            names.get_object().pop(NameObject("/EmbeddedFiles"), None)
        for obj in list(writer._objects):
            budget.check()
            if obj is None:
                continue
            target = obj.get_object()
            if not isinstance(target, DictionaryObject):
                continue
            for key in _EVERYWHERE_KEYS:
                target.pop(NameObject(key), None)
            if target.get("/Type") == "/Annot" or ("/Subtype" in target and "/Rect" in target):
                for key in _ANNOTATION_KEYS:
                    target.pop(NameObject(key), None)
            if isinstance(target, StreamObject) and target.get("/Subtype") == "/Image":
                filters = target.get("/Filter")
                if filters == "/DCTDecode" or (isinstance(filters, ArrayObject) and filters == ["/DCTDecode"]):
                    target._data = _strip_jpeg_segments(target._data)  # the raw JPEG; /Length follows
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        identifier = ByteStringObject(os.urandom(16))
        writer._ID = ArrayObject([identifier, identifier])
        out = io.BytesIO()
        writer.write(out)
    except (_Unreadable, BudgetExceeded):
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on malformed input
        raise _Unreadable("PDF") from exc
    return out.getvalue()
