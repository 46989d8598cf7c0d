"""The asset register (ทะเบียนครุภัณฑ์): assets, their photos, disposals and the custodians of each unit.

Nothing is deleted: a disposal (จำหน่าย) is a recorded step with its reason and document, and the
asset stays in the register with the status ``disposed``. Every change is kept in the one change
history (``core.history``; tracked in ``AssetsConfig.ready``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Asset", "AssetPhoto", "Custodian", "Disposal"]


class Asset(models.Model):
    class Method(models.TextChoices):
        PURCHASE = "purchase", _("purchase")  # ซื้อ
        HIRE = "hire", _("hire (made to order)")  # จ้าง
        DONATION = "donation", _("donation")  # รับบริจาค
        TRANSFER = "transfer", _("transfer")  # โอน

    class Status(models.TextChoices):
        IN_USE = "in_use", _("in use")  # ใช้งาน
        DAMAGED = "damaged", _("damaged")  # ชำรุด
        DETERIORATED = "deteriorated", _("deteriorated")  # เสื่อมสภาพ
        LOST = "lost", _("lost")  # สูญไป
        NOT_NEEDED = "not_needed", _("no longer needed")  # ไม่จำเป็นต้องใช้
        DISPOSED = "disposed", _("disposed of")  # จำหน่ายแล้ว

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="assets", on_delete=models.CASCADE
    )
    code = models.CharField(_("asset number"), max_length=64)  # เลขครุภัณฑ์, the organisation's own: 416-59-0001
    name = models.CharField(pgettext_lazy("asset", "item"), max_length=300)  # รายการ
    category = models.CharField(pgettext_lazy("asset", "category"), max_length=200, blank=True)
    brand = models.CharField(_("brand"), max_length=200, blank=True)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=200, blank=True)
    acquired_on = models.DateField(_("date acquired"), null=True, blank=True)
    method = models.CharField(_("how acquired"), max_length=16, choices=Method.choices, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    funds = models.CharField(_("source of funds"), max_length=200, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)  # ราคาทุน
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), null=True, blank=True, related_name="assets", on_delete=models.PROTECT
    )
    room = models.CharField(_("room or location"), max_length=200, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        related_name="assets_kept",
        on_delete=models.PROTECT,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_USE)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="asset_code_unique_in_org")]
        indexes = [models.Index(fields=["organisation", "unit", "status"], name="asset_org_unit_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def _photo_path(photo: AssetPhoto, filename: str) -> str:
    return f"assets/{photo.asset.organisation_id}/{photo.asset_id}/{filename}"


class AssetPhoto(models.Model):
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), related_name="photos", on_delete=models.CASCADE)
    file = models.FileField(_("photo"), upload_to=_photo_path, max_length=300)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("asset photo")
        verbose_name_plural = _("asset photos")

    def __str__(self) -> str:
        return self.caption or self.file.name.rsplit("/", 1)[-1]


def _disposal_path(disposal: Disposal, filename: str) -> str:
    return f"assets/{disposal.asset.organisation_id}/{disposal.asset_id}/disposal/{filename}"


class Disposal(models.Model):
    """The disposal (จำหน่าย) of an asset: a recorded step, never a deletion."""

    class Method(models.TextChoices):
        SALE = "sale", _("sale")  # ขาย
        AUCTION = "auction", _("public auction")  # ทอดตลาด
        EXCHANGE = "exchange", _("exchange")  # แลกเปลี่ยน
        TRANSFER = "transfer", _("transfer")  # โอน
        WRITE_OFF = "write_off", _("conversion or destruction")  # แปรสภาพหรือทำลาย

    asset = models.OneToOneField(Asset, verbose_name=_("asset"), related_name="disposal", on_delete=models.PROTECT)
    method = models.CharField(_("how disposed of"), max_length=16, choices=Method.choices)
    disposed_on = models.DateField(_("date disposed of"))
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("document number"), max_length=200, blank=True)  # เลขที่หนังสือ/คำสั่ง
    document = models.FileField(_("document"), upload_to=_disposal_path, max_length=300, blank=True)
    proceeds = models.DecimalField(_("proceeds"), max_digits=14, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")

    def __str__(self) -> str:
        return f"{self.asset.code} {self.get_method_display()}"


class Custodian(models.Model):
    """A member appointed custodian (ผู้รับผิดชอบดูแลทรัพย์สิน) of a unit's assets, from a date to a date."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="asset_custodians", on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), related_name="asset_custodians", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        related_name="asset_custodianships",
        on_delete=models.PROTECT,
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    order_reference = models.CharField(_("appointment order"), max_length=200, blank=True)
    # An appointment is never deleted: it ends. Who recorded each step is kept on the row itself.
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["unit__position", "-starts_on"]
        verbose_name = _("unit custodian")
        verbose_name_plural = _("unit custodians")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="custodian_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"
