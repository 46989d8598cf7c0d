"""DOCX and XLSX: told apart by the main part of ``[Content_Types].xml``, rewritten without their authors."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.etree import ElementTree as ET
from xml.parsers import expat

from prongsai.core.archives import (
    MAX_ARCHIVE_UNCOMPRESSED_BYTES,
    ArchiveTooLarge,
    Budget,
    check_archive,
    read_entry,
)
from prongsai.core.uploads.kinds import Kind

_MAX_XML_PART = 4 * 1024 * 1024  # [Content_Types].xml and docProps/*.xml are a few KB

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


REWRITE_ERRORS: tuple[type[Exception], ...] = (*_ARCHIVE_ERRORS, ArchiveTooLarge)


def office_kind(data: bytes, budget: Budget | None = None) -> Kind | None:
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


def strip_office_metadata(data: bytes, budget: Budget | None = None) -> bytes:
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
