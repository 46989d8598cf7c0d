"""System checks that make unsafe production settings fail `prongsai check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            Error("SECRET_KEY is the development key.", hint="Set SECRET_KEY in the environment.", id="prongsai.E001")
        )
    if not settings.SITE_IS_HTTPS:
        errors.append(Error("SITE_URL is not https.", hint="Set SITE_URL=https://your.domain", id="prongsai.E002"))
    if settings.DEBUG:
        errors.append(Error("DEBUG is on.", hint="Unset DEBUG in production.", id="prongsai.E003"))
    return errors
