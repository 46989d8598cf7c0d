"""The catalogue's import on the one importer (`core/importing`), and its XLSX export under the same headers.

One table, one row per service: ``name, unit, standard_min, fee, documents, steps, legal_basis, channels``
(and the optional ``conditions`` and ``complaint``), Thai headers accepted; steps and documents separated by
``|`` in the grammar of :mod:`prongsai.services.catalogue`. All or nothing. A row whose name is already a
service of the organisation makes a new revision of it (none when nothing changed; a withdrawn service comes
back); any other row a new service. A file exported imports back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.core import importing as imp
from prongsai.core.importing import ImportFailed
from prongsai.orgs.models import Organisation, Unit
from prongsai.services import catalogue, services
from prongsai.services.models import Service, ServiceRevision

__all__ = ["SPEC", "ImportFailed", "Imported", "catalogue_xlsx", "services_import"]


class _Parsed(imp.CellType):
    """A cell read by one of the catalogue's parsers."""

    text_format = True

    def __init__(self, parser: Any, description: Any, example: str) -> None:
        self.parser, self.description, self.example_text = parser, description, example

    def parse(self, value: Any, context: imp.Context) -> Any:
        try:
            return self.parser(imp.cell_text(value))
        except catalogue.Unreadable as exc:
            raise imp.Invalid(exc.reason) from exc

    def describe(self) -> Any:
        return self.description

    def example(self, context: imp.Context) -> str:
        return self.example_text


STEPS_EXAMPLE = "ตรวจสอบเอกสาร (3 นาที, นักวิชาการจัดเก็บรายได้) | ชำระเงินและรับใบเสร็จ (2 นาที, เจ้าพนักงานการเงินและบัญชี)"
DOCUMENTS_EXAMPLE = "บัตรประจำตัวประชาชน (1 ฉบับ) | สำเนาทะเบียนบ้าน (1 ฉบับ, หน่วยงานขอเอง)"

COLUMNS = (
    imp.Column("name", "ชื่องานบริการ", imp.Text(max_length=300), required=True, aliases=("งานบริการ", "ชื่องาน")),
    imp.Column("unit", "หน่วยงานที่รับผิดชอบ", imp.OrgUnit(), required=True, aliases=("สำนัก/กอง", "กอง")),
    imp.Column(
        "standard_min",
        "ระยะเวลาให้บริการ (นาที)",
        imp.Integer(minimum=1, maximum=100000),
        required=True,
        aliases=("ระยะเวลา (นาที)", "ระยะเวลา", "standard"),
        example="5",
    ),
    imp.Column(
        "fee",
        "ค่าธรรมเนียม",
        imp.Text(max_length=300),
        required=True,
        example="ไม่มีค่าธรรมเนียม",
        help=gettext_lazy("0, - or ไม่มี are written ไม่มีค่าธรรมเนียม"),
    ),
    imp.Column(
        "documents",
        "เอกสารประกอบ",
        _Parsed(
            catalogue.parse_documents,
            gettext_lazy(
                "documents separated by |: name (copies ฉบับ), with “หน่วยงานขอเอง” when the office fetches it; ไม่มี for none"
            ),
            DOCUMENTS_EXAMPLE,
        ),
        required=True,
        aliases=("เอกสาร", "เอกสารหลักฐาน"),
    ),
    imp.Column(
        "steps",
        "ขั้นตอน",
        _Parsed(
            catalogue.parse_steps,
            gettext_lazy("steps in order separated by |: what is done (minutes นาที, who does it)"),
            STEPS_EXAMPLE,
        ),
        required=True,
        aliases=("ขั้นตอนการให้บริการ",),
    ),
    imp.Column("legal_basis", "กฎหมายที่ให้อำนาจ", imp.Text(), aliases=("กฎหมาย", "law")),
    imp.Column(
        "channels",
        "ช่องทางการให้บริการ",
        _Parsed(
            catalogue.parse_channels,
            gettext_lazy("the counter and the e-Service link (https://…), separated by |"),
            "ชั้น 1 สำนักงาน อบต. | https://example.go.th/eservice",
        ),
        aliases=("ช่องทาง",),
    ),
    imp.Column("conditions", "หลักเกณฑ์ เงื่อนไข", imp.Text(), aliases=("เงื่อนไข",)),
    imp.Column("complaint", "ช่องทางการร้องเรียน", imp.Text(max_length=2000), aliases=("ร้องเรียน",)),
)
SPEC = imp.ImportSpec(
    tables=(imp.Table("services", gettext_lazy("Services"), COLUMNS),), max_rows=500, file_stem="services"
)


@dataclass
class Imported:
    created: int = 0
    revised: int = 0
    unchanged: int = 0


def _content(row: imp.Row) -> services.Content:
    counter, link = row["channels"] or ("", "")
    return services.Content(
        name=row["name"],
        unit=row["unit"],
        standard_min=row["standard_min"],
        fee=row["fee"],
        steps=row["steps"],
        documents=row["documents"],
        legal_basis=row["legal_basis"] or "",
        conditions=row["conditions"] or "",
        counter=counter,
        eservice_url=link,
        complaint_channel=row["complaint"] or "",
    )


def services_import(
    *,
    org: Organisation,
    file_name: str,
    content: bytes | IO[bytes],
    user: User | None,
    units: list[Unit] | None = None,
) -> Imported:
    """``units``: the units whose services the person may manage (None for all)."""
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=org)
    known = {s.name: s for s in Service.objects.filter(organisation=org).select_related("current")}
    allowed = None if units is None else {u.pk for u in units}
    seen: set[str] = set()
    rows: list[tuple[imp.Row, services.Content]] = []
    for row in result.of("services"):
        if not row.ok:
            continue
        item = _content(row)
        name = " ".join(item.name.split())
        if name in seen:
            row.error("name", gettext_lazy("this service is in the file twice"))
            continue
        seen.add(name)
        for column, problem in services.content_problems(item):
            row.error(column, problem)
        existing = known.get(name)
        if allowed is not None and (
            item.unit is None
            or item.unit.pk not in allowed
            or (existing is not None and existing.unit_id not in allowed)
        ):
            row.error("unit", gettext_lazy("you manage the services of your own unit only"))
        if row.ok:
            rows.append((row, item))
    result.check()
    done = Imported()
    note = str(gettext_lazy("imported from %(file)s") % {"file": file_name})
    with transaction.atomic():
        for row, item in rows:
            name = " ".join(item.name.split())
            try:
                if name in known:
                    made = services.service_revise(
                        service=known[name], content=item, by=user, note=note, source="import"
                    )
                    done.revised += made is not None
                    done.unchanged += made is None
                else:
                    services.service_create(organisation=org, content=item, by=user, note=note, source="import")
                    done.created += 1
            except ValidationError as exc:  # the checks above make this rare: refuse the whole file all the same
                row.error("name", " ".join(exc.messages))
        if result.errors:
            transaction.set_rollback(True)
    result.check()
    return done


def export_rows(org: Organisation) -> list[list[Any]]:
    rows = []
    for revision in (
        ServiceRevision.objects.filter(service__organisation=org, service__current_id=F("pk"))
        .filter(service__withdrawn_at__isnull=True)
        .select_related("unit")
        .order_by("name")
    ):
        rows.append(
            [
                revision.name,
                revision.unit.name if revision.unit else "",
                revision.standard_min,
                revision.fee,
                catalogue.format_documents(revision.documents),
                " | ".join(catalogue.format_step(step) for step in revision.steps),
                revision.legal_basis,
                catalogue.format_channels(revision.counter, revision.eservice_url),
                revision.conditions,
                revision.complaint_channel,
            ]
        )
    return rows


def catalogue_xlsx(org: Organisation) -> bytes:
    """The current catalogue under the import's Thai headers (it imports back as it is)."""
    from openpyxl import Workbook

    from prongsai.core.spreadsheets import append_row, workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "งานบริการ"
    append_row(sheet, [column.header for column in COLUMNS])
    for row in export_rows(org):
        append_row(sheet, row)
    for letter, width in zip("ABCDEFGHIJ", (36, 22, 12, 22, 60, 80, 40, 40, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(book)
