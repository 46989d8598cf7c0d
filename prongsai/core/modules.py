"""The registry through which modules add themselves to the navigation and the dashboard.

A module app calls `register(Module(...))` in its AppConfig.ready(). The
organisation dashboard shows each module's summary (rendered from its own
template with its own context), the staff navigation links to its staff page,
and the public site of an organisation links to its public page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from prongsai.orgs.models import Organisation


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    staff_url_name: str | None = None
    public_url_name: str | None = None
    summary_template: str | None = None
    summary: Callable[[Organisation], dict[str, Any]] | None = None
    roles: frozenset[str] | None = None  # who sees it; None for every role
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)


_registry: dict[str, Module] = {}


def register(module: Module) -> None:
    _registry[module.key] = module


def modules() -> list[Module]:
    return sorted(_registry.values(), key=lambda m: (m.order, m.key))


def staff_banners(request: Any, org: Organisation) -> list[dict[str, Any]]:
    """Notices every staff page shows on top until the person acts (e.g. a new rule to acknowledge).

    A module gives ``extra={"banners": function(request, org) -> [{"text", "url", "link"}]}``.
    """
    found: list[dict[str, Any]] = []
    for module in modules():
        banners = module.extra.get("banners")
        if banners is not None:
            found += banners(request, org)
    return found
