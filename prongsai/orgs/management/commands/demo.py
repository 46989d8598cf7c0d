from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prongsai.orgs.demo import demo_password, load_demo


class Command(BaseCommand):
    help = "Load the demo (อบต.โพหนอง and a fictional sample organisation, one user per role). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="load even when SITE_URL is not local (never on a real installation)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SITE_IS_LOCAL and not options["force"]:
            raise CommandError(
                "SITE_URL is not local: the demo has well-known passwords. Use --force only on a test server."
            )
        with translation.override("th"):
            logins = load_demo()
            self.stdout.write(self.style.SUCCESS("Demo loaded."))
            self.stdout.write(f"Demo logins (password for all: {demo_password()}):")
            for login in logins:
                self.stdout.write(f"  {login.username:<28} {login.role} — {login.where}")
