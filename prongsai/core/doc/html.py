"""The one HTML renderer: blocks → HTML for WeasyPrint, with the one stylesheet ``document.css``.

Every text is escaped here; the page set-up (A4, margins, the "หน้า ๑" footer in the document's digits)
comes from the stylesheet and a short ``@page`` rule for the footer's label. A row span in a table
body is drawn as the first cell and continuation cells without the border between them: WeasyPrint
would move every row of a real rowspan group to the next page together.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from prongsai.core.doc import blocks as b
from prongsai.core.doc.layout import lay_out

__all__ = ["STYLESHEET", "render_html"]

STYLESHEET = Path(__file__).resolve().parent / "document.css"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cm(value: float) -> str:
    return f"{value:.2f}cm"


class _Writer:
    def __init__(self, document: b.Document) -> None:
        self.doc = document
        self.out: list[str] = []

    def text(self, value: str, *, verbatim: bool = False) -> str:
        return escape(b.display(value, thai_digits=self.doc.thai_digits, verbatim=verbatim))

    def runs(self, runs: Sequence[b.Run], *, bold: bool = False) -> str:
        parts = []
        for run in runs:
            html = self.text(run.text, verbatim=run.verbatim or run.mono)
            if run.mono:
                html = f"<code>{html}</code>"
            if run.italic:
                html = f"<i>{html}</i>"
            if run.bold and not bold:
                html = f"<b>{html}</b>"
            if run.color:
                html = f'<span style="color: #{run.color}">{html}</span>'
            parts.append(html)
        return "".join(parts)

    @staticmethod
    def style(block: b.Paragraph) -> str:
        rules = []
        if block.align != "left":
            rules.append(f"text-align: {block.align}")
        if block.size_pt:
            rules.append(f"font-size: {block.size_pt}pt")
        if block.indent_cm:
            rules.append(f"padding-left: {_cm(block.indent_cm)}")
        if block.first_line_cm:
            rules.append(f"text-indent: {_cm(block.first_line_cm)}")
        if block.space_before_pt is not None:
            rules.append(f"margin-top: {block.space_before_pt}pt")
        if block.space_after_pt is not None:
            rules.append(f"margin-bottom: {block.space_after_pt}pt")
        if block.keep_with_next:
            rules.append("break-after: avoid")
        if block.bold:
            rules.append("font-weight: 700")
        if block.color:
            rules.append(f"color: #{block.color}")
        return f' style="{"; ".join(rules)}"' if rules else ""

    def paragraph(self, block: b.Paragraph, *, css_class: str = "") -> str:
        content = self.runs(block.runs, bold=block.bold)
        if not content:  # an empty paragraph is a blank line, as in the DOCX
            css_class, content = (css_class + " blank").strip(), "&nbsp;"
        attribute = f' class="{css_class}"' if css_class else ""
        return f"<p{attribute}{self.style(block)}>{content}</p>"

    # --- blocks -------------------------------------------------------------

    def title(self, block: b.Title) -> None:
        lines = [
            f'<p class="{"large" if index < block.large else "sub"}">{self.text(line)}</p>'
            for index, line in enumerate(block.lines)
            if line
        ]
        size = f' style="font-size: {block.notes_size_pt}pt"' if block.notes_size_pt else ""
        lines += [f'<p class="note"{size}>{self.text(note)}</p>' for note in block.notes]
        self.out.append(f'<div class="title-block">{"".join(lines)}</div>')

    def heading(self, block: b.Heading) -> None:
        tag = "h2" if block.level <= 1 else "h3"
        self.out.append(f"<{tag}>{self.text(block.text)}</{tag}>")

    def bullets(self, block: b.BulletList) -> None:
        style = [f"padding-left: {_cm(block.indent_cm + 0.5)}"]
        if block.size_pt:
            style.append(f"font-size: {block.size_pt}pt")
        items = "".join(f"<li>{self.runs(b.runs_of(item))}</li>" for item in block.items)
        self.out.append(f'<ul class="bullets" style="{"; ".join(style)}">{items}</ul>')

    def cell_content(self, spec: b.Cell) -> str:
        lines = [line if isinstance(line, b.Paragraph) else b.Paragraph(line) for line in spec.lines]
        if spec.bullets and len(lines) > 1:
            items = "".join(f"<li>{self.runs(line.runs)}</li>" for line in lines)
            return f'<ul class="lines">{items}</ul>'
        return "".join(self.paragraph(line) for line in lines)

    def cell(self, tag: str, spec: b.Cell, row: b.Row, *, header: bool, classes: Sequence[str] = ()) -> str:
        names = list(classes)
        bold = spec.bold if spec.bold is not None else (header or row.bold)
        if bold and not header:
            names.append("bold")
        if not bold and header:
            names.append("normal")
        if spec.align and spec.align != ("center" if header else "left"):
            names.append(f"align-{spec.align}")
        if spec.valign and spec.valign != ("center" if header else "top"):
            names.append(f"valign-{spec.valign}")
        shade = spec.shade or row.shade
        attributes = f' class="{" ".join(names)}"' if names else ""
        if shade:
            attributes += f' style="background: #{shade}"'
        if spec.colspan > 1:
            attributes += f' colspan="{spec.colspan}"'
        if header and spec.rowspan > 1:
            attributes += f' rowspan="{spec.rowspan}"'
        return f"<{tag}{attributes}>{self.cell_content(spec)}</{tag}>"

    def table(self, block: b.Table) -> None:
        width = sum(block.widths_cm)
        style = f"width: {_cm(width)}"
        if block.size_pt:
            style += f"; font-size: {block.size_pt}pt"
        if block.space_before_pt is not None:
            style += f"; margin-top: {block.space_before_pt}pt"
        kind = ("grid" if block.borders else "plain") + (" dense" if block.dense else "")
        out = [f'<table class="{kind}" style="{style}"><colgroup>']
        out += [f'<col style="width: {_cm(w)}">' for w in block.widths_cm]
        out.append("</colgroup>")
        if block.header:
            out.append("<thead>")
            for row in block.header:
                height = _row_height(row)
                heads = "".join(self.cell("th", spec, row, header=True) for spec in row.cell_list)
                out.append(f"<tr{height}>{heads}</tr>")
            out.append("</thead>")
        out.append("<tbody>")
        pending: dict[int, tuple[int, b.Cell, b.Row]] = {}  # column → (rows left, the spanning cell, its row)
        for row in block.rows:
            cells: list[str] = []
            column = 0
            specs = iter(row.cell_list)
            while column < len(block.widths_cm):
                if column in pending:
                    left, spec, origin = pending[column]
                    classes: list[str] = ["span-cont"] + (["span-open"] if left > 1 else [])
                    blank = b.Cell((), shade=spec.shade or origin.shade, colspan=spec.colspan)
                    cells.append(self.cell("td", blank, origin, header=False, classes=classes))
                    if left > 1:
                        pending[column] = (left - 1, spec, origin)
                    else:
                        del pending[column]
                    column += spec.colspan
                    continue
                following = next(specs, None)
                if following is None:
                    break
                spec = following
                classes = []
                if spec.rowspan > 1:
                    pending[column] = (spec.rowspan - 1, spec, row)
                    classes.append("span-open")
                cells.append(self.cell("td", spec, row, header=False, classes=classes))
                column += spec.colspan
            row_classes = " ".join(c for c, on in (("keep", row.keep), ("exact", row.exact_height)) if on)
            keep = f' class="{row_classes}"' if row_classes else ""
            out.append(f"<tr{keep}{_row_height(row)}>{''.join(cells)}</tr>")
        out.append("</tbody></table>")
        self.out.append("".join(out))

    def image(self, figure: b.Figure) -> str:
        uri = f"data:{figure.content_type};base64," + base64.b64encode(figure.data).decode("ascii")
        size = f"width: {_cm(figure.width_cm)}"
        if figure.height_cm:
            size += f"; height: {_cm(figure.height_cm)}"
        return f'<img src="{uri}" alt="{self.text(figure.alt)}" style="{size}">'

    def captions(self, figure: b.Figure) -> str:
        lines = [f'<p class="caption">{self.text(line)}</p>' for line in figure.caption]
        if figure.note:
            lines.append(f'<p class="caption fig-note">{self.text(figure.note)}</p>')
        return "".join(lines)

    def figure(self, block: b.Figure) -> None:
        space = f' style="margin-top: {block.space_before_pt}pt"' if block.space_before_pt is not None else ""
        self.out.append(f'<div class="figure"{space}>{self.image(block)}{self.captions(block)}</div>')

    def figures(self, block: b.Figures) -> None:
        style = f"width: {_cm(block.column_cm * block.per_row)}"
        if block.caption_size_pt:
            style += f"; font-size: {block.caption_size_pt}pt"
        out = [f'<table class="figures" style="{style}"><colgroup>']
        out += [f'<col style="width: {_cm(block.column_cm)}">'] * block.per_row
        out.append("</colgroup><tbody>")
        frame = f' style="height: {_cm(block.frame_height_cm)}"' if block.frame_height_cm else ""
        for start in range(0, len(block.figures), block.per_row):
            cells = [
                f'<td><div class="frame"{frame}>{self.image(figure)}</div>{self.captions(figure)}</td>'
                for figure in block.figures[start : start + block.per_row]
            ]
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append("</tbody></table>")
        self.out.append("".join(out))

    def note_box(self, block: b.NoteBox) -> None:
        out = [f'<div class="notebox {block.style}">']
        if block.title:
            out.append(f'<p class="notebox-title">{self.text(block.title)}</p>')
        if block.bullets:
            out.append("<ul>" + "".join(f"<li>{self.text(item)}</li>" for item in block.bullets) + "</ul>")
        out += [f"<p>{self.runs(b.runs_of(line))}</p>" for line in block.lines]
        if block.code:
            out.append(f"<p><code>{self.text(block.code, verbatim=True)}</code></p>")
        out.append("</div>")
        self.out.append("".join(out))

    def paragraph_block(self, block: b.Paragraph) -> None:
        self.out.append(self.paragraph(block))

    def page_break(self, block: b.PageBreak) -> None:
        self.out.append('<div class="page-break"></div>')

    def section(self, block: b.SectionBreak) -> None:
        self.out.append(f'</section><section class="{"landscape" if block.landscape else "portrait"}">')

    def signature(self, block: b.Signature) -> None:
        lines = [f"{block.lead} " + "." * 40, f"({block.name})" if block.name else "(" + "\u00a0" * 40 + ")"]
        if block.position:
            lines.append(f"{block.position_label} {block.position}")
        self.out.append('<div class="signature">' + "".join(f"<p>{self.text(x)}</p>" for x in lines) + "</div>")

    def memo_head(self, block: b.MemoHead) -> None:
        def field(label: str, value: str) -> str:
            return f'<span class="label">{self.text(label)}</span> {self.text(value)}'

        rows = [
            f"<p>{field('ส่วนราชการ', block.agency)}</p>",
            f'<p class="pair"><span>{field("ที่", block.ref)}</span><span>{field("วันที่", block.date)}</span></p>',
            f"<p>{field('เรื่อง', block.subject)}</p>",
        ]
        to = f'<p class="memo-to">{field("เรียน", block.to)}</p>' if block.to else ""
        self.out.append(f'<div class="memo-head"><p class="memo-title">บันทึกข้อความ</p>{"".join(rows)}</div>{to}')

    def order_head(self, block: b.OrderHead) -> None:
        lines = [f"คำสั่ง{block.issuer}"]
        if block.number or block.year:
            lines.append(f"ที่ {block.number}/{block.year}")
        if block.subject:
            lines.append(f"เรื่อง {block.subject}")
        body = "".join(f"<p>{self.text(line)}</p>" for line in lines)
        self.out.append(f'<div class="order-head">{body}<p class="rule">{"-" * 30}</p></div>')

    def write(self) -> str:
        self.out.append("<section>")
        for block in self.doc.blocks:
            lay_out(self, block, "HTML")
        self.out.append("</section>")
        doc = self.doc
        counter = "counter(page, thai)" if doc.thai_digits else "counter(page)"
        footer = f"@page {{ @bottom-center {{ content: {_css_string(doc.page_label)} {counter}; }} }}"
        head = [
            '<meta charset="utf-8">',
            f"<title>{self.text(doc.title)}</title>",
            f'<meta name="author" content="{self.text(doc.author)}">' if doc.author else "",
            f'<meta name="keywords" content="{escape(doc.keywords)}">' if doc.keywords else "",
            f"<style>{footer}</style>",
        ]
        language = escape(doc.language or "th")
        return f'<!DOCTYPE html>\n<html lang="{language}"><head>{"".join(head)}</head><body>{"".join(self.out)}</body></html>'


def _row_height(row: b.Row) -> str:
    """A least height (CSS ``height`` of a row: the cells' lines may make it taller); ``tr.exact`` (the
    stylesheet) gives its cells no line height of their own, so the row is exactly that high."""
    return f' style="height: {_cm(row.min_height_cm)}"' if row.min_height_cm else ""


def render_html(document: b.Document) -> str:
    """``document`` as HTML to lay out with :data:`STYLESHEET`."""
    return _Writer(document).write()
