"""The one document model: every block through the one DOCX and the one HTML/PDF renderer."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from prongsai.core import doc
from prongsai.core.doc.testing import docx_text, normalise, pdf_text


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def sample(*, thai_digits: bool = True) -> doc.Document:
    table = doc.Table(
        (3.0, 5.0, 4.0),
        header=[
            doc.Row([doc.Cell(["กลุ่ม"], rowspan=2), doc.Cell(["คะแนน ปี 2568"], colspan=2)]),
            doc.Row(["ครึ่งแรก", "ทั้งปี"]),
        ],
        rows=[
            doc.Row([doc.Cell(["ก"], rowspan=2, align="center"), "10.5", doc.Cell(["20"], shade="FCE4D0")]),
            doc.Row(["11", "21"]),
            doc.Row([doc.Cell(["รวม 3 แถว"], colspan=3, align="center")], bold=True, shade=doc.FILL_TOTAL),
        ],
    )
    return doc.Document(
        [
            doc.MemoHead(
                "สำนักปลัด อบต.โพหนอง", ref="นพ 123/2569", date="3 ธันวาคม 2569", subject="รายงานผล", to="นายก อบต."
            ),
            doc.Title(["รายงานทดสอบ 2569", "บรรทัดที่สอง", "อบต.โพหนอง"], notes=["ข้อมูล ณ วันที่ 1"]),
            doc.Heading("ส่วนที่ 1"),
            doc.Paragraph([doc.Run("ตัวหนา ", bold=True), doc.Run("ตัวเอียง", italic=True), " ปกติ 42"], align="justify"),
            doc.Paragraph(doc.Run("https://example.go.th/a1", verbatim=True)),
            doc.BulletList(["ข้อ 1", "ข้อ 2"]),
            table,
            doc.NoteBox(["คำเตือน 5 ข้อ"], title="ข้อสังเกต", code="prongsai oit-audit --year 2569"),
            doc.Figure(png(), 4.0, alt="ภาพ"),
            doc.Figures([doc.Figure(png(), 3.0, caption=["ภาพที่ 1"], note="1 ม.ค. 69")] * 2, per_row=3, column_cm=5.5),
            doc.PageBreak(),
            doc.OrderHead("องค์การบริหารส่วนตำบลโพหนอง", number="12", year="2569", subject="แต่งตั้งคณะทำงาน"),
            doc.SectionBreak(landscape=True),
            doc.Heading("แผนแนวนอน", level=2),
            doc.Signature("นายสมชาย ใจดี", "นายก อบต."),
        ],
        title="รายงานทดสอบ",
        author="อบต.โพหนอง",
        thai_digits=thai_digits,
    )


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return doc.render(sample(), "docx")


def test_it_writes_every_block_into_the_docx_with_the_documents_digits(docx_bytes: bytes) -> None:
    text = docx_text(docx_bytes)
    for expected in (
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด อบต.โพหนอง",
        "ที่ นพ ๑๒๓/๒๕๖๙",
        "วันที่ ๓ ธันวาคม ๒๕๖๙",
        "เรียน นายก อบต.",
        "รายงานทดสอบ ๒๕๖๙",
        "ตัวหนา ตัวเอียง ปกติ ๔๒",
        "https://example.go.th/a1",  # verbatim: digits as written
        "• ข้อ ๑",
        "prongsai oit-audit --year 2569",  # a command is typed as it is
        "ภาพที่ ๑",
        "คำสั่งองค์การบริหารส่วนตำบลโพหนอง",
        "ที่ ๑๒/๒๕๖๙",
        "เรื่อง แต่งตั้งคณะทำงาน",
        "ลงชื่อ ....",
        "(นายสมชาย ใจดี)",
        "ตำแหน่ง นายก อบต.",
    ):
        assert expected in text
    assert "2568" not in text


def test_it_merges_cells_repeats_header_rows_and_keeps_rows_whole(docx_bytes: bytes) -> None:
    document = read_docx(io.BytesIO(docx_bytes))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "กลุ่ม"]
    header, second = table.rows[0]._tr, table.rows[1]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert second.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert table.rows[0].cells[1].text == "คะแนน ปี ๒๕๖๘"
    assert table.rows[0].cells[1]._tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    first_cells = [row._tr.tc_lst[0] for row in table.rows[2:4]]
    assert first_cells[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val")) == "restart"
    assert first_cells[1].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
    assert table.rows[2]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    shading = table.rows[2].cells[2]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading.get(qn("w:fill")) == "FCE4D0"
    total = table.rows[4].cells[0]
    assert total.text == "รวม ๓ แถว"
    assert total.paragraphs[0].runs[0].bold
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    assert len(document.inline_shapes) == 3
    [order] = [p for p in document.paragraphs if p.text.startswith("คำสั่ง")]
    assert order.paragraph_format.page_break_before  # the PageBreak: no paragraph of its own to fall on a page
    assert document.core_properties.author == "อบต.โพหนอง"


def test_it_writes_arabic_digits_when_the_document_says_so() -> None:
    text = docx_text(doc.render(sample(thai_digits=False), "docx"))
    assert "รายงานทดสอบ 2569" in text
    assert not any("๐" <= ch <= "๙" for ch in text)


def test_it_lays_out_the_same_text_as_pdf_with_a_landscape_section() -> None:
    document = sample()
    html = doc.render(document, "html").decode()
    assert "<thead>" in html
    assert 'rowspan="2"' in html  # header rows span for real
    assert "span-cont" in html  # body rows continue the spanning cell: WeasyPrint keeps rowspan groups together
    assert 'content: "หน้า " counter(page, thai)' in html
    pdf = doc.render(document, "pdf")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert pages[0].mediabox.height > pages[0].mediabox.width
    assert pages[-1].mediabox.width > pages[-1].mediabox.height
    text = normalise(pdf_text(pdf), pdf=True)
    for expected in ("บันทึกข้อความ", "ที่นพ๑๒๓/๒๕๖๙", "คะแนนปี๒๕๖๘", "https://example.go.th/a1", "(นายสมชายใจดี)"):
        assert normalise(expected) in text


def test_it_escapes_text_in_the_html() -> None:
    html = doc.render(doc.Document([doc.Paragraph("<script>alert(1)</script> & ตัว")]), "html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="odt"):
        doc.render(doc.Document([]), "odt")


def test_it_gives_a_body_row_its_minimum_height_in_the_html() -> None:
    # Blank rows for handwriting (the stock check's list of damaged assets) must keep their height in the PDF.
    table = doc.Table(widths_cm=(2, 2), header=[doc.Row(["ก", "ข"])], rows=[doc.Row(["", ""], min_height_cm=0.8)])
    html = doc.render(doc.Document([table]), "html").decode()
    body = html[html.index("<tbody>") :]
    assert 'style="height: 0.80cm"' in body


def test_it_gives_a_row_an_exact_height_in_both_renderers() -> None:
    """A blank row of a form is as high in Word and LibreOffice (hRule exact) as in the PDF, where its cells add
    no line of their own; a row of at least a height stays "at least" in the DOCX."""
    rows = [doc.Row(["", ""], min_height_cm=0.55, exact_height=True), doc.Row(["ก", "ข"], min_height_cm=0.8)]
    table = doc.Table(widths_cm=(2, 2), header=[doc.Row(["ก", "ข"])], rows=rows)
    document = doc.Document([table])
    heights = [
        tr.find(qn("w:trPr")).find(qn("w:trHeight"))
        for tr in read_docx(io.BytesIO(doc.render(document, "docx"))).tables[0]._tbl.tr_lst[1:]
    ]
    assert [(h.get(qn("w:val")), h.get(qn("w:hRule"))) for h in heights] == [("312", "exact"), ("454", "atLeast")]
    html = doc.render(document, "html").decode()
    assert '<tr class="keep exact" style="height: 0.55cm">' in html
    assert '<tr class="keep" style="height: 0.80cm">' in html
