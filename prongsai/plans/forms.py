from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.core.forms import ThaiDateField, thai_formfield
from prongsai.core.thai import local_today
from prongsai.orgs.models import Organisation
from prongsai.plans.models import Activity, Evidence, ItaCalendar


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "unit", "owners", "start", "due", "status", "status_reason", "percent"]
        formfield_callback = thai_formfield
        widgets = {
            "owners": forms.CheckboxSelectMultiple,
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = organisation.units.all()  # type: ignore[attr-defined]
        self.fields["owners"].queryset = User.objects.filter(memberships__organisation=organisation).distinct()  # type: ignore[attr-defined]
        self.fields["owners"].label_from_instance = lambda u: u.display_name()  # type: ignore[attr-defined]


class ProgressForm(forms.ModelForm):
    """What the people an activity is assigned to may change."""

    class Meta:
        model = Activity
        fields = ["status", "status_reason", "percent"]
        widgets = {
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Evidence.Kind.choices)
    caption = forms.CharField(label=_("caption"), max_length=300)
    date = ThaiDateField(label=_("date"), initial=local_today)
    file = forms.FileField(required=False)
    url = forms.URLField(label=_("web address"), required=False, max_length=1000, assume_scheme="https")
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from prongsai.core.uploads import MAX_UPLOAD_TEXT

        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("file (PDF, JPEG/PNG, DOCX/XLSX, up to %(size)s)") % {"size": MAX_UPLOAD_TEXT}

    def clean(self) -> dict[str, Any]:
        from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload

        data = super().clean() or {}
        kind, upload = data.get("kind"), data.get("file")
        if kind in (Evidence.Kind.FILE, Evidence.Kind.PHOTO):
            if not upload:
                self.add_error("file", _("Choose a file."))
            else:
                allowed = [Kind.JPEG, Kind.PNG] if kind == Evidence.Kind.PHOTO else list(Kind)
                try:
                    data["clean_file"] = clean_upload(upload, allowed=allowed, max_bytes=MAX_UPLOAD_BYTES)
                except UploadRejected as exc:
                    self.add_error("file", ValidationError(str(exc)))
        elif kind == Evidence.Kind.LINK and not data.get("url"):
            self.add_error("url", _("Give the web address."))
        elif kind == Evidence.Kind.NOTE and not (data.get("note") or "").strip():
            self.add_error("note", _("Write the note."))
        return data


class CalendarForm(forms.ModelForm):
    class Meta:
        model = ItaCalendar
        fields = [
            "oit_open",
            "oit_close",
            "iit_eit_start",
            "iit_eit_end",
            "clarification_start",
            "clarification_end",
            "results",
        ]
        formfield_callback = thai_formfield

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end in (
            ("oit_open", "oit_close"),
            ("iit_eit_start", "iit_eit_end"),
            ("clarification_start", "clarification_end"),
        ):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The end is before the start."))
        return data


class OwnDeadlineForm(forms.Form):
    title = forms.CharField(label=_("deadline"), max_length=200)
    date = ThaiDateField(label=_("date"))
