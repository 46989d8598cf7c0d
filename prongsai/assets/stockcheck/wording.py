"""How rounds, states and conditions are named (shared by pages, documents and commands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from prongsai.assets.models import CountRound

from prongsai.assets.stockcheck.reconcile import STATES  # noqa: F401

STATE_LABELS = {
    "found": gettext_lazy("found in its room"),
    "elsewhere": gettext_lazy("found in another room"),
    "missing": gettext_lazy("not found"),
    "damaged": gettext_lazy("damaged or deteriorated"),
    "not_needed": gettext_lazy("no longer needed"),
    "unknown_code": gettext_lazy("code not in the register"),
}


def round_title(round_: CountRound) -> str:
    if round_.kind == "annual":
        return _("Annual stock check %(year)s") % {"year": round_.fiscal_year}
    unit = round_.unit.name if round_.unit_id and round_.unit else _("all units")
    return _("Quarterly count %(quarter)s/%(year)s, %(unit)s") % {
        "quarter": round_.quarter or "-",
        "year": round_.fiscal_year,
        "unit": unit,
    }
