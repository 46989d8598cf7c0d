from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation


def dashboard_summary(org: Organisation) -> dict[str, Any]:
    from prongsai.ita.models import ItaResult
    from prongsai.ita.selectors import org_analysis

    latest = ItaResult.objects.filter(organisation=org).order_by("-fiscal_year").first()
    data = org_analysis(org, latest.fiscal_year) if latest else None
    return {
        "org": org,
        "latest": data.analysis.current if data else None,
        "weakest": data.analysis.weakest if data else [],
    }


def load_new_frameworks(sender: AppConfig, plan: Any = None, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: load the shipped framework years the database lacks (new years on upgrade).

    A test database's flush also sends post_migrate, without a plan: nothing is loaded then.
    """
    from prongsai.ita.framework import load_missing

    if plan is None:
        return
    apps = kwargs.get("apps")
    if apps is None:
        return
    try:
        framework_model = apps.get_model("ita", "FrameworkYear")
        template_model = apps.get_model("ita", "MeasureTemplate")
    except LookupError:  # migrated backwards past ita's first migration
        return
    load_missing(framework_model=framework_model, template_model=template_model)


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    label = "ita"
    verbose_name = _("ITA results and analysis")

    def ready(self) -> None:
        from prongsai.core.modules import Module, register
        from prongsai.disclosure.feeds import register_feed
        from prongsai.ita import demo, oit
        from prongsai.orgs.demo import DEMO_STEPS

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)
        post_migrate.connect(load_new_frameworks, sender=self, dispatch_uid="prongsai.ita.load_new_frameworks")

        register(
            Module(
                key="ita",
                label=_("ITA results"),
                staff_url_name="ita:index",
                summary_template="ita/summary.html",
                summary=dashboard_summary,
                order=10,
            )
        )
        register_feed(oit.feed())
