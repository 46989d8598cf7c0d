"""The ``date`` filter in Buddhist-era years for Thai pages (a template builtin, see settings.TEMPLATES).

Django formats years as the Christian era. Thai readers, and every document a
Thai office writes, count years from the Buddha (CE + 543): "24 พ.ย. 2569".
This library replaces the builtin ``date`` filter: under Thai, ``Y``/``y``/``o``
give the BE year; under any other language the filter is Django's own.
"""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils import dateformat, formats, translation

register = template.Library()

BE_OFFSET = 543


class BuddhistEraFormat(dateformat.DateFormat):
    data: date_type

    def Y(self) -> int:
        return self.data.year + BE_OFFSET  # BE years have four digits: no padding needed

    def y(self) -> str:
        return f"{(self.data.year + BE_OFFSET) % 100:02d}"

    def o(self) -> int:
        return int(self.data.isocalendar()[0]) + BE_OFFSET


def is_thai() -> bool:
    return (translation.get_language() or "").startswith("th")


def be_format(value: date_type | datetime, fmt: str | None = None) -> str:
    """``value`` in a Django date format (or a named one such as DATE_FORMAT) with the BE year."""
    fmt = fmt or "DATE_FORMAT"
    if fmt.isupper() and fmt.endswith("FORMAT"):
        fmt = str(formats.get_format(fmt))
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value)
    return BuddhistEraFormat(value).format(fmt)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter; Buddhist-era years when the page is Thai."""
    if not is_thai() or not isinstance(value, date_type):
        return str(defaultfilters.date(value, arg))
    return be_format(value, arg)


@register.filter
def days_left(value: Any, today: date_type | None = None) -> str:
    """Whole days from ``today`` to the date ``value``: "in 3 days", "today", "2 days ago" (never "0 minutes")."""
    if not isinstance(value, date_type):
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    from prongsai.core.thai import local_today

    days = (value - (today or local_today())).days
    if days == 0:
        return translation.gettext("today")
    if days > 0:
        return translation.ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    return translation.ngettext("%(n)d day ago", "%(n)d days ago", -days) % {"n": -days}


@register.filter
def date_input(value: Any) -> str:
    """A date as the date fields show it: ``03/01/2569`` in Thai, ISO in English (core.forms.ThaiDateField)."""
    from prongsai.core.forms import date_input_text

    return date_input_text(value)


@register.simple_tag
def date_placeholder() -> str:
    """The placeholder of a date input: the format by example (``เช่น 31/12/2568``)."""
    from prongsai.core.forms import date_placeholder as placeholder

    return placeholder()
