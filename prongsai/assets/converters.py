"""The ``assetcode`` path converter: an organisation's own asset number, e.g. ``416-59-0001``, ``ค.01.2567``.

Anything but a slash, whitespace and ``? # %`` (what ``register.services.clean_code`` accepts), so the
permanent address ``/<slug>/a/<code>/`` holds every number a register may use.
"""

from __future__ import annotations

from django.urls import register_converter


class AssetCodeConverter:
    regex = r"[^/\s?#%\\]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


_registered = False


def register() -> None:
    global _registered
    if not _registered:
        register_converter(AssetCodeConverter, "assetcode")
        _registered = True
