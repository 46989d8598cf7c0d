"""The ITA analysis report as DOCX and PDF, rendered from the sample report data (tests/fixtures/report_sample.json)."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from prongsai.core import doc
from prongsai.core.doc.testing import assert_golden, docx_text, pdf_font_names
from prongsai.core.doc.testing import pdf_text as extract_pdf_text
from prongsai.core.documents import SARABUN_REGULAR, html_to_pdf, number
from prongsai.ita.documents import (
    PLAN_HEADERS,
    SUMMARY_HEADERS,
    build_document,
    build_view,
    indicator_chart_png,
    render_docx,
    render_pdf,
    summary_chart_png,
)

SAMPLE = Path(__file__).parent / "fixtures" / "report_sample.json"
THAI_DIGITS = re.compile("[๐-๙]")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load_sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def sparse_report() -> dict[str, Any]:
    """One year only, no previous scores, several None values, no warnings, no plan."""
    report = load_sample()
    report["years"] = [year for year in report["years"] if year["fiscal_year"] == report["fiscal_year"]]
    year = report["years"][0]
    year["indicators"]["3"] = None
    year["tools"]["OIT"] = None
    year.update(overall=None, computed_overall=None, level=None, passed=None)
    for indicator in report["indicators"]:
        indicator.update(
            previous=None, delta=None, trend=None, history={str(report["fiscal_year"]): indicator["score"]}
        )
    report["indicators"][2].update(score=None, history={str(report["fiscal_year"]): None})
    report.update(warnings=[], plan=[], o25=None)
    report["framework"]["uncertain"] = []
    return report


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return load_sample()


@pytest.fixture(scope="module")
def docx_bytes(sample: dict[str, Any]) -> bytes:
    return render_docx(sample)


@pytest.fixture(scope="module")
def docx_thai(docx_bytes: bytes) -> Any:
    return Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def docx_arabic(sample: dict[str, Any]) -> Any:
    return Document(io.BytesIO(render_docx(sample, thai_digits=False)))


@pytest.fixture(scope="module")
def pdf_bytes(sample: dict[str, Any]) -> bytes:
    return render_pdf(sample)


def cell_texts(row: Any) -> list[str]:
    return [cell.text.strip() for cell in row.cells]


def find_table(document: Any, headers: tuple[str, ...]) -> Any:
    for table in document.tables:
        if tuple(cell_texts(table.rows[0])) == headers:
            return table
    raise AssertionError(f"no table with headers {headers}")


def all_text(document: Any) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- shared plumbing ------------------------------------------------------------


def test_it_formats_numbers_with_two_decimals_in_thai_or_arabic_digits() -> None:
    assert number(59.25) == "๕๙.๒๕"
    assert number(90.1) == "๙๐.๑๐"
    assert number(100) == "๑๐๐.๐๐"
    assert number(59.25, thai_digits=False) == "59.25"
    assert number(85, digits=0) == "๘๕"
    assert number("๗๓.๓๓", thai_digits=False) == "73.33"
    assert number(-0.001, thai_digits=False) == "0.00"
    assert number(None) == "–"
    assert number("not a number") == "–"
    assert number(float("nan")) == "–"


def test_it_makes_pdf_from_html_with_the_sarabun_font(tmp_path: Path) -> None:
    assert SARABUN_REGULAR.is_file()
    html = '<html lang="th"><body><p>ที่นี่ ผู้นี้ น้ำ <b>ตัวหนา</b></p></body></html>'
    pdf = html_to_pdf(html, base_url=None)
    assert pdf.startswith(b"%PDF")
    assert pdf_font_names(pdf) == ["Sarabun", "Sarabun-Bold"]  # no fallback font for any Thai character


def test_it_draws_charts_as_png() -> None:
    chart = indicator_chart_png("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", [2566, 2567, 2568], [80.0, None, 90.5])
    assert chart.startswith(PNG_SIGNATURE)
    summary = summary_chart_png(["๑ การปฏิบัติหน้าที่", "๒ การใช้งบประมาณ"], [90.1, None], thai_digits=False)
    assert summary.startswith(PNG_SIGNATURE)


# --- DOCX -----------------------------------------------------------------------


def test_it_opens_the_docx_with_the_title_first(docx_thai: Any) -> None:
    paragraphs = [paragraph.text for paragraph in docx_thai.paragraphs]
    assert paragraphs[0] == "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ.๒๕๖๘"
    assert paragraphs[1] == "เพื่อนำไปสู่การพัฒนาองค์กร"
    assert paragraphs[2] == "องค์การบริหารส่วนตำบลโพหนอง อำเภอรณนคร จังหวัดนครพนม"
    assert "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง:" in "\n".join(paragraphs)
    assert "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่" in paragraphs


def test_it_summarises_the_ten_indicators_in_a_table(docx_thai: Any) -> None:
    table = find_table(docx_thai, SUMMARY_HEADERS)
    assert len(table.rows) == 11
    assert cell_texts(table.rows[9]) == ["๙", "การเปิดเผยข้อมูล", "๕๙.๒๕"]
    assert cell_texts(table.rows[1]) == ["๑", "การปฏิบัติหน้าที่", "๙๐.๑๐"]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_it_prints_the_announced_overall_score_and_nothing_for_staff_only(
    sample: dict[str, Any], docx_thai: Any, pdf_bytes: bytes
) -> None:
    assert sample["warnings"]  # the data has warnings and unconfirmed points; the report shows neither
    assert sample["framework"]["uncertain"]
    text = all_text(docx_thai)
    assert "คะแนนภาพรวม (ตามที่ ป.ป.ช. ประกาศ): ๙๐.๑๐ คะแนน" in text
    pdf = extract_pdf_text(pdf_bytes)
    for printed in (text, pdf):
        assert "๘๓.๖๙" not in printed  # the computed score: on the results page and in the JSON only
        assert "ข้อสังเกต" not in printed
        assert "ยังไม่ได้ยืนยัน" not in printed  # framework.uncertain: platform admins, on the results page


def test_it_puts_the_plan_table_on_a_landscape_section_with_a_repeating_header(docx_thai: Any) -> None:
    table = find_table(docx_thai, PLAN_HEADERS)
    header = table.rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # The plan follows the last section break, and that last section is landscape A4.
    body = list(docx_thai.element.body)
    breaks = [i for i, element in enumerate(body) if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    assert breaks
    assert body.index(table._tbl) > breaks[-1]
    section = docx_thai.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert docx_thai.sections[0].orientation == WD_ORIENT.PORTRAIT
    # Nothing wider than the text area.
    grid_width = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    assert grid_width <= text_width + 1


def test_it_groups_plan_rows_by_indicator_and_merges_the_indicator_cell(docx_thai: Any) -> None:
    table = find_table(docx_thai, PLAN_HEADERS)
    rows = table.rows[1:]
    assert len(rows) == 3
    assert [row.cells[0].text.strip() for row in rows] == ["๔", "๙", "๙"]  # number order, 9 merged over two rows
    merges = [tc.tcPr.find(qn("w:vMerge")) for tc in (row._tr.tc_lst[0] for row in rows)]
    assert merges[0] is None
    assert merges[1] is not None
    assert merges[1].get(qn("w:val")) == "restart"
    assert merges[2] is not None
    assert merges[2].get(qn("w:val")) in (None, "continue")
    o25_row = cell_texts(rows[1])
    assert o25_row[1].startswith("มาตรการยกระดับการเปิดเผยข้อมูลการเงิน")
    assert "(มาตรการเชิงป้องกันตามข้อ O๒๕)" in o25_row[1]
    assert "- กิจกรรม: กำหนดปฏิทินอัปเดตข้อมูลพัสดุและงบประมาณลงเว็บไซต์ทุก ๑๕ วัน" in o25_row[1]
    assert o25_row[3].splitlines()[0] == "๑. มอบหมายผู้รับผิดชอบรายข้อ OIT ทุกกอง"
    assert o25_row[3].splitlines()[2].startswith("๓. ")
    assert o25_row[4] == "๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙"
    assert o25_row[5].splitlines() == ["สำนักปลัด", "กองคลัง"]
    title_run = rows[1].cells[1].paragraphs[0].runs[0]
    assert title_run.bold


def test_it_sets_the_body_in_sarabun_16_pt_also_for_complex_script(docx_thai: Any) -> None:
    normal = docx_thai.styles["Normal"].element
    fonts = normal.rPr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attribute)) == "Sarabun"
    assert normal.rPr.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert normal.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    section = docx_thai.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7


def test_it_inserts_the_charts_as_pictures(docx_thai: Any) -> None:
    pictures = docx_thai.inline_shapes
    assert len(pictures) == 11  # ten indicators and the summary


def test_it_writes_arabic_digits_when_asked(docx_arabic: Any) -> None:
    assert docx_arabic.paragraphs[0].text == "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ.2568"
    table = find_table(docx_arabic, SUMMARY_HEADERS)
    assert cell_texts(table.rows[9]) == ["9", "การเปิดเผยข้อมูล", "59.25"]
    assert not THAI_DIGITS.search(all_text(docx_arabic))


# --- PDF ------------------------------------------------------------------------


def test_it_renders_a_pdf_of_several_pages_with_a_landscape_plan(pdf_bytes: bytes) -> None:
    pages = PdfReader(io.BytesIO(pdf_bytes)).pages
    assert len(pages) >= 3
    first, last = pages[0].mediabox, pages[-1].mediabox
    assert first.height > first.width  # portrait A4
    assert last.width > last.height  # the plan on landscape A4
    assert abs(float(first.width) * 25.4 / 72 - 210) < 1  # PDF points -> mm


def test_it_writes_the_org_name_and_thai_scores_into_the_pdf(pdf_bytes: bytes, tmp_path: Path) -> None:
    assert pdf_bytes.startswith(b"%PDF")
    text = extract_pdf_text(pdf_bytes)
    compact = re.sub(r"\s+", "", text)
    assert "องค์การบริหารส่วนตำบลโพหนอง" in compact  # sara am extracted as ำ (core/fonts.py)
    assert "๕๙.๒๕" in text
    assert "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง:" in compact
    assert "หน้า๑" in compact  # page numbers in Thai digits


def test_it_escapes_user_text_in_the_pdf_html(sample: dict[str, Any]) -> None:
    report = copy.deepcopy(sample)
    report["indicators"][0]["analysis_text"] = "<script>alert('x')</script> & <b>ตัวหนา</b>"
    report["plan"][0]["title"] = '<img src="x" onerror="alert(1)">'
    html = doc.render(build_document(report), "html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;ตัวหนา&lt;/b&gt;" in html
    assert '<img src="x"' not in html
    assert '<html lang="th">' in html
    assert "<thead>" in html
    assert '<section class="landscape">' in html


# --- missing data ---------------------------------------------------------------


def test_it_renders_both_formats_when_scores_and_previous_years_are_missing() -> None:
    report = sparse_report()
    view = build_view(report, charts=False)
    assert view.indicator_rows[2].score == "–"
    assert "ไม่มีคะแนนปีก่อนหน้าให้เปรียบเทียบ" in view.analyses[0].score_line
    assert view.plan_groups == []
    docx = Document(io.BytesIO(render_docx(report)))
    table = find_table(docx, SUMMARY_HEADERS)
    assert cell_texts(table.rows[3]) == ["๓", "การใช้อำนาจ", "–"]
    text = all_text(docx)
    assert "คะแนนภาพรวม (ตามที่ ป.ป.ช. ประกาศ): –\n" in text
    assert "ผลการประเมิน: –\n" in text
    assert "ข้อสังเกต" not in text
    assert "ยังไม่มีรายการในแผน" in text
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF")


def test_it_survives_a_report_that_is_almost_empty() -> None:
    report: dict[str, Any] = {"organization": None, "fiscal_year": None, "years": None, "indicators": None}
    assert Document(io.BytesIO(render_docx(report))).paragraphs[0].text.endswith("พ.ศ.–")
    assert render_pdf(report).startswith(b"%PDF")


# --- the text, against the golden text of the report ------------------------------

GOLDEN = Path(__file__).parent / "golden"


def test_it_keeps_the_text_of_the_report(sample: dict[str, Any], docx_bytes: bytes, pdf_bytes: bytes) -> None:
    assert_golden(docx_text(docx_bytes), GOLDEN / "ita_report.docx.txt")
    assert_golden(extract_pdf_text(pdf_bytes), GOLDEN / "ita_report.pdf.txt", pdf=True)
