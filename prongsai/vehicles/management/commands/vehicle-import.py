"""Import vehicles, past trips and fuel slips from a CSV or XLSX file, all or nothing (exit status:
core/importing/command.py)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from prongsai.core.importing.command import ImportCommand
from prongsai.orgs.models import Organisation
from prongsai.vehicles.importing import vehicles_import


class Command(ImportCommand):
    help = (
        "Import official vehicles (plate, kind, fuel, rate_km_per_litre, depot, custodian), past trips (plate, date, "
        "date_in, driver, destination, purpose, time_out, time_in, odometer_out, odometer_in, approved_by, "
        "late_reason, exception_reason) and fuel slips (plate, date, litres, amount, odometer, full_tank) from a "
        "CSV or XLSX file; each sheet's kind is told by its headers (Thai headers accepted). All or nothing: one "
        "bad cell and nothing is saved (exit code 1)."
    )

    def run(self, org: Organisation, *, file_name: str, content: IO[bytes], options: dict[str, Any]) -> str:
        done = vehicles_import(org=org, file_name=file_name, content=content, user=None)
        return _("Imported %(vehicles)s vehicle(s), %(trips)s trip(s) and %(fuel)s fuel slip(s) for %(org)s.") % {
            "vehicles": done.vehicles,
            "trips": done.trips,
            "fuel": done.fuel,
            "org": org.name,
        }
