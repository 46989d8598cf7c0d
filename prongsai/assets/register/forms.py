"""Forms of the register: an asset, a photo, the disposal step, a damage report, a move, a unit custodian, labels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, Custodian, Disposal
from prongsai.assets.register.services import HISTORY_FIELDS
from prongsai.core.forms import ThaiDateField, thai_formfield
from prongsai.core.thai import local_today
from prongsai.orgs.models import Organisation, Unit


def _members(org: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=org).distinct().order_by("first_name", "username")


def _people_field(field: Any) -> None:
    field.label_from_instance = lambda u: u.display_name()


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = list(HISTORY_FIELDS)  # the form edits what the history keeps, no more
        formfield_callback = thai_formfield
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].required = True
        self.fields["custodian"].queryset = _members(organisation)  # type: ignore[attr-defined]
        _people_field(self.fields["custodian"])
        self.fields["custodian"].help_text = _("Leave empty when the unit's custodian answers for it.")
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            c for c in Asset.Status.choices if c[0] != Asset.Status.DISPOSED
        ]
        self.fields["code"].help_text = _("The organisation's own number, e.g. 416-59-0001.")


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def clean_photo(self) -> Any:
        from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload

        try:
            return clean_upload(self.cleaned_data["photo"], allowed=[Kind.JPEG, Kind.PNG], max_bytes=MAX_UPLOAD_BYTES)
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from exc


class DisposalForm(forms.ModelForm):
    document_file = forms.FileField(label=_("document (PDF, JPEG or PNG)"), required=False)

    class Meta:
        model = Disposal
        fields = ["method", "disposed_on", "reason", "reference", "proceeds"]
        formfield_callback = thai_formfield
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposed_on"].initial = local_today
        self.fields["reference"].help_text = _("The number of the order or report that approved it.")

    def clean_document_file(self) -> Any:
        from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload

        upload = self.cleaned_data.get("document_file")
        if not upload:
            return None
        try:
            return clean_upload(upload, allowed=[Kind.PDF, Kind.JPEG, Kind.PNG], max_bytes=MAX_UPLOAD_BYTES)
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("reference") or "").strip() and not data.get("document_file") and not self.errors:
            self.add_error("reference", _("Give the number of the order or report, or attach the document."))
        return data


DAMAGE_STATUSES = [
    (Asset.Status.DAMAGED, Asset.Status.DAMAGED.label),
    (Asset.Status.DETERIORATED, Asset.Status.DETERIORATED.label),
    (Asset.Status.LOST, Asset.Status.LOST.label),
]


class DamageForm(forms.Form):
    status = forms.ChoiceField(label=_("what happened"), choices=DAMAGE_STATUSES, initial=Asset.Status.DAMAGED)
    what = forms.CharField(label=_("what is wrong with it"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    room = forms.CharField(label=_("room or location"), max_length=200)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CustodianForm(forms.ModelForm):
    class Meta:
        model = Custodian
        fields = ["unit", "user", "starts_on", "ends_on", "order_reference"]
        formfield_callback = thai_formfield

    def __init__(self, *args: Any, organisation: Organisation, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["user"].queryset = _members(organisation)  # type: ignore[attr-defined]
        _people_field(self.fields["user"])
        self.fields["starts_on"].initial = local_today


class EndCustodianForm(forms.Form):
    ends_on = ThaiDateField(label=_("until"), initial=local_today)


class LabelsForm(forms.Form):
    stock = forms.ChoiceField(label=_("label stock"))
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), required=False)
    codes = forms.CharField(
        label=_("asset numbers (one per line; empty for every asset)"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        from prongsai.assets.register.labels import STOCKS

        super().__init__(*args, **kwargs)
        self.fields["stock"].choices = [(s.key, s.label) for s in STOCKS.values()]  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def code_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("codes") or "").splitlines() if line.strip()]
