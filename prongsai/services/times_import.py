"""Sampled service times recorded by hand, imported from CSV or XLSX on the one importer (`core/importing`).

One table: ``service, ticket, taken_at, called_at, started_at, ended_at, counter, outcome`` (Thai headers
accepted). ``service`` is a service of the organisation by its name; ``outcome`` is ``served``, ``no_show`` or
``transferred`` (or their Thai labels); times as ``d/m/yyyy HH:MM`` in B.E. or C.E., or ISO, read in Bangkok time.
All or nothing: every bad cell is named and nothing is saved. The rows become :class:`TimeSample` (see its module
for why not tickets); a row already imported (same service, ticket and time taken) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.core import importing as imp
from prongsai.core.importing import ImportFailed
from prongsai.orgs.models import Organisation, Unit
from prongsai.services.models import Service, TimeSample

__all__ = ["SPEC", "ImportFailed", "TimesImported", "times_import"]

Outcome = TimeSample.Outcome

SPEC = imp.ImportSpec(
    tables=(
        imp.Table(
            "times",
            _("Service times"),
            (
                imp.Column("service", "งานบริการ", imp.Text(max_length=300), required=True, aliases=("ชื่องานบริการ",)),
                imp.Column("ticket", "เลขคิว", imp.Text(max_length=20), required=True, aliases=("บัตรคิว", "คิว")),
                imp.Column("taken_at", "เวลารับบัตรคิว", imp.DateTime(), required=True, aliases=("เวลารับคิว",)),
                imp.Column("called_at", "เวลาเรียกคิว", imp.DateTime(), aliases=("เวลาเรียก",)),
                imp.Column("started_at", "เวลาเริ่มบริการ", imp.DateTime(), aliases=("เริ่มบริการ",)),
                imp.Column("ended_at", "เวลาเสร็จสิ้น", imp.DateTime(), aliases=("เวลาสิ้นสุด", "เสร็จสิ้น")),
                imp.Column("counter", "ช่องบริการ", imp.Text(max_length=50), aliases=("ช่อง",)),
                imp.Column(
                    "outcome",
                    "ผลการให้บริการ",
                    imp.Choice(
                        Outcome.choices,
                        aliases={"ให้บริการแล้ว": Outcome.SERVED, "ไม่มา": Outcome.NO_SHOW, "โอน": Outcome.TRANSFERRED},
                    ),
                    required=True,
                    aliases=("ผล",),
                ),
            ),
        ),
    ),
    file_stem="service-times",
)


@dataclass
class TimesImported:
    count: int = 0


def _check_order(row: imp.Row) -> None:
    """Each time after the one before it; a served row has all four, a no-show was called."""
    previous = "taken_at"
    for column in ("called_at", "started_at", "ended_at"):
        if row[column] is None:
            continue
        if row[previous] is not None and row[column] < row[previous]:
            row.error(column, _("earlier than the time before it"))
        previous = column
    if row["outcome"] == Outcome.SERVED:
        for column in ("called_at", "started_at", "ended_at"):
            if row[column] is None:
                row.error(column, _("a served ticket needs this time"))
    elif row["outcome"] == Outcome.NO_SHOW and row["called_at"] is None:
        row.error("called_at", _("a ticket that did not come was called"))


def times_import(
    *,
    org: Organisation,
    file_name: str,
    content: bytes | IO[bytes],
    user: User | None,
    units: list[Unit] | None = None,
) -> TimesImported:
    """``units``: the units whose services the person may import times of (None for every unit)."""
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=org)
    known = {" ".join(s.name.split()): s for s in Service.objects.filter(organisation=org)}
    allowed = None if units is None else {u.pk for u in units}
    seen: set[tuple[int, str, object]] = set()
    samples: list[TimeSample] = []
    for row in result.of("times"):
        if not row.ok:
            continue
        service = known.get(" ".join(row["service"].split()))
        if service is None:
            row.error("service", _("not a service of this organisation"))
            continue
        if allowed is not None and service.unit_id not in allowed:
            row.error("service", _("you import the times of your own unit's services only"))
        _check_order(row)
        key = (service.pk, row["ticket"], row["taken_at"])
        if key in seen:
            row.error("ticket", _("this ticket is in the file twice"))
        elif TimeSample.objects.filter(service=service, ticket=row["ticket"], taken_at=row["taken_at"]).exists():
            row.error("ticket", _("already imported"))
        seen.add(key)
        if row.ok:
            samples.append(
                TimeSample(
                    organisation=org,
                    service=service,
                    ticket=row["ticket"],
                    taken_at=row["taken_at"],
                    called_at=row["called_at"],
                    started_at=row["started_at"],
                    ended_at=row["ended_at"],
                    counter=row["counter"] or "",
                    outcome=row["outcome"],
                    file_name=file_name[:200],
                    imported_by=user,
                )
            )
    result.check()
    with transaction.atomic():
        TimeSample.objects.bulk_create(samples)
    return TimesImported(count=len(samples))
