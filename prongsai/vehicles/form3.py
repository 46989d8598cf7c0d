"""แบบ ๓ ใบขออนุญาตใช้รถส่วนกลาง, printed from the request on one A4 page (core/doc, DOCX and PDF).

The form is Thai whatever the reader's language: it is the official form, filed as it is.
"""

from __future__ import annotations

from typing import Any

from prongsai.core import doc
from prongsai.core.thai import format_date_long
from prongsai.vehicles.flags import local
from prongsai.vehicles.models import UseRequest

DOTS = "." * 30


def _name(user: object | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username  # type: ignore[attr-defined]


def _tick(on: bool | None) -> str:
    return "☒" if on else "☐"


def document(request: UseRequest) -> doc.Document:
    org = request.organisation
    out = local(request.out_at)
    back = local(request.back_at)
    place = request.destination
    if request.district:
        place += f" ท้องที่ {request.district}"
    if request.province:
        place += f" จังหวัด {request.province}"
    driver = _name(request.driver)
    lines: list[doc.Block] = [
        doc.Paragraph("แบบ ๓", align="right", size_pt=14),
        doc.Title(["ใบขออนุญาตใช้รถส่วนกลาง"], large=1),
        doc.Paragraph(f"วันที่ {format_date_long(request.created_at)}", align="right"),
        doc.Paragraph(f"เรียน  นายก {org.name}" if org.kind == "sao" else f"เรียน  ผู้มีอำนาจสั่งใช้รถ {org.name}"),
        doc.Paragraph(
            f"ข้าพเจ้า {_name(request.requester)} ตำแหน่ง {request.requester_position or DOTS} "
            f"ขออนุญาตใช้รถ หมายเลขทะเบียน {request.vehicle.plate} ไปที่ {place} "
            f"เพื่อ {request.purpose} มีคนนั่ง {request.passengers} คน "
            f"ในวันที่ {format_date_long(out)} เวลา {out:%H.%M} น. "
            f"ถึงวันที่ {format_date_long(back)} เวลา {back:%H.%M} น.",
            first_line_cm=2.0,
            align="justify",
        ),
        doc.Paragraph(f"พนักงานขับรถ {driver or DOTS}", first_line_cm=2.0),
        doc.Signature(
            name=_name(request.requester), position=request.requester_position, lead="ลงชื่อ", position_label="ตำแหน่ง"
        ),
        doc.Heading("ความเห็นของผู้บังคับบัญชา", level=2),
    ]
    agrees = request.supervisor_agrees
    opinion_reason = request.supervisor_reason if agrees is False else ""
    lines += [
        doc.Paragraph(
            f"{_tick(agrees is True)} เห็นควรอนุญาต    {_tick(agrees is False)} ไม่เห็นควรอนุญาต เพราะ {opinion_reason or DOTS}",
            first_line_cm=1.0,
        ),
        doc.Signature(name=_name(request.supervisor), position=_position(request.supervisor, org)),
        doc.Heading("คำสั่งผู้มีอำนาจสั่งใช้รถ", level=2),
    ]
    decided = request.state in (UseRequest.State.ALLOWED, UseRequest.State.REFUSED)
    allowed = request.state == UseRequest.State.ALLOWED
    refusal = request.decision_reason if decided and not allowed else ""
    lines += [
        doc.Paragraph(
            f"{_tick(decided and allowed)} อนุญาต    {_tick(decided and not allowed)} ไม่อนุญาต เพราะ {refusal or DOTS}",
            first_line_cm=1.0,
        ),
        doc.Signature(name=_name(request.approver), position=_position(request.approver, org)),
        doc.Paragraph(
            f"คำขอเลขที่ {request.pk} · พิมพ์จากระบบโปร่งใส"
            + (f" · อนุญาตเมื่อ {format_date_long(request.decided_at)}" if request.decided_at and allowed else ""),
            size_pt=11,
            align="right",
            space_before_pt=12,
        ),
    ]
    return doc.Document(lines, title="ใบขออนุญาตใช้รถส่วนกลาง", subject=request.vehicle.plate, author=org.name)


def _position(user: Any, org: Any) -> str:
    if user is None:
        return ""
    from prongsai.orgs.models import Membership

    found = Membership.objects.filter(user=user, organisation=org).exclude(position_title="").first()
    return found.position_title if found else ""


def render(request: UseRequest, fmt: str) -> bytes:
    return doc.render(document(request), fmt)
