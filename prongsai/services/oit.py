"""The catalogue as evidence of the year's OIT items (a feed of disclosure/feeds.py, like complaints/oit.py).

- The whole catalogue as one PDF goes to the service-manual item, found in the year's framework by its title:
  "คู่มือหรือมาตรฐานการให้บริการ" in 2564–2567, "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ" in
  2568–2569 (O9 in both, but the number is never relied on). Each later run adds a new version at the same address.
- The catalogue's public address goes to the E-Service item ("E-Service"; "ระบบการให้บริการผ่านช่องทางออนไลน์
  (E-Service)" in 2569) as a link, once: the link stays while the address does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy

from prongsai.core.thai import fiscal_year_bounds, local_today
from prongsai.disclosure.feeds import Feed, FeedUnavailable, Rendered, feed_attach, framework_item
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.disclosure.services import DocumentFields, component_texts, document_add_link, ensure_items
from prongsai.services import documents, selectors

if TYPE_CHECKING:
    from prongsai.accounts.models import User
    from prongsai.disclosure.feeds import Attached
    from prongsai.orgs.models import Organisation

KEY = "service-catalogue"
ITEM_TITLES = (
    "คู่มือหรือมาตรฐานการให้บริการ",
    "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ",
)
ESERVICE_TITLES = ("E-Service", "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)")
TITLE = "คู่มือสำหรับประชาชน (คู่มือการให้บริการ) ปีงบประมาณ พ.ศ. {year}"
LINK_TITLE = "คู่มือสำหรับประชาชนและช่องทางบริการออนไลน์ของแต่ละงานบริการ (หน้าเว็บไซต์)"


def render(org: Organisation, year: int, today: date) -> list[Rendered]:
    """The catalogue in force at ``today`` as one PDF."""
    if not selectors.catalogue(org).exists():
        raise FeedUnavailable(gettext_lazy("The catalogue has no service in force yet."))
    first, last = fiscal_year_bounds(year)
    return [
        Rendered(
            fmt="pdf",
            content=documents.render_catalogue(org, "pdf", today=today),
            title=TITLE.format(year=year),
            name=f"service-catalogue-{year}.pdf",
            period_start=first,
            period_end=min(today, last),
        )
    ]


def _roles() -> frozenset[str]:
    from prongsai.orgs.access import ORG_ADMINS

    return frozenset(ORG_ADMINS)


def feed() -> Feed:
    return Feed(
        key=KEY,
        label=gettext_lazy("the service manual for citizens (the catalogue)"),
        titles=ITEM_TITLES,
        render=render,
        roles=_roles(),
        order=40,
    )


def eservice_feed() -> Feed:
    """Not registered (it writes no document): only how the E-Service item is found by its title."""
    return Feed(
        key="service-eservice",
        label=gettext_lazy("the e-Service channels"),
        titles=ESERVICE_TITLES,
        render=lambda org, year, today: [],
        roles=_roles(),
    )


def link_eservice(org: Organisation, year: int, *, by: User | None) -> OitDocument | None:
    """The catalogue's public address as a link on the year's E-Service item; None when it is there already.

    Raises FeedUnavailable when the year has no framework or no E-Service item."""
    spec = framework_item(eservice_feed(), year)
    url = documents.catalogue_url(org)
    with transaction.atomic():
        ensure_items(org, year)
        item = OitItem.objects.select_for_update().get(organisation=org, fiscal_year=year, code=spec.code)
        live = item.documents.filter(kind=OitDocument.Kind.LINK, url=url, withdrawn_at__isnull=True)
        if live.exists():
            return None
        # the component that is the channel itself ("ช่องทาง E-Service"), when the item lists components
        texts = component_texts(spec) if spec.components else []
        components = [i for i, text in enumerate(texts) if text.startswith("ช่องทาง")]
        return document_add_link(item, DocumentFields(LINK_TITLE, components=components), url, by=by)


def attach_catalogue(org: Organisation, year: int, *, by: User | None, today: date | None = None) -> Attached:
    """Host the catalogue PDF on the year's service-manual item (a new version each time)."""
    return feed_attach(org=org, year=year, feed=KEY, by=by, today=today or local_today())
