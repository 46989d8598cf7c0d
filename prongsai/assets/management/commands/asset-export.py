from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.core.commands import organisation, output_path, write_output


class Command(BaseCommand):
    help = "Write an organisation's asset register as XLSX (the import's columns under their Thai headers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--output", required=True, help="the .xlsx file to write, or - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        from prongsai.assets.models import Asset
        from prongsai.assets.register.export import register_xlsx

        with translation.override("th"):
            org = organisation(options["org"])
            path = output_path(options["output"])
            assets = Asset.objects.filter(organisation=org).select_related("unit", "custodian").order_by("code")
            write_output(self, path, register_xlsx(assets, title=_("Asset register")))
