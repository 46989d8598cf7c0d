from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.assets.models import CountRound
from prongsai.assets.stockcheck.report import FORMATS, render
from prongsai.core.commands import organisation, output_path, usage_error, write_output


class Command(BaseCommand):
    help = (
        "Write a round's reconciliation as JSON (counts and items), its document set (appointment order, report "
        "memo, assets remaining, damaged/lost/unneeded list) as DOCX or PDF, or its lists as XLSX. "
        "--output - writes to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--round", required=True, type=int, help="the round's id")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organisation(options["org"])
        round_ = CountRound.objects.filter(organisation=org, pk=options["round"]).select_related("unit").first()
        if round_ is None:
            raise usage_error(f"No round {options['round']} in {org.slug}.")
        path = output_path(options["output"])
        content, _type, _name = render(round_, options["format"])
        write_output(self, path, content)
