from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.ita.importing import ImportFailed
from prongsai.ita.services import results_import
from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import ITA results from a CSV or XLSX file: one row per fiscal year (fiscal_year, indicator_1 … "
        "indicator_10, optional iit, eit, oit, overall, level) and/or OIT items (fiscal_year, item, passed, "
        "comment). All or nothing: one bad cell and nothing is saved (exit code 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of messages (default th)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            org = Organisation.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(
                    _(
                        "No organisation with the slug “%(slug)s” (create it with: prongsai org-create --slug %(slug)s --name …)."
                    )
                    % {"slug": options["org"]}
                )
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            try:
                with path.open("rb") as file:  # read only as far as the row limit, never whole into memory
                    parsed = results_import(org=org, file_name=path.name, content=file, user=None)
            except ImportFailed as exc:
                if exc.whole_file:
                    self.stderr.write(_("Nothing was imported."))
                else:
                    self.stderr.write(_("Nothing was imported. Fix these cells and try again:"))
                for error in exc.errors:
                    self.stderr.write(f"  {error.message()}")
                sys.exit(1)
            self.stdout.write(
                _(
                    "Imported %(results)s year(s) of results and %(items)s year(s) of OIT item results for %(org)s: %(years)s"
                )
                % {
                    "results": len(parsed.results),
                    "items": len(parsed.items),
                    "org": org.name,
                    "years": ", ".join(str(y) for y in parsed.years),
                }
            )
