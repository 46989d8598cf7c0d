from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.core.forms import ThaiDateField
from prongsai.core.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_TEXT, Kind, UploadRejected, clean_upload
from prongsai.orgs.models import Organisation

DOCUMENT_KINDS = (Kind.PDF, Kind.DOCX, Kind.XLSX, Kind.JPEG, Kind.PNG)


def _cleaned_file(form: forms.Form, data: dict[str, Any], field: str = "file") -> None:
    upload = data.get(field)
    if not upload:
        form.add_error(field, _("Choose a file."))
        return
    try:
        data["clean_file"] = clean_upload(
            upload, allowed=DOCUMENT_KINDS, max_bytes=MAX_UPLOAD_BYTES, strip_document_metadata=True
        )
    except UploadRejected as exc:
        form.add_error(field, ValidationError(str(exc)))


class AssignForm(forms.Form):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("responsible unit"), queryset=None, required=False
    )
    officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("responsible officer"), queryset=None, required=False
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = organisation.units.all()  # type: ignore[attr-defined]
        officers = User.objects.filter(memberships__organisation=organisation).distinct().order_by("username")
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["officer"].label_from_instance = lambda u: u.display_name()  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    """A new document (file or link), or the details of an existing one."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("file", _("upload a document (PDF preferred)")), ("link", _("external link"))],
        initial="file",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(required=False)
    url = forms.URLField(label=_("web address"), required=False, max_length=1000, assume_scheme="https")
    period_start = ThaiDateField(label=_("data from"), required=False)
    period_end = ThaiDateField(label=_("data until"), required=False)
    components = forms.TypedMultipleChoiceField(
        label=_("components this document covers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, components: list[str], existing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("file (PDF, DOCX, XLSX, JPEG/PNG, up to %(size)s)") % {"size": MAX_UPLOAD_TEXT}
        self.existing = existing
        self.fields["components"].choices = list(enumerate(components))  # type: ignore[attr-defined]
        if existing:  # the kind and the file of an existing document change by version, not here
            del self.fields["kind"]
            del self.fields["file"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the data period is before its start."))
        if self.existing:
            return data
        if data.get("kind") == "file":
            _cleaned_file(self, data)
        elif data.get("kind") == "link" and not data.get("url"):
            self.add_error("url", _("Give the web address."))
        return data


class VersionForm(forms.Form):
    file = forms.FileField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("new version (PDF, DOCX, XLSX, JPEG/PNG, up to %(size)s)") % {
            "size": MAX_UPLOAD_TEXT
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in data:
            _cleaned_file(self, data)
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("why it is withdrawn"), max_length=500)


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "check", "approve", "publish", "return")])
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
