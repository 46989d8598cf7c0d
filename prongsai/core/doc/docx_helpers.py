"""python-docx helpers for the one DOCX renderer (:mod:`prongsai.core.doc.docx`).

A4 page set-up, fonts that Word applies to Thai (a complex script: the font and size must be set on
``w:cs``/``w:szCs`` too), landscape sections, table widths, borders, shading, repeating header rows,
rows kept on one page and page numbers in Thai or Arabic digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from prongsai.core.documents import SARABUN_FAMILY, digits

__all__ = [
    "A4_HEIGHT",
    "A4_WIDTH",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "add_page_number_footer",
    "add_section",
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
