from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.assets.summary import dashboard_summary as summary

    return summary(org)


class AssetsConfig(AppConfig):
    name = "prongsai.assets"
    label = "assets"
    verbose_name = _("Assets")

    def ready(self) -> None:
        from prongsai.assets import demo
        from prongsai.core.modules import Module, register
        from prongsai.orgs.demo import DEMO_STEPS

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)
        self._register_part()
        register(
            Module(
                key="assets",
                label=_("Assets"),
                staff_url_name="assets:list",
                public_url_name="assets:public",
                summary_template="assets/summary.html",
                summary=dashboard_summary,
                order=40,
            )
        )

        # Loans and the asset-use rule: their history, module entry (navigation, dashboard, banner) and tasks.
        from prongsai.assets.loans import tracking

        tracking.ready()

        # --- stock check
        from prongsai.assets.stockcheck import history as stockcheck_history
        from prongsai.assets.stockcheck import tasks as stockcheck_tasks  # noqa: F401  (registers the reminders)
        from prongsai.assets.stockcheck.selectors import dashboard_summary as stockcheck_summary

        stockcheck_history.track()
        register(
            Module(
                key="stockcheck",
                label=_("Stock check"),
                staff_url_name="assets:stockcheck_rounds",
                summary_template="assets/stockcheck/summary.html",
                summary=stockcheck_summary,
                order=45,
            )
        )

    def _register_part(self) -> None:
        """The register part: the history of assets (with their photos and disposal). A unit custodian's
        appointment is never deleted and keeps who appointed and who ended it on its own row."""
        from prongsai.assets.models import Asset, AssetPhoto, Disposal
        from prongsai.assets.register.services import (
            DISPOSAL_HISTORY_FIELDS,
            HISTORY_FIELDS,
            PHOTO_HISTORY_FIELDS,
        )
        from prongsai.core import history

        history.track(
            Asset,
            fields=HISTORY_FIELDS,
            verbs={
                "dispose": _("recorded the disposal of the asset"),
                "report_damage": _("reported the asset damaged"),
                "move": _("moved the asset"),
                "import": _("updated the asset from an imported file"),
            },
        )
        history.track(AssetPhoto, fields=PHOTO_HISTORY_FIELDS, part_of=Asset)
        history.track(Disposal, fields=DISPOSAL_HISTORY_FIELDS, part_of=Asset)
