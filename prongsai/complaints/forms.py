from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import User
from prongsai.complaints.models import Case, Category, Policy, ReporterKind
from prongsai.complaints.services import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from prongsai.core.scrub import scrub
from prongsai.core.uploads import MAX_UPLOAD_TEXT, CleanFile, Kind, UploadRejected, clean_upload

ATTACHMENT_KINDS = (Kind.PDF, Kind.JPEG, Kind.PNG, Kind.DOCX)
# The whole request: every attachment at its limit, and the text.
MAX_REQUEST_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024


class InMemoryUploads(MemoryFileUploadHandler):
    """Keeps a reporting page's uploads in memory (never a temporary file on disk) up to MAX_REQUEST_BYTES.

    A larger request keeps the fields before its first file (the form's token and text come first) and
    no file at all; the view then says that the files are too large.
    """

    too_large = False

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.too_large = content_length > MAX_REQUEST_BYTES
        self.activated = True

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        if self.too_large:
            raise StopUpload(connection_reset=False)  # the parser stops here and drains the rest
        super().new_file(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each checked by content (PDF, JPEG, PNG, DOCX), all metadata removed (core.scrub)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files: list[UploadedFile] = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(count)d files can be attached."), code="too_many", params={"count": MAX_ATTACHMENTS}
            )
        cleaned: list[CleanFile] = []
        errors: list[ValidationError] = []
        for upload in files:
            try:
                checked = clean_upload(
                    upload,
                    allowed=ATTACHMENT_KINDS,
                    max_bytes=MAX_ATTACHMENT_BYTES,
                    strip_document_metadata=True,
                    strip_pdf_metadata=True,
                )
                cleaned.append(scrub(checked))  # nothing of the sender: authors, devices, places, times
            except UploadRejected as exc:
                errors.append(exc.as_validation_error())
        if errors:
            raise ValidationError(errors)
        return cleaned


class RecipientChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name()


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect)
    reporter_kind = forms.ChoiceField(label=_("You are"), choices=ReporterKind.choices, widget=forms.RadioSelect)
    what = forms.CharField(
        label=_("What happened?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe what you saw or know. Do not write your own name unless you want to be known."),
    )
    when = forms.CharField(
        label=_("When?"), max_length=200, required=False, help_text=_("A date or a period, roughly.")
    )
    where = forms.CharField(label=_("Where?"), max_length=200, required=False)
    who = forms.CharField(
        label=_("Who was involved?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = AttachmentsField(
        label=_("Files (optional)"),
    )
    give_contact = forms.BooleanField(label=_("I want to give contact details"), required=False)
    contact = forms.CharField(
        label=_("Contact details"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the recipients of your report can read them."),
    )
    excluded = RecipientChoiceField(
        label=_("Keep this report away from"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a person who is involved: they will not receive or see this report."),
    )

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["excluded"].queryset = recipients  # type: ignore[attr-defined]
        self.fields["attachments"].help_text = _(
            "Up to %(count)d files: PDF, JPEG, PNG or DOCX, at most %(size)s each. "
            "Location and author data are removed from them."
        ) % {"count": MAX_ATTACHMENTS, "size": MAX_UPLOAD_TEXT}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("give_contact") and not (data.get("contact") or "").strip():
            self.add_error("contact", _("Write the contact details, or untick the box above."))
        if not data.get("give_contact"):
            data["contact"] = ""  # typed and then unticked: not kept
        recipients = self.fields["excluded"].queryset  # type: ignore[attr-defined]
        excluded = data.get("excluded") or []
        if recipients.exists() and len(excluded) >= recipients.count():
            self.add_error("excluded", _("At least one recipient must receive the report."))
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The 16 digits you were given when you sent the report."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = AttachmentsField(label=_("Files (optional)"))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(label=_("Between recipients only (the reporter does not see it)"), required=False)


class StepForm(forms.Form):
    to_state = forms.ChoiceField(choices=Case.State.choices, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the reporter"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, a standard message is sent."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Case.Outcome.choices], required=False)
    referred_to = forms.CharField(label=_("Referred to (agency)"), max_length=200, required=False)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["days_corruption", "days_abuse_of_power", "days_state_property", "days_general", "retention_years"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("days_corruption", "days_abuse_of_power", "days_state_property", "days_general"):
            value = data.get(name)
            if value is not None and not 1 <= value <= 365:
                self.add_error(name, _("Between 1 and 365 days."))
        return data
