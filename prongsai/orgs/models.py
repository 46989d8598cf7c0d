from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Slugs become the first segment of public URLs (/<slug>/), so they must not
# shadow the installation's own paths.
RESERVED_SLUGS = frozenset(
    {"accounts", "admin", "static", "media", "i18n", "healthz", "api", "staff", "o", "me", "switch", "favicon.ico"}
)

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case Latin letters, digits and single hyphens, e.g. pho-nong."),
)


def validate_not_reserved(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the system; choose another."), params={"slug": value})


class Organisation(models.Model):
    """A local administrative organisation: the tenant of every record."""

    class Kind(models.TextChoices):
        SAO = "sao", _("Subdistrict Administrative Organisation (SAO)")
        SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("Subdistrict Municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("Town Municipality")
        CITY_MUNICIPALITY = "city_municipality", _("City Municipality")
        PAO = "pao", _("Provincial Administrative Organisation (PAO)")

    slug = models.SlugField(
        _("short name in web addresses"),
        max_length=60,
        unique=True,
        validators=[slug_validator, validate_not_reserved],
        help_text=_("Latin letters, digits and hyphens, e.g. pho-nong."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.SAO)
    province = models.CharField(_("province"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    website_urls = models.JSONField(_("website addresses"), default=list, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("A fictional organisation for demonstration and training.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Moved on by every write that changes the public pages (core/publiccache.py): part of their cache key.
    public_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def location(self) -> str:
        """ "อำเภอรณนคร จังหวัดนครพนม" (Thai writes the place name straight after the word)."""
        parts = []
        if self.district:
            parts.append(gettext("District %(district)s") % {"district": self.district})
        if self.province:
            parts.append(gettext("Province %(province)s") % {"province": self.province})
        return " ".join(parts)


class Unit(models.Model):
    """A division of an organisation (สำนัก/กอง)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="units", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    # The organisation's own short code of the unit (e.g. 01 สำนักปลัด, 04 กองคลัง): imports and commands
    # name a unit by its name or this code.
    code = models.CharField(_("code"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_in_org"),
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~models.Q(code=""), name="unit_code_unique_in_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EXECUTIVE = "executive", _("Executive (mayor / chief administrator)")
    ITA_COORDINATOR = "ita_coordinator", _("ITA coordinator / web administrator")
    UNIT_HEAD = "unit_head", _("Unit head")
    STAFF = "staff", _("Staff")
    ETHICS_COMMITTEE = "ethics_committee", _("Ethics committee")
    SUPERVISOR = "supervisor", _("Provincial supervisor (read only)")


class Membership(models.Model):
    """A person's role in one organisation, or, for a supervisor, over one province.

    A person may hold several roles in one organisation and belong to several
    organisations. A supervisor's membership names a province instead of an
    organisation and gives read-only access to every organisation there.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), related_name="memberships", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="memberships",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    province = models.CharField(_("province (supervisors)"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, related_name="memberships", on_delete=models.SET_NULL
    )
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_role_in_org",
            ),
            models.UniqueConstraint(
                fields=["user", "province"], condition=Q(role="supervisor"), name="membership_unique_supervision"
            ),
            models.CheckConstraint(
                condition=(Q(role="supervisor", organisation__isnull=True) & ~Q(province=""))
                | (~Q(role="supervisor") & Q(organisation__isnull=False)),
                name="membership_org_or_province",
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation.name if self.organisation else self.province
        return f"{self.user} — {self.get_role_display()} — {where}"
