"""The history of a count round (and the register's room, changed by an accepted move)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.core import history

ROUND_HISTORY_FIELDS = (
    "kind",
    "fiscal_year",
    "quarter",
    "unit",
    "as_of",
    "starts_on",
    "due_on",
    "state",
    "order_number",
    "order_date",
    "reported_on",
    "audit_copy_sent_on",
    "audit_copy_reference",
)


def track() -> None:
    from prongsai.assets.models import CountRound

    history.track(
        CountRound,
        fields=ROUND_HISTORY_FIELDS,
        verbs={
            "room_added": _("added a room to count"),
            "committee_added": _("named a committee member"),
            "committee_removed": _("removed a committee member"),
            "imported": _("imported counts from a file"),
            "move_accepted": _("accepted the move of an asset found in another room"),
            "move_rejected": _("rejected the move of an asset found in another room"),
            "reported": _("recorded the signed report"),
            "audit_copy": _("recorded the copy sent to the State Audit Office"),
        },
    )
    # An accepted move changes the asset's room through the asset's own history, declared by the register part.
