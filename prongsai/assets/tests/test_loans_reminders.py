"""Loan reminders under a frozen clock: before the due day, every day overdue, never twice; the step notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core import mail
from django.test import override_settings

from prongsai.accounts.models import Notification
from prongsai.assets.loans import reminders, services, tasks
from prongsai.assets.models import Loan
from prongsai.assets.testing import loan_asset
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import local_today

DAY_OUT = date(2026, 3, 2)
DUE = date(2026, 3, 10)


@override_settings(REMINDER_DAYS=[7, 1])
class ReminderTests(PersonaTestCase):
    def setUp(self) -> None:
        for user, address in ((self.staff, "staff@alpha.example"), (self.unit_head, "head@alpha.example")):
            user.email = address
            user.save()
        loan_asset(self)
        with time_machine.travel(datetime(2026, 3, 1, 3, 0, tzinfo=UTC), tick=False):
            self.loan = services.loan_request(
                org=self.org,
                borrower=self.staff,
                codes=["416-66-0101"],
                purpose="ออกหน่วยรับชำระภาษี",
                place="หมู่ที่ 2",
                starts_on=DAY_OUT,
                due_on=DUE,
            )
            services.loan_decide(loan=self.loan, by=self.unit_head, approve=True)
            services.loan_hand_over(loan=self.loan, by=self.unit_head, condition_out="ใช้การได้")
        mail.outbox.clear()

    def run_on(self, day: date) -> int:
        # 08:10 in Bangkok is 01:10 UTC: the periodic task's own hour.
        with time_machine.travel(datetime(day.year, day.month, day.day, 1, 10, tzinfo=UTC), tick=False):
            return tasks.daily_loan_reminders.call_local()

    def keys(self) -> list[tuple[str, str]]:
        return sorted(Notification.objects.filter(key__startswith="loan:").values_list("user__username", "key"))

    def test_it_reminds_the_borrower_seven_and_one_days_before_and_nothing_on_other_days(self) -> None:
        sent = {
            day: self.run_on(day) for day in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 9))
        }
        self.assertEqual(sent, {date(2026, 3, 2): 0, date(2026, 3, 3): 1, date(2026, 3, 5): 0, date(2026, 3, 9): 1})
        self.assertEqual(
            self.keys(),
            [
                ("a-staff", f"loan:{self.loan.pk}:due-in-1:2026-03-10"),
                ("a-staff", f"loan:{self.loan.pk}:due-in-7:2026-03-10"),
            ],
        )
        self.assertEqual([m.to for m in mail.outbox], [["staff@alpha.example"], ["staff@alpha.example"]])
        self.assertIn(f"ใบยืมที่ {self.loan.reference} ครบกำหนดส่งคืนในอีก 7 วัน", mail.outbox[0].subject)
        self.assertIn("416-66-0101", mail.outbox[0].body)
        self.assertIn("10 มีนาคม 2569", mail.outbox[0].body)

    def test_it_tells_the_borrower_and_the_approver_every_day_overdue_once_a_day(self) -> None:
        self.assertEqual(self.run_on(DUE), 0)  # the due day itself: not overdue yet
        self.assertEqual(self.run_on(date(2026, 3, 11)), 2)
        self.assertEqual(self.run_on(date(2026, 3, 11)), 0)  # the task ran twice that morning: nothing twice
        self.assertEqual(reminders.send_loan_reminders(date(2026, 3, 11)), 0)
        self.assertEqual(self.run_on(date(2026, 3, 13)), 2)
        self.assertEqual(
            self.keys(),
            [
                ("a-staff", f"loan:{self.loan.pk}:overdue:2026-03-11"),
                ("a-staff", f"loan:{self.loan.pk}:overdue:2026-03-13"),
                ("a-unithead", f"loan:{self.loan.pk}:overdue:2026-03-11"),
                ("a-unithead", f"loan:{self.loan.pk}:overdue:2026-03-13"),
            ],
        )
        self.assertEqual(len(mail.outbox), 4)
        self.assertIn("เลยกำหนดส่งคืน 3 วัน", mail.outbox[-1].subject)

    def test_a_returned_loan_is_not_reminded(self) -> None:
        with time_machine.travel(datetime(2026, 3, 9, 3, 0, tzinfo=UTC), tick=False):
            services.loan_return(
                loan=self.loan, by=self.unit_head, conditions={self.loan.items.get().pk: ("usable", "")}
            )
        self.assertEqual(self.run_on(date(2026, 3, 9)), 0)
        self.assertEqual(self.run_on(date(2026, 3, 12)), 0)
        self.assertEqual(self.keys(), [])


class StepNoticeTests(PersonaTestCase):
    def test_a_request_goes_to_those_who_may_decide_and_the_decision_to_the_borrower(self) -> None:
        loan_asset(self)
        with self.captureOnCommitCallbacks(execute=True):
            loan = services.loan_request(
                org=self.org,
                borrower=self.staff,
                codes=["416-66-0101"],
                purpose="งาน",
                place="หมู่ 3",
                starts_on=local_today() + timedelta(days=3),
                due_on=local_today() + timedelta(days=4),
            )
        told = set(
            Notification.objects.filter(key=f"loan:{loan.pk}:requested").values_list("user__username", flat=True)
        )
        self.assertEqual(told, {"a-executive", "a-unithead"})  # the head of กองคลัง and the executive; not the borrower
        with self.captureOnCommitCallbacks(execute=True):
            services.loan_decide(loan=loan, by=self.executive, approve=False, note="ไม่ใช่งานราชการ")
        [notice] = Notification.objects.filter(key=f"loan:{loan.pk}:refused")
        self.assertEqual(notice.user, self.staff)
        self.assertIn("ไม่ใช่งานราชการ", notice.body)
        self.assertEqual(Loan.objects.get().state, Loan.State.REFUSED)
