"""Write the complaint statistics of one organisation and fiscal year (the OIT item) as PDF or XLSX.

Exit status: 0 when written, 1 when the file cannot be written, 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.complaints.board import FORMATS, render_statistics
from prongsai.core.commands import buddhist_year, organisation, output_path, usage_error, write_output
from prongsai.core.thai import fiscal_year, local_today


class Command(BaseCommand):
    help = (
        "Write an organisation's complaint statistics of one fiscal year, for the OIT complaint-statistics item "
        "(ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ), as PDF or XLSX: all complaints, concluded and in "
        "progress, for the first six months and the twelve months by category and month by month with the "
        "quarters; counts of 1 or 2 are published as '< 3', and a year without complaints says so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (Buddhist era), e.g. 2569")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of the document (th)")
        parser.add_argument("--arabic-digits", action="store_true", help="Arabic instead of Thai digits in the text")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:  # call_command() does not check choices
            raise usage_error(f"The format is pdf or xlsx, not {fmt!r}.")
        org = organisation(options["org"])
        year = buddhist_year(options["year"], 2569)
        current = fiscal_year(local_today())
        if year > current:
            raise usage_error(f"Fiscal year {year} has not begun (the current fiscal year is {current}).")
        path = output_path(options["output"])
        with translation.override(options["language"]):
            content = render_statistics(org, year, fmt, thai_digits=not options["arabic_digits"])
        write_output(self, path, content)
