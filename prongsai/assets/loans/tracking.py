"""What the loans part declares at start-up: its history, its module entry, its tasks and demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LOAN_FIELDS = (
    "state",
    "borrower",
    "position",
    "unit",
    "purpose",
    "place",
    "starts_on",
    "due_on",
    "approver",
    "decision_note",
    "handed_by",
    "handed_at",
    "condition_out",
    "received_by",
    "returned_at",
    "return_condition",
    "return_note",
)
ITEM_FIELDS = ("note", "condition_back", "return_note")
VERBS = {
    "approve": _("approved the loan"),
    "refuse": _("refused the loan"),
    "cancel": _("cancelled the loan request"),
    "hand_over": _("handed the assets over to the borrower"),
    "return": _("received the assets back"),
}


def ready() -> None:
    from prongsai.assets.loans import tasks  # noqa: F401  (registers the daily reminders)
    from prongsai.assets.models import Loan, LoanItem
    from prongsai.core import history
    from prongsai.core.modules import Module, register

    history.track(Loan, fields=LOAN_FIELDS, verbs=VERBS)
    history.track(LoanItem, fields=ITEM_FIELDS, part_of=Loan)

    register(
        Module(
            key="asset_loans",
            label=_("Asset loans"),
            staff_url_name="assets:loans",
            summary_template="assets/loans/summary.html",
            summary=_summary,
            order=45,
            extra={"banners": _banners},
        )
    )
    # The rule in force: a section of the public asset page, and its own link on the organisation's public page.
    from prongsai.assets.public import PublicSection, add_public_section

    add_public_section(PublicSection("use_rule", "assets/loans/_public_section.html", _public_rule, order=10))
    register(
        Module(
            key="asset_rule",
            label=_("Rule on the use of government assets"),
            public_url_name="assets:rule_public",
            order=46,
        )
    )


def _public_rule(org: object) -> dict[str, object]:
    from prongsai.assets.loans import public_rule

    return {"rule": public_rule(org)}  # type: ignore[arg-type]


def _summary(org: object) -> dict[str, object]:
    from prongsai.assets.loans.selectors import dashboard_summary

    return dashboard_summary(org)  # type: ignore[arg-type]


def _banners(request: object, org: object) -> list[dict[str, object]]:
    from prongsai.assets.loans.rule_selectors import rule_banner

    banner = rule_banner(request, org)  # type: ignore[arg-type]
    return [banner] if banner else []
