from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.ita.framework import FrameworkError, available_years, framework_load, templates_load


class Command(BaseCommand):
    help = "Load the ITA framework files (data/ita/<year>.yaml) and the measure templates into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="fiscal years (BE) to load; default: every file")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] or available_years()
        try:
            done = framework_load(fiscal_years=years)
        except FrameworkError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"no framework file: {exc.filename}") from exc
        created, updated = templates_load()
        if options["verbosity"] > 0:
            for fy, state in done:
                self.stdout.write(f"ITA {fy}: {state}")
            self.stdout.write(f"measure templates: {created} created, {updated} updated")
