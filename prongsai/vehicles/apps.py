from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VEHICLE_HISTORY = ("plate", "kind", "fuel", "brand", "unit", "depot", "custodian", "in_service", "notes")
REQUEST_HISTORY = (
    "requester",
    "unit",
    "requester_position",
    "destination",
    "district",
    "province",
    "purpose",
    "passengers",
    "out_at",
    "back_at",
    "driver",
    "state",
    "supervisor",
    "supervisor_agrees",
    "supervisor_reason",
    "approver",
    "decision_reason",
)
TRIP_HISTORY = (
    "driver",
    "unit",
    "driver_name",
    "approved_by",
    "approved_by_name",
    "destination",
    "purpose",
    "out_at",
    "in_at",
    "odometer_out",
    "odometer_in",
    "late_reason",
    "exception_reason",
    "source",
)


def dashboard_summary(org: Any) -> dict[str, Any]:
    from prongsai.vehicles.selectors import dashboard_numbers

    return {"org": org, **dashboard_numbers(org)}


class VehiclesConfig(AppConfig):
    name = "prongsai.vehicles"
    label = "vehicles"
    verbose_name = _("Official vehicles")

    def ready(self) -> None:
        from prongsai.core import history
        from prongsai.core.modules import Module, register
        from prongsai.orgs.demo import DEMO_STEPS
        from prongsai.vehicles import demo
        from prongsai.vehicles.models import ConsumptionRate, FuelSlip, Trip, UseRequest, Vehicle

        history.track(
            Vehicle,
            fields=VEHICLE_HISTORY,
            verbs={"rate": _("set the announced consumption rate"), "fuel": _("entered a fuel slip")},
        )
        history.track(ConsumptionRate, fields=("fiscal_year", "km_per_litre"), part_of=Vehicle)
        history.track(FuelSlip, fields=("date", "litres", "amount", "odometer", "full_tank"), part_of=Vehicle)
        history.track(
            UseRequest,
            fields=REQUEST_HISTORY,
            verbs={
                "opinion": _("gave the supervisor's opinion"),
                "decide": _("decided the request"),
                "cancel": _("cancelled the request"),
            },
        )
        history.track(Trip, fields=TRIP_HISTORY, verbs={"close": _("closed the trip")})

        if demo.load not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load)

        register(
            Module(
                key="vehicles",
                label=_("Official vehicles"),
                staff_url_name="vehicles:index",
                public_url_name="vehicles:public",
                summary_template="vehicles/summary.html",
                summary=dashboard_summary,
                order=60,
            )
        )
