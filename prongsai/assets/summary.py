"""The assets module's panel on the organisation dashboard, and the hook through which its parts add to it.

The register part gives the assets in use, damaged and deteriorated, and the units without a custodian in
office today. The loans part (loans out and overdue) and the stock-check part (the round in progress)
add theirs by appending a :class:`SummarySection` to :data:`SUMMARY_SECTIONS` in ``AssetsConfig.ready``;
``context(org)`` returns the template's context or None to leave it out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation


@dataclass(frozen=True)
class SummarySection:
    key: str
    template: str
    context: Callable[[Organisation], dict[str, Any] | None]
    order: int = 100


SUMMARY_SECTIONS: list[SummarySection] = []


def add_summary_section(section: SummarySection) -> None:
    SUMMARY_SECTIONS[:] = [s for s in SUMMARY_SECTIONS if s.key != section.key]
    SUMMARY_SECTIONS.append(section)
    SUMMARY_SECTIONS.sort(key=lambda s: (s.order, s.key))


def dashboard_summary(org: Organisation) -> dict[str, Any]:
    from prongsai.assets.register import selectors

    sections = []
    for section in SUMMARY_SECTIONS:
        context = section.context(org)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, "section": context})
    return {"org": org, "register": selectors.summary(org), "sections": sections}
