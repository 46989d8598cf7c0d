from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.core.commands import organisation, usage_error
from prongsai.core.importing import ImportFailed


class Command(BaseCommand):
    help = (
        "Import an asset register from a CSV or XLSX file (code, name, category, brand, model, serial, acquired_on, "
        "method, contract_number, funds, cost, unit, room, custodian, status; Thai headers accepted). A row with a "
        "number already in the register updates that asset (kept in its history). All or nothing: one bad cell "
        "and nothing is saved (exit code 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of messages (default th)")

    def handle(self, *args: Any, **options: Any) -> None:
        from prongsai.assets.register.importing import asset_import

        with translation.override(options["language"]):
            org = organisation(options["org"])
            path = Path(options["file"])
            if not path.is_file():
                raise usage_error(_("No such file: %(path)s") % {"path": path})
            try:
                with path.open("rb") as file:
                    summary = asset_import(organisation=org, file_name=path.name, content=file, by=None)
            except ImportFailed as exc:
                if exc.whole_file:
                    self.stderr.write(_("Nothing was imported."))
                else:
                    self.stderr.write(_("Nothing was imported. Fix these cells and try again:"))
                for error in exc.errors:
                    self.stderr.write(f"  {error.message()}")
                sys.exit(1)
            self.stdout.write(
                _("Imported: %(created)s new asset(s), %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
            )
