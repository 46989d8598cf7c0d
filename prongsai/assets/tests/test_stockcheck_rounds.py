"""Count rounds: the annual calendar in working days, the committee without supplies officers, the report,
the copy to the State Audit Office, reminders under a frozen clock, and the stockcheck-start command."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils import translation

from prongsai.accounts.models import Notification
from prongsai.assets.models import CountRound, SupplyOfficer
from prongsai.assets.stockcheck import calendar, services
from prongsai.assets.stockcheck.reminders import send_round_reminders
from prongsai.core import holidays
from prongsai.core.history import changes_of
from prongsai.core.models import PublicHoliday
from prongsai.core.testing import PersonaTestCase


class CalendarTests(TestCase):
    """The working days are those of core.holidays: the shipped table and the admin's rows."""

    def setUp(self) -> None:
        self.addCleanup(holidays.clear_cache)  # the rows of a test are rolled back without a signal

    def test_it_starts_on_the_first_working_day_of_october_and_gives_thirty_working_days(self) -> None:
        # 1 Oct 2025 is a Wednesday: FY 2568 starts that day. 30 working days, six weeks but for Mon 13 Oct
        # (วันนวมินทรมหาราช) and Thu 23 Oct (วันปิยมหาราช): Thu 13 Nov, not Tue 11 Nov.
        self.assertEqual(calendar.annual_dates(2568), (date(2025, 9, 30), date(2025, 10, 1), date(2025, 11, 13)))
        # 1 Oct 2022 is a Saturday: FY 2565's check starts on Monday 3 Oct; Thu 13 Oct 2022 is a holiday
        # (23 Oct is a Sunday), so it is due Monday 14 Nov.
        self.assertEqual(calendar.annual_dates(2565), (date(2022, 9, 30), date(2022, 10, 3), date(2022, 11, 14)))
        # 1 Oct 2023 is a Sunday.
        self.assertEqual(calendar.annual_dates(2566)[1], date(2023, 10, 2))

    def test_a_holiday_on_the_first_of_october_moves_the_start_and_the_due_date(self) -> None:
        # 1 Oct 2026 is a Thursday; an admin row makes it a holiday: the round starts on Friday 2 Oct.
        self.assertEqual(calendar.annual_dates(2569)[1:], (date(2026, 10, 1), date(2026, 11, 13)))
        PublicHoliday.objects.create(day=date(2026, 10, 1), name="วันหยุดพิเศษ", source="ทดสอบ")
        self.assertEqual(calendar.annual_dates(2569)[1:], (date(2026, 10, 2), date(2026, 11, 16)))
        # Two more holidays inside the 30 working days move the due date by two working days.
        PublicHoliday.objects.create(day=date(2026, 10, 14), name="วันหยุดพิเศษ", source="ทดสอบ")
        PublicHoliday.objects.create(day=date(2026, 11, 4), name="วันหยุดพิเศษ", source="ทดสอบ")
        self.assertEqual(calendar.annual_dates(2569)[1:], (date(2026, 10, 2), date(2026, 11, 18)))
        # A holiday after the due date changes nothing.
        PublicHoliday.objects.create(day=date(2026, 11, 20), name="วันหยุดพิเศษ", source="ทดสอบ")
        self.assertEqual(calendar.annual_dates(2569)[2], date(2026, 11, 18))

    def test_it_counts_working_days_without_weekends_and_holidays(self) -> None:
        self.assertEqual(holidays.add_working_days(date(2025, 10, 3), 1), date(2025, 10, 3))  # a Friday
        self.assertEqual(holidays.add_working_days(date(2025, 10, 3), 2), date(2025, 10, 6))  # the Monday after
        self.assertEqual(holidays.add_working_days(date(2025, 10, 10), 2), date(2025, 10, 14))  # Mon 13 Oct is one


class RoundTests(PersonaTestCase):
    def test_it_opens_the_annual_round_with_the_rooms_of_the_register(self) -> None:
        from prongsai.assets.models import Asset

        Asset.objects.create(organisation=self.org, code="A-1", name="โต๊ะ", room="ห้องคลัง", unit=self.finance)
        Asset.objects.create(organisation=self.org, code="A-2", name="ตู้", room="ห้องปลัด", unit=self.unit)
        Asset.objects.create(organisation=self.org, code="A-3", name="เก้าอี้", room="ห้องเก่า", status="disposed")
        Asset.objects.create(organisation=self.other_org, code="B-1", name="โต๊ะ", room="ห้องบราโว")
        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568, by=self.executive)
        self.assertEqual(round_.as_of, date(2025, 9, 30))
        self.assertEqual(round_.starts_on, date(2025, 10, 1))
        self.assertEqual(round_.due_on, date(2025, 11, 13))  # 13 and 23 Oct are holidays
        self.assertEqual(sorted(round_.rooms.values_list("name", flat=True)), ["ห้องคลัง", "ห้องปลัด"])
        quarterly = services.round_start(
            organisation=self.org, kind="quarterly", fiscal_year=2569, unit=self.finance, quarter=1
        )
        self.assertEqual(quarterly.as_of, date(2025, 12, 31))
        self.assertEqual(list(quarterly.rooms.values_list("name", flat=True)), ["ห้องคลัง"])
        with self.assertRaises(ValidationError):
            services.round_start(organisation=self.org, kind="annual", fiscal_year=2568, unit=self.finance)
        with self.assertRaises(ValidationError):
            services.round_start(organisation=self.org, kind="quarterly", fiscal_year=2568, unit=self.other_unit)

    def test_it_refuses_a_supplies_officer_on_the_committee_naming_the_person_in_thai(self) -> None:
        self.unit_head.first_name, self.unit_head.last_name = "สมศรี", "พัสดุดี"
        self.unit_head.save()
        services.supply_officer_add(organisation=self.org, user=self.unit_head)
        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        with translation.override("th"), self.assertRaises(ValidationError) as refused:
            services.committee_member_add(round_=round_, user=self.unit_head, role="chair", by=self.executive)
        message = " ".join(refused.exception.messages)
        self.assertIn("สมศรี พัสดุดี", message)
        self.assertIn("เจ้าหน้าที่พัสดุ", message)
        self.assertFalse(round_.committee.exists())
        # Someone of another organisation is refused too; a member who is no supplies officer is named.
        with self.assertRaises(ValidationError):
            services.committee_member_add(round_=round_, user=self.other_staff, by=self.executive)
        services.committee_member_add(round_=round_, user=self.ethics, role="chair", by=self.executive)
        with self.assertRaises(ValidationError):  # one chair
            services.committee_member_add(round_=round_, user=self.staff, role="chair", by=self.executive)
        self.assertEqual([e.event for e in changes_of(round_)][:1], ["committee_added"])

    def test_the_web_page_shows_the_refusal(self) -> None:
        SupplyOfficer.objects.create(organisation=self.org, user=self.staff)
        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        self.client.force_login(self.executive)
        url = f"/alpha/staff/assets/stockcheck/{round_.pk}/committee/"
        response = self.client.post(url, {"user": self.staff.pk, "role": "member"}, follow=True)
        self.assertContains(response, "เจ้าหน้าที่พัสดุ")
        self.assertFalse(round_.committee.exists())
        self.client.force_login(self.staff)  # not a manager
        self.assertEqual(self.client.post(url, {"user": self.ethics.pk, "role": "member"}).status_code, 403)

    def test_the_report_needs_a_committee_then_closes_the_count_and_records_the_copy_to_the_audit_office(self) -> None:
        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        with self.assertRaises(ValidationError):
            services.round_audit_copy(round_=round_, sent_on=date(2025, 11, 20), reference="x", by=None)
        with self.assertRaises(ValidationError):
            services.round_report(round_=round_, reported_on=date(2025, 11, 10), by=self.executive)
        services.committee_member_add(round_=round_, user=self.ethics, role="chair", by=self.executive)
        services.round_report(round_=round_, reported_on=date(2025, 11, 10), by=self.executive)
        with self.assertRaises(ValidationError):  # the count is closed
            services.scan_record(round_=round_, data={"code": "A", "room": "ห้อง"}, by=self.ethics)
        with self.assertRaises(ValidationError):
            services.committee_member_add(round_=round_, user=self.staff, by=self.executive)
        services.round_audit_copy(round_=round_, sent_on=date(2025, 11, 20), reference="นพ 123/2568", by=self.executive)
        round_.refresh_from_db()
        self.assertEqual((round_.state, round_.audit_copy_sent_on), ("reported", date(2025, 11, 20)))
        self.assertEqual(changes_of(round_)[0].event, "audit_copy")

    def test_it_reminds_the_committee_and_executives_before_the_due_day_and_once_when_overdue(self) -> None:
        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)  # due 13 Nov 2025
        services.committee_member_add(round_=round_, user=self.ethics, role="chair", by=None)
        with time_machine.travel(date(2025, 11, 6), tick=False):  # 7 days before
            self.assertEqual(send_round_reminders(date(2025, 11, 6)), 2)  # the chair and the executive
            self.assertEqual(send_round_reminders(date(2025, 11, 6)), 0)  # once
        self.assertEqual(send_round_reminders(date(2025, 11, 7)), 0)  # not a reminder day
        with time_machine.travel(date(2025, 11, 14), tick=False):
            from prongsai.assets.stockcheck.tasks import stockcheck_reminders

            self.assertEqual(stockcheck_reminders.call_local(), 2)  # the periodic task's step: overdue
        self.assertEqual(send_round_reminders(date(2025, 11, 15)), 0)
        subjects = list(Notification.objects.filter(user=self.ethics).values_list("key", flat=True))
        self.assertEqual(len(subjects), 2)
        services.round_report(round_=round_, reported_on=date(2025, 11, 17), by=None)
        self.assertEqual(send_round_reminders(date(2025, 12, 1)), 0)  # signed: no more reminders

    def test_the_start_command_prints_the_id_of_the_new_round(self) -> None:
        self.finance.code = "04"
        self.finance.save()
        out = io.StringIO()
        call_command(
            "stockcheck-start", org="alpha", kind="quarterly", year=2569, unit="04", stdout=out, stderr=io.StringIO()
        )
        round_ = CountRound.objects.get(pk=int(out.getvalue().strip()))
        self.assertEqual((round_.kind, round_.unit, round_.fiscal_year), ("quarterly", self.finance, 2569))
        out = io.StringIO()
        call_command("stockcheck-start", org="alpha", kind="annual", year=2568, stdout=out, stderr=io.StringIO())
        self.assertEqual(CountRound.objects.get(pk=int(out.getvalue())).due_on, date(2025, 11, 13))
        for bad in ({"year": 2025}, {"unit": "99"}, {"org": "nowhere"}):
            with self.subTest(bad=bad), self.assertRaises(CommandError):
                call_command(
                    "stockcheck-start",
                    **{"org": "alpha", "kind": "quarterly", "year": 2569, **bad},
                    stdout=io.StringIO(),
                    stderr=io.StringIO(),
                )
