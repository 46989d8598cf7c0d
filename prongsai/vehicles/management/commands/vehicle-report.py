"""Write the vehicle report of a month or a fiscal year: the logbook (แบบ ๔), the fuel account
(บัญชีแสดงการใช้น้ำมัน) and the flags, as JSON, DOCX, PDF or XLSX.

Exit status: 0 when written, 1 when the file cannot be written, 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.core.commands import buddhist_year, organisation, output_path, usage_error, write_output
from prongsai.vehicles.documents import FORMATS, render
from prongsai.vehicles.models import Vehicle, plate_slug
from prongsai.vehicles.selectors import Period, period_from, report_data


class Command(BaseCommand):
    help = (
        "Write an organisation's vehicle report for one month (--month YYYY-MM, Christian or Buddhist year) or one "
        "fiscal year (--year, Buddhist era): trips, distance_km, litres, km_per_litre (full tank to full tank) and "
        "flags [{code, plate, date, detail}], for every vehicle or one (--vehicle PLATE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--vehicle", help="one vehicle's plate")
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--month", help="YYYY-MM, e.g. 2026-01 or 2569-01")
        when.add_argument("--year", type=int, help="fiscal year (Buddhist era), e.g. 2569")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of the document (th)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise usage_error(f"The format is one of {', '.join(FORMATS)}, not {fmt!r}.")
        org = organisation(options["org"])
        vehicle = None
        if options.get("vehicle"):
            vehicle = Vehicle.objects.filter(organisation=org, slug=plate_slug(options["vehicle"])).first()
            if vehicle is None:
                raise usage_error(f"{org.slug} has no vehicle with the plate {options['vehicle']!r}.")
        path = output_path(options["output"])
        with translation.override(options["language"]):
            period = parse_period(options.get("month"), options.get("year"))
            content = render(report_data(org, period, vehicle=vehicle), fmt)
        write_output(self, path, content)


def parse_period(month: str | None, year: int | None) -> Period:
    if year is not None:
        buddhist_year(year, 2569)
    try:
        return period_from(month, year)
    except ValueError:
        raise usage_error(f"The month is YYYY-MM, such as 2026-01, not {month!r}.") from None
