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

        # Loans and the asset-use rule: their history, module entry (navigation, dashboard, banner) and tasks.
        from prongsai.assets.loans import tracking

        tracking.ready()
