"""Document plumbing shared by every module: the Sarabun font, numbers, DOCX and PDF helpers.

Official Thai documents are set in Sarabun (TH Sarabun's open successor) at 16 pt.
This module gives the document model (``core/doc``: one DOCX and one HTML/PDF renderer) what they
need to agree on that:

- the Sarabun font files from the ``fontpkg_sarabun`` package (never copied into the repo);
- :func:`register_matplotlib_fonts` so charts use Sarabun, with Thai shaped correctly;
- :func:`number` and :func:`digits` for scores and free text in Thai or Arabic digits;
- python-docx helpers: A4 page set-up, fonts that Word applies to Thai (a complex script:
  the font and size must be set on ``w:cs``/``w:szCs`` too), landscape sections, table
  widths, borders, shading, repeating header rows, vertical merges and page numbers;
- :func:`html_to_pdf`: WeasyPrint with ``@font-face`` rules for Sarabun loaded from the package files,
  Sarabun as the default family and Thai fallback, and ำ kept in the PDF's text (:mod:`prongsai.core.fonts`).

Everything here is a pure function of its arguments: no settings, no database.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import fontpkg_sarabun
import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no display on servers

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from prongsai.core.thai import to_arabic_digits, to_thai_digits

__all__ = [
    "A4_HEIGHT",
    "A4_WIDTH",
    "DASH",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "SARABUN_BOLD",
    "SARABUN_BOLD_ITALIC",
    "SARABUN_DIR",
    "SARABUN_FAMILY",
    "SARABUN_ITALIC",
    "SARABUN_REGULAR",
    "add_page_number_footer",
    "add_section",
    "clean_text",
    "digits",
    "html_to_pdf",
    "number",
    "register_matplotlib_fonts",
    "render_html",
    "sarabun_font_face_css",
    "set_cell_margins",
    "set_cell_shading",
    "set_cell_vertical_alignment",
    "set_page_number_format",
    "set_repeat_table_header",
    "set_row_cant_split",
    "set_run_font",
    "set_style_font",
    "set_table_borders",
    "set_table_widths",
    "setup_docx",
]

# --- the font -------------------------------------------------------------------

SARABUN_FAMILY = "Sarabun"
SARABUN_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
SARABUN_REGULAR = SARABUN_DIR / "Sarabun-Regular.ttf"
SARABUN_BOLD = SARABUN_DIR / "Sarabun-Bold.ttf"
SARABUN_ITALIC = SARABUN_DIR / "Sarabun-Italic.ttf"
SARABUN_BOLD_ITALIC = SARABUN_DIR / "Sarabun-BoldItalic.ttf"

# (path, CSS font-weight, CSS font-style)
_SARABUN_FACES: tuple[tuple[Path, int, str], ...] = (
    (SARABUN_REGULAR, 400, "normal"),
    (SARABUN_BOLD, 700, "normal"),
    (SARABUN_ITALIC, 400, "italic"),
    (SARABUN_BOLD_ITALIC, 700, "italic"),
)


@functools.cache
def register_matplotlib_fonts() -> str:
    """Add the four Sarabun faces to matplotlib's font manager (once per process); return the family name.

    Charts then ask for ``family="Sarabun"`` (or set ``rcParams["font.family"]``).
    Matplotlib shapes Thai with libraqm, so stacked marks (สระบน + วรรณยุกต์) sit correctly.
    """
    from matplotlib import font_manager

    for path, _weight, _style in _SARABUN_FACES:
        font_manager.fontManager.addfont(str(path))
    return SARABUN_FAMILY


# --- numbers and text -----------------------------------------------------------

DASH = "–"
"""What a missing value prints as."""

# Characters XML 1.0 forbids (python-docx refuses them; HTML parsers replace them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def digits(text: str, *, thai_digits: bool = True) -> str:
    """``text`` with every digit in the document's style: Thai ``๐-๙`` or Arabic ``0-9``."""
    return to_thai_digits(text) if thai_digits else to_arabic_digits(text)


def clean_text(value: Any, *, thai_digits: bool | None = None) -> str:
    """User text made safe for DOCX XML and HTML: ``""`` for None, control characters dropped, ends stripped.

    With ``thai_digits`` True or False the digits are converted too (None leaves them as they are).
    """
    if value is None:
        return ""
    text = _XML_ILLEGAL.sub("", str(value)).strip()
    if thai_digits is None:
        return text
    return digits(text, thai_digits=thai_digits)


def number(value: Any, *, digits: int = 2, thai_digits: bool = True) -> str:
    """``"๕๙.๒๕"``: ``value`` rounded to ``digits`` decimals in Thai (or Arabic) digits; ``"–"`` for None.

    Accepts int, float, Decimal and numeric strings (Thai digits too); anything else prints as ``"–"``.
    """
    if value is None or isinstance(value, bool):
        return DASH
    try:
        amount = Decimal(to_arabic_digits(value.strip())) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return DASH
    if not amount.is_finite():
        return DASH
    text = f"{amount:.{max(digits, 0)}f}"
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # no "-0.00"
    return to_thai_digits(text) if thai_digits else text


# --- DOCX -----------------------------------------------------------------------

A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN_TOP = Cm(2.5)
MARGIN_BOTTOM = Cm(2.0)
MARGIN_LEFT = Cm(2.5)
MARGIN_RIGHT = Cm(2.0)


def _tags(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# Schema order of the children that these helpers add: Word refuses a file whose
# children are out of order, so every insertion goes through _set_child.
_RPR_ORDER = _tags(
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
    "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
    "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
    "w:lang w:eastAsianLayout w:specVanish w:oMath"
)
_TBLPR_ORDER = _tags(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
    "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption "
    "w:tblDescription"
)
_TCPR_ORDER = _tags(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar w:textDirection "
    "w:tcFitText w:vAlign w:hideMark"
)
_TRPR_ORDER = _tags(
    "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight w:tblHeader "
    "w:tblCellSpacing w:jc w:hidden"
)
_SECTPR_ORDER = _tags(
    "w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar w:paperSrc "
    "w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote w:titlePg w:textDirection "
    "w:bidi w:rtlGutter w:docGrid w:printerSettings"
)


def _set_child(parent: Any, tag: str, order: Sequence[str]) -> Any:
    """The child ``tag`` of ``parent``, created in its schema position when missing."""
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    element = OxmlElement(tag)
    later = {qn(name) for name in order[order.index(tag) + 1 :]} if tag in order else set()
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _set_rpr_font(rpr: Any, *, size_pt: float | None, bold: bool | None, color: str | None) -> None:
    """Sarabun for every script (ascii, hAnsi, cs, eastAsia) in ``rpr``, themes removed; size on sz and szCs."""
    fonts = _set_child(rpr, "w:rFonts", _RPR_ORDER)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), SARABUN_FAMILY)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = _set_child(rpr, tag, _RPR_ORDER)
            element.set(qn("w:val"), "1" if bold else "0")
    if color is not None:
        _set_child(rpr, "w:color", _RPR_ORDER).set(qn("w:val"), color)
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            _set_child(rpr, "w:color", _RPR_ORDER).attrib.pop(qn(attribute), None)
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        for tag in ("w:sz", "w:szCs"):
            _set_child(rpr, tag, _RPR_ORDER).set(qn("w:val"), half_points)


def set_style_font(
    style: Any, *, size_pt: float | None = 16, bold: bool | None = None, color: str | None = None
) -> None:
    """Set a python-docx style to Sarabun (all scripts) at ``size_pt``, Thai language for complex script."""
    rpr = style.element.get_or_add_rPr()
    _set_rpr_font(rpr, size_pt=size_pt, bold=bold, color=color)
    lang = _set_child(rpr, "w:lang", _RPR_ORDER)
    lang.set(qn("w:bidi"), "th-TH")


def set_run_font(run: Any, *, size_pt: float | None = None, bold: bool | None = None, color: str | None = None) -> None:
    """Direct formatting of one run: size (also ``w:szCs``), bold (also ``w:bCs``), colour; font stays Sarabun."""
    _set_rpr_font(run._r.get_or_add_rPr(), size_pt=size_pt, bold=bold, color=color)


def _set_section_page(section: Any, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.0)


def setup_docx(document: Any, *, font_size_pt: float = 16) -> None:
    """A4 portrait, margins 2.5 cm (top, left) / 2 cm (bottom, right), Normal = Sarabun ``font_size_pt``.

    The document defaults, Normal and the built-in heading, caption and table styles all get Sarabun on
    ascii/hAnsi/cs/eastAsia with the size on both ``w:sz`` and ``w:szCs``: Word lays Thai out as a complex
    script and would otherwise fall back to another font and size for it.
    """
    for section in document.sections:
        _set_section_page(section, landscape=False)
    # Document defaults (theme fonts removed), then the styles.
    styles_element = document.styles.element
    doc_defaults = styles_element.find(qn("w:docDefaults"))
    if doc_defaults is not None:
        rpr_default = doc_defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        if rpr is not None:
            _set_rpr_font(rpr, size_pt=font_size_pt, bold=None, color=None)
    normal = document.styles["Normal"]
    set_style_font(normal, size_pt=font_size_pt)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size in (("Heading 1", font_size_pt), ("Heading 2", font_size_pt), ("Heading 3", font_size_pt)):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        set_style_font(style, size_pt=size, bold=True, color="000000")
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    for name in ("Caption", "Table Grid", "List Paragraph"):
        try:
            set_style_font(document.styles[name], size_pt=None)
        except KeyError:
            continue


def add_section(document: Any, *, landscape: bool) -> Any:
    """Start a new A4 section on a new page, landscape or portrait, with the standard margins; return it."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _set_section_page(section, landscape=landscape)
    return section


def add_page_number_footer(
    section: Any, *, thai_digits: bool = True, prefix: str = "หน้า ", size_pt: float = 14
) -> None:
    """Centred ``"หน้า ๑"`` footer with a PAGE field; Thai digits through the section's page-number format.

    Later sections added with :func:`add_section` keep this footer (linked to previous) but need
    :func:`set_page_number_format` for their own digits.
    """
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(prefix)
    set_run_font(run, size_pt=size_pt)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate):
        field_run = paragraph.add_run()
        set_run_font(field_run, size_pt=size_pt)
        field_run._r.append(element)
    result = paragraph.add_run(digits("1", thai_digits=thai_digits))
    set_run_font(result, size_pt=size_pt)
    end_run = paragraph.add_run()
    end_run._r.append(end)
    set_page_number_format(section, thai_digits=thai_digits)


def set_page_number_format(section: Any, *, thai_digits: bool = True) -> None:
    """Page numbers of ``section`` in Thai digits (``w:pgNumType w:fmt="thaiNumbers"``) or Arabic."""
    page_numbers = _set_child(section._sectPr, "w:pgNumType", _SECTPR_ORDER)
    page_numbers.set(qn("w:fmt"), "thaiNumbers" if thai_digits else "decimal")


def set_table_widths(table: Any, widths: Sequence[Any]) -> None:
    """Fixed layout with these column widths (python-docx lengths) on the grid, every cell and the table."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set_child(tbl_pr, "w:tblLayout", _TBLPR_ORDER).set(qn("w:type"), "fixed")
    total = sum(int(width) for width in widths)
    tbl_w = _set_child(tbl_pr, "w:tblW", _TBLPR_ORDER)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(total / 635)))  # EMU -> twentieths of a point
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        column.set(qn("w:w"), str(round(int(width) / 635)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def set_table_borders(table: Any, *, size: int = 4, color: str = "000000", style: str = "single") -> None:
    """All borders of ``table`` (outside and inside): ``size`` in eighths of a point; ``style="nil"`` for none."""
    borders = _set_child(table._tbl.tblPr, "w:tblBorders", _TBLPR_ORDER)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = borders.find(qn(f"w:{edge}"))
        if element is None:
            element = OxmlElement(f"w:{edge}")
            borders.append(element)
        element.set(qn("w:val"), style)
        element.set(qn("w:sz"), str(size) if style != "nil" else "0")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), color if style != "nil" else "auto")


def set_cell_shading(cell: Any, fill: str) -> None:
    """Background colour of a table cell, e.g. ``"D9D9D9"`` for the light grey of header rows."""
    shading = _set_child(cell._tc.get_or_add_tcPr(), "w:shd", _TCPR_ORDER)
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def set_cell_vertical_alignment(cell: Any, value: str = "top") -> None:
    """``top``, ``center`` or ``bottom``."""
    _set_child(cell._tc.get_or_add_tcPr(), "w:vAlign", _TCPR_ORDER).set(qn("w:val"), value)


def set_cell_margins(table: Any, *, top: int = 40, bottom: int = 40, left: int = 80, right: int = 80) -> None:
    """Default cell margins of ``table`` in twentieths of a point."""
    margins = _set_child(table._tbl.tblPr, "w:tblCellMar", _TBLPR_ORDER)
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = margins.find(qn(f"w:{edge}"))
        if element is None:
            element = OxmlElement(f"w:{edge}")
            margins.append(element)
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")


def set_repeat_table_header(row: Any, *, cant_split: bool = True) -> None:
    """Mark ``row`` as a header row (``w:tblHeader``): Word and LibreOffice repeat it on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        _set_child(tr_pr, "w:cantSplit", _TRPR_ORDER)
    _set_child(tr_pr, "w:tblHeader", _TRPR_ORDER)


def set_row_cant_split(row: Any) -> None:
    """Keep ``row`` on one page."""
    _set_child(row._tr.get_or_add_trPr(), "w:cantSplit", _TRPR_ORDER)


# --- PDF ------------------------------------------------------------------------


def sarabun_font_face_css() -> str:
    """``@font-face`` rules for Sarabun regular, bold, italic and bold italic, for WeasyPrint.

    The fonts are the package files with one glyph more, inline: the copy of SARA AA that keeps ำ in
    the text copied out of the PDF (see :mod:`prongsai.core.fonts`).
    """
    from prongsai.core import fonts

    return fonts.pdf_font_face_css(_SARABUN_FACES)


def render_html(html: str, *, base_url: str | Path | None, stylesheets: Iterable[str | Path] = ()) -> Any:
    """Lay out ``html`` with WeasyPrint in Sarabun; return its Document.

    Sarabun is the family of every element that names none and the fallback for Thai in any other
    family (see :mod:`prongsai.core.fonts`), whatever Thai fonts the system has.

    ``stylesheets`` are CSS file paths applied after the font faces. The Document's ``pages`` give the
    page count; ``write_pdf()`` gives the bytes.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from prongsai.core import fonts

    fonts.prefer_sarabun()  # Thai fallback and generic families: Sarabun, whatever fonts the system has
    font_config = FontConfiguration()
    sheets = [CSS(string=fonts.DEFAULT_FAMILY_CSS), CSS(string=sarabun_font_face_css(), font_config=font_config)]
    sheets.extend(CSS(filename=str(path), font_config=font_config) for path in stylesheets)
    base = str(base_url) if base_url is not None else None
    document = HTML(string=html, base_url=base).render(font_config=font_config, stylesheets=sheets)
    return fonts.fix_thai_text_mapping(document)


def html_to_pdf(html: str, *, base_url: str | Path | None, stylesheets: Iterable[str | Path] = ()) -> bytes:
    """``html`` as PDF bytes, set in Sarabun (see :func:`render_html`)."""
    pdf = render_html(html, base_url=base_url, stylesheets=stylesheets).write_pdf()
    return bytes(pdf)


def data_uri(content: bytes, content_type: str) -> str:
    """Embed a picture in HTML for WeasyPrint (no file or URL to fetch)."""
    return f"data:{content_type};base64," + base64.b64encode(content).decode("ascii")


# --- reading report data (shared by every report) ----------------------------------


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
