from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Role, Unit


class WebsiteListField(forms.CharField):
    """One web address per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        urls = [line.strip() for line in text.splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for number, url in enumerate(urls, 1):
            try:
                check(url)
            except ValidationError as exc:
                raise ValidationError(
                    _("Line %(line)s: “%(url)s” is not a web address starting with http:// or https://."),
                    params={"line": number, "url": url},
                ) from exc
        return urls


class OrganisationProfileForm(forms.ModelForm):
    website_urls = WebsiteListField(label=_("website addresses"), required=False, help_text=_("One address per line."))

    class Meta:
        model = Organisation
        fields = ["name", "kind", "province", "district", "website_urls", "address", "phone", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "position"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self) -> str:
        # The organisation is not a form field, so ModelForm skips the (organisation, name) constraint.
        name: str = self.cleaned_data["name"].strip()
        siblings = Unit.objects.filter(organisation=self.instance.organisation, name=name).exclude(pk=self.instance.pk)
        if siblings.exists():
            raise ValidationError(_("This organisation already has a unit called “%(name)s”."), params={"name": name})
        return name

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "").strip()
        siblings = Unit.objects.filter(organisation=self.instance.organisation, code=code).exclude(pk=self.instance.pk)
        if code and siblings.exists():
            raise ValidationError(
                _("This organisation already has a unit with the code “%(code)s”."), params={"code": code}
            )
        return code


class UnitAddForm(UnitForm):
    class Meta(UnitForm.Meta):
        fields = ["name"]


class PersonAddForm(forms.Form):
    username = forms.RegexField(
        label=_("username"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only. An existing account is added to this organisation."),
    )
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    role = forms.ChoiceField(label=_("role"), choices=[c for c in Role.choices if c[0] != Role.SUPERVISOR])
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), required=False)
    position_title = forms.CharField(label=_("position"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = organisation.units.all()  # type: ignore[attr-defined]
