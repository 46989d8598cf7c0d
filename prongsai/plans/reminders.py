"""Reminders: single steps that find what is due and notify once (the key of each notice makes it unique).

Called by the daily task in tasks.py, and directly by tests under a frozen clock.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core.notify import notify
from prongsai.core.thai import BANGKOK, fiscal_year, format_date_long
from prongsai.orgs.models import Membership, Organisation, Role
from prongsai.plans.models import Activity, ItaCalendar


def _recipients_of(activity: Activity) -> list[User]:
    """The people the activity is assigned to; without any, the head(s) of its unit."""
    owners = list(activity.owners.all())
    if owners or activity.unit_id is None:
        return owners
    heads = Membership.objects.filter(
        organisation=activity.organisation, role=Role.UNIT_HEAD, unit_id=activity.unit_id
    ).select_related("user")
    return [m.user for m in heads]


def _coordinators(org: Organisation) -> list[User]:
    members = Membership.objects.filter(organisation=org, role__in=[Role.ITA_COORDINATOR, Role.EXECUTIVE])
    return list(User.objects.filter(pk__in=members.values("user_id")))


def send_activity_reminders(today: date) -> int:
    """N days before the due date (settings.REMINDER_DAYS) and once when overdue. Returns how many were sent."""
    sent = 0
    days = sorted(set(settings.REMINDER_DAYS))
    open_statuses = [Activity.Status.NOT_STARTED, Activity.Status.IN_PROGRESS, Activity.Status.BLOCKED]
    due_dates = [date.fromordinal(today.toordinal() + d) for d in days]
    activities = (
        Activity.objects.filter(status__in=open_statuses)
        .filter(Q(due__in=due_dates) | Q(due__lt=today))
        .select_related("organisation", "unit")
        .prefetch_related("owners")
    )
    for activity in activities:
        left = (activity.due - today).days
        url = reverse("plans:activity", kwargs={"org_slug": activity.organisation.slug, "activity_id": activity.pk})
        for user in _recipients_of(activity):
            with translation.override(user.language):
                if left < 0:
                    key = f"activity:{activity.pk}:overdue:{activity.due.isoformat()}"
                    subject = _("Overdue: %(title)s") % {"title": activity.title}
                    body = _("The activity was due on %(due)s and is not done.") % {
                        "due": format_date_long(activity.due)
                    }
                else:
                    key = f"activity:{activity.pk}:due-in-{left}:{activity.due.isoformat()}"
                    subject = _("Due in %(days)s day(s): %(title)s") % {"days": left, "title": activity.title}
                    body = _("The activity is due on %(due)s. Update its status and add its evidence.") % {
                        "due": format_date_long(activity.due)
                    }
                sent += notify(user=user, key=key, subject=subject, body=body, url=url)
    return sent


def calendar_for(org: Organisation, fy: int) -> ItaCalendar:
    """The organisation's calendar of a year, created from the framework's typical dates when missing."""
    from prongsai.ita.framework import get_framework

    calendar = ItaCalendar.objects.filter(organisation=org, fiscal_year=fy).first()
    if calendar is not None:
        return calendar
    calendar = ItaCalendar(organisation=org, fiscal_year=fy)
    fw = get_framework(fy)
    windows = {w.get("key"): w for w in (fw.calendar if fw else ())}
    mapping = {
        "oit_submission": ("oit_open", "oit_close"),
        "iit_eit_collection": ("iit_eit_start", "iit_eit_end"),
        "clarification": ("clarification_start", "clarification_end"),
        "results": ("results", None),
    }
    for key, (start_field, end_field) in mapping.items():
        window = windows.get(key)
        if not window:
            continue
        if window.get("start"):
            setattr(calendar, start_field, date.fromisoformat(str(window["start"])))
        if end_field and window.get("end"):
            setattr(calendar, end_field, date.fromisoformat(str(window["end"])))
    calendar.save()
    return calendar


def send_calendar_reminders(today: date) -> int:
    """Remind the ITA coordinator and the executives of the year's deadlines (N days before each)."""
    sent = 0
    days = set(settings.REMINDER_DAYS)
    for calendar in ItaCalendar.objects.filter(fiscal_year=fiscal_year(today)).select_related("organisation"):
        org = calendar.organisation
        url = reverse("plans:calendar", kwargs={"org_slug": org.slug, "year": calendar.fiscal_year})
        for key, label, when in calendar.deadlines():
            left = (when - today).days
            if left not in days:
                continue
            for user in _coordinators(org):
                with translation.override(user.language):
                    sent += notify(
                        user=user,
                        key=f"calendar:{calendar.pk}:{key}:{when.isoformat()}:in-{left}",
                        subject=_("ITA deadline in %(days)s day(s): %(label)s") % {"days": left, "label": label},
                        body=_("Deadline: %(date)s.") % {"date": format_date_long(when)},
                        url=url,
                    )
    return sent


def bangkok_today(now: datetime) -> date:
    return now.astimezone(BANGKOK).date()
