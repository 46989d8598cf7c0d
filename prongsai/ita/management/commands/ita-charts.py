"""`prongsai ita-charts ORG_ID FISCAL_YEAR`: draw and store the report charts that new results change.

The worker runs this in a child process (``ita/tasks.py``) so that matplotlib, numpy and the drawing's
memory leave with the child instead of staying in the long-lived worker (issue 11 §8). Prints the number
of reports whose charts were drawn.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.ita.tasks import draw_report_charts


class Command(BaseCommand):
    help = "Draw and store the ITA report charts of a fiscal year and the later years (what the worker runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org_id", type=int, help="organisation id")
        parser.add_argument("fiscal_year", type=int, help="first fiscal year (BE) whose results changed")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(draw_report_charts(options["org_id"], options["fiscal_year"])))
