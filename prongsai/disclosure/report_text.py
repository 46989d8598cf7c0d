"""The words of the monthly OIT report in the active language: states, defects, steps, headers, dates.

Every text goes through gettext (Thai is the reference); dates are Buddhist-era in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from prongsai.core.documents import DASH, digits
from prongsai.core.thai import BANGKOK, BE_OFFSET, THAI_MONTHS, format_date_long, format_date_short
from prongsai.disclosure.models import OitItem

__all__ = [
    "ACTION_LABELS",
    "ADDRESSEES",
    "DEFECT_LABELS",
    "NEXT_STEPS",
    "STATES",
    "STATE_LABELS",
    "defect_label",
    "headers",
    "texts",
]

STATES = tuple(OitItem.State.values)  # draft … published, in workflow order
STATE_LABELS: dict[str, Promise] = {
    "draft": pgettext_lazy("OIT item state", "draft"),
    "submitted": pgettext_lazy("OIT item state", "submitted"),
    "checked": pgettext_lazy("OIT item state", "checked"),
    "approved": pgettext_lazy("OIT item state", "approved"),
    "published": pgettext_lazy("OIT item state", "published"),
}
# What an unpublished item waits for, by state.
NEXT_STEPS: dict[str, Promise] = {
    "draft": _("Prepare the evidence and submit it"),
    "submitted": _("Waiting for the ITA coordinator's check"),
    "checked": _("Waiting for the executive's approval"),
    "approved": _("Waiting to be published"),
}
# Short labels of the auditor's categories (auditor.CATEGORIES) and of the item-level checks.
DEFECT_LABELS: dict[str, Promise] = {
    "http_error": _("Broken link"),
    "dns_error": _("Website name not found"),
    "connection_error": _("Website cannot be reached"),
    "timeout": _("Website does not answer in time"),
    "tls_error": _("Website security certificate (HTTPS) problem"),
    "redirect_loop": _("Link redirects in a loop"),
    "too_many_redirects": _("Link redirects too many times"),
    "access_wall": _("Needs permission or sign-in"),
    "soft_404": _("Page says “not found”"),
    "empty": _("No content"),
    "blocked": _("Address refused by the checker (private network)"),
    "unsupported": _("Link of a kind that cannot be checked"),
    "off_site": _("Not on the organisation's website"),
    "stale": _("Data not up to date"),
    "components_missing": _("Components incomplete"),
    "no_evidence": _("No evidence yet"),
    "not_published": _("Not published yet"),
}
HTTP_ERROR_WITH_STATUS = _("Broken link (HTTP %(status)s)")
ACTION_LABELS: dict[str, Promise] = {
    "submit": _("Submitted for checking"),
    "check": _("Checked"),
    "approve": _("Approved"),
    "publish": _("Published"),
    "return": _("Sent back for correction"),
    "reopened": _("Back to draft (evidence changed)"),
    "assigned": _("Responsibility assigned"),
    "document_added": _("Document added"),
    "link_added": _("Link added"),
    "version_added": _("New version uploaded"),
    "document_changed": _("Document details changed"),
    "document_withdrawn": _("Document withdrawn"),
    "activity_linked": _("Linked to a plan activity"),
    "activity_unlinked": _("Unlinked from a plan activity"),
}
ADDRESSEES: dict[str, Promise] = {
    "sao": pgettext_lazy("report addressee, SAO", "To the executives"),
    "pao": pgettext_lazy("report addressee, PAO", "To the executives"),
    "municipality": pgettext_lazy("report addressee, municipality", "To the executives"),
}

_STATUS = re.compile(r"\bHTTP (\d{3})\b")


def _thai() -> bool:
    return (get_language() or "th").lower().startswith("th")


def _iso_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _iso_datetime(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(BANGKOK) if moment.tzinfo else None


def _date_long(day: date, thai_digits: bool) -> str:
    if _thai():
        return format_date_long(day, thai_digits=thai_digits)
    return digits(f"{day.day} {MONTHS[day.month]} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _date_short(day: date, thai_digits: bool) -> str:
    if _thai():
        return format_date_short(day, thai_digits=thai_digits)
    return digits(f"{day.day} {str(MONTHS_3[day.month]).title()} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _month_text(day: date, thai_digits: bool) -> str:
    name = THAI_MONTHS[day.month - 1] if _thai() else str(MONTHS[day.month])
    return digits(f"{name} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _moment(value: Any, thai_digits: bool) -> str:
    """``"๒๘ มกราคม ๒๕๖๙ เวลา ๐๙.๓๐ น."``: an audit's time, Bangkok."""
    moment = _iso_datetime(value)
    if moment is None:
        return DASH
    text = gettext("%(date)s at %(time)s") % {
        "date": _date_long(moment.date(), False),
        "time": f"{moment:%H.%M}" if _thai() else f"{moment:%H:%M}",
    }
    return digits(text, thai_digits=thai_digits)


def defect_label(defect: Mapping[str, Any]) -> str:
    """The short label of a defect in the active language: "ลิงก์เสีย (HTTP 404)", "ต้องขอสิทธิ์/ลงชื่อเข้าใช้"."""
    category = str(defect.get("category") or "")
    if category == "http_error":
        match = _STATUS.search(str(defect.get("detail") or ""))
        if match:
            return str(HTTP_ERROR_WITH_STATUS) % {"status": match.group(1)}
    label = DEFECT_LABELS.get(category)
    return str(label) if label is not None else category or DASH


def headers() -> dict[str, list[str]]:
    item, title = gettext("Item"), gettext("Title")
    return {
        "items": [
            item,
            title,
            gettext("Responsible unit and officer"),
            pgettext("OIT report column", "State"),
            gettext("Health"),
            gettext("Defects found by the audit"),
        ],
        "defects": [item, title, pgettext("OIT report column", "Defect"), gettext("Document or link")],
        "steps": [gettext("Date"), item, pgettext("OIT report column", "Step"), gettext("Details"), gettext("By")],
        "actions": [
            item,
            title,
            gettext("Responsible officer"),
            pgettext("OIT report column", "State"),
            gettext("What to do"),
        ],
    }


def texts() -> dict[str, str]:
    return {
        "summary": gettext("Summary"),
        "states": gettext("Items by state"),
        "items": gettext("Every item"),
        "changes": gettext("What changed since last month"),
        "new_defects": gettext("New defects"),
        "fixed_defects": gettext("Defects fixed"),
        "steps": gettext("Steps taken this month"),
        "action": gettext("Items needing action, by responsible unit"),
        "no_items": gettext("The year has no OIT items: the framework of the year is not loaded."),
        "none_new": gettext("No new defects."),
        "none_fixed": gettext("No defect was fixed."),
        "no_steps": gettext("No step was taken on any item this month."),
        "no_action": gettext("Every item is published and has no defect."),
        "page": gettext("Page") + " ",
    }
