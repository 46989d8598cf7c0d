"""Import a handheld scanner's or a paper sheet's counts into a count round, all or nothing (exit status:
core/importing/command.py)."""

from __future__ import annotations

from typing import IO, Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from prongsai.assets.models import CountRound
from prongsai.assets.stockcheck.importing import scans_import
from prongsai.core.commands import usage_error
from prongsai.core.importing.command import ImportCommand
from prongsai.orgs.models import Organisation


class Command(ImportCommand):
    help = (
        "Import the counts of a handheld scanner or a paper sheet into a round from a CSV or XLSX file with the "
        "columns room, code, condition, counted_at (Thai: ห้อง, เลขครุภัณฑ์, สภาพ, วันเวลาที่นับ). All or nothing: "
        "one bad cell and nothing is saved (exit code 1)."
    )

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, type=int, help="the round's id (printed by stockcheck-start)")

    def run(self, org: Organisation, *, file_name: str, content: IO[bytes], options: dict[str, Any]) -> str:
        round_ = CountRound.objects.filter(organisation=org, pk=options["round"]).first()
        if round_ is None:
            raise usage_error(f"No round {options['round']} in {org.slug}.")
        done = scans_import(round_=round_, file_name=file_name, content=content, by=None)
        return _("%(rows)s row(s): %(added)s new scan(s), %(already)s counted already") % {
            "rows": done.rows,
            "added": done.added,
            "already": done.already,
        }
