from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.complaints.models import Case

    cases = Case.objects.filter(organisation=org)
    return {
        "org": org,
        "open": cases.exclude(state__in=[Case.State.CONCLUDED, Case.State.CLOSED]).count(),
        "overdue": cases.filter(escalated_on__isnull=False)
        .exclude(state__in=[Case.State.CONCLUDED, Case.State.CLOSED])
        .count(),
    }


class ComplaintsConfig(AppConfig):
    name = "prongsai.complaints"
    label = "complaints"
    verbose_name = _("Complaints and whistleblowing")

    def ready(self) -> None:
        from prongsai.complaints import (
            demo,
            oit,
            tasks,  # noqa: F401  (registers the daily clock)
        )
        from prongsai.core.modules import Module, register
        from prongsai.disclosure.feeds import register_feed
        from prongsai.orgs.demo import DEMO_STEPS
        from prongsai.orgs.models import Role

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        register(
            Module(
                key="complaints",
                label=_("Complaints"),
                staff_url_name="complaints:inbox",
                public_url_name="complaints:start",
                summary_template="complaints/summary.html",
                summary=dashboard_summary,
                roles=frozenset({Role.EXECUTIVE, Role.ETHICS_COMMITTEE}),
                order=40,
            )
        )
        register_feed(oit.feed())
