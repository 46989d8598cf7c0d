from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.disclosure import selectors
    from prongsai.disclosure.models import OitAudit, OitItem

    years = selectors.years(org)
    if not years:
        return {"org": org, "year": None}
    items = OitItem.objects.filter(organisation=org, fiscal_year=years[0])
    audit = OitAudit.objects.filter(organisation=org, fiscal_year=years[0], status=OitAudit.Status.DONE).first()
    return {
        "org": org,
        "year": years[0],
        "total": items.count(),
        "published": items.filter(state=OitItem.State.PUBLISHED).count(),
        "health": audit.health if audit else None,
    }


def _components(value: Any) -> str:
    """The components a document covers are kept as 0-based indexes; people count from 1."""
    return ", ".join(str(i + 1) if isinstance(i, int) else str(i) for i in value)


def track_history() -> None:
    from prongsai.core import history
    from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
    from prongsai.disclosure.services import DOCUMENT_HISTORY_FIELDS, ITEM_HISTORY_FIELDS, VERSION_HISTORY_FIELDS

    history.track(
        OitItem,
        fields=ITEM_HISTORY_FIELDS,
        verbs={
            "submit": _("handed the item in for checking"),
            "check": _("checked the item"),
            "approve": _("approved the item"),
            "publish": _("published the item"),
            "return": _("sent the item back for correction"),
            "reopened": _("changed the evidence, which sent the item back to draft"),
            "document_added": _("added the document"),
            "link_added": _("added the link"),
            "version_added": _("uploaded a new version of the document"),
            "document_withdrawn": _("withdrew the document"),
            "activity_linked": _("attached the plan activity"),
            "activity_unlinked": _("detached the plan activity"),
        },
    )
    history.track(OitDocument, fields=DOCUMENT_HISTORY_FIELDS, part_of=OitItem, formatters={"components": _components})
    history.track(OitDocumentVersion, fields=VERSION_HISTORY_FIELDS, part_of=OitItem)


class DisclosureConfig(AppConfig):
    name = "prongsai.disclosure"
    label = "disclosure"
    verbose_name = _("OIT disclosure and website audit")

    def ready(self) -> None:
        from prongsai.core.modules import Module, register
        from prongsai.disclosure import (
            demo,
            tasks,  # noqa: F401  (registers the monthly audit)
        )
        from prongsai.orgs.demo import DEMO_STEPS

        track_history()

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        register(
            Module(
                key="disclosure",
                label=_("OIT disclosure"),
                staff_url_name="disclosure:index",
                public_url_name="disclosure:public_index",
                summary_template="disclosure/summary.html",
                summary=dashboard_summary,
                order=30,
            )
        )
