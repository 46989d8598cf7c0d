"""System checks: unsafe production settings fail `prongsai check --deploy`; the development key on a
server others can reach fails every command that runs the checks (E004), and so does a holiday file that cannot be
read (E005)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from prongsai.core.exposure import development_key_exposure


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


@register(Tags.security)
def check_development_key_exposure(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The development key with a non-local SITE_URL or ALLOWED_HOSTS: also when a settings module of its own
    changed them after prongsai.settings refused nothing."""
    if settings.SECRET_KEY != settings.DEV_SECRET_KEY:
        return []
    reason = development_key_exposure(site_host=settings.SITE_HOST, allowed_hosts=settings.ALLOWED_HOSTS)
    if reason is None:
        return []
    return [
        Error(
            f"SECRET_KEY is the development key but {reason}.",
            hint="Set SECRET_KEY in the environment to a long random value.",
            id="prongsai.E004",
        )
    ]


@register()
def check_holiday_file(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The holiday file is read at start (``check`` runs before ``migrate``, ``serve`` and the worker): a wrong
    entry stops the start with its name, rather than the first vehicle report or stock-check round."""
    from prongsai.core import holidays

    try:
        holidays.shipped_table()
    except (OSError, holidays.HolidayDataError) as exc:
        return [
            Error(
                f"The public holiday file cannot be used: {exc}",
                hint=f"Correct {holidays.data_dir() / holidays.FILE_NAME} (data/holidays/README.md).",
                id="prongsai.E005",
            )
        ]
    return []
