"""The document set the committee signs, on core/doc (DOCX and PDF from the same blocks).

1. คำสั่งแต่งตั้งคณะกรรมการ (the order head, the members with their positions and roles, the effective date);
2. บันทึกรายงานผลการตรวจสอบ (the memo head, receipts and issues, the count as of the as-of date, the numbers
   per state, the committee's signatures and the head's "ทราบ – รายงาน สตง.");
3. บัญชีครุภัณฑ์คงเหลือ (ที่, เลขครุภัณฑ์, รายการ, จำนวน, ราคาทุน, สภาพ);
4. บัญชีพัสดุชำรุด เสื่อมสภาพ สูญไป และไม่จำเป็นต้องใช้ (A4 landscape, 13 columns with five tick columns,
   then blank rows for handwriting).

These are Thai official forms (ระเบียบกระทรวงการคลังฯ 2560 ข้อ 213): their text is Thai whatever the reader's
language. Asset numbers are printed as on their labels (Arabic digits); every other number in Thai digits.
A tick is the "/" Thai forms use (Sarabun has no check-mark glyph).
"""

from __future__ import annotations

from decimal import Decimal

from prongsai.assets.models import CommitteeMember, CountRound
from prongsai.assets.stockcheck.reconcile import Item, Reconciliation
from prongsai.core import doc
from prongsai.core.thai import be_year, fiscal_year_bounds, format_date_long, format_date_short, local_today
from prongsai.orgs.models import Membership, Role

TICK = "/"
BLANK_ROWS = 10  # for handwriting: with the signatures on the page in Word and LibreOffice as in the PDF
ROLE_TH: dict[str, str] = {
    CommitteeMember.Role.CHAIR: "ประธานกรรมการ",
    CommitteeMember.Role.MEMBER: "กรรมการ",
    CommitteeMember.Role.SECRETARY: "กรรมการและเลขานุการ",
}
CONDITION_TH = {
    "usable": "ใช้การได้",
    "damaged": "ชำรุด",
    "deteriorated": "เสื่อมสภาพ",
    "not_needed": "ไม่จำเป็นต้องใช้",
}
STATE_TH = {
    "found": "พบ ณ ที่ตั้งตามทะเบียน",
    "elsewhere": "พบในสถานที่อื่น",
    "damaged": "ชำรุด/เสื่อมสภาพ",
    "not_needed": "ไม่จำเป็นต้องใช้",
    "missing": "ไม่พบ (สูญไป)",
    "unknown_code": "เลขครุภัณฑ์ไม่มีในทะเบียน",
}
# Landscape text width 25.2 cm: ที่, เลข, รายการ, จำนวน, 5 ticks, วันที่ได้มา, ราคา, ผู้ใช้งาน, ชำรุดอย่างไร.
DAMAGED_WIDTHS = (1.1, 2.9, 3.6, 1.6, 1.3, 1.3, 1.3, 1.3, 1.3, 2.2, 2.7, 2.2, 2.4)  # ที่ holds ๑๐๐ on one line
REMAINING_WIDTHS = (1.0, 3.5, 4.2, 1.8, 3.3, 2.7)  # portrait 16.5 cm


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _person(user: object) -> str:
    return user.get_full_name() or user.username  # type: ignore[attr-defined]


def _subject(round_: CountRound) -> str:
    if round_.kind == CountRound.Kind.ANNUAL:
        return f"แต่งตั้งคณะกรรมการตรวจสอบพัสดุประจำปี พ.ศ. {round_.fiscal_year}"
    unit = f" {round_.unit.name}" if round_.unit_id and round_.unit else ""
    return f"แต่งตั้งคณะกรรมการตรวจนับครุภัณฑ์ประจำไตรมาสที่ {round_.quarter} ปีงบประมาณ {round_.fiscal_year}{unit}"


def _head(round_: CountRound) -> tuple[str, str]:
    """The name and position of the organisation's head (the first executive), or blanks to fill in."""
    member = (
        Membership.objects.filter(organisation_id=round_.organisation_id, role=Role.EXECUTIVE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if member is None:
        return "", f"นายก{round_.organisation.name}"
    return _person(member.user), member.position_title or f"นายก{round_.organisation.name}"


def order_blocks(round_: CountRound, committee: list[CommitteeMember]) -> list[doc.Block]:
    org = round_.organisation
    start, end = fiscal_year_bounds(round_.fiscal_year)
    if round_.kind == CountRound.Kind.QUARTERLY:
        start = round_.starts_on.replace(day=1)
        end = round_.as_of
    order_day = round_.order_date or round_.starts_on
    head_name, head_position = _head(round_)
    rows = [
        doc.Row([str(i), _person(m.user), m.position_title, ROLE_TH.get(m.role, m.role)])
        for i, m in enumerate(committee, 1)
    ]
    while len(rows) < 3:
        rows.append(doc.Row([str(len(rows) + 1), "", "", ""], min_height_cm=0.9))
    first_day = " (วันทำการแรกของเดือนตุลาคม)" if round_.kind == CountRound.Kind.ANNUAL else ""
    kind = "ตรวจสอบพัสดุประจำปี" if round_.kind == CountRound.Kind.ANNUAL else "ตรวจนับครุภัณฑ์ประจำไตรมาส"
    return [
        doc.OrderHead(
            issuer=org.name,
            number=round_.order_number or "........",
            year=str(be_year(order_day)),
            subject=_subject(round_),
        ),
        doc.Paragraph(
            "ตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 ข้อ 213 "
            "กำหนดให้หัวหน้าหน่วยงานของรัฐแต่งตั้งผู้รับผิดชอบในการตรวจสอบพัสดุ ซึ่งมิใช่เจ้าหน้าที่พัสดุ "
            f"เพื่อตรวจสอบการรับจ่ายพัสดุในงวดตั้งแต่วันที่ {format_date_long(start)} ถึงวันที่ {format_date_long(end)} "
            f"และตรวจนับพัสดุคงเหลืออยู่ ณ วันที่ {format_date_long(round_.as_of)}",
            align="justify",
            first_line_cm=2.5,
        ),
        doc.Paragraph(f"{org.name} จึงแต่งตั้งผู้มีรายนามต่อไปนี้ เป็นคณะกรรมการ{kind}", align="justify", first_line_cm=2.5),
        doc.Table(
            widths_cm=(1.2, 5.6, 5.7, 4.0),
            header=[doc.Row(["ที่", "ชื่อ – สกุล", "ตำแหน่ง", "หน้าที่"])],
            rows=rows,
            size_pt=15,
        ),
        doc.Paragraph(
            f"ให้คณะกรรมการเริ่มดำเนินการในวันที่ {format_date_long(round_.starts_on)}{first_day} "
            "ตรวจนับครุภัณฑ์ทุกห้องตามทะเบียน บันทึกสภาพ และรายงานผลต่อผู้แต่งตั้ง"
            f"ภายใน 30 วันทำการ คือภายในวันที่ {format_date_long(round_.due_on)}",
            align="justify",
            first_line_cm=2.5,
            space_before_pt=8,
        ),
        doc.Paragraph(f"ทั้งนี้ ตั้งแต่วันที่ {format_date_long(order_day)} เป็นต้นไป", first_line_cm=2.5),
        doc.Paragraph(f"สั่ง ณ วันที่ {format_date_long(order_day)}", indent_cm=6.0, space_before_pt=12),
        doc.Signature(name=head_name, position=head_position),
    ]


def memo_blocks(round_: CountRound, committee: list[CommitteeMember], result: Reconciliation) -> list[doc.Block]:
    org = round_.organisation
    counts = result.counts
    start, end = fiscal_year_bounds(round_.fiscal_year)
    if round_.kind == CountRound.Kind.QUARTERLY:
        start, end = round_.starts_on.replace(day=1), round_.as_of
    head_name, head_position = _head(round_)
    order_ref = f"ที่ {round_.order_number}" if round_.order_number else "ที่ ........"
    registered = sum(1 for i in result.items if i.state != "unknown_code" and i.in_scope)
    problems = counts["damaged"] + counts["not_needed"] + counts["missing"]
    rows = [doc.Row([STATE_TH[s], f"{counts[s]:,}"]) for s in STATE_TH]
    blocks: list[doc.Block] = [
        doc.MemoHead(
            agency=f"{org.name}" + (f" {round_.unit.name}" if round_.unit_id and round_.unit else ""),
            date=format_date_long(round_.reported_on or local_today()),
            subject="รายงานผลการตรวจสอบพัสดุประจำปี" if round_.kind == "annual" else "รายงานผลการตรวจนับครุภัณฑ์ประจำไตรมาส",
            to=head_position,
        ),
        doc.Paragraph(
            f"ตามคำสั่ง{org.name} {order_ref} เรื่อง {_subject(round_)} บัดนี้ คณะกรรมการได้ดำเนินการตรวจสอบเสร็จแล้ว "
            "ขอรายงานผลดังนี้",
            align="justify",
            first_line_cm=2.5,
        ),
        doc.Paragraph(
            f"1. การรับและการจ่ายพัสดุระหว่างวันที่ {format_date_long(start)} ถึงวันที่ {format_date_long(end)} "
            "(   ) ถูกต้อง   (   ) ไม่ถูกต้อง ดังนี้ ......................................",
            first_line_cm=2.5,
        ),
        doc.Paragraph(
            f"2. ได้ตรวจนับครุภัณฑ์คงเหลือ ณ วันที่ {format_date_long(round_.as_of)} ตามทะเบียนจำนวน {registered:,} รายการ "
            "ตามบัญชีครุภัณฑ์คงเหลือแนบท้าย ผลการตรวจนับเป็นดังนี้",
            first_line_cm=2.5,
        ),
        doc.Table(
            widths_cm=(9.0, 3.5),
            header=[doc.Row(["ผลการตรวจนับ", "จำนวน (รายการ)"])],
            rows=[*rows, doc.Row(["รวม", f"{len(result.items):,}"], bold=True, shade=doc.FILL_TOTAL)],
            size_pt=15,
        ),
        doc.Paragraph(
            f"3. ครุภัณฑ์ที่ชำรุด เสื่อมสภาพ สูญไป หรือไม่จำเป็นต้องใช้ จำนวน {problems:,} รายการ "
            "ตามบัญชีพัสดุชำรุด เสื่อมสภาพ สูญไป และไม่จำเป็นต้องใช้แนบท้าย "
            f"ครุภัณฑ์ที่พบในสถานที่อื่นจำนวน {counts['elsewhere']:,} รายการ เสนอให้ปรับปรุงที่ตั้งในทะเบียน",
            first_line_cm=2.5,
            space_before_pt=8,
        ),
        doc.Paragraph(
            "จึงเรียนมาเพื่อโปรดทราบ และพิจารณาสั่งการตามระเบียบฯ ข้อ 213 ต่อไป พร้อมส่งสำเนารายงานไปยังสำนักงานการตรวจเงินแผ่นดิน",
            first_line_cm=2.5,
        ),
    ]
    people = committee or [None, None, None]  # type: ignore[list-item]
    for member in people:
        if member is None:
            blocks.append(doc.Signature(position="กรรมการ"))
        else:
            blocks.append(doc.Signature(name=_person(member.user), position=ROLE_TH.get(member.role, member.role)))
    blocks += [
        doc.Paragraph("ความเห็นของผู้แต่งตั้ง", bold=True, space_before_pt=12),
        doc.Paragraph("ทราบ – รายงาน สตง.", indent_cm=1.0),
        doc.Signature(name=head_name, position=head_position),
    ]
    if round_.audit_copy_sent_on:
        blocks.append(
            doc.Paragraph(
                f"ส่งสำเนารายงานถึง สตง. เมื่อวันที่ {format_date_long(round_.audit_copy_sent_on)} "
                f"{round_.audit_copy_reference}".strip(),
                size_pt=14,
            )
        )
    return blocks


def _code(text: str) -> doc.Run:
    return doc.Run(text, verbatim=True)


def remaining_blocks(round_: CountRound, result: Reconciliation) -> list[doc.Block]:
    items = [i for i in result.items if i.state in ("found", "elsewhere", "damaged", "not_needed")]
    total = sum((i.data.cost for i in items if i.data is not None and i.data.cost is not None), Decimal(0))
    rows = [
        doc.Row(
            [
                str(n),
                doc.Cell((_code(i.code),)),
                i.data.name if i.data else "",
                doc.Cell(("1",), align="center"),
                doc.Cell((money(i.data.cost if i.data else None),), align="right"),
                CONDITION_TH.get(i.condition or "usable", ""),
            ],
            keep=True,
        )
        for n, i in enumerate(items, 1)
    ]
    rows.append(
        doc.Row(
            [
                doc.Cell(("รวม",), colspan=3, align="right"),
                doc.Cell((f"{len(items):,}",), align="center"),
                doc.Cell((money(total),), align="right"),
                "",
            ],
            bold=True,
            shade=doc.FILL_TOTAL,
        )
    )
    return [
        doc.Title(
            ["บัญชีครุภัณฑ์คงเหลือ", round_.organisation.name],
            notes=[f"ณ วันที่ {format_date_long(round_.as_of)}"],
        ),
        doc.Table(
            widths_cm=REMAINING_WIDTHS,
            header=[doc.Row(["ที่", "เลขครุภัณฑ์", "รายการ", "จำนวน", "ราคาทุน (บาท)", "สภาพ"])],
            rows=rows,
            size_pt=14,
            dense=True,
        ),
    ]


def _damaged_row(n: int, item: Item) -> doc.Row:
    ticks = {
        "damaged": item.state == "damaged" and item.condition == "damaged",
        "deteriorated": item.state == "damaged" and item.condition == "deteriorated",
        "lost": item.state == "missing",
        "not_needed": item.state == "not_needed",
    }
    data = item.data
    return doc.Row(
        [
            str(n),
            doc.Cell((_code(item.code),)),
            data.name if data else "",
            doc.Cell(("1",), align="center"),
            *[doc.Cell((TICK if ticks[k] else "",), align="center", bold=True) for k in ticks],
            "",  # ใช้อยู่: the committee ticks it by hand
            format_date_short(data.acquired_on) if data and data.acquired_on else "",
            doc.Cell((money(data.cost if data else None),), align="right"),
            data.custodian if data else "",
            item.note,
        ]
    )


def damaged_blocks(round_: CountRound, result: Reconciliation) -> list[doc.Block]:
    items = [i for i in result.items if i.in_scope and i.state in ("damaged", "missing", "not_needed")]
    rows = [_damaged_row(n, i) for n, i in enumerate(items, 1)]
    rows += [doc.Row([""] * 13, min_height_cm=0.55, exact_height=True) for _ in range(BLANK_ROWS)]
    header = [
        doc.Row(
            [
                doc.Cell(("ที่",), rowspan=2),
                doc.Cell(("เลขครุภัณฑ์",), rowspan=2),
                doc.Cell(("รายการ",), rowspan=2),
                doc.Cell(("จำนวน",), rowspan=2),
                doc.Cell(("สภาพ",), colspan=5),
                doc.Cell(("วันที่ได้มา",), rowspan=2),
                doc.Cell(("ราคาตามทะเบียน (บาท)",), rowspan=2),
                doc.Cell(("ผู้ใช้งาน",), rowspan=2),
                doc.Cell(("ชำรุดอย่างไร / หมายเหตุ",), rowspan=2),
            ]
        ),
        doc.Row(["ชำรุด", "เสื่อม", "สูญไป", "ไม่ใช้", "ใช้อยู่"]),
    ]
    return [
        doc.Title(
            ["บัญชีพัสดุชำรุด เสื่อมสภาพ สูญไป และไม่จำเป็นต้องใช้"],
            large=1,
            notes=[f"{round_.organisation.name} ณ วันที่ {format_date_long(round_.as_of)}"],
        ),
        doc.Table(widths_cm=DAMAGED_WIDTHS, header=header, rows=rows, size_pt=12, dense=True),
        doc.Paragraph("", space_after_pt=0),  # two tables side by side would merge into one in Word
        doc.Table(
            widths_cm=(8.4, 8.4, 8.4),
            rows=[
                doc.Row(
                    [
                        doc.Cell(("ลงชื่อ ...................................", role), align="center")
                        for role in ("ประธานกรรมการ", "กรรมการ", "กรรมการและเลขานุการ")
                    ]
                )
            ],
            borders=False,
            size_pt=14,
        ),
    ]


def build(round_: CountRound, result: Reconciliation) -> doc.Document:
    committee = list(round_.committee.select_related("user"))
    blocks: list[doc.Block] = [
        *order_blocks(round_, committee),
        doc.PageBreak(),
        *memo_blocks(round_, committee, result),
        doc.PageBreak(),
        *remaining_blocks(round_, result),
        doc.SectionBreak(landscape=True),
        *damaged_blocks(round_, result),
    ]
    return doc.Document(
        blocks,
        title=str(round_),
        subject="เอกสารการตรวจสอบพัสดุ",
        author=round_.organisation.name,
    )
