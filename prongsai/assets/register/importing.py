"""Import of an existing register from CSV or XLSX (``prongsai asset-import``, the upload page), all or nothing.

One table, recognised by its headers (English names or Thai headers and aliases): ``code, name, category,
brand, model, serial, acquired_on, method, contract_number, funds, cost, unit, room, custodian, status``.
``unit`` is the unit's name or code; ``custodian`` the full name or user name of a person of the
organisation; ``method`` and ``status`` their Thai or English label; dates พ.ศ. or ค.ศ.; Thai digits anywhere.
A row whose code is already in the register updates that asset: every change goes into the asset's
history, written in bulk (``history.entry`` + ``record_many``). Every bad cell is named (sheet, row,
column, value, reason) and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.assets.models import Asset
from prongsai.assets.register.services import CODE_PATTERN, HISTORY_FIELDS
from prongsai.core import history
from prongsai.core import importing as imp
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import to_arabic_digits
from prongsai.orgs.models import Organisation


class UnitByNameOrCode(imp.OrgUnit):
    """A unit of the organisation by its name or its code (01, 04 …)."""

    def _units(self, context: imp.Context) -> dict[str, Any]:
        key = ("units-and-codes", id(self))
        if key not in context.cache:
            units = dict(super()._units(context))
            for unit in list(units.values()):
                if unit.code:
                    units.setdefault(imp.normalise(unit.code), unit)
            context.cache[key] = units
        return context.cache[key]

    def parse(self, value: Any, context: imp.Context) -> Any:
        unit = self._units(context).get(imp.normalise(imp.cell_text(value)))
        if unit is None:
            raise imp.Invalid(gettext_lazy("no unit of this organisation has this name or code"))
        return unit

    def describe(self) -> Any:
        return gettext_lazy("the name or code of a unit (สำนัก/กอง) of the organisation")


class AssetCode(imp.Text):
    def __init__(self) -> None:
        super().__init__(max_length=64)

    def parse(self, value: Any, context: imp.Context) -> str:
        text = to_arabic_digits(super().parse(value, context))
        if not CODE_PATTERN.match(text):
            raise imp.Invalid(gettext_lazy("an asset number cannot hold a space, a slash or the signs ? # %"))
        return text

    def describe(self) -> Any:
        return gettext_lazy("the organisation's own asset number, e.g. 416-59-0001 (no spaces or slashes)")

    def example(self, context: imp.Context) -> str:
        return "416-59-0001"


METHOD_ALIASES = {
    "ซื้อ": Asset.Method.PURCHASE,
    "จัดซื้อ": Asset.Method.PURCHASE,
    "จ้าง": Asset.Method.HIRE,
    "จัดจ้าง": Asset.Method.HIRE,
    "รับบริจาค": Asset.Method.DONATION,
    "บริจาค": Asset.Method.DONATION,
    "โอน": Asset.Method.TRANSFER,
    "รับโอน": Asset.Method.TRANSFER,
}
STATUS_ALIASES = {
    "ใช้งาน": Asset.Status.IN_USE,
    "ใช้งานได้": Asset.Status.IN_USE,
    "ปกติ": Asset.Status.IN_USE,
    "ชำรุด": Asset.Status.DAMAGED,
    "เสื่อมสภาพ": Asset.Status.DETERIORATED,
    "สูญไป": Asset.Status.LOST,
    "สูญหาย": Asset.Status.LOST,
    "ไม่จำเป็นต้องใช้": Asset.Status.NOT_NEEDED,
    "ไม่จำเป็นต้องใช้งาน": Asset.Status.NOT_NEEDED,
    "จำหน่ายแล้ว": Asset.Status.DISPOSED,
    "จำหน่าย": Asset.Status.DISPOSED,
}

COLUMNS = (
    imp.Column(
        "code",
        "เลขครุภัณฑ์",
        AssetCode(),
        required=True,
        aliases=("asset number", "asset code", "เลขทะเบียนครุภัณฑ์", "รหัสครุภัณฑ์", "เลขที่ครุภัณฑ์"),
    ),
    imp.Column(
        "name",
        "รายการ",
        imp.Text(max_length=300),
        required=True,
        aliases=("item", "ชื่อครุภัณฑ์", "ชื่อ", "รายการครุภัณฑ์"),
        example="เครื่องคอมพิวเตอร์โน้ตบุ๊ก",
    ),
    imp.Column(
        "category", "ประเภท", imp.Text(max_length=200), aliases=("ประเภทครุภัณฑ์", "หมวด"), example="ครุภัณฑ์คอมพิวเตอร์"
    ),
    imp.Column("brand", "ยี่ห้อ", imp.Text(max_length=200), aliases=("ยี่ห้อ/ชนิด",), example="Lenovo"),
    imp.Column(
        "model", "รุ่น", imp.Text(max_length=200), aliases=("model name", "แบบ", "รุ่น/แบบ"), example="ThinkPad E14"
    ),
    imp.Column(
        "serial",
        "หมายเลขเครื่อง",
        imp.Text(max_length=200),
        aliases=("serial number", "s/n", "หมายเลขประจำเครื่อง", "serial no"),
    ),
    imp.Column("acquired_on", "วันที่ได้มา", imp.Date(), aliases=("date acquired", "acquired", "วันที่ได้รับ", "วันเดือนปีที่ได้มา")),
    imp.Column(
        "method",
        "วิธีได้มา",
        imp.Choice(Asset.Method.choices, aliases=METHOD_ALIASES),
        aliases=("how acquired", "วิธีการได้มา"),
    ),
    imp.Column(
        "contract_number", "เลขที่สัญญา", imp.Text(max_length=100), aliases=("contract", "contract no", "เลขที่สัญญา/ใบสั่ง")
    ),
    imp.Column(
        "funds",
        "แหล่งเงิน",
        imp.Text(max_length=200),
        aliases=("source of funds", "แหล่งที่มาของเงิน", "งบประมาณ"),
        example="เงินงบประมาณ",
    ),
    imp.Column("cost", "ราคาทุน", imp.Money(maximum=10**12), aliases=("price", "ราคา", "ราคาต่อหน่วย", "มูลค่า")),
    imp.Column("unit", "กอง/หน่วยงาน", UnitByNameOrCode(), aliases=("กอง", "หน่วยงาน", "สำนัก/กอง", "ส่วนราชการ")),
    imp.Column(
        "room",
        "ห้อง/สถานที่",
        imp.Text(max_length=200),
        aliases=("room or location", "location", "ห้อง", "สถานที่", "สถานที่ตั้ง"),
    ),
    imp.Column("custodian", "ผู้ดูแล", imp.Member(), aliases=("ผู้รับผิดชอบ", "ผู้ใช้", "ผู้ครอบครอง")),
    imp.Column(
        "status", "สถานะ", imp.Choice(Asset.Status.choices, aliases=STATUS_ALIASES), aliases=("สภาพ", "condition")
    ),
)
TABLE = imp.Table("assets", gettext_lazy("Asset register"), COLUMNS)
SPEC = imp.ImportSpec(tables=(TABLE,), max_rows=5000, file_stem="asset-register")
# The import's column name → the asset's field name.
FIELD_OF = {c.name: ("model_name" if c.name == "model" else c.name) for c in COLUMNS}


@dataclass
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def _values(row: imp.Row) -> dict[str, Any]:
    """The fields the row sets: an empty cell empties the field, except the status; columns the file does not
    have are left as they are."""
    out: dict[str, Any] = {}
    for name, value in row.values.items():
        field = FIELD_OF[name]
        if value is None and field == "status":
            continue  # an empty status keeps the asset's (a new one is "in use")
        if value is None and field not in ("unit", "custodian", "acquired_on", "cost"):
            value = ""
        out[field] = value
    return out


def asset_import(
    *, organisation: Organisation, file_name: str, content: bytes | IO[bytes], by: User | None
) -> ImportSummary:
    """Check every cell and row, then create and update in one transaction (ImportFailed: nothing written)."""
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=organisation)
    rows = result.of("assets")
    existing = {a.code: a for a in Asset.objects.filter(organisation=organisation).select_related("unit")}
    seen: dict[str, int] = {}
    plans: list[tuple[imp.Row, dict[str, Any]]] = []
    for row in rows:
        if not row.ok:
            continue
        code = row["code"]
        if code in seen:
            row.error(
                "code",
                imp.lazy_format(gettext_lazy("this number is already on row %(row)s of the file"), row=seen[code]),
            )
            continue
        seen[code] = row.number
        values = _values(row)
        asset = existing.get(code)
        if asset is None and values.get("status") == Asset.Status.DISPOSED:
            row.error(
                "status",
                gettext_lazy("a new asset cannot be imported as disposed of: record its disposal on its page"),
            )
            continue
        if asset is not None:
            was_disposed = asset.status == Asset.Status.DISPOSED
            if values.get("status", asset.status) == Asset.Status.DISPOSED and not was_disposed:
                row.error("status", gettext_lazy("an asset is disposed of through the disposal step on its page"))
                continue
            if was_disposed and any(
                history.to_json(v) != history.raw_value(asset, f) for f, v in values.items() if f != "code"
            ):
                row.error("code", gettext_lazy("this asset has been disposed of: its record can no longer be changed"))
                continue
        plans.append((row, values))
    result.check()
    return _write(organisation, plans, existing, file_name, by)


@transaction.atomic
def _write(
    organisation: Organisation,
    plans: list[tuple[imp.Row, dict[str, Any]]],
    existing: dict[str, Asset],
    file_name: str,
    by: User | None,
) -> ImportSummary:
    new: list[Asset] = []
    changed: list[Asset] = []
    entries: list[Change] = []
    changed_fields: set[str] = set()
    unchanged = 0
    for _row, values in plans:
        asset = existing.get(values["code"])
        if asset is None:
            asset = Asset(organisation=organisation, **values)
            new.append(asset)
            continue
        before = history.snapshot(asset)
        for field, value in values.items():
            setattr(asset, field, value)
        diff = history.diff(before, history.snapshot(asset, before.keys()))
        if not diff:
            unchanged += 1
            continue
        changed_fields |= set(diff)
        changed.append(asset)
        entries.append(
            history.entry(asset, action=Change.Action.CHANGED, event="import", changes=diff, actor=by, note=file_name)
        )
    Asset.objects.bulk_create(new, batch_size=500)
    if any(a.pk is None for a in new):  # a database that returns no keys from bulk_create
        ids = dict(
            Asset.objects.filter(organisation=organisation, code__in=[a.code for a in new]).values_list("code", "pk")
        )
        for asset in new:
            asset.pk = ids[asset.code]
    entries += [history.created(asset, actor=by, note=file_name) for asset in new]
    if changed:
        now = timezone.now()
        for asset in changed:
            asset.updated_at = now
        fields = sorted(changed_fields | {"updated_at"})
        Asset.objects.bulk_update(changed, fields, batch_size=500)
    history.record_many(entries)
    if new or changed:
        public_pages_changed(organisation.pk)
    return ImportSummary(created=len(new), updated=len(changed), unchanged=unchanged)


assert set(HISTORY_FIELDS) - {"notes"} == set(FIELD_OF.values())
