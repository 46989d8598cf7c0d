"""Write the monthly OIT status report to the executives as DOCX or PDF.

Exit status: 0 when written, 1 when the file cannot be written, 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.core.commands import buddhist_year, organisation, output_path, usage_error, write_output
from prongsai.disclosure.models import OitItem
from prongsai.disclosure.reports import FORMATS, monthly_report_data, parse_month, render_report
from prongsai.ita.models import FrameworkYear


class Command(BaseCommand):
    help = (
        "Write the monthly status report of an organisation's OIT items (every item, its state, owner, "
        "health and defects, and what changed since last month) as DOCX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year of the ITA assessment (BE), e.g. 2568")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")
        parser.add_argument(
            "--month",
            help="the month reported, YYYY-MM with a Christian (2026-01) or Buddhist-era (2569-01) year; "
            "default: the current month",
        )
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of the report (th)")
        parser.add_argument("--arabic-digits", action="store_true", help="Arabic instead of Thai digits in the text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] not in FORMATS:  # call_command() does not check choices
            raise usage_error(f"The format is docx or pdf, not {options['format']!r}.")
        org = organisation(options["org"])
        year = buddhist_year(options["year"], 2568)
        if (
            not FrameworkYear.objects.filter(fiscal_year=year).exists()
            and not OitItem.objects.filter(organisation=org, fiscal_year=year).exists()
        ):
            raise usage_error(
                f"{org.slug} has no OIT items for FY{year} and no ITA framework of that year is loaded "
                f"(load it with: prongsai ita-framework-load {year})."
            )
        month = None
        if options["month"]:
            try:
                month = parse_month(options["month"])
            except ValueError as exc:
                raise usage_error(str(exc)) from exc
        path = output_path(options["output"])
        with translation.override(options["language"]):
            data = monthly_report_data(org, year, month)
            content = render_report(data, options["format"], thai_digits=not options["arabic_digits"])
        write_output(self, path, content)
