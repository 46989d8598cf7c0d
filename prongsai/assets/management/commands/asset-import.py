"""Import an asset register from a CSV or XLSX file, all or nothing (exit status: core/importing/command.py)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from prongsai.core.importing.command import ImportCommand
from prongsai.orgs.models import Organisation


class Command(ImportCommand):
    help = (
        "Import an asset register from a CSV or XLSX file (code, name, category, brand, model, serial, acquired_on, "
        "method, contract_number, funds, cost, unit, room, custodian, status; Thai headers accepted). A row with a "
        "number already in the register updates that asset (kept in its history). All or nothing: one bad cell "
        "and nothing is saved (exit code 1)."
    )

    def run(self, org: Organisation, *, file_name: str, content: IO[bytes], options: dict[str, Any]) -> str:
        from prongsai.assets.register.importing import asset_import

        summary = asset_import(organisation=org, file_name=file_name, content=content, by=None)
        return _("Imported: %(created)s new asset(s), %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }
