"""Import vehicles, past trips and fuel slips from a CSV or XLSX file, all or nothing.

Exit status: 0 imported, 1 nothing imported (the errors are listed), 2 a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.core.commands import organisation, usage_error
from prongsai.vehicles.importing import ImportFailed, vehicles_import


class Command(BaseCommand):
    help = (
        "Import official vehicles (plate, kind, fuel, rate_km_per_litre, depot, custodian), past trips (plate, date, "
        "date_in, driver, destination, purpose, time_out, time_in, odometer_out, odometer_in, approved_by, "
        "late_reason, exception_reason) and fuel slips (plate, date, litres, amount, odometer, full_tank) from a "
        "CSV or XLSX file; each sheet's kind is told by its headers (Thai headers accepted). All or nothing: one "
        "bad cell and nothing is saved (exit code 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of messages (default th)")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organisation(options["org"])
        path = Path(options["file"])
        if not path.is_file():
            raise usage_error(f"No such file: {path}")
        with translation.override(options["language"]):
            try:
                with path.open("rb") as file:
                    done = vehicles_import(org=org, file_name=path.name, content=file, user=None)
            except ImportFailed as exc:
                self.stderr.write(
                    _("Nothing was imported.")
                    if exc.whole_file
                    else _("Nothing was imported. Fix these cells and try again:")
                )
                for error in exc.errors:
                    self.stderr.write(f"  {error.message()}")
                sys.exit(1)
            self.stdout.write(
                _("Imported %(vehicles)s vehicle(s), %(trips)s trip(s) and %(fuel)s fuel slip(s) for %(org)s.")
                % {"vehicles": done.vehicles, "trips": done.trips, "fuel": done.fuel, "org": org.name}
            )
