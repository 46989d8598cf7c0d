from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.core.commands import organisation, output_path, usage_error, write_output


class Command(BaseCommand):
    help = (
        "Write A4 sheets of asset labels (organisation, asset number, item, QR of the asset's permanent address) "
        "as PDF, to print at 100 %. Every asset not disposed of, or those of one unit (--unit, its code or name), "
        "or the numbers listed in a file (--codes, one per line)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from prongsai.assets.register.labels import DEFAULT_STOCK, STOCKS

        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--unit", help="the code (or name) of a unit")
        parser.add_argument("--codes", help="a text file with one asset number per line")
        parser.add_argument("--output", required=True, help="the .pdf file to write, or - for standard output")
        parser.add_argument(
            "--stock", choices=sorted(STOCKS), default=DEFAULT_STOCK, help=f"label paper (default {DEFAULT_STOCK})"
        )
        parser.add_argument("--outline", action="store_true", help="draw the edge of each label (for a test print)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db.models import Q

        from prongsai.assets.models import Asset
        from prongsai.assets.register.labels import labels_for, labels_pdf

        org = organisation(options["org"])
        path = output_path(options["output"])
        assets = Asset.objects.filter(organisation=org).exclude(status=Asset.Status.DISPOSED)
        if options.get("unit"):
            unit = org.units.filter(Q(code=options["unit"]) | Q(name=options["unit"])).first()
            if unit is None:
                raise usage_error(f"No unit with the code or name {options['unit']!r} in {org.slug}.")
            assets = assets.filter(unit=unit)
        codes: list[str] = []
        if options.get("codes"):
            file = Path(options["codes"])
            if not file.is_file():
                raise usage_error(f"No such file: {file}")
            codes = [line.strip() for line in file.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
            assets = assets.filter(code__in=codes)
            found = set(assets.values_list("code", flat=True))
            missing = [c for c in codes if c not in found]
            if missing:
                raise usage_error("Not in the register (or disposed of): " + ", ".join(missing[:20]))
        order = {code: i for i, code in enumerate(codes)}
        chosen = sorted(assets, key=lambda a: order[a.code]) if codes else list(assets.order_by("code"))
        pdf = labels_pdf(org.name, labels_for(chosen, org), stock=options["stock"], outline=options["outline"])
        write_output(self, path, pdf)
        self.stderr.write(f"{len(chosen)} label(s)")
