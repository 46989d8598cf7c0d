from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from prongsai.assets.stockcheck.services import round_start
from prongsai.core.commands import buddhist_year, organisation, usage_error
from prongsai.orgs.models import Unit


class Command(BaseCommand):
    help = (
        "Open a stock-check round and print its id: annual (the whole organisation, as of 30 September, from the "
        "first working day of October, report due within 30 working days) or quarterly (optionally one unit). "
        "The committee can be named later on the round's page, before the report is signed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--kind", required=True, choices=["annual", "quarterly"])
        parser.add_argument("--year", required=True, type=int, help="Buddhist-era fiscal year, e.g. 2568")
        parser.add_argument("--unit", help="unit code (or name) for a quarterly count of one unit")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="quarter of a quarterly count")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organisation(options["org"])
        year = buddhist_year(options["year"], 2568)
        unit = None
        if options["unit"]:
            unit = (
                Unit.objects.filter(organisation=org, code=options["unit"]).first()
                or Unit.objects.filter(organisation=org, name=options["unit"]).first()
            )
            if unit is None:
                raise usage_error(f"No unit with the code or name {options['unit']!r} in {org.slug}.")
        try:
            round_ = round_start(
                organisation=org, kind=options["kind"], fiscal_year=year, unit=unit, quarter=options["quarter"]
            )
        except ValidationError as exc:
            raise usage_error(" ".join(exc.messages)) from exc
        self.stderr.write(f"{round_} · {round_.rooms.count()} room(s) · report due {round_.due_on.isoformat()}")
        self.stdout.write(str(round_.pk))
