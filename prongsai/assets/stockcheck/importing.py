"""Counts from a handheld scanner or a paper sheet, as a CSV/XLSX file on core/importing: all or nothing.

Columns ``room, code, condition, counted_at`` (Thai: ห้อง, เลขครุภัณฑ์, สภาพ, วันเวลาที่นับ). The same code
twice in one room is one scan; a row already counted (same code and room) is not counted again. A row's
scan id is derived from the file's content of that row, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.assets.models import CountRound, Scan
from prongsai.assets.stockcheck import services
from prongsai.assets.stockcheck.codes import normalise_code
from prongsai.core import importing as imp
from prongsai.core.models import Change

CONDITION_ALIASES = {
    "ใช้การได้": Scan.Condition.USABLE,
    "ใช้ได้": Scan.Condition.USABLE,
    "ปกติ": Scan.Condition.USABLE,
    "ดี": Scan.Condition.USABLE,
    "ใช้อยู่": Scan.Condition.USABLE,
    "ชำรุด": Scan.Condition.DAMAGED,
    "เสื่อม": Scan.Condition.DETERIORATED,
    "เสื่อมสภาพ": Scan.Condition.DETERIORATED,
    "ไม่ใช้": Scan.Condition.NOT_NEEDED,
    "ไม่จำเป็นต้องใช้": Scan.Condition.NOT_NEEDED,
}

SPEC = imp.ImportSpec(
    tables=(
        imp.Table(
            "counts",
            gettext_lazy("Counts"),
            (
                imp.Column("room", "ห้อง", imp.Text(max_length=200), required=True, aliases=("สถานที่", "location")),
                imp.Column(
                    "code",
                    "เลขครุภัณฑ์",
                    imp.Text(max_length=300),
                    required=True,
                    aliases=("รหัส", "asset_code"),
                    example="416-59-0001",
                ),
                imp.Column(
                    "condition",
                    "สภาพ",
                    imp.Choice(Scan.Condition.choices, aliases=CONDITION_ALIASES),
                    help=gettext_lazy("empty means usable"),
                ),
                imp.Column("counted_at", "วันเวลาที่นับ", imp.DateTime(), aliases=("เวลาที่นับ", "วันที่นับ")),
            ),
        ),
    ),
    file_stem="stock-count",
)


@dataclass(frozen=True)
class Imported:
    rows: int
    added: int
    already: int


def scans_import(*, round_: CountRound, file_name: str, content: bytes | IO[bytes], by: User | None) -> Imported:
    """Read the whole file, refuse it whole on any bad cell, then record every scan in one transaction."""
    services._open(round_)
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=round_.organisation)
    rows = []
    for row in result.of("counts"):
        if not row.ok:
            continue
        code = normalise_code(row["code"] or "")
        if not code or len(code) > 64:
            row.error("code", gettext_lazy("not an asset number"))
            continue
        rows.append(
            (row.number, row["room"].strip(), code, row["condition"] or Scan.Condition.USABLE, row["counted_at"])
        )
    result.check()
    added = already = 0
    with transaction.atomic():
        for number, room, code, condition, counted_at in rows:
            digest = hashlib.sha256(f"{file_name}|{number}|{room}|{code}".encode()).hexdigest()[:40]
            try:
                _scan, created = services.scan_record(
                    round_=round_,
                    data={
                        "code": code,
                        "room": room,
                        "condition": condition,
                        "counted_at": counted_at,
                        "scan_id": f"f-{digest}",
                    },
                    by=by,
                    source=Scan.Source.FILE,
                )
            except ValidationError as exc:  # nothing of the file is kept
                raise imp.ImportFailed(
                    [imp.CellError(None, number, "เลขครุภัณฑ์", code, " ".join(exc.messages), (0, number))]
                ) from exc
            added += created
            already += not created
        services._in_thai(
            services.history.record,
            round_,
            action=Change.Action.STEP,
            event="imported",
            actor=by,
            note=f"{file_name}: {len(rows)}",
        )
    return Imported(rows=len(rows), added=added, already=already)
