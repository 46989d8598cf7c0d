"""Official vehicles, requests to use them (แบบ ๓), the trip logbook (แบบ ๔) and fuel slips.

Nothing here is deleted: a refused request stays refused, a closed trip stays in the logbook, and every
change is kept in the one change history (``core.history``; tracked in ``VehiclesConfig.ready``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_NOT_IN_SLUG = re.compile(r"[^0-9A-Za-z\u0E00-\u0E7F]+")


def plate_slug(plate: str) -> str:
    """The plate as it appears in the vehicle's permanent address: ``กข 1234 นครพนม`` → ``กข-1234-นครพนม``."""
    from prongsai.core.thai import to_arabic_digits

    return _NOT_IN_SLUG.sub("-", to_arabic_digits(plate).strip()).strip("-").lower()


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        SEDAN = "sedan", _("sedan")
        PICKUP = "pickup", _("pick-up truck")
        VAN = "van", _("van")
        TRUCK = "truck", _("truck")
        AMBULANCE = "ambulance", _("ambulance")
        FIRE_TRUCK = "fire_truck", _("fire engine")
        MOTORCYCLE = "motorcycle", _("motorcycle")
        OTHER = "other", _("other vehicle")

    class Fuel(models.TextChoices):
        DIESEL = "diesel", _("diesel")
        GASOHOL = "gasohol", _("gasohol")
        BENZINE = "benzine", _("benzine")
        LPG = "lpg", _("LPG")
        ELECTRIC = "electric", _("electric")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="vehicles", on_delete=models.CASCADE
    )
    plate = models.CharField(_("registration plate"), max_length=60)
    slug = models.CharField(_("address name"), max_length=80, editable=False)
    kind = models.CharField(_("kind of vehicle"), max_length=16, choices=Kind.choices, default=Kind.PICKUP)
    fuel = models.CharField(_("fuel"), max_length=16, choices=Fuel.choices, default=Fuel.DIESEL)
    brand = models.CharField(_("brand and model"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit in charge"),
        null=True,
        blank=True,
        related_name="vehicles",
        on_delete=models.PROTECT,
    )
    depot = models.CharField(_("home depot"), max_length=200, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        related_name="vehicles_kept",
        on_delete=models.PROTECT,
    )
    drivers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("drivers"), blank=True, related_name="vehicles_driven"
    )
    in_service = models.BooleanField(_("in service"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["plate"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="vehicle_plate_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.plate

    def save(self, *args: object, **kwargs: object) -> None:
        from prongsai.core.thai import to_arabic_digits

        self.plate = " ".join(to_arabic_digits(self.plate).split())
        self.slug = plate_slug(self.plate)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ConsumptionRate(models.Model):
    """The announced rate (ประกาศเกณฑ์อัตราสิ้นเปลืองเชื้อเพลิง) of one vehicle for one fiscal year."""

    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), related_name="rates", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    km_per_litre = models.DecimalField(_("announced km per litre"), max_digits=6, decimal_places=2)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)

    class Meta:
        ordering = ["vehicle", "-fiscal_year"]
        verbose_name = _("announced consumption rate")
        verbose_name_plural = _("announced consumption rates")
        constraints = [models.UniqueConstraint(fields=["vehicle", "fiscal_year"], name="vehicle_rate_one_per_year")]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.km_per_litre}"


class UseRequest(models.Model):
    """A request to use an official vehicle (แบบ ๓ ใบขออนุญาตใช้รถส่วนกลาง)."""

    class State(models.TextChoices):
        OPINION = "opinion", _("waiting for the supervisor's opinion")
        DECISION = "decision", _("waiting for the decision")
        ALLOWED = "allowed", _("allowed")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="vehicle_requests", on_delete=models.CASCADE
    )
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), related_name="requests", on_delete=models.PROTECT)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requester"), related_name="vehicle_requests", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("requester's unit"),
        null=True,
        blank=True,
        related_name="vehicle_requests",
        on_delete=models.PROTECT,
    )
    requester_position = models.CharField(_("requester's position"), max_length=200, blank=True)
    destination = models.CharField(_("destination"), max_length=300)
    district = models.CharField(_("district"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose"))
    passengers = models.PositiveIntegerField(_("number of people travelling"), default=1)
    out_at = models.DateTimeField(_("leaves at"))
    back_at = models.DateTimeField(_("returns at"))
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("driver"),
        null=True,
        blank=True,
        related_name="vehicle_requests_driven",
        on_delete=models.PROTECT,
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPINION)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        related_name="vehicle_opinions",
        on_delete=models.PROTECT,
    )
    supervisor_agrees = models.BooleanField(_("supervisor agrees"), null=True)
    supervisor_reason = models.TextField(_("supervisor's reason"), blank=True)
    opinion_at = models.DateTimeField(_("opinion given"), null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authorised person"),
        null=True,
        blank=True,
        related_name="vehicle_decisions",
        on_delete=models.PROTECT,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        ordering = ["-out_at"]
        verbose_name = _("request to use a vehicle")
        verbose_name_plural = _("requests to use a vehicle")
        indexes = [models.Index(fields=["vehicle", "out_at"], name="vehicle_request_out")]

    def __str__(self) -> str:
        return f"{self.vehicle.plate} → {self.destination}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.OPINION, self.State.DECISION)


def _photo_path(trip: Trip, filename: str) -> str:
    return f"vehicles/{trip.organisation_id}/{trip.vehicle_id}/{filename}"


class Trip(models.Model):
    """One line of the logbook (แบบ ๔ บันทึกการใช้รถ). Open while ``in_at`` is empty."""

    class Source(models.TextChoices):
        QR = "qr", _("started by the vehicle's QR code")
        WEB = "web", _("entered on the logbook page")
        IMPORT = "import", _("imported from a file")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="vehicle_trips", on_delete=models.CASCADE
    )
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), related_name="trips", on_delete=models.PROTECT)
    request = models.ForeignKey(
        UseRequest,
        verbose_name=_("permission"),
        null=True,
        blank=True,
        related_name="trips",
        on_delete=models.PROTECT,
    )
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("driver"),
        null=True,
        blank=True,
        related_name="vehicle_trips",
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit using the vehicle"),
        null=True,
        blank=True,
        related_name="vehicle_trips",
        on_delete=models.PROTECT,
    )
    driver_name = models.CharField(_("driver's name"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        related_name="vehicle_trips_approved",
        on_delete=models.PROTECT,
    )
    approved_by_name = models.CharField(_("approver's name"), max_length=200, blank=True)
    destination = models.CharField(_("destination"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    out_at = models.DateTimeField(_("left at"))
    in_at = models.DateTimeField(_("back at"), null=True, blank=True)
    odometer_out = models.PositiveIntegerField(_("odometer out (km)"))
    odometer_in = models.PositiveIntegerField(_("odometer in (km)"), null=True, blank=True)
    late_reason = models.TextField(_("reason for entering it late"), blank=True)
    exception_reason = models.TextField(_("reason for an overnight, night or weekend trip"), blank=True)
    photo_out = models.FileField(_("odometer photo (out)"), upload_to=_photo_path, max_length=300, blank=True)
    photo_in = models.FileField(_("odometer photo (in)"), upload_to=_photo_path, max_length=300, blank=True)
    source = models.CharField(_("entered"), max_length=8, choices=Source.choices, default=Source.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        related_name="vehicle_trips_entered",
        on_delete=models.SET_NULL,
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["-out_at"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        indexes = [models.Index(fields=["vehicle", "out_at"], name="vehicle_trip_out")]

    def __str__(self) -> str:
        return f"{self.vehicle.plate} → {self.destination}"

    @property
    def distance_km(self) -> int | None:
        if self.odometer_in is None:
            return None
        return self.odometer_in - self.odometer_out

    @property
    def is_open(self) -> bool:
        return self.in_at is None

    @property
    def backdated(self) -> bool:
        return bool(self.late_reason)

    @property
    def who(self) -> str:
        if self.driver_id:
            return self.driver.get_full_name() or self.driver.username  # type: ignore[union-attr]
        return self.driver_name


class FuelSlip(models.Model):
    """A fuel receipt: with ``full_tank`` the tank was filled up, which starts and ends a full-to-full interval."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="fuel_slips", on_delete=models.CASCADE
    )
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), related_name="fuel_slips", on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    litres = models.DecimalField(_("litres"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount (baht)"), max_digits=10, decimal_places=2, default=Decimal("0"))
    odometer = models.PositiveIntegerField(_("odometer (km)"))
    full_tank = models.BooleanField(_("full tank"), default=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        related_name="fuel_slips_entered",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["vehicle", "date", "odometer"]
        verbose_name = _("fuel slip")
        verbose_name_plural = _("fuel slips")

    def __str__(self) -> str:
        return f"{self.vehicle.plate} {self.date} {self.litres} l"


class UseRule(models.Model):
    """One line of the organisation's "Do & Don't" for official vehicles and assets (the poster)."""

    class Kind(models.TextChoices):
        DO = "do", _("Do")
        DONT = "dont", _("Don't")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="use_rules", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    text = models.CharField(_("rule"), max_length=300)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("rule for official vehicles and assets")
        verbose_name_plural = _("rules for official vehicles and assets")

    def __str__(self) -> str:
        return self.text
