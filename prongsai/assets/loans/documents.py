"""The ใบยืมพัสดุ (loan form) of one loan, printed from the record on one A4 page (DOCX and PDF on core/doc).

The organisation, เรื่อง ขอยืมพัสดุ, เรียน (the person who decided, else the executive), the borrower
with position and unit, the purpose, the place and the days, the table of items (ที่, เลขครุภัณฑ์,
รายการ, จำนวน, หมายเหตุ), the borrower's undertaking (ระเบียบกระทรวงการคลังฯ พ.ศ. 2560: official use
only, back in usable condition by the due day), then four signature blocks: the borrower, the
approver, the hand-over and the return with the condition. What the record does not know yet (a
decision, a date) is a dotted line to be written by hand. The form is the official Thai form, so its
text is Thai whatever the reader's language.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from prongsai.accounts.models import User
from prongsai.assets.models import Loan
from prongsai.core import doc
from prongsai.core.doc.blocks import CellLine
from prongsai.core.thai import format_date_long
from prongsai.orgs.models import Membership, Organisation, Role

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ITEM_WIDTHS = (1.0, 4.0, 4.8, 1.9, 4.8)  # 16.5 cm: the portrait page between its margins
SIGN_WIDTHS = (8.25, 8.25)
DOTS = "." * 30
NBSP = "\u00a0"
TICK, NO_TICK = f"({NBSP}/{NBSP})", f"({NBSP * 4})"
GAP = NBSP * 6
SIZE = 14  # the form's text (Sarabun 14 pt: one A4 page with the four signature blocks)
SMALL_AFTER, SMALL_SIZE = 5, 12  # more items than this: the table in 12 pt
UNDERTAKING = (
    "ข้าพเจ้าจะใช้พัสดุที่ยืมเพื่อประโยชน์ของทางราชการเท่านั้น ไม่นำไปใช้เป็นการส่วนตัว และจะส่งคืนในสภาพที่ใช้การได้"
    "เรียบร้อยภายในวันที่ {due} หากพัสดุที่ยืมเกิดชำรุดเสียหาย ใช้การไม่ได้ หรือสูญหาย ข้าพเจ้ายินยอมแก้ไขซ่อมแซม"
    "ให้คงสภาพเดิม หรือชดใช้ตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560"
)


def file_name(loan: Loan, fmt: str) -> str:
    """``loan-pho-nong-2569-3.pdf``."""
    return f"loan-{loan.organisation.slug}-{loan.fiscal_year}-{loan.number}.{fmt}"


def executive_title(org: Organisation) -> str:
    """นายกองค์การบริหารส่วนตำบลโพหนอง / นายกเทศมนตรีตำบล…: the head of the organisation."""
    if org.name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + org.name.removeprefix("เทศบาล")
    return "นายก" + org.name


def position_of(user: User | None, org: Organisation) -> str:
    """A person's position in the organisation: as written on their membership, else from their role."""
    if user is None:
        return ""
    memberships = list(Membership.objects.filter(user=user, organisation=org).select_related("unit"))
    for membership in memberships:
        if membership.position_title:
            return membership.position_title
    roles = {m.role: m for m in memberships}
    if Role.EXECUTIVE in roles:
        return executive_title(org)
    head = roles.get(Role.UNIT_HEAD)
    if head is not None and head.unit is not None:
        name = head.unit.name
        return ("ผู้อำนวยการ" if name.startswith("กอง") else "หัวหน้า") + name
    return ""


def _day(moment: datetime | None) -> str:
    return format_date_long(timezone.localtime(moment), thai_digits=False) if moment else DOTS


def _name(user: User | None) -> str:
    return f"({user.display_name()})" if user else "(" + "\u00a0" * 40 + ")"


def _signature(lead: str, role: str, user: User | None, position: str, when: datetime | None) -> list[CellLine]:
    lines: list[CellLine] = [
        doc.Paragraph(f"{lead} {DOTS} {role}", align="center", space_before_pt=8),
        doc.Paragraph(_name(user), align="center"),
    ]
    if position:
        lines.append(doc.Paragraph(f"ตำแหน่ง {position}", align="center"))
    lines.append(doc.Paragraph(f"วันที่ {_day(when)}", align="center"))
    return lines


def _label(text: str) -> doc.Paragraph:
    return doc.Paragraph(text, bold=True)


def _item_remark(item: object) -> str:
    from prongsai.assets.models import LoanItem

    assert isinstance(item, LoanItem)
    parts = [item.note] if item.note else []
    if item.condition_back == Loan.Condition.DAMAGED:
        parts.append("คืนชำรุด" + (f": {item.return_note}" if item.return_note else ""))
    elif item.condition_back == Loan.Condition.USABLE:
        parts.append("คืนแล้ว ใช้การได้")
    return " ".join(parts)


def build_document(loan: Loan, *, thai_digits: bool = True) -> doc.Document:
    org = loan.organisation
    borrower = loan.borrower
    position = loan.position or position_of(borrower, org)
    decided = loan.approver is not None and loan.state != Loan.State.CANCELLED
    approved = decided and loan.state in (Loan.State.APPROVED, Loan.State.OUT, Loan.State.RETURNED)
    addressee = position_of(loan.approver, org) if decided else ""
    requested = timezone.localtime(loan.created_at)
    unit = f" สังกัด{loan.unit.name}" if loan.unit else ""

    items = list(loan.items.select_related("asset"))
    rows = [
        doc.Row(
            [
                doc.Cell([str(index)], align="center"),
                item.asset.code,
                item.asset.name,
                doc.Cell(["1"], align="center"),
                _item_remark(item),
            ]
        )
        for index, item in enumerate(items, 1)
    ]
    header = doc.Row(["ที่", "เลขครุภัณฑ์", "รายการ", "จำนวน", "หมายเหตุ"])
    item_size = SIZE if len(items) <= SMALL_AFTER else SMALL_SIZE  # a long list in smaller type: still one page

    decision_line = f"{TICK if approved else NO_TICK} อนุมัติ{GAP}{TICK if decided and not approved else NO_TICK} ไม่อนุมัติ"
    approver_lines: list[CellLine] = [_label("ความเห็นของผู้มีอำนาจอนุมัติ"), doc.Paragraph(decision_line)]
    if loan.decision_note:
        approver_lines.append(doc.Paragraph(f"เหตุผล/ความเห็น {loan.decision_note}"))
    approver_lines += _signature(
        "ลงชื่อ", "ผู้อนุมัติ", loan.approver if decided else None, addressee, loan.decided_at if decided else None
    )

    closed = loan.state in (Loan.State.REFUSED, Loan.State.CANCELLED)  # nothing to hand over or take back
    handed = loan.handed_by is not None
    hand_lines: list[CellLine] = [
        _label("การส่งมอบพัสดุ"),
        doc.Paragraph("ได้ส่งมอบพัสดุตามรายการข้างต้นให้ผู้ยืมแล้ว"),
        doc.Paragraph(f"สภาพ {loan.condition_out if handed else DOTS}"),
        *_signature("ลงชื่อ", "ผู้ส่งมอบ", loan.handed_by, position_of(loan.handed_by, org), loan.handed_at),
    ]

    back = loan.received_by is not None
    usable = back and loan.return_condition == Loan.Condition.USABLE
    damaged = back and loan.return_condition == Loan.Condition.DAMAGED
    return_lines: list[CellLine] = [
        _label("การรับคืนพัสดุ"),
        doc.Paragraph("ได้รับพัสดุตามรายการข้างต้นคืนแล้ว"),
        doc.Paragraph(f"สภาพ {TICK if usable else NO_TICK} ใช้การได้{GAP}{TICK if damaged else NO_TICK} ชำรุด"),
    ]
    if loan.return_note:
        return_lines.append(doc.Paragraph(f"หมายเหตุ {loan.return_note}"))
    return_lines += _signature("ลงชื่อ", "ผู้รับคืน", loan.received_by, position_of(loan.received_by, org), loan.returned_at)

    blocks: list[doc.Block] = [
        doc.Title(["ใบยืมพัสดุ"], large=1),
        doc.Table(
            (6.0, 10.5),
            rows=[
                doc.Row(
                    [
                        doc.Cell([doc.Paragraph(f"ที่ {loan.reference}")], valign="bottom"),
                        doc.Cell(
                            [
                                doc.Paragraph(f"เขียนที่ {org.name}", align="right"),
                                doc.Paragraph(f"วันที่ {format_date_long(requested, thai_digits=False)}", align="right"),
                            ]
                        ),
                    ]
                )
            ],
            borders=False,
            size_pt=SIZE,
            dense=True,
        ),
        doc.Paragraph([doc.Run("เรื่อง ", bold=True), "ขอยืมพัสดุ"], size_pt=SIZE, space_before_pt=4),
        doc.Paragraph([doc.Run("เรียน ", bold=True), addressee or executive_title(org)], size_pt=SIZE),
        doc.Paragraph(
            f"ข้าพเจ้า {borrower.display_name()}"
            + (f" ตำแหน่ง {position}" if position else "")
            + unit
            + f" มีความประสงค์ขอยืมพัสดุของ{org.name} เพื่อใช้ในราชการ ดังนี้ {loan.purpose}"
            + f" สถานที่นำไปใช้ {loan.place}"
            + f" ตั้งแต่วันที่ {format_date_long(loan.starts_on, thai_digits=False)}"
            + f" ถึงวันที่ {format_date_long(loan.due_on, thai_digits=False)} รวม {loan.days} วัน"
            + " ตามรายการต่อไปนี้",
            align="left",
            first_line_cm=2.5,
            size_pt=SIZE,
            space_before_pt=4,
        ),
        doc.Table(ITEM_WIDTHS, rows=rows, header=[header], size_pt=item_size, space_before_pt=4, dense=True),
        doc.Paragraph(
            UNDERTAKING.format(due=format_date_long(loan.due_on, thai_digits=False)),
            align="left",
            first_line_cm=2.5,
            size_pt=SIZE,
            space_before_pt=6,
        ),
        doc.Table(
            SIGN_WIDTHS,
            rows=[
                doc.Row(
                    [
                        doc.Cell(_signature("ลงชื่อ", "ผู้ยืม", borrower, position, loan.created_at)),
                        doc.Cell(approver_lines),
                    ]
                ),
                *([] if closed else [doc.Row([doc.Cell(hand_lines), doc.Cell(return_lines)])]),
            ],
            borders=False,
            size_pt=SIZE,
            space_before_pt=2,
            dense=True,
        ),
    ]
    return doc.Document(
        blocks,
        title=f"ใบยืมพัสดุ ที่ {loan.reference}",
        subject="ขอยืมพัสดุ",
        author=org.name,
        thai_digits=thai_digits,
    )


def render_loan_form(loan: Loan, fmt: str, *, thai_digits: bool = True) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return doc.render(build_document(loan, thai_digits=thai_digits), fmt)
