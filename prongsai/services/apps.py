from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.services.selectors import catalogue

    return {"org": org, "count": catalogue(org).count()}


class ServicesConfig(AppConfig):
    name = "prongsai.services"
    label = "services"
    verbose_name = _("Public services")

    def ready(self) -> None:
        from prongsai.core.modules import Module, register
        from prongsai.disclosure.feeds import register_feed
        from prongsai.orgs.demo import DEMO_STEPS
        from prongsai.services import demo, oit

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        register(
            Module(
                key="services",
                label=_("Public services"),
                staff_url_name="services:index",
                public_url_name="services:public",
                summary_template="services/summary.html",
                summary=dashboard_summary,
                order=70,
            )
        )
        register_feed(oit.feed())

        from prongsai.services import mystery

        mystery.track()
