from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prongsai.ita.selectors import report_data
from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = "Write the ITA analysis-and-improvement report of an organisation's fiscal year as DOCX, PDF or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year of the results (BE), e.g. 2568")
        parser.add_argument("--format", required=True, choices=["docx", "pdf", "json"])
        parser.add_argument("--output", required=True, help="file to write; - writes JSON to standard output")
        parser.add_argument("--arabic-digits", action="store_true", help="Arabic instead of Thai digits in the text")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"No organisation with the slug {options['org']!r} "
                f"(create it with: prongsai org-create --slug {options['org']} --name …)."
            )
        thai_digits = not options["arabic_digits"]
        with translation.override("th"):
            data = report_data(org, options["year"], thai_digits=thai_digits)
            if data is None:
                raise CommandError(
                    f"{org.slug} has no ITA results for FY{options['year']} (import them with: "
                    f"prongsai ita-import --org {org.slug} FILE), or no ITA framework for that year "
                    "(load it with: prongsai ita-framework-load)."
                )
            fmt, output = options["format"], options["output"]
            if output == "-" and fmt != "json":
                raise CommandError("--output - (standard output) is for JSON only.")
            from prongsai.ita.documents import render_report

            content = render_report(data, fmt, thai_digits=thai_digits)
        if output == "-":
            sys.stdout.buffer.write(content + b"\n")
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"wrote {output} ({len(content):,} bytes)")
