"""Import sampled service times (recorded by hand) from a CSV or XLSX file, all or nothing.

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
from prongsai.services.times_import import ImportFailed, times_import


class Command(BaseCommand):
    help = (
        "Import sampled service times (service, ticket, taken_at, called_at, started_at, ended_at, counter, outcome) "
        "from a CSV or XLSX file, Thai headers accepted; times as d/m/yyyy HH:MM (B.E. or C.E.) or ISO. "
        "All or nothing: one bad cell and nothing is saved (exit code 1)."
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
                    done = times_import(org=org, file_name=path.name, content=file, user=None)
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
                _("Imported for %(org)s: %(count)s sampled service time(s).") % {"org": org.name, "count": done.count}
            )
