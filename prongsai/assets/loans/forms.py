"""Forms of the loans and the asset-use rule (dates through ``core.forms.ThaiDateField``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.assets.models import Loan
from prongsai.core.forms import ThaiDateField
from prongsai.orgs.models import Organisation, Unit

DEFAULT_TITLE = "แนวปฏิบัติการใช้ทรัพย์สินของราชการ และการยืมทรัพย์สินไปใช้ปฏิบัติงานนอกสถานที่"


class LoanRequestForm(forms.Form):
    codes = forms.CharField(
        label=_("Asset numbers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more asset numbers (เลขครุภัณฑ์), one a line or separated by commas."),
    )
    purpose = forms.CharField(label=_("What for (official work)"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Where it goes"), max_length=300)
    starts_on = ThaiDateField(label=_("Borrowed from"))
    due_on = ThaiDateField(label=_("To be returned by"))
    position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Your unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = organisation.units.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("starts_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("The return date is before the first day of the loan."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Reason or remark"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reason for refusing."))
        return data


class HandOverForm(forms.Form):
    condition_out = forms.CharField(
        label=_("Condition when handed over"), max_length=300, initial=_("usable, complete")
    )


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=500)


class ReturnForm(forms.Form):
    """One condition (and note) per asset of the loan, then a note on the whole return."""

    def __init__(self, *args: Any, loan: Loan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(loan.items.select_related("asset"))
        for item in self.items:
            self.fields[f"condition_{item.pk}"] = forms.ChoiceField(
                label=str(item), choices=Loan.Condition.choices, initial=Loan.Condition.USABLE, widget=forms.RadioSelect
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Damage of %(asset)s") % {"asset": item.asset.code}, required=False, max_length=300
            )
        self.fields["note"] = forms.CharField(
            label=_("Note on the return"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.items:
            if (
                data.get(f"condition_{item.pk}") == Loan.Condition.DAMAGED
                and not (data.get(f"note_{item.pk}") or "").strip()
            ):
                self.add_error(f"note_{item.pk}", _("Describe the damage."))
        return data

    def conditions(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {item.pk: (d[f"condition_{item.pk}"], d.get(f"note_{item.pk}") or "") for item in self.items}

    def item_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"condition_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]


class RuleForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("rule", "Title"), max_length=300, initial=DEFAULT_TITLE)
    reference = forms.CharField(label=_("Order or announcement number"), max_length=200, required=False)
    intro = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paragraphs, separated by a blank line."),
    )
    rules = forms.CharField(
        label=_("Rules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One rule a line; they are numbered when shown."),
    )
    effective_on = ThaiDateField(label=_("In force from"))
    signed_by = forms.CharField(label=_("Signed by (name and position)"), max_length=200, required=False)
    signed_file = forms.FileField(label=_("Signed copy (PDF, optional)"), required=False)

    def clean(self) -> dict[str, Any]:
        from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload

        data = super().clean() or {}
        if not (data.get("intro") or "").strip() and not (data.get("rules") or "").strip():
            self.add_error("intro", _("Write the text of the rule, or its list of rules."))
        upload = data.get("signed_file")
        if upload:
            try:
                data["clean_file"] = clean_upload(
                    upload, allowed=[Kind.PDF], max_bytes=MAX_UPLOAD_BYTES, strip_pdf_metadata=True
                )
            except UploadRejected as exc:
                self.add_error("signed_file", ValidationError(str(exc)))
        return data


class SignedCopyForm(forms.Form):
    signed_file = forms.FileField(label=_("Signed copy (PDF)"))

    def clean_signed_file(self) -> Any:
        from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload

        try:
            return clean_upload(
                self.cleaned_data["signed_file"],
                allowed=[Kind.PDF],
                max_bytes=MAX_UPLOAD_BYTES,
                strip_pdf_metadata=True,
            )
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from exc
