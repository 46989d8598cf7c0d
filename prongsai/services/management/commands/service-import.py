"""Import the service catalogue from a CSV or XLSX file, all or nothing (exit status: core/importing/command.py)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from prongsai.core.importing.command import ImportCommand
from prongsai.orgs.models import Organisation
from prongsai.services.importing import services_import


class Command(ImportCommand):
    help = (
        "Import services (name, unit, standard_min, fee, documents, steps, legal_basis, channels; optional "
        "conditions, complaint) from a CSV or XLSX file, Thai headers accepted; steps and documents separated by |. "
        "A row whose name is already a service makes a new revision of it. All or nothing: one bad cell and nothing "
        "is saved (exit code 1)."
    )

    def run(self, org: Organisation, *, file_name: str, content: IO[bytes], options: dict[str, Any]) -> str:
        done = services_import(org=org, file_name=file_name, content=content, user=None)
        return _(
            "Imported for %(org)s: %(created)s new service(s), %(revised)s new revision(s), %(unchanged)s unchanged."
        ) % {"org": org.name, "created": done.created, "revised": done.revised, "unchanged": done.unchanged}
