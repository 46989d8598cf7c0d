"""The forms of the mystery-shopper pages: a round, a checklist, a finding, a finding made into an activity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.core.forms import ThaiDateField
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation, Unit
from prongsai.services.models import MysteryFinding, Service


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = ThaiDateField(label=_("First day"))
    ends_on = ThaiDateField(label=_("Last day"))
    led_by = forms.ModelChoiceField(label=_("Led by"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["led_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(memberships__organisation=org).distinct().order_by("first_name", "pk")
        field.label_from_instance = lambda u: str(u.display_name)  # type: ignore[method-assign,assignment]


def _services(org: Organisation) -> Any:
    return Service.objects.filter(organisation=org, withdrawn_at__isnull=True).order_by("name")


class VisitForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    visited_on = ThaiDateField(label=_("Visited on"))
    greeted = forms.BooleanField(label=_("Greeted on arrival"), required=False)
    waiting_min = forms.IntegerField(label=_("Waiting (minutes)"), min_value=0, max_value=100000)
    extra_documents = forms.BooleanField(label=_("Documents asked beyond the catalogue's list"), required=False)
    extra_documents_which = forms.CharField(label=_("Which documents"), max_length=500, required=False)
    fee_as_listed = forms.BooleanField(label=_("Fee charged as listed"), required=False, initial=True)
    fee_charged = forms.IntegerField(label=_("Amount charged (baht)"), min_value=0, required=False)
    total_min = forms.IntegerField(label=_("Total time (minutes)"), min_value=0, max_value=100000)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services(org)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("service")
        return data


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=MysteryFinding.Severity.choices, initial=MysteryFinding.Severity.MEDIUM
    )
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services(org)  # type: ignore[attr-defined]


class MakeActivityForm(forms.Form):
    row = forms.ModelChoiceField(label=_("Measure of the plan"), queryset=PlanRow.objects.none())
    title = forms.CharField(label=_("Activity"), max_length=500)
    unit = forms.ModelChoiceField(label=_("Owner unit"), queryset=Unit.objects.none(), required=False)
    start = ThaiDateField(label=_("Start"))
    due = ThaiDateField(label=_("Due"))

    def __init__(self, *args: Any, org: Organisation, rows: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        row = self.fields["row"]
        assert isinstance(row, forms.ModelChoiceField)
        row.queryset = rows
        row.label_from_instance = lambda r: (  # type: ignore[method-assign,assignment]
            _("Plan %(year)s · indicator %(n)s · %(title)s")
            % {
                "year": r.fiscal_year + 1,
                "n": r.indicator,
                "title": r.title,
            }
        )
        self.fields["unit"].queryset = Unit.objects.filter(organisation=org).order_by("position", "name")  # type: ignore[attr-defined]

    def fields_for_activity(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "unit", "start", "due")}
