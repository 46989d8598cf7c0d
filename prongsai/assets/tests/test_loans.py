"""Loans: who may ask, decide, hand over and take back; no self-approval; no double lending; the history."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from prongsai.assets.loans import services
from prongsai.assets.models import Asset, Loan
from prongsai.assets.testing import loan_asset
from prongsai.core import history_text
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import local_today


class LoanCase(PersonaTestCase):
    def setUp(self) -> None:
        self.today = local_today()
        self.finance_asset = loan_asset(self, "416-66-0101", name="เครื่องคอมพิวเตอร์โน้ตบุ๊ก")  # กองคลัง
        self.office_asset = loan_asset(self, "416-66-0102", name="เครื่องฉายภาพ", unit=self.unit)  # สำนักปลัด

    def ask(self, borrower: object = None, codes: list[str] | None = None, start: int = 1, days: int = 3) -> Loan:
        first = self.today + timedelta(days=start)
        return services.loan_request(
            org=self.org,
            borrower=borrower or self.staff,  # type: ignore[arg-type]
            codes=codes or [self.finance_asset.code],
            purpose="ออกหน่วยบริการรับชำระภาษี",
            place="ศาลาประชาคมหมู่ที่ 2",
            starts_on=first,
            due_on=first + timedelta(days=days - 1),
        )

    def step_page(self, loan: Loan, step: str) -> str:
        return reverse(f"assets:loan_{step}", kwargs={"org_slug": "alpha", "loan_id": loan.pk})


class RequestTests(LoanCase):
    def test_it_lets_every_member_ask_and_keeps_the_supervisor_and_outsiders_out(self) -> None:
        url = reverse("assets:loan_new", kwargs={"org_slug": "alpha", "code": self.finance_asset.code})
        start = self.today + timedelta(days=2)
        members = {
            "executive": self.executive,
            "ita_coordinator": self.coordinator,
            "unit_head": self.unit_head,
            "staff": self.staff,
            "ethics_committee": self.ethics,
        }
        for offset, (persona, user) in enumerate(members.items()):
            self.client.force_login(user)
            page = self.client.get(url)
            self.assertContains(page, self.finance_asset.code)
            first = start + timedelta(days=10 * offset)
            response = self.client.post(
                url,
                {
                    "codes": self.finance_asset.code,
                    "purpose": "งานราชการ",
                    "place": "หมู่ที่ 4",
                    "starts_on": first.strftime("%d/%m/") + str(first.year + 543),
                    "due_on": first.strftime("%d/%m/") + str(first.year + 543),
                },
            )
            with self.subTest(persona=persona):
                self.assertEqual(response.status_code, 302, response.content[:2000])
                self.assertTrue(Loan.objects.filter(borrower=user, state=Loan.State.REQUESTED).exists())
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(url).status_code, 403)
        for persona, user in self.outsiders().items():
            self.client.force_login(user)
            with self.subTest(persona=persona):
                self.assertIn(self.client.get(url).status_code, (403, 404))
        self.client.force_login(self.staff)
        missing = reverse("assets:loan_new", kwargs={"org_slug": "alpha", "code": "999-99-9999"})
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_it_numbers_loans_per_fiscal_year_and_keeps_the_request_in_the_history(self) -> None:
        first, second = self.ask(), self.ask(codes=[self.office_asset.code])
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(first.reference, f"1/{first.fiscal_year}")
        with translation.override("th"):
            sentences = [e.sentence for e in history_text.history(first, limit=10)]
        self.assertTrue(any("สร้างคำขอยืมพัสดุ “1/" in s for s in sentences), sentences)
        self.assertTrue(any("416-66-0101" in s for s in sentences), sentences)

    def test_it_refuses_unknown_codes_bad_dates_and_assets_that_cannot_be_lent(self) -> None:
        with self.assertRaises(ValidationError) as unknown:
            self.ask(codes=["416-66-0101", "000-00-0000"])
        self.assertIn("000-00-0000", str(unknown.exception))
        with self.assertRaises(ValidationError) as past:
            self.ask(start=-1)
        self.assertIn("starts_on", past.exception.message_dict)
        for status in (Asset.Status.DISPOSED, Asset.Status.LOST, Asset.Status.DAMAGED):
            self.finance_asset.status = status
            self.finance_asset.save()
            with self.subTest(status=status), translation.override("th"), self.assertRaises(ValidationError) as bad:
                self.ask()
            self.assertIn("416-66-0101", " ".join(bad.exception.messages))
            self.assertIn(str(Asset.Status(status).label), " ".join(bad.exception.messages))
        self.assertFalse(Loan.objects.exists())


class DoubleLendingTests(LoanCase):
    def test_it_refuses_an_asset_asked_for_over_overlapping_days_and_names_the_clashing_loan(self) -> None:
        first = self.ask(start=1, days=5)  # days 1–5
        with translation.override("th"), self.assertRaises(ValidationError) as clash:
            self.ask(borrower=self.ethics, start=5, days=2)  # days 5–6
        text = " ".join(clash.exception.messages)
        self.assertIn(first.reference, text)
        self.assertIn("416-66-0101", text)
        self.assertIn("รออนุมัติ", text)
        self.ask(borrower=self.ethics, start=6, days=2)  # days 6–7: free
        self.ask(borrower=self.ethics, codes=[self.office_asset.code], start=1, days=5)  # another asset: free

    def test_it_frees_the_asset_when_a_loan_is_refused_cancelled_or_returned(self) -> None:
        refused = self.ask()
        services.loan_decide(loan=refused, by=self.executive, approve=False, note="ไม่ใช่งานราชการ")
        cancelled = self.ask()
        services.loan_cancel(loan=cancelled, by=self.staff)
        lent = self.ask()
        services.loan_decide(loan=lent, by=self.unit_head, approve=True)
        services.loan_hand_over(loan=lent, by=self.unit_head, condition_out="ใช้การได้")
        with self.assertRaises(ValidationError):
            self.ask(borrower=self.ethics)
        services.loan_return(loan=lent, by=self.unit_head, conditions={lent.items.get().pk: ("usable", "")})
        self.ask(borrower=self.ethics)

    def test_an_overdue_loan_holds_its_asset_until_it_comes_back(self) -> None:
        start = self.today - timedelta(days=6)
        late = services.loan_request(
            org=self.org,
            borrower=self.staff,
            codes=[self.finance_asset.code],
            purpose="งาน",
            place="หมู่ 1",
            starts_on=start,
            due_on=start + timedelta(days=2),
            today=start,
        )
        services.loan_decide(loan=late, by=self.executive, approve=True)
        services.loan_hand_over(loan=late, by=self.executive, condition_out="ใช้การได้", today=start)
        with self.assertRaises(ValidationError) as clash:
            self.ask(borrower=self.ethics, start=0, days=1)  # today: the overdue loan still has it
        self.assertIn(late.reference, " ".join(clash.exception.messages))
        self.ask(borrower=self.ethics, start=1, days=1)  # from tomorrow it may be asked for (and waits)

    def test_it_does_not_hand_over_an_asset_that_is_still_out_elsewhere(self) -> None:
        start = self.today - timedelta(days=4)
        late = services.loan_request(
            org=self.org,
            borrower=self.staff,
            codes=[self.finance_asset.code],
            purpose="งาน",
            place="หมู่ 1",
            starts_on=start,
            due_on=start + timedelta(days=1),
            today=start,
        )
        services.loan_decide(loan=late, by=self.executive, approve=True)
        services.loan_hand_over(loan=late, by=self.executive, condition_out="ใช้การได้", today=start)
        waiting = self.ask(borrower=self.ethics, start=1)
        services.loan_decide(loan=waiting, by=self.executive, approve=True)
        with translation.override("th"), self.assertRaises(ValidationError) as still_out:
            services.loan_hand_over(loan=waiting, by=self.executive, condition_out="ใช้การได้")
        self.assertIn(late.reference, " ".join(still_out.exception.messages))


class ListPagesTests(LoanCase):
    def test_the_lists_show_mine_to_approve_out_now_and_overdue(self) -> None:
        mine = self.ask()
        start = self.today - timedelta(days=5)
        late = services.loan_request(
            org=self.org,
            borrower=self.ethics,
            codes=[self.office_asset.code],
            purpose="งาน",
            place="หมู่ 1",
            starts_on=start,
            due_on=start + timedelta(days=1),
            today=start,
        )
        services.loan_decide(loan=late, by=self.executive, approve=True)
        services.loan_hand_over(loan=late, by=self.executive, condition_out="ใช้การได้", today=start)
        pages = {
            name: reverse(f"assets:{name}", kwargs={"org_slug": "alpha"})
            for name in ("loans", "loans_to_approve", "loans_out", "loans_overdue")
        }
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(pages["loans"]).context["loans"], [mine])
        self.client.force_login(self.unit_head)
        self.assertEqual(self.client.get(pages["loans_to_approve"]).context["loans"], [mine])
        self.assertEqual(self.client.get(pages["loans_out"]).context["loans"], [late])
        overdue = self.client.get(pages["loans_overdue"])
        self.assertEqual(overdue.context["loans"], [(late, 4)])
        self.assertContains(overdue, late.reference)


class RequestFormTests(LoanCase):
    def test_the_form_names_the_clashing_loan_and_keeps_what_was_typed(self) -> None:
        first = self.ask(start=2, days=3)
        self.client.force_login(self.ethics)
        day = self.today + timedelta(days=3)
        typed = f"{day.day}/{day.month}/{day.year + 543}"
        response = self.client.post(
            reverse("assets:loan_request", kwargs={"org_slug": "alpha"}),
            {
                "codes": "416-66-0101, 416-66-0102",
                "purpose": "งานประชาคม",
                "place": "หมู่ 7",
                "starts_on": typed,
                "due_on": typed,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"ใบยืมที่ {first.reference}")
        self.assertContains(response, "งานประชาคม")
        self.assertEqual(Loan.objects.count(), 1)
