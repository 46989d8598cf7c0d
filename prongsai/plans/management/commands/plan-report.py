from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation
from prongsai.plans.reports import PERIODS, progress_report_data, render_report


class Command(BaseCommand):
    help = (
        "Write the 6- or 12-month progress report of an organisation's improvement plan "
        "(OIT item O26; O43 before FY2569) as DOCX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year of the plan (BE), e.g. 2569")
        parser.add_argument("--period", required=True, type=int, choices=PERIODS, help="6 or 12 months")
        parser.add_argument("--format", required=True, choices=["docx", "pdf"])
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--arabic-digits", action="store_true", help="Arabic instead of Thai digits in the text")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"No organisation with the slug {options['org']!r} "
                f"(create it with: prongsai org-create --slug {options['org']} --name …)."
            )
        year = options["year"]
        if not PlanRow.objects.filter(organisation=org, fiscal_year=year - 1).exists():
            raise CommandError(
                f"{org.slug} has no improvement plan for FY{year} (no plan rows for the FY{year - 1} results): "
                f"make it on the page /{org.slug}/staff/ita/{year - 1}/plan/."
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder of {output} does not exist.")
        with translation.override("th"):
            data = progress_report_data(org, year, options["period"])
            content = render_report(data, options["format"], thai_digits=not options["arabic_digits"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
        self.stderr.write(f"wrote {output} ({len(content):,} bytes)")
