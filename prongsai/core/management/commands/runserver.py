"""`prongsai runserver`: Django's development server, refused with the development key beyond loopback.

`runserver 0.0.0.0:8000` would answer any machine that sends ``Host: localhost``, and with the public
development key anyone could forge sessions and case tokens (core/exposure.py). WhiteNoise's variant of
the command (static files through the app) is kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhiteNoiseRunserver

from prongsai.core.exposure import DEV_SECRET_KEY, development_key_exposure, refusal


class Command(WhiteNoiseRunserver):
    def run(self, **options: Any) -> None:
        host = f"[{self.addr}]" if ":" in self.addr else self.addr
        if settings.SECRET_KEY == DEV_SECRET_KEY and (
            reason := development_key_exposure(site_host="localhost", allowed_hosts=[], binds=[f"{host}:{self.port}"])
        ):
            raise CommandError(refusal(reason))
        super().run(**options)
