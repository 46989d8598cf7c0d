"""Import the service catalogue from a CSV or XLSX file, all or nothing.

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
from prongsai.services.importing import ImportFailed, services_import


class Command(BaseCommand):
    help = (
        "Import services (name, unit, standard_min, fee, documents, steps, legal_basis, channels; optional "
        "conditions, complaint) from a CSV or XLSX file, Thai headers accepted; steps and documents separated by |. "
        "A row whose name is already a service makes a new revision of it. All or nothing: one bad cell and nothing "
        "is saved (exit code 1)."
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
                    done = services_import(org=org, file_name=path.name, content=file, user=None)
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
                _(
                    "Imported for %(org)s: %(created)s new service(s), %(revised)s new revision(s), %(unchanged)s unchanged."
                )
                % {"org": org.name, "created": done.created, "revised": done.revised, "unchanged": done.unchanged}
            )
