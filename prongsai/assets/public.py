"""The public page of the assets module, ``/<slug>/assets/``, and the hook through which its parts add to it.

The register part shows the count of assets by status and by unit (no names of people, no costs). The
other parts of the module contribute their own sections — the loans part the asset-use rule
(แนวปฏิบัติการใช้ทรัพย์สินของราชการ), the stock-check part the count of assets checked this year — by
appending a :class:`PublicSection` to :data:`PUBLIC_SECTIONS` in ``AssetsConfig.ready``::

    from prongsai.assets.public import PublicSection, add_public_section

    add_public_section(PublicSection("use_rule", "assets/loans/public_rule.html", rule_context, order=10))

``context(org)`` returns the template's context, or None to leave the section out (nothing to show yet).
It must show nothing about people. The page is cached per organisation until ``public_revision`` moves
(``core/publiccache.py``): a write that changes what a section shows calls ``public_pages_changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation


@dataclass(frozen=True)
class PublicSection:
    key: str
    template: str
    context: Callable[[Organisation], dict[str, Any] | None]
    order: int = 100


PUBLIC_SECTIONS: list[PublicSection] = []


def add_public_section(section: PublicSection) -> None:
    """Add (or replace, by key) a section of the public page."""
    PUBLIC_SECTIONS[:] = [s for s in PUBLIC_SECTIONS if s.key != section.key]
    PUBLIC_SECTIONS.append(section)
    PUBLIC_SECTIONS.sort(key=lambda s: (s.order, s.key))


def sections_for(org: Organisation) -> list[dict[str, Any]]:
    """The sections to include, each ``{"template": …, "section": context}``, in their order."""
    out = []
    for section in PUBLIC_SECTIONS:
        context = section.context(org)
        if context is not None:
            out.append({"key": section.key, "template": section.template, "section": context})
    return out
