from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.core.forms import thai_formfield
from prongsai.ita.framework import Framework
from prongsai.ita.models import ItaResult, MeasureTemplate, PlanRow
from prongsai.orgs.models import Organisation


def score_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class ResultForm(forms.Form):
    """The ten scores of a year (names from that year's framework) and the officially reported values."""

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, 11):
            self.fields[f"i{n}"] = score_field(
                _("Indicator %(number)s %(name)s") % {"number": n, "name": framework.indicator_names[n]}
            )
        self.fields["reported_iit"] = score_field(_("IIT as reported (optional)"))
        self.fields["reported_eit"] = score_field(_("EIT as reported (optional)"))
        self.fields["reported_oit"] = score_field(_("OIT as reported (optional)"))
        self.fields["reported_overall"] = score_field(_("Overall score as announced by the NACC (optional)"))
        self.fields["reported_level"] = forms.CharField(
            label=_("Level as announced (optional)"), required=False, max_length=50
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.errors and all(value in (None, "") for value in data.values()):
            # Saved, an empty year would show as a year without a single score on every page.
            raise forms.ValidationError(
                _("Nothing was saved: enter at least one indicator score or a score announced by the NACC."),
                code="empty",
            )
        return data


class ItemResultsForm(forms.Form):
    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("no result")), ("pass", _("passed")), ("fail", _("not passed"))]
        for item in framework.items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=f"{item.code} {item.title_th}", choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{item.code}"] = forms.CharField(
                label=_("Assessor's comment on %(code)s") % {"code": item.code}, required=False, max_length=2000
            )
        self.framework = framework

    def item_results(self) -> dict[str, tuple[bool, str]]:
        results = {}
        for item in self.framework.items:
            value = self.cleaned_data.get(f"item_{item.code}")
            if value:
                results[item.code] = (value == "pass", self.cleaned_data.get(f"comment_{item.code}", "").strip())
        return results


class StepsField(forms.CharField):
    """Ordered steps, one per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class PlanRowForm(forms.ModelForm):
    steps = StepsField(label=_("steps (one per line, in order)"), required=False)

    class Meta:
        model = PlanRow
        formfield_callback = thai_formfield
        fields = [
            "indicator",
            "kind",
            "title",
            "activity",
            "analysis",
            "steps",
            "start",
            "end",
            "units",
            "units_note",
            "o25_preventive",
        ]
        widgets = {
            "indicator": forms.Select(choices=[(n, n) for n in range(1, 11)]),
            "title": forms.Textarea(attrs={"rows": 2}),
            "activity": forms.Textarea(attrs={"rows": 2}),
            "analysis": forms.Textarea(attrs={"rows": 4}),
            "units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = organisation.units.all()  # type: ignore[attr-defined]
        self.fields["indicator"].widget.choices = [(n, f"{n} {framework.indicator_names[n]}") for n in range(1, 11)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return data


class TemplatePickForm(forms.Form):
    templates = forms.ModelMultipleChoiceField(
        label=_("Measures to add"), queryset=MeasureTemplate.objects.all(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, indicators: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["templates"].queryset = MeasureTemplate.objects.filter(indicator__in=indicators)  # type: ignore[attr-defined]


class O25Form(forms.Form):
    basis = forms.ChoiceField(label=_("Select the indicator by"), choices=ItaResult.O25Basis.choices)
    indicator = forms.TypedChoiceField(
        label=_("Indicator of highest risk"),
        coerce=int,
        required=False,
        choices=[("", "—")] + [(n, n) for n in range(1, 11)],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("basis") == ItaResult.O25Basis.HIGHEST_RISK and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator of highest risk."))
        return data
