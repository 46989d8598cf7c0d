"""Write the service times report of a fiscal year (or one quarter) as JSON, DOCX, PDF or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.core.commands import organisation
from prongsai.core.thai import parse_be_year
from prongsai.services.report import report_data
from prongsai.services.report_documents import FORMATS, render


class Command(BaseCommand):
    help = (
        "Service times per service and quarter (Q1 = Oct–Dec): served, no-shows, median and 90th percentile of "
        "waiting and service time, the share within the standard, calls out of turn with their reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", required=True, help="fiscal year, B.E. (e.g. 2569; a C.E. year is converted)")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="one quarter (1 = Oct–Dec)")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", required=True, help="file to write ('-' for standard output)")
        parser.add_argument("--language", choices=["th", "en"], default="th")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organisation(options["org"])
        year = parse_be_year(options["year"])
        with translation.override(options["language"]):
            content = render(report_data(org, year=year, quarter=options["quarter"]), options["format"])
        if options["output"] == "-":
            self.stdout.write(content.decode())
        else:
            Path(options["output"]).write_bytes(content)
