"""Stock-check rounds (ตรวจสอบพัสดุประจำปี / รายไตรมาส), their committee and the scans.

A round (:class:`CountRound`) is annual (ระเบียบกระทรวงการคลังฯ 2560 ข้อ 213: the whole organisation, as of
30 September, from the first working day of October, reported within 30 working days, a copy to สตง.) or
quarterly for one unit (the seed's measure). Its committee (:class:`CommitteeMember`) may not include a
supplies officer (:class:`SupplyOfficer`). Each scan (:class:`Scan`) is one code seen in one room; the same
code in the same room counts once, and a client-generated ``scan_id`` makes a resent scan a no-op. An asset
found in another room is a proposed move (:class:`MoveDecision`) that the committee accepts or rejects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CommitteeMember", "CountRound", "MoveDecision", "RoundRoom", "Scan", "SupplyOfficer"]


class SupplyOfficer(models.Model):
    """A member who is a supplies officer (เจ้าหน้าที่พัสดุ) or supplies head: never on a count committee."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="supply_officers", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), related_name="+", on_delete=models.CASCADE
    )
    since = models.DateField(_("from"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplies officer")
        verbose_name_plural = _("supplies officers")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="supply_officer_once")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class CountRound(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("annual stock check")  # ตรวจสอบพัสดุประจำปี
        QUARTERLY = "quarterly", _("quarterly count")  # ตรวจนับรายไตรมาส

    class State(models.TextChoices):
        COUNTING = "counting", _("counting")
        REPORTED = "reported", _("reported")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="count_rounds", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        related_name="count_rounds",
        on_delete=models.PROTECT,
    )
    as_of = models.DateField(_("count as of"))
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("report due"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.COUNTING)
    order_number = models.CharField(_("order number"), max_length=50, blank=True)  # คำสั่งที่ …/…
    order_date = models.DateField(_("order date"), null=True, blank=True)
    reported_on = models.DateField(_("report signed on"), null=True, blank=True)
    audit_copy_sent_on = models.DateField(_("copy sent to the State Audit Office on"), null=True, blank=True)
    audit_copy_reference = models.CharField(_("letter to the State Audit Office"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-created_at", "-pk"]
        verbose_name = _("count round")
        verbose_name_plural = _("count rounds")

    def __str__(self) -> str:
        from prongsai.assets.stockcheck.wording import round_title

        return round_title(self)


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")  # ประธานกรรมการ
        MEMBER = "member", _("member")  # กรรมการ
        SECRETARY = "secretary", _("member and secretary")  # กรรมการและเลขานุการ

    round = models.ForeignKey(
        CountRound, verbose_name=_("count round"), related_name="committee", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), related_name="+", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="committee_member_once")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class RoundRoom(models.Model):
    round = models.ForeignKey(CountRound, verbose_name=_("count round"), related_name="rooms", on_delete=models.CASCADE)
    name = models.CharField(_("room or location"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room to count")
        verbose_name_plural = _("rooms to count")
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="round_room_once")]

    def __str__(self) -> str:
        return self.name


class Scan(models.Model):
    class Condition(models.TextChoices):
        USABLE = "usable", _("usable")  # ใช้การได้
        DAMAGED = "damaged", _("damaged")  # ชำรุด
        DETERIORATED = "deteriorated", _("deteriorated")  # เสื่อมสภาพ
        NOT_NEEDED = "not_needed", _("not needed")  # ไม่จำเป็นต้องใช้

    class Source(models.TextChoices):
        PHONE = "phone", _("phone")
        FILE = "file", _("imported file")

    round = models.ForeignKey(CountRound, verbose_name=_("count round"), related_name="scans", on_delete=models.CASCADE)
    code = models.CharField(_("asset number"), max_length=64)
    room = models.CharField(_("room or location"), max_length=200)
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices, default=Condition.USABLE)
    note = models.CharField(_("how damaged"), max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    counted_at = models.DateTimeField(_("counted at"))
    scan_id = models.CharField(_("scan id"), max_length=64)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.PHONE)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["room", "code"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        constraints = [
            models.UniqueConstraint(fields=["round", "code", "room"], name="scan_once_per_room"),
            models.UniqueConstraint(fields=["round", "scan_id"], name="scan_id_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} @ {self.room}"


class MoveDecision(models.Model):
    """The committee's answer to an asset found in another room: accepted moves change the register's room."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    round = models.ForeignKey(CountRound, verbose_name=_("count round"), related_name="moves", on_delete=models.CASCADE)
    asset = models.ForeignKey("assets.Asset", verbose_name=_("asset"), related_name="+", on_delete=models.PROTECT)
    from_room = models.CharField(_("registered room"), max_length=200, blank=True)
    to_room = models.CharField(_("room found"), max_length=200)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposed move")
        verbose_name_plural = _("proposed moves")
        constraints = [models.UniqueConstraint(fields=["round", "asset"], name="move_decided_once")]

    def __str__(self) -> str:
        return f"{self.asset.code}: {self.from_room} → {self.to_room}"
