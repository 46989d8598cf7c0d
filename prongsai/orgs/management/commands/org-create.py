from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.orgs.models import Organisation
from prongsai.orgs.services import STANDARD_UNITS, organisation_create


class Command(BaseCommand):
    help = "Create an organisation (the tenant) with the standard units of an อบต."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short Latin name used in web addresses, e.g. pho-nong")
        parser.add_argument("--name", required=True, help="official Thai name, e.g. องค์การบริหารส่วนตำบลโพหนอง")
        parser.add_argument("--kind", choices=Organisation.Kind.values, default=Organisation.Kind.SAO)
        parser.add_argument("--province", default="", help="province without the word จังหวัด, e.g. นครพนม")
        parser.add_argument("--district", default="", help="district without the word อำเภอ, e.g. รณนคร")
        parser.add_argument("--no-units", action="store_true", help="do not create the standard units")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"An organisation with slug {options['slug']!r} already exists.")
        try:
            org = organisation_create(
                slug=options["slug"],
                name=options["name"],
                kind=options["kind"],
                province=options["province"],
                district=options["district"],
                units=() if options["no_units"] else STANDARD_UNITS,
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            ) from exc
        self.stdout.write(f"Created {org.name} ({org.slug}) with {org.units.count()} units.")
