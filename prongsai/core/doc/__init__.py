"""One document model for every official document: typed blocks, one DOCX and one HTML/PDF renderer.

A module builds a :class:`~prongsai.core.doc.blocks.Document` (a list of blocks from
``core/doc/blocks.py``) from its data and calls :func:`render` with ``"docx"``, ``"pdf"`` or
``"html"``. The DOCX comes from ``core/doc/docx.py`` (python-docx on the helpers of
``core/doc/docx_helpers.py``), the PDF from ``core/doc/html.py`` and its one stylesheet through
:func:`prongsai.core.documents.html_to_pdf` (WeasyPrint). No module imports python-docx or keeps a
PDF template of its own. Both renderers walk the blocks through ``core/doc/layout.py``.
"""

from __future__ import annotations

from prongsai.core.doc.blocks import (
    FILL_HEADER,
    FILL_NOTICE,
    FILL_TOTAL,
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Figures,
    Heading,
    MemoHead,
    NoteBox,
    OrderHead,
    PageBreak,
    Paragraph,
    Row,
    Run,
    SectionBreak,
    Signature,
    Table,
    Text,
    Title,
)

__all__ = [
    "FILL_HEADER",
    "FILL_NOTICE",
    "FILL_TOTAL",
    "FORMATS",
    "Block",
    "BulletList",
    "Cell",
    "Document",
    "Figure",
    "Figures",
    "Heading",
    "MemoHead",
    "NoteBox",
    "OrderHead",
    "PageBreak",
    "Paragraph",
    "Row",
    "Run",
    "SectionBreak",
    "Signature",
    "Table",
    "Text",
    "Title",
    "render",
]

FORMATS = ("docx", "pdf", "html")


def render(document: Document, fmt: str) -> bytes:
    """``document`` as ``docx``, ``pdf`` or ``html`` (UTF-8) bytes."""
    if fmt == "docx":
        from prongsai.core.doc.docx import render_docx

        return render_docx(document)
    if fmt in ("pdf", "html"):
        from prongsai.core.doc.html import STYLESHEET, render_html

        html = render_html(document)
        if fmt == "html":
            return html.encode()
        from prongsai.core.documents import html_to_pdf

        return html_to_pdf(html, base_url=None, stylesheets=[STYLESHEET])
    raise ValueError(f"unknown document format {fmt!r}")
