from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.assets.models import Asset

    return {"org": org, "assets": Asset.objects.filter(organisation=org).exclude(status=Asset.Status.DISPOSED).count()}


class AssetsConfig(AppConfig):
    name = "prongsai.assets"
    label = "assets"
    verbose_name = _("Assets")

    def ready(self) -> None:
        from prongsai.assets import demo
        from prongsai.orgs.demo import DEMO_STEPS

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        # --- stock check
        from prongsai.assets.stockcheck import history as stockcheck_history
        from prongsai.assets.stockcheck import tasks as stockcheck_tasks  # noqa: F401  (registers the reminders)
        from prongsai.assets.stockcheck.selectors import dashboard_summary as stockcheck_summary
        from prongsai.core.modules import Module
        from prongsai.core.modules import register as register_module

        stockcheck_history.track()
        register_module(
            Module(
                key="stockcheck",
                label=_("Stock check"),
                staff_url_name="assets:stockcheck_rounds",
                summary_template="assets/stockcheck/summary.html",
                summary=stockcheck_summary,
                order=45,
            )
        )
