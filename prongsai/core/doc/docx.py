"""The one DOCX renderer: blocks → a Word document (A4, Sarabun 16 pt, "หน้า ๑" footers), with python-docx.

Built on the helpers of :mod:`prongsai.core.documents` (page set-up, complex-script fonts, table
widths, borders, shading, repeating header rows). No module outside ``core`` imports python-docx.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from prongsai.core.doc import blocks as b
from prongsai.core.doc.docx_helpers import (
    add_page_number_footer,
    add_section,
    set_cell_margins,
    set_cell_shading,
    set_cell_vertical_alignment,
    set_page_number_format,
    set_repeat_table_header,
    set_row_cant_split,
    set_run_font,
    set_table_borders,
    set_table_widths,
    setup_docx,
)
from prongsai.core.doc.layout import lay_out

__all__ = ["render_docx"]

ALIGN = {
    "left": None,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}
TEXT_WIDTH_CM = {False: 16.5, True: 25.2}  # portrait, landscape (the margins of core.documents)
MONO_FONT = "DejaVu Sans Mono"


def _finish_docx(data: bytes) -> bytes:
    """The last step of every DOCX: it carries the Sarabun faces it uses, so it looks the same on a PC without them."""
    from prongsai.core.fonts import embed_docx_fonts

    return embed_docx_fonts(data)


class _Writer:
    def __init__(self, document: b.Document) -> None:
        self.doc = document
        self.docx = new_docx()
        self.landscape = False
        self.break_before = False  # a PageBreak: the next paragraph starts the page
        setup_docx(self.docx)
        core = self.docx.core_properties
        core.title = self.text(document.title)
        core.subject = self.text(document.subject)
        core.author = self.text(document.author) or "Prongsai"
        core.keywords = document.keywords
        core.language = "th-TH" if document.language == "th" else document.language
        add_page_number_footer(self.docx.sections[0], thai_digits=document.thai_digits, prefix=document.page_label)

    def text(self, value: str, *, verbatim: bool = False) -> str:
        return b.display(value, thai_digits=self.doc.thai_digits, verbatim=verbatim)

    # --- text ---------------------------------------------------------------

    def runs(
        self, paragraph: Any, runs: Sequence[b.Run], *, size_pt: float | None, bold: bool = False, color: str | None
    ) -> None:
        for run in runs:
            added = paragraph.add_run(self.text(run.text, verbatim=run.verbatim or run.mono))
            run_bold = run.bold or bold
            run_colour = run.color or color
            if run_bold or size_pt or run_colour or run.mono:
                set_run_font(added, size_pt=12 if run.mono else size_pt, bold=run_bold or None, color=run_colour)
            if run.italic:
                added.italic = True
            if run.mono:
                added.font.name = MONO_FONT  # after Sarabun: a command is typed, not read

    def paragraph(self, container: Any, block: b.Paragraph, *, size_pt: float | None = None, bold: bool = False) -> Any:
        paragraph = container.add_paragraph()
        self.starts_page(paragraph)
        self.runs(paragraph, block.runs, size_pt=block.size_pt or size_pt, bold=bold, color=block.color)
        self.format(paragraph, block)
        return paragraph

    def starts_page(self, paragraph: Any) -> None:
        """A page break as "page break before" of the next paragraph: an empty paragraph holding the
        break could itself fall on the next page and leave a blank one."""
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False

    @staticmethod
    def format(paragraph: Any, block: b.Paragraph) -> None:
        if ALIGN[block.align] is not None:
            paragraph.alignment = ALIGN[block.align]
        fmt = paragraph.paragraph_format
        if block.indent_cm:
            fmt.left_indent = Cm(block.indent_cm)
        if block.first_line_cm:
            fmt.first_line_indent = Cm(block.first_line_cm)
        if block.space_before_pt is not None:
            fmt.space_before = Pt(block.space_before_pt)
        if block.space_after_pt is not None:
            fmt.space_after = Pt(block.space_after_pt)
        if block.keep_with_next:
            fmt.keep_with_next = True

    def simple(self, text: b.Text, **options: Any) -> Any:
        return self.paragraph(self.docx, b.Paragraph(text, **options))

    # --- blocks -------------------------------------------------------------

    def title(self, block: b.Title) -> None:
        for index, line in enumerate(block.lines):
            if line:
                self.simple(line, bold=True, size_pt=18 if index < block.large else 16, align="center")
        for note in block.notes:
            self.simple(note, size_pt=block.notes_size_pt, align="center")

    def heading(self, block: b.Heading) -> None:
        self.starts_page(self.docx.add_heading(self.text(block.text), level=max(1, min(block.level, 3))))

    def bullets(self, block: b.BulletList) -> None:
        for item in block.items:
            paragraph = self.paragraph(self.docx, b.Paragraph(["• ", *b.runs_of(item)], size_pt=block.size_pt))
            paragraph.paragraph_format.left_indent = Cm(block.indent_cm + 0.5)
            paragraph.paragraph_format.first_line_indent = Cm(-0.5)

    def fill(self, cell: Any, spec: b.Cell, *, size_pt: float | None, bold: bool, align: b.Align) -> None:
        lines = list(spec.lines) or [""]
        bulleted = spec.bullets and len(lines) > 1
        for index, line in enumerate(lines):
            block = line if isinstance(line, b.Paragraph) else b.Paragraph(line, align=align)
            if bulleted:
                block = b.Paragraph(["• ", *b.runs_of(block.text, bold=block.bold)], align=block.align)
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            self.runs(paragraph, block.runs, size_pt=block.size_pt or size_pt, bold=bold, color=block.color)
            self.format(paragraph, block)
            if bulleted:
                paragraph.paragraph_format.left_indent = Cm(0.4)
                paragraph.paragraph_format.first_line_indent = Cm(-0.4)

    def table(self, block: b.Table) -> None:
        rows = [*block.header, *block.rows]
        columns = len(block.widths_cm)
        table = self.docx.add_table(rows=len(rows), cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if block.borders:
            set_table_borders(table)
            set_cell_margins(table)
        else:
            set_table_borders(table, style="nil")
            set_cell_margins(table, top=40, bottom=40, left=60, right=60)
        grid = [list(row.cells) for row in table.rows]
        set_table_widths(table, [Cm(width) for width in block.widths_cm])
        taken: set[tuple[int, int]] = set()
        placed: list[tuple[Any, b.Cell, b.Row, bool]] = []
        for r, row in enumerate(rows):
            header = r < len(block.header)
            column = 0
            for spec in row.cell_list:
                while (r, column) in taken:
                    column += 1
                if column >= columns:
                    break
                last_row = min(r + spec.rowspan, len(rows)) - 1
                last_column = min(column + spec.colspan, columns) - 1
                cell = grid[r][column]
                if (last_row, last_column) != (r, column):
                    cell = cell.merge(grid[last_row][last_column])
                taken.update((i, j) for i in range(r, last_row + 1) for j in range(column, last_column + 1))
                placed.append((cell, spec, row, header))
                column = last_column + 1
        for cell, spec, row, header in placed:
            bold = spec.bold if spec.bold is not None else (header or row.bold)
            align = spec.align or ("center" if header else "left")
            self.fill(cell, spec, size_pt=block.size_pt, bold=bold, align=align)
            shade = spec.shade or row.shade or (b.FILL_HEADER if header else None)
            if shade:
                set_cell_shading(cell, shade)
            valign = spec.valign or ("center" if header else None)
            if valign:
                set_cell_vertical_alignment(cell, valign)
        for r, (docx_row, row) in enumerate(zip(table.rows, rows, strict=True)):
            if r < len(block.header):
                set_repeat_table_header(docx_row)
            elif row.keep:
                set_row_cant_split(docx_row)
            if row.min_height_cm:
                docx_row.height = Cm(row.min_height_cm)
                docx_row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if row.exact_height else WD_ROW_HEIGHT_RULE.AT_LEAST

    def picture(self, paragraph: Any, figure: b.Figure) -> None:
        height = Cm(figure.height_cm) if figure.height_cm else None
        paragraph.add_run().add_picture(io.BytesIO(figure.data), width=Cm(figure.width_cm), height=height)

    def captions(self, container: Any, figure: b.Figure, *, size_pt: float | None, first: bool) -> None:
        for index, line in enumerate(figure.caption):
            paragraph = container.paragraphs[0] if first and index == 0 else container.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.runs(paragraph, b.runs_of(line), size_pt=size_pt, color=None)
        if figure.note:
            paragraph = container.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(4)
            self.runs(paragraph, b.runs_of(figure.note), size_pt=size_pt or 14, color="404040")

    def figure(self, block: b.Figure) -> None:
        paragraph = self.docx.add_paragraph()
        self.starts_page(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.space_before_pt is not None:
            paragraph.paragraph_format.space_before = Pt(block.space_before_pt)
        self.picture(paragraph, block)
        self.captions(self.docx, block, size_pt=None, first=False)

    def figures(self, block: b.Figures) -> None:
        """Pictures in a borderless table, bottom-aligned; captions in a row of their own under them."""
        captioned = any(f.caption or f.note for f in block.figures)
        table = self.docx.add_table(rows=0, cols=block.per_row)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, style="nil")
        set_cell_margins(table, top=40, bottom=40 if captioned else 80, left=60, right=60)
        for start in range(0, len(block.figures), block.per_row):
            group = block.figures[start : start + block.per_row]
            pictures = table.add_row()
            set_row_cant_split(pictures)
            for cell, figure in zip(pictures.cells, group, strict=False):
                set_cell_vertical_alignment(cell, "bottom")
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if captioned:
                    paragraph.paragraph_format.space_before = Pt(6)
                    paragraph.paragraph_format.keep_with_next = True  # the captions stay with their pictures
                self.picture(paragraph, figure)
            if captioned:
                captions = table.add_row()
                set_row_cant_split(captions)
                for cell, figure in zip(captions.cells, group, strict=False):
                    self.captions(cell, figure, size_pt=block.caption_size_pt, first=True)
        set_table_widths(table, [Cm(block.column_cm)] * block.per_row)

    def note_box(self, block: b.NoteBox) -> None:
        self.starts_page(self.docx.add_paragraph())
        table = self.docx.add_table(rows=1, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        warning = block.style == "warning"
        set_table_borders(table, size=8, color="C0504D" if warning else "000000")
        set_cell_margins(table, top=80, bottom=80, left=140, right=140)
        cell = table.rows[0].cells[0]
        if warning:
            set_cell_shading(cell, b.FILL_NOTICE)
        lines: list[b.Paragraph] = []
        if block.title:
            lines.append(b.Paragraph(block.title, bold=True))
        lines += [b.Paragraph(f"• {item}") for item in block.bullets]
        align: b.Align = "left" if warning else "center"
        lines += [b.Paragraph(line, bold=not warning, align=align) for line in block.lines]
        if block.code:
            lines.append(b.Paragraph(b.Run(block.code, mono=True)))
        self.fill(cell, b.Cell(tuple(lines)), size_pt=None, bold=False, align="left")
        set_table_widths(table, [Cm(TEXT_WIDTH_CM[self.landscape])])

    def paragraph_block(self, block: b.Paragraph) -> None:
        self.paragraph(self.docx, block)

    def page_break(self, block: b.PageBreak) -> None:
        self.break_before = True  # the next block starts the page

    def section(self, block: b.SectionBreak) -> None:
        section = add_section(self.docx, landscape=block.landscape)
        set_page_number_format(section, thai_digits=self.doc.thai_digits)
        self.landscape = block.landscape

    def signature(self, block: b.Signature) -> None:
        lines = [f"{block.lead} " + "." * 40, f"({block.name or ' ' * 30})"]
        if block.position:
            lines.append(f"{block.position_label} {block.position}")
        for index, line in enumerate(lines):
            self.simple(line, align="center", indent_cm=7.0, space_before_pt=24 if index == 0 else None)

    def memo_head(self, block: b.MemoHead) -> None:
        self.simple("บันทึกข้อความ", bold=True, size_pt=29, align="center", space_after_pt=6)

        def line(*parts: tuple[str, str]) -> None:
            runs: list[b.Run] = []
            for label, value in parts:
                if runs:
                    runs.append(b.Run("    "))
                runs += [b.Run(label, bold=True), b.Run(f" {value}")]
            self.simple(runs)

        line(("ส่วนราชการ", block.agency))
        line(("ที่", block.ref), ("วันที่", block.date))
        line(("เรื่อง", block.subject))
        if block.to:
            self.simple([b.Run("เรียน", bold=True), b.Run(f" {block.to}")], space_before_pt=12)

    def order_head(self, block: b.OrderHead) -> None:
        self.simple(f"คำสั่ง{block.issuer}", bold=True, align="center")
        if block.number or block.year:
            self.simple(f"ที่ {block.number}/{block.year}", bold=True, align="center")
        if block.subject:
            self.simple(f"เรื่อง {block.subject}", bold=True, align="center")
        self.simple("-" * 30, align="center", space_after_pt=6)

    def write(self) -> bytes:
        for block in self.doc.blocks:
            if self.break_before and isinstance(block, b.Table | b.Figures | b.SectionBreak):
                if not isinstance(block, b.SectionBreak):  # a new section starts a new page anyway
                    self.docx.add_page_break()  # before a block that does not start with a paragraph
                self.break_before = False
            lay_out(self, block, "DOCX")
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()


def render_docx(document: b.Document) -> bytes:
    """``document`` as DOCX bytes."""
    return _finish_docx(_Writer(document).write())
