"""Form fields every module shares: the date field of Thai pages.

Browsers draw ``<input type="date">`` in the browser's own locale (``03/01/2026``, month first, a CE
year) while every page of Prongsai shows Buddhist-era dates. ``ThaiDateField`` is a text field that shows
``03/01/2569`` in Thai (ISO ``2026-01-03`` in English) and reads what people type: ``3/1/2569``,
``3 ม.ค. 2569``, ``๓ มกราคม ๒๕๖๙``, ``3/1/69``, ISO (see ``core.thai.parse_thai_date``). Every date field of
every form uses it: declared fields directly, model forms through ``formfield_callback = thai_formfield``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.core.thai import format_date_input, parse_thai_date


def date_input_text(value: Any) -> str:
    """A date as a date field shows it in the current language; other values unchanged ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    if (translation.get_language() or "th").startswith("th"):
        return format_date_input(value)
    return value.isoformat()


def date_placeholder() -> str:
    """``"เช่น 31/12/2568"`` in Thai, ``"e.g. 2025-12-31"`` in English: the format, by example."""
    return str(_("e.g. %(example)s") % {"example": date_input_text(date(2025, 12, 31))})


class ThaiDateInput(forms.TextInput):
    """A text input (never the browser's date picker, whose order and era follow the browser)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "size": 12, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return date_input_text(value) or None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", date_placeholder())
        return context


class ThaiDateField(forms.DateField):
    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter a date as day/month/year in the Buddhist era, such as 31/12/2568 or 31 ธ.ค. 2568."),
    }

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_thai_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


def thai_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """``formfield_callback`` of model forms: ThaiDateField for every DateField of the model."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("widget", ThaiDateInput)
        return db_field.formfield(form_class=ThaiDateField, **kwargs)
    return db_field.formfield(**kwargs)
