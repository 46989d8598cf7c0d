"""ITA framework (per fiscal year, from data/ita/*.yaml with admin overrides), results and the improvement plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
INDICATOR_NUMBERS = tuple(range(1, 11))


def score_field(verbose_name: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_VALIDATORS
    )


class FrameworkYear(models.Model):
    """The ITA framework of one fiscal year as loaded from its YAML file (overrides apply on top)."""

    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"), unique=True)
    data = models.JSONField(_("framework data from the file"))
    file_name = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(_("file checksum"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("ITA framework year")
        verbose_name_plural = _("ITA framework years")

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year}"


class FrameworkOverride(models.Model):
    """A correction of one fact of a year's framework, kept with who, when and why."""

    year = models.ForeignKey(FrameworkYear, verbose_name=_("year"), related_name="overrides", on_delete=models.CASCADE)
    path = models.CharField(
        _("path"),
        max_length=200,
        help_text=_("Dotted path to the fact, e.g. tools.OIT.weight, pass_line.value or oit.items.O12.title_th."),
    )
    value = models.JSONField(_("new value"))
    reason = models.TextField(_("reason and source"))
    active = models.BooleanField(_("in force"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["year", "created_at"]
        verbose_name = _("ITA framework correction")
        verbose_name_plural = _("ITA framework corrections")

    def __str__(self) -> str:
        return f"{self.year.fiscal_year} {self.path}"


class ItaResult(models.Model):
    """An organisation's ITA scores for one fiscal year, and its choices for the O25 rule."""

    class O25Basis(models.TextChoices):
        LOWEST = "lowest", _("lowest score")
        HIGHEST_RISK = "highest_risk", _("highest risk")

    organisation = models.ForeignKey(Organisation, related_name="ita_results", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    i1 = score_field(_("indicator 1"))
    i2 = score_field(_("indicator 2"))
    i3 = score_field(_("indicator 3"))
    i4 = score_field(_("indicator 4"))
    i5 = score_field(_("indicator 5"))
    i6 = score_field(_("indicator 6"))
    i7 = score_field(_("indicator 7"))
    i8 = score_field(_("indicator 8"))
    i9 = score_field(_("indicator 9"))
    i10 = score_field(_("indicator 10"))
    reported_iit = score_field(_("reported IIT"))
    reported_eit = score_field(_("reported EIT"))
    reported_oit = score_field(_("reported OIT"))
    reported_overall = score_field(_("reported overall score"))
    reported_level = models.CharField(_("reported level"), max_length=50, blank=True)
    o25_indicator = models.PositiveSmallIntegerField(
        _("indicator chosen for the preventive measure"), null=True, blank=True
    )
    o25_basis = models.CharField(_("chosen for"), max_length=20, choices=O25Basis.choices, default=O25Basis.LOWEST)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation", "fiscal_year"]
        verbose_name = _("ITA result")
        verbose_name_plural = _("ITA results")
        constraints = [models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="ita_result_one_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year}"

    def scores(self) -> dict[int, Decimal | None]:
        return {n: getattr(self, f"i{n}") for n in INDICATOR_NUMBERS}


class OitItemResult(models.Model):
    organisation = models.ForeignKey(Organisation, related_name="oit_item_results", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    item_code = models.CharField(_("item"), max_length=10)
    passed = models.BooleanField(_("passed"))
    comment = models.TextField(_("assessor's comment"), blank=True)

    class Meta:
        ordering = ["organisation", "fiscal_year", "id"]
        verbose_name = _("OIT item result")
        verbose_name_plural = _("OIT item results")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year", "item_code"], name="oit_item_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_code} {'✓' if self.passed else '✗'}"


class ResultRevision(models.Model):
    """The values of a year before each change (web entry or import): nothing is lost on re-import."""

    organisation = models.ForeignKey(Organisation, related_name="+", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    source = models.CharField(_("source"), max_length=200)
    previous = models.JSONField(_("values before the change"))
    new = models.JSONField(_("values after the change"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ITA result revision")
        verbose_name_plural = _("ITA result revisions")

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year} {self.source}"


class AnalysisEdit(models.Model):
    """Staff's own wording of an indicator's analysis; survives regeneration until reset."""

    organisation = models.ForeignKey(Organisation, related_name="+", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    indicator = models.PositiveSmallIntegerField(_("indicator"))
    text = models.TextField(_("analysis"))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(_("edited"), auto_now=True)

    class Meta:
        verbose_name = _("edited analysis")
        verbose_name_plural = _("edited analyses")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year", "indicator"], name="analysis_edit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year} #{self.indicator}"


class MeasureTemplate(models.Model):
    """A reusable measure/project/activity for an indicator, seeded from data/ita/measure_templates.yaml."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("measure")
        PROJECT = "project", _("project")
        ACTIVITY = "activity", _("activity")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    indicator = models.PositiveSmallIntegerField(_("indicator"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.TextField(_("title"))
    activity = models.TextField(_("activity"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    steps = models.JSONField(_("steps"), default=list)
    units = models.JSONField(_("responsible units"), default=list)
    units_note = models.TextField(_("note on responsibility"), blank=True)
    o25_candidate = models.BooleanField(_("preventive"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["indicator", "key"]
        verbose_name = _("measure template")
        verbose_name_plural = _("measure templates")

    def __str__(self) -> str:
        return self.title


class PlanRow(models.Model):
    """One measure/project/activity of the improvement plan that follows a year's results."""

    organisation = models.ForeignKey(Organisation, related_name="plan_rows", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("results of fiscal year (BE)"))
    indicator = models.PositiveSmallIntegerField(
        _("indicator"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureTemplate.Kind.choices)
    title = models.TextField(_("measure / project / activity"))
    activity = models.TextField(_("activity"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)  # optional, as the form says
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    units = models.ManyToManyField(Unit, verbose_name=_("responsible units"), blank=True, related_name="plan_rows")
    units_note = models.CharField(_("note on responsibility"), max_length=300, blank=True)
    o25_preventive = models.BooleanField(_("the preventive measure of item O25"), default=False)
    template = models.ForeignKey(MeasureTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "fiscal_year", "indicator", "position", "id"]
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")

    def __str__(self) -> str:
        return self.title
