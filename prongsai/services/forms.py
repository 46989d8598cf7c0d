"""The forms of the catalogue's staff pages: a service (each save a new revision), its withdrawal, a form file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit
from prongsai.services import catalogue
from prongsai.services.models import NO_FEE, ServiceRevision
from prongsai.services.services import Content

_STEPS_HELP = _(
    "One step per line, in order: what is done (minutes นาที, who does it), e.g. “ตรวจสอบเอกสาร (5 นาที, นักทะเบียน)”."
)
_DOCUMENTS_HELP = _(
    "One document per line: name (copies ฉบับ), adding “หน่วยงานขอเอง” when the office fetches it itself "
    "(No Copy Policy), e.g. “สำเนาทะเบียนบ้าน (1 ฉบับ, หน่วยงานขอเอง)”. Write ไม่มี when none is needed."
)


class ServiceEntryForm(forms.Form):
    name = forms.CharField(label=_("Name of the service"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    standard_min = forms.IntegerField(label=_("Time standard (minutes)"), min_value=1, max_value=100000)
    fee = forms.CharField(
        label=_("Fee"), max_length=300, initial=NO_FEE, help_text=_("Write ไม่มีค่าธรรมเนียม when there is none.")
    )
    steps = forms.CharField(label=_("Steps"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_STEPS_HELP)
    documents = forms.CharField(
        label=_("Required documents"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_DOCUMENTS_HELP
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    counter = forms.CharField(label=_("Service counter"), max_length=300, required=False)
    eservice_url = forms.URLField(label=_("e-Service link"), max_length=500, required=False, assume_scheme="https")
    complaint_channel = forms.CharField(
        label=_("Where to complain"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, org: Organisation, units: list[Unit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = org.units.order_by("position", "name")
        if units is not None:
            queryset = queryset.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].queryset = queryset  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(revision: ServiceRevision) -> dict[str, Any]:
        return {
            "name": revision.name,
            "unit": revision.unit_id,
            "standard_min": revision.standard_min,
            "fee": revision.fee,
            "steps": "\n".join(catalogue.format_step(s) for s in revision.steps),
            "documents": catalogue.format_documents(revision.documents, separator="\n"),
            "legal_basis": revision.legal_basis,
            "conditions": revision.conditions,
            "counter": revision.counter,
            "eservice_url": revision.eservice_url,
            "complaint_channel": revision.complaint_channel,
        }

    def _parsed(self, name: str, parser: Any) -> Any:
        try:
            return parser(self.cleaned_data[name])
        except catalogue.Unreadable as exc:
            raise forms.ValidationError(exc.reason) from exc

    def clean_steps(self) -> list[dict[str, Any]]:
        return self._parsed("steps", catalogue.parse_steps)

    def clean_documents(self) -> list[dict[str, Any]]:
        return self._parsed("documents", catalogue.parse_documents)

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(**{k: v for k, v in data.items() if k != "note"})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=500)


class FileForm(forms.Form):
    title = forms.CharField(label=_("Title of the form"), max_length=200)
    file = forms.FileField(label=_("File (PDF, DOCX or XLSX)"))
