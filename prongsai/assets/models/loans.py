"""Loans of assets (ยืมพัสดุ) and the asset-use rule with its acknowledgements.

A loan is asked for by any member (one or more assets, why, where to, from–to), decided by the unit
head of the assets' unit or an executive (never by the borrower), handed over and returned with the
condition of each asset. Every step is kept in the one change history (``core.history``, tracked in
``assets/loans/tracking.py``). The rule (แนวปฏิบัติการใช้ทรัพย์สินของราชการ) is versioned per
organisation: a published version never changes, and every member acknowledges it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AssetRule", "Loan", "LoanItem", "RuleAcknowledgement"]


class Loan(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("awaiting approval")  # รออนุมัติ
        APPROVED = "approved", _("approved, not handed over yet")  # อนุมัติแล้ว รอส่งมอบ
        REFUSED = "refused", _("not approved")  # ไม่อนุมัติ
        CANCELLED = "cancelled", _("cancelled")  # ยกเลิก
        OUT = "out", _("on loan")  # อยู่ระหว่างยืม
        RETURNED = "returned", _("returned")  # คืนแล้ว

    class Condition(models.TextChoices):
        USABLE = "usable", _("usable")  # ใช้การได้
        DAMAGED = "damaged", _("damaged")  # ชำรุด

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="asset_loans", on_delete=models.CASCADE
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    number = models.PositiveIntegerField(_("number"))  # ที่ 3/2569: the organisation's own count per fiscal year
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borrower"), related_name="asset_loans", on_delete=models.PROTECT
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("borrower's unit"),
        null=True,
        blank=True,
        related_name="asset_loans",
        on_delete=models.SET_NULL,
    )
    purpose = models.TextField(_("purpose"))
    place = models.CharField(_("where it goes"), max_length=300)
    starts_on = models.DateField(_("borrowed from"))
    due_on = models.DateField(_("to be returned by"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.REQUESTED)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        related_name="asset_loans_decided",
        on_delete=models.PROTECT,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason or remark of the decision"), blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        related_name="asset_loans_handed",
        on_delete=models.PROTECT,
    )
    handed_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    condition_out = models.CharField(_("condition when handed over"), max_length=300, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received back by"),
        null=True,
        blank=True,
        related_name="asset_loans_received",
        on_delete=models.PROTECT,
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_condition = models.CharField(
        _("condition when returned"), max_length=16, choices=Condition.choices, blank=True
    )
    return_note = models.TextField(_("note on the return"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("loan request")
        verbose_name_plural = _("loan requests")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year", "number"], name="loan_number_unique"),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")), name="loan_due_after_start"),
        ]
        indexes = [models.Index(fields=["organisation", "state", "due_on"], name="loan_org_state_due")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """``3/2569``: the number of the loan form within its fiscal year."""
        return f"{self.number}/{self.fiscal_year}"

    @property
    def is_open(self) -> bool:
        """Still holding its assets (asked for, approved or out)."""
        return self.state in OPEN_STATES

    @property
    def days(self) -> int:
        return (self.due_on - self.starts_on).days + 1


OPEN_STATES = (Loan.State.REQUESTED, Loan.State.APPROVED, Loan.State.OUT)


class LoanItem(models.Model):
    """One asset of a loan, with its condition when it came back."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan request"), related_name="items", on_delete=models.CASCADE)
    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), related_name="loan_items", on_delete=models.PROTECT
    )
    note = models.CharField(_("remark"), max_length=300, blank=True)  # หมายเหตุ on the form
    condition_back = models.CharField(
        _("condition when returned"), max_length=16, choices=Loan.Condition.choices, blank=True
    )
    return_note = models.CharField(_("note on the return"), max_length=300, blank=True)

    class Meta:
        ordering = ["loan", "asset__code"]
        verbose_name = _("borrowed asset")
        verbose_name_plural = _("borrowed assets")
        constraints = [models.UniqueConstraint(fields=["loan", "asset"], name="loan_item_unique")]

    def __str__(self) -> str:
        return f"{self.asset.code} {self.asset.name}"


def _rule_path(rule: AssetRule, filename: str) -> str:
    return f"assets/{rule.organisation_id}/rule/{rule.version}/{filename}"


class AssetRule(models.Model):
    """One version of the organisation's asset-use rule. Published versions are never changed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="asset_rules", on_delete=models.CASCADE
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("order or announcement number"), max_length=200, blank=True)
    intro = models.TextField(_("text"), blank=True)  # paragraphs, separated by a blank line
    rules = models.TextField(_("rules"), blank=True)  # one rule per line, printed as a numbered list
    effective_on = models.DateField(_("in force from"))
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)  # "นายสมชาย ใจดี นายก อบต.โพหนอง"
    signed_file = models.FileField(_("signed copy (PDF)"), upload_to=_rule_path, max_length=300, blank=True)
    signed_file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-version"]
        verbose_name = _("asset-use rule")
        verbose_name_plural = _("asset-use rules")
        constraints = [models.UniqueConstraint(fields=["organisation", "version"], name="asset_rule_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.intro.replace("\r\n", "\n").split("\n\n") if p.strip()]

    def rule_list(self) -> list[str]:
        return [line.strip() for line in self.rules.replace("\r\n", "\n").split("\n") if line.strip()]


class RuleAcknowledgement(models.Model):
    """A member's "I have read it" of one version of the rule."""

    rule = models.ForeignKey(
        AssetRule, verbose_name=_("asset-use rule"), related_name="acknowledgements", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), related_name="asset_rule_acks", on_delete=models.CASCADE
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        ordering = ["rule", "acknowledged_at"]
        verbose_name = _("acknowledgement of the rule")
        verbose_name_plural = _("acknowledgements of the rule")
        constraints = [models.UniqueConstraint(fields=["rule", "user"], name="asset_rule_ack_unique")]

    def __str__(self) -> str:
        return f"{self.rule} · {self.user}"
