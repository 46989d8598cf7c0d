"""A DOCX that carries its Sarabun: the faces its runs use, embedded as Word embeds fonts (ISO/IEC 29500).

Word and LibreOffice then show the document in Sarabun on a PC that does not have it installed.
:func:`embed_docx_fonts` takes a finished DOCX; :func:`obfuscate_font` is the format's obfuscation.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from prongsai.core.documents import (
    SARABUN_BOLD,
    SARABUN_BOLD_ITALIC,
    SARABUN_FAMILY,
    SARABUN_ITALIC,
    SARABUN_REGULAR,
)

__all__ = ["EMBED_TAGS", "ODTTF_CONTENT_TYPE", "embed_docx_fonts", "font_key", "obfuscate_font", "used_faces"]

FAMILY = SARABUN_FAMILY
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

# (bold, italic) -> the w:font child that embeds that face
EMBED_TAGS = {
    (False, False): "embedRegular",
    (True, False): "embedBold",
    (False, True): "embedItalic",
    (True, True): "embedBoldItalic",
}
_FONT_CHILDREN = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", *EMBED_TAGS.values())
# w:settings children that come before w:embedTrueTypeFonts (ISO 29500 CT_Settings)
_SETTINGS_BEFORE = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
]
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_OFF = {"0", "false", "off"}

DOCX_SUBSET_TEXT = "".join(chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x0E01, 0x0E5C)))
DOCX_SUBSET_TEXT += (
    "\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\u2010\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2212\u25cf"
)
"""What every embedded face keeps besides the document's own characters: ASCII, Latin-1, Thai and the usual
punctuation, so that a clerk editing the document on a PC without Sarabun can still type Thai in it."""


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def font_key(content: bytes) -> str:
    """A GUID ``{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`` for a font part, from its bytes (same font, same key)."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(content).digest()[:16])).upper() + "}"


def obfuscate_font(content: bytes, key: str) -> bytes:
    """The font part as ISO/IEC 29500 (17.8.1) stores it: its first 32 bytes XOR the key's bytes in reverse.

    The key is the GUID's 32 hexadecimal digits read as 16 bytes, last byte first. The same operation
    de-obfuscates.
    """
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ guid[index % 16] for index, byte in enumerate(content[:32]))
    return head + content[32:]


def _toggle(rpr: Any, tag: str) -> bool | None:
    """A toggle property of an rPr (w:b, w:bCs, w:i, w:iCs): True, False or None when it is not set."""
    element = rpr.find(_w(tag)) if rpr is not None else None
    if element is None:
        return None
    return element.get(_w("val"), "true").lower() not in _OFF


_PROPERTIES = ("b", "i", "bCs", "iCs")  # Latin text uses w:b/w:i, Thai (a complex script) w:bCs/w:iCs


def _style_formats(styles: Any) -> tuple[dict[str, tuple[bool | None, ...]], tuple[bool | None, ...]]:
    """``{style id: (b, i, bCs, iCs)}`` through w:basedOn, and the document defaults."""
    direct: dict[str, tuple[tuple[bool | None, ...], str | None]] = {}
    for style in styles.iter(_w("style")):
        rpr = style.find(_w("rPr"))
        based = style.find(_w("basedOn"))
        values = tuple(_toggle(rpr, tag) for tag in _PROPERTIES)
        direct[style.get(_w("styleId"), "")] = (values, based.get(_w("val")) if based is not None else None)

    def resolve(style_id: str | None, index: int, depth: int = 0) -> bool | None:
        if style_id not in direct or depth > 20:
            return None
        values, based = direct[style_id]
        return values[index] if values[index] is not None else resolve(based, index, depth + 1)

    formats = {style_id: tuple(resolve(style_id, index) for index in range(4)) for style_id in direct}
    defaults = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    return formats, tuple(_toggle(defaults, tag) for tag in _PROPERTIES)


_THAI = re.compile("[\u0e00-\u0e7f]")
_NOT_THAI = re.compile("[^\\s\u0e00-\u0e7f]")


def used_faces(parts: Mapping[str, bytes]) -> tuple[set[tuple[bool, bool]], str]:
    """The (bold, italic) faces the text runs of a DOCX use, and all the characters of its text.

    A run's face: its own property, else its character style's, else its paragraph style's (following
    w:basedOn), else the document defaults — w:b/w:i for its Latin text, w:bCs/w:iCs for its Thai
    text, as Word and LibreOffice apply them.
    """
    none: tuple[bool | None, ...] = (None,) * 4
    styles = etree.fromstring(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
    formats, defaults = _style_formats(styles) if styles is not None else ({}, none)
    faces: set[tuple[bool, bool]] = set()
    text: list[str] = []
    for name, content in parts.items():
        if not _TEXT_PARTS.fullmatch(name):
            continue
        for paragraph in etree.fromstring(content).iter(_w("p")):
            pstyle = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
            paragraph_format = formats.get(pstyle.get(_w("val"), "") if pstyle is not None else "Normal", none)
            for run in paragraph.iter(_w("r")):
                run_text = "".join(node.text or "" for node in run.iter(_w("t"))).strip()
                if not run_text:
                    continue
                text.append(run_text)
                rpr = run.find(_w("rPr"))
                rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
                character = formats.get(rstyle.get(_w("val"), "") if rstyle is not None else "", none)
                values = []
                for index, tag in enumerate(_PROPERTIES):
                    chain = (_toggle(rpr, tag), character[index], paragraph_format[index], defaults[index])
                    values.append(next((bool(value) for value in chain if value is not None), False))
                if _NOT_THAI.search(run_text):
                    faces.add((values[0], values[1]))
                if _THAI.search(run_text):
                    faces.add((values[2], values[3]))
    return faces, "".join(text)


def _face_file(bold: bool, italic: bool) -> Path:
    return {
        (False, False): SARABUN_REGULAR,
        (True, False): SARABUN_BOLD,
        (False, True): SARABUN_ITALIC,
        (True, True): SARABUN_BOLD_ITALIC,
    }[(bold, italic)]


@functools.cache
def _face_characters(bold: bool, italic: bool) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    return frozenset(chr(code) for code in TTFont(str(_face_file(bold, italic))).getBestCmap())


def subset_face(bold: bool, italic: bool, text: str) -> bytes:
    """The Sarabun face with the glyphs of :data:`DOCX_SUBSET_TEXT` and of ``text`` (OpenType layout kept).

    Subsetting takes about a second a face: the result is kept per face and per set of characters
    beyond :data:`DOCX_SUBSET_TEXT` (none, for nearly every document).
    """
    extra = "".join(sorted((set(text) - set(DOCX_SUBSET_TEXT)) & _face_characters(bold, italic)))
    return _subset_face(bold, italic, extra)


@functools.lru_cache(maxsize=16)
def _subset_face(bold: bool, italic: bool, extra: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # Thai needs its mark positioning and substitutions
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=DOCX_SUBSET_TEXT + extra)
    font = TTFont(str(_face_file(bold, italic)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _insert_ordered(parent: Any, element: Any, order: Sequence[str]) -> None:
    """Insert ``element`` into ``parent`` before the first child that comes after it in ``order``."""
    local = etree.QName(element).localname
    later = set(order[order.index(local) + 1 :])
    for index, child in enumerate(parent):
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            parent.insert(index, element)
            return
    parent.append(element)


def embed_docx_fonts(data: bytes, *, family: str = FAMILY, subset: bool = True) -> bytes:
    """``data`` (a finished DOCX) with the Sarabun faces its runs use embedded as Word embeds fonts.

    Adds ``word/fonts/fontN.odttf`` (obfuscated, see :func:`obfuscate_font`), their relationships in
    ``word/_rels/fontTable.xml.rels``, ``w:embedRegular``/``w:embedBold``/``w:embedItalic``/
    ``w:embedBoldItalic`` with the ``w:fontKey`` in the ``w:font`` of Sarabun in ``word/fontTable.xml``
    (added when missing), ``w:embedTrueTypeFonts`` in ``word/settings.xml`` and the odttf content type.
    With ``subset`` each face keeps the document's characters plus :data:`DOCX_SUBSET_TEXT`.
    Every other part is copied unchanged; a DOCX that already embeds fonts is returned as it is.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        parts = {info.filename: source.read(info) for info in infos}
    if "word/_rels/fontTable.xml.rels" in parts or any(name.endswith(".odttf") for name in parts):
        return data
    faces, text = used_faces(parts)
    if not faces:
        return data
    new_parts: dict[str, bytes] = {}

    fonts = etree.fromstring(parts["word/fontTable.xml"]) if "word/fontTable.xml" in parts else None
    if fonts is None:
        raise ValueError("the DOCX has no word/fontTable.xml")
    font = next((item for item in fonts.iter(_w("font")) if item.get(_w("name")) == family), None)
    if font is None:
        font = etree.SubElement(fonts, _w("font"))
        font.set(_w("name"), family)
        for tag, value in (("charset", "DE"), ("family", "auto"), ("pitch", "variable")):
            etree.SubElement(font, _w(tag)).set(_w("val"), value)
    rels = etree.Element(f"{{{_PKG_RELS}}}Relationships", nsmap={None: _PKG_RELS})
    for number, (bold, italic) in enumerate(sorted(faces), start=1):
        content = subset_face(bold, italic, text) if subset else _face_file(bold, italic).read_bytes()
        key = font_key(content)
        target = f"fonts/font{number}.odttf"
        new_parts[f"word/{target}"] = obfuscate_font(content, key)
        relationship = etree.SubElement(rels, f"{{{_PKG_RELS}}}Relationship")
        relationship.set("Id", f"rId{number}")
        relationship.set("Type", _FONT_RELATIONSHIP)
        relationship.set("Target", target)
        tag = EMBED_TAGS[(bold, italic)]
        for old in font.findall(_w(tag)):
            font.remove(old)
        embed = etree.Element(_w(tag))
        embed.set(f"{{{_R}}}id", f"rId{number}")
        embed.set(_w("fontKey"), key)
        _insert_ordered(font, embed, _FONT_CHILDREN)
    new_parts["word/fontTable.xml"] = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    new_parts["word/_rels/fontTable.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )

    settings = etree.fromstring(parts["word/settings.xml"])
    if settings.find(_w("embedTrueTypeFonts")) is None:
        _insert_ordered(settings, etree.Element(_w("embedTrueTypeFonts")), [*_SETTINGS_BEFORE, "embedTrueTypeFonts"])
    new_parts["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)

    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(item.get("Extension", "").lower() == "odttf" for item in types.iter(f"{{{_CONTENT_TYPES}}}Default")):
        default = etree.Element(f"{{{_CONTENT_TYPES}}}Default")
        default.set("Extension", "odttf")
        default.set("ContentType", ODTTF_CONTENT_TYPE)
        types.insert(0, default)
    new_parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in infos:
            target_zip.writestr(info, new_parts.pop(info.filename, parts[info.filename]))
        for name, content in new_parts.items():  # the new parts, after the existing ones
            info = zipfile.ZipInfo(name, date_time=infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target_zip.writestr(info, content)
    return output.getvalue()
