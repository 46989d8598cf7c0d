"""Forms of the vehicles pages. Every date is a ThaiDateField; a time is typed as 08:30."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.core.forms import ThaiDateField, thai_formfield
from prongsai.core.thai import BANGKOK, fiscal_year, local_today
from prongsai.orgs.models import Organisation
from prongsai.vehicles.models import UseRequest, UseRule, Vehicle


def members(org: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=org, is_active=True).distinct().order_by("first_name")


class TimeInput(forms.TimeInput):
    input_type = "time"


def _combine(day: Any, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=BANGKOK)


class VehicleForm(forms.ModelForm):
    formfield_callback = thai_formfield

    class Meta:
        model = Vehicle
        fields = ["plate", "kind", "fuel", "brand", "unit", "depot", "custodian", "drivers", "in_service", "notes"]
        widgets = {"drivers": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["custodian"].queryset = members(org)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = org.units.all()  # type: ignore[attr-defined]
        self.fields["drivers"].queryset = members(org)  # type: ignore[attr-defined]


class RateForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2500, max_value=2700)
    km_per_litre = forms.DecimalField(label=_("Announced km per litre"), min_value=0.1, max_digits=6, decimal_places=2)
    announced_on = ThaiDateField(label=_("Announced on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = fiscal_year(local_today())


class RequestForm(forms.Form):
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none())
    requester_position = forms.CharField(label=_("Your position"), max_length=200)
    destination = forms.CharField(label=_("Destination"), max_length=300)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    province = forms.CharField(label=_("Province"), max_length=100, required=False)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}))
    passengers = forms.IntegerField(label=_("Number of people travelling"), min_value=1, max_value=100, initial=1)
    out_day = ThaiDateField(label=_("Leaving on"))
    out_time = forms.TimeField(label=_("at"), widget=TimeInput, initial=time(8, 30))
    back_day = ThaiDateField(label=_("Back on"))
    back_time = forms.TimeField(label=_("at"), widget=TimeInput, initial=time(16, 30))
    driver = forms.ModelChoiceField(label=_("Driver"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(organisation=org, in_service=True)  # type: ignore[attr-defined]
        self.fields["driver"].queryset = members(org)  # type: ignore[attr-defined]

    def request_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["out_at"] = _combine(data.pop("out_day"), data.pop("out_time"))
        data["back_at"] = _combine(data.pop("back_day"), data.pop("back_time"))
        data.pop("vehicle")
        return data


class OpinionForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("Opinion"),
        choices=[("1", _("Agree that it be allowed")), ("0", _("Do not agree, because…"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    allow = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Allow")), ("0", _("Refuse, because…"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TripStartForm(forms.Form):
    request = forms.ModelChoiceField(
        label=_("Permission (allowed request)"), queryset=UseRequest.objects.none(), required=False
    )
    destination = forms.CharField(label=_("Destination"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    odometer_out = forms.IntegerField(label=_("Odometer now (km)"), min_value=0)
    photo = forms.ImageField(label=_("Photo of the odometer (optional)"), required=False)
    exception_reason = forms.CharField(
        label=_("Reason, if the trip is at night, at a weekend or overnight"), required=False, max_length=500
    )

    def __init__(self, *args: Any, requests: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = UseRequest.objects.filter(pk__in=[r.pk for r in requests])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("request") and not data.get("destination"):
            self.add_error("destination", _("Say where the trip goes, or choose its permission."))
        return data


class TripCloseForm(forms.Form):
    odometer_in = forms.IntegerField(label=_("Odometer now (km)"), min_value=0)
    photo = forms.ImageField(label=_("Photo of the odometer (optional)"), required=False)
    exception_reason = forms.CharField(
        label=_("Reason, if the trip is at night, at a weekend or overnight"), required=False, max_length=500
    )


class TripRecordForm(forms.Form):
    """A whole trip written in afterwards (from the paper logbook, or late)."""

    driver = forms.ModelChoiceField(label=_("Driver"), queryset=User.objects.none())
    destination = forms.CharField(label=_("Destination"), max_length=300)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}))
    out_day = ThaiDateField(label=_("Left on"))
    out_time = forms.TimeField(label=_("at"), widget=TimeInput)
    in_day = ThaiDateField(label=_("Back on"))
    in_time = forms.TimeField(label=_("at"), widget=TimeInput)
    odometer_out = forms.IntegerField(label=_("Odometer out (km)"), min_value=0)
    odometer_in = forms.IntegerField(label=_("Odometer in (km)"), min_value=0)
    approved_by = forms.ModelChoiceField(label=_("Approved by"), queryset=User.objects.none(), required=False)
    late_reason = forms.CharField(
        label=_("Why it is entered late (needed when it left more than a day ago)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exception_reason = forms.CharField(
        label=_("Reason, if the trip is at night, at a weekend or overnight"), required=False, max_length=500
    )

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = members(org)  # type: ignore[attr-defined]
        self.fields["approved_by"].queryset = members(org)  # type: ignore[attr-defined]

    def trip_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["out_at"] = _combine(data.pop("out_day"), data.pop("out_time"))
        data["in_at"] = _combine(data.pop("in_day"), data.pop("in_time"))
        return data


class FuelForm(forms.Form):
    date = ThaiDateField(label=_("Date"))
    litres = forms.DecimalField(label=_("Litres"), min_value=0.01, max_digits=8, decimal_places=2)
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=0, max_digits=10, decimal_places=2)
    odometer = forms.IntegerField(label=_("Odometer (km)"), min_value=0)
    full_tank = forms.BooleanField(label=_("Filled up to a full tank"), required=False, initial=True)


class RuleForm(forms.ModelForm):
    class Meta:
        model = UseRule
        fields = ["kind", "text"]


class ReportForm(forms.Form):
    month = forms.CharField(label=_("Month (YYYY-MM)"), required=False, max_length=7)
    year = forms.IntegerField(label=_("or fiscal year"), required=False, min_value=2500, max_value=2700)
    fmt = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX"), ("xlsx", "XLSX"), ("json", "JSON")]
    )
