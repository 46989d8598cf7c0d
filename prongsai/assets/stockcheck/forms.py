"""Forms of the stock-check pages (every date a ThaiDateField)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.assets.access import headed_unit_ids
from prongsai.assets.models import CommitteeMember, CountRound, Scan
from prongsai.assets.stockcheck.access import can_manage
from prongsai.core.forms import ThaiDateField
from prongsai.orgs.models import Organisation, Unit


def _members(org: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=org).distinct().order_by("first_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class RoundStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CountRound.Kind.choices)
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=2500, max_value=2700)
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, org: Organisation, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=org)
        if user is not None and not can_manage(user, org):  # a unit head: a quarterly round of their unit
            units = units.filter(pk__in=headed_unit_ids(user, org))
            self.fields["kind"].choices = [(CountRound.Kind.QUARTERLY, CountRound.Kind.QUARTERLY.label)]  # type: ignore[attr-defined]
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RoundEditForm(forms.Form):
    as_of = ThaiDateField(label=_("count as of"))
    starts_on = ThaiDateField(label=_("starts on"))
    due_on = ThaiDateField(label=_("report due"))
    order_number = forms.CharField(label=_("order number"), max_length=50, required=False)
    order_date = ThaiDateField(label=_("order date"), required=False)


class CommitteeForm(forms.Form):
    user = PersonChoiceField(label=_("person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=CommitteeMember.Role.choices)
    position_title = forms.CharField(label=_("position"), max_length=200, required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _members(org)  # type: ignore[attr-defined]


class OfficerForm(forms.Form):
    user = PersonChoiceField(label=_("person"), queryset=User.objects.none())
    since = ThaiDateField(label=_("from"), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _members(org)  # type: ignore[attr-defined]


class RoomForm(forms.Form):
    name = forms.CharField(label=_("room or location"), max_length=200)


class ReportForm(forms.Form):
    reported_on = ThaiDateField(label=_("report signed on"))


class AuditCopyForm(forms.Form):
    sent_on = ThaiDateField(label=_("copy sent to the State Audit Office on"))
    reference = forms.CharField(label=_("letter to the State Audit Office"), max_length=200, required=False)


class ScanForm(forms.Form):
    """The counting form without script: one code at a time (the script sends the same fields as JSON)."""

    code = forms.CharField(label=_("asset number"), max_length=300)
    condition = forms.ChoiceField(label=_("condition"), choices=Scan.Condition.choices, initial=Scan.Condition.USABLE)
    note = forms.CharField(label=_("how damaged"), max_length=300, required=False)
    scan_id = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
