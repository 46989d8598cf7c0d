from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.assets.models import CountRound
from prongsai.assets.stockcheck.importing import scans_import
from prongsai.core.commands import organisation, usage_error
from prongsai.core.importing import ImportFailed


class Command(BaseCommand):
    help = (
        "Import the counts of a handheld scanner or a paper sheet into a round from a CSV or XLSX file with the "
        "columns room, code, condition, counted_at (Thai: ห้อง, เลขครุภัณฑ์, สภาพ, วันเวลาที่นับ). All or nothing: "
        "one bad cell and nothing is saved (exit code 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--round", required=True, type=int, help="the round's id (printed by stockcheck-start)")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            org = organisation(options["org"])
            round_ = CountRound.objects.filter(organisation=org, pk=options["round"]).first()
            if round_ is None:
                raise usage_error(f"No round {options['round']} in {org.slug}.")
            path = Path(options["file"])
            if not path.is_file():
                raise usage_error(f"No such file: {path}")
            try:
                with path.open("rb") as file:
                    done = scans_import(round_=round_, file_name=path.name, content=file, by=None)
            except ImportFailed as exc:
                self.stderr.write("Nothing was imported.")
                for error in exc.errors:
                    self.stderr.write(f"  {error.message()}")
                sys.exit(1)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                sys.exit(1)
            self.stdout.write(f"{done.rows} row(s): {done.added} new scan(s), {done.already} counted already")
