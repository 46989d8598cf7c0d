from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.plans import selectors

    years = selectors.plan_years(org)
    data = selectors.overview(org, years[0]) if years else None
    return {"org": org, "year": years[0] if years else None, "data": data}


class PlansConfig(AppConfig):
    name = "prongsai.plans"
    label = "plans"
    verbose_name = _("Improvement plans carried out")

    def ready(self) -> None:
        from prongsai.core import history
        from prongsai.core.modules import Module, register
        from prongsai.disclosure.feeds import register_feed
        from prongsai.orgs.demo import DEMO_STEPS
        from prongsai.plans import (
            demo,
            oit,
            tasks,  # noqa: F401  (registers the daily reminders)
        )
        from prongsai.plans.models import Activity, Evidence
        from prongsai.plans.services import EVIDENCE_HISTORY_FIELDS, HISTORY_FIELDS

        history.track(Activity, fields=HISTORY_FIELDS)
        history.track(Evidence, fields=EVIDENCE_HISTORY_FIELDS, part_of=Activity)

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        register(
            Module(
                key="plans",
                label=_("Plan in action"),
                staff_url_name="plans:index",
                public_url_name="plans:public_index",
                summary_template="plans/summary.html",
                summary=dashboard_summary,
                order=20,
            )
        )
        for feed in oit.feeds():
            register_feed(feed)
