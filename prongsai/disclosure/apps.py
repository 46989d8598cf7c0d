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
