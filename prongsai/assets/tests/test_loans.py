"""Loans: who may ask, decide, hand over and take back; no self-approval; no double lending; the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from prongsai.assets.loans import services
from prongsai.assets.loans.access import NotAllowed
from prongsai.assets.models import Asset, Custodian, Loan
from prongsai.assets.testing import loan_asset
from prongsai.core import history, history_text
from prongsai.core.testing import PersonaTestCase, make_user
from prongsai.core.thai import local_today
from prongsai.orgs.models import Membership, Role


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


class DecisionTests(LoanCase):
    def decide(self, user: object, loan: Loan, decision: str = "approve", note: str = "") -> Any:
        self.client.force_login(user)  # type: ignore[arg-type]
        return self.client.post(self.step_page(loan, "decide"), {"decision": decision, "note": note}, follow=True)

    def test_it_lets_the_unit_head_of_the_assets_unit_or_an_executive_decide_and_nobody_else(self) -> None:
        finance_loan = self.ask(start=1)
        office_loan = self.ask(codes=[self.office_asset.code], start=1)
        with translation.override("th"):
            only = gettext(
                "Only an executive or the head of the unit the assets belong to can decide this loan request."
            )
        self.assertNotIn("Only an executive", only)
        for persona, user in (("ita_coordinator", self.coordinator), ("ethics_committee", self.ethics)):
            with self.subTest(persona=persona):
                self.assertContains(self.decide(user, finance_loan), only)
                finance_loan.refresh_from_db()
                self.assertEqual(finance_loan.state, Loan.State.REQUESTED)
        self.client.force_login(self.supervisor)
        self.assertEqual(
            self.client.post(self.step_page(finance_loan, "decide"), {"decision": "approve"}).status_code, 403
        )
        for persona, user in self.outsiders().items():
            self.client.force_login(user)
            with self.subTest(persona=persona):
                response = self.client.post(self.step_page(finance_loan, "decide"), {"decision": "approve"})
                self.assertIn(response.status_code, (403, 404))
        # The head of กองคลัง decides its assets, not those of สำนักปลัด; an executive decides both.
        self.decide(self.unit_head, office_loan)
        office_loan.refresh_from_db()
        self.assertEqual(office_loan.state, Loan.State.REQUESTED)
        self.decide(self.unit_head, finance_loan)
        finance_loan.refresh_from_db()
        self.assertEqual((finance_loan.state, finance_loan.approver), (Loan.State.APPROVED, self.unit_head))
        self.decide(self.executive, office_loan, "refuse", "ไม่ใช่งานราชการ")
        office_loan.refresh_from_db()
        self.assertEqual((office_loan.state, office_loan.decision_note), (Loan.State.REFUSED, "ไม่ใช่งานราชการ"))

    def test_nobody_approves_their_own_loan_and_is_told_why_in_thai(self) -> None:
        for persona, borrower in (("unit_head", self.unit_head), ("executive", self.executive)):
            own = self.ask(borrower=borrower, start=1 + 10 * (persona == "executive"))
            with translation.override("th"):
                page = self.decide(borrower, own)
            with self.subTest(persona=persona):
                self.assertContains(page, "คุณอนุมัติหรือไม่อนุมัติคำขอยืมของตนเองไม่ได้")
                own.refresh_from_db()
                self.assertEqual(own.state, Loan.State.REQUESTED)
                with self.assertRaises(NotAllowed):
                    services.loan_decide(loan=own, by=borrower, approve=True)
                with self.assertRaises(NotAllowed):
                    services.loan_decide(loan=own, by=borrower, approve=False, note="ถอนคำขอ")
            # It does not even show up among the requests the borrower may decide.
            self.client.force_login(borrower)
            listed = self.client.get(reverse("assets:loans_to_approve", kwargs={"org_slug": "alpha"}))
            self.assertNotIn(own, listed.context["loans"])
            self.assertIn(own, listed.context["others"])
        # Another executive may decide the executive's loan.
        second = make_user("a-executive-2")
        Membership.objects.create(user=second, organisation=self.org, role=Role.EXECUTIVE)
        exec_loan = Loan.objects.get(borrower=self.executive)
        services.loan_decide(loan=exec_loan, by=second, approve=True)
        self.assertEqual(exec_loan.state, Loan.State.APPROVED)

    def test_a_refusal_needs_a_reason(self) -> None:
        loan = self.ask()
        with self.assertRaises(ValidationError):
            services.loan_decide(loan=loan, by=self.executive, approve=False, note=" ")
        loan.refresh_from_db()
        self.assertEqual(loan.state, Loan.State.REQUESTED)

    def test_the_decision_page_works_on_a_phone(self) -> None:
        loan = self.ask()
        self.client.force_login(self.unit_head)
        page = self.client.get(
            reverse("assets:loan", kwargs={"org_slug": "alpha", "loan_id": loan.pk}),
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile",
        )
        html = page.content.decode()
        self.assertIn('name="decision" value="approve"', html)
        self.assertIn('name="decision" value="refuse"', html)
        self.assertIn('<table class="stack">', html)
        self.assertIn("data-label=", html)


class HandOverAndReturnTests(LoanCase):
    def approved(self) -> Loan:
        loan = self.ask(codes=[self.finance_asset.code, self.office_asset.code])
        services.loan_decide(loan=loan, by=self.executive, approve=True, note="อนุมัติ")
        return loan

    def test_the_borrower_never_hands_over_or_signs_the_return_but_a_custodian_may(self) -> None:
        loan = self.approved()
        with self.assertRaises(NotAllowed):
            services.loan_hand_over(loan=loan, by=self.staff, condition_out="ใช้การได้")
        with self.assertRaises(NotAllowed):  # the head of กองคลัง alone: one asset is of สำนักปลัด
            services.loan_hand_over(loan=loan, by=self.unit_head, condition_out="ใช้การได้")
        Custodian.objects.create(
            organisation=self.org, unit=self.unit, user=self.coordinator, starts_on=date(2025, 1, 1)
        )
        self.finance_asset.custodian = self.coordinator
        self.finance_asset.save()
        self.client.force_login(self.coordinator)
        self.client.post(self.step_page(loan, "hand_over"), {"condition_out": "ใช้การได้ ครบชุด"})
        loan.refresh_from_db()
        self.assertEqual(
            (loan.state, loan.handed_by, loan.condition_out), (Loan.State.OUT, self.coordinator, "ใช้การได้ ครบชุด")
        )
        with self.assertRaises(NotAllowed):
            services.loan_return(loan=loan, by=self.staff, conditions={})

    def test_a_damaged_return_sets_the_assets_status_with_a_history_entry(self) -> None:
        loan = self.approved()
        services.loan_hand_over(loan=loan, by=self.executive, condition_out="ใช้การได้")
        items = {item.asset.code: item for item in loan.items.select_related("asset")}
        data = {
            f"condition_{items['416-66-0101'].pk}": "damaged",
            f"note_{items['416-66-0101'].pk}": "จอแตกที่มุมขวา",
            f"condition_{items['416-66-0102'].pk}": "usable",
            "note": "คืนครบ",
        }
        self.client.force_login(self.executive)
        missing_note = dict(data, **{f"note_{items['416-66-0101'].pk}": ""})
        self.client.post(self.step_page(loan, "return"), missing_note)
        loan.refresh_from_db()
        self.assertEqual(loan.state, Loan.State.OUT)  # a damaged asset needs its note
        self.client.post(self.step_page(loan, "return"), data)
        loan.refresh_from_db()
        self.assertEqual((loan.state, loan.return_condition), (Loan.State.RETURNED, Loan.Condition.DAMAGED))
        self.finance_asset.refresh_from_db()
        self.office_asset.refresh_from_db()
        self.assertEqual(self.finance_asset.status, Asset.Status.DAMAGED)
        self.assertEqual(self.office_asset.status, Asset.Status.IN_USE)
        [change] = history.changes_of(self.finance_asset).filter(changes__has_key="status")
        self.assertEqual(change.changes["status"], ["in_use", "damaged"])
        self.assertIn(loan.reference, change.note)
        self.assertIn("จอแตกที่มุมขวา", change.note)
        with translation.override("th"):
            [entry] = [e for e in history_text.history(self.finance_asset, limit=10) if "สถานะ" in e.sentence]
        self.assertIn("“ชำรุด”", entry.sentence)
        with self.assertRaises(ValidationError):  # damaged now: it cannot be lent again
            self.ask(borrower=self.ethics, codes=["416-66-0101"], start=20)

    def test_every_step_is_one_thai_sentence_in_the_loans_history(self) -> None:
        loan = self.approved()
        services.loan_hand_over(loan=loan, by=self.executive, condition_out="ใช้การได้")
        services.loan_return(
            loan=loan, by=self.executive, conditions={i.pk: ("usable", "") for i in loan.items.all()}, note="ครบ"
        )
        with translation.override("th"):
            text = " ".join(e.sentence for e in history_text.history(loan, limit=20))
        for words in ("สร้างคำขอยืมพัสดุ", "อนุมัติการยืม", "ส่งมอบพัสดุให้ผู้ยืม", "รับคืนพัสดุ", "“คืนแล้ว”", "“ใช้การได้”"):
            self.assertIn(words, text)
        self.assertNotIn("returned", text)


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


class CancelTests(LoanCase):
    def test_only_the_borrower_cancels_and_only_before_the_hand_over(self) -> None:
        loan = self.ask()
        for persona, user in (("executive", self.executive), ("unit_head", self.unit_head), ("ethics", self.ethics)):
            self.client.force_login(user)
            self.client.post(self.step_page(loan, "cancel"), {"note": "ไม่ใช้แล้ว"})
            loan.refresh_from_db()
            with self.subTest(persona=persona):
                self.assertEqual(loan.state, Loan.State.REQUESTED)
        services.loan_decide(loan=loan, by=self.unit_head, approve=True)
        services.loan_hand_over(loan=loan, by=self.unit_head, condition_out="ใช้การได้")
        with self.assertRaises(ValidationError):
            services.loan_cancel(loan=loan, by=self.staff)
        other = self.ask(codes=[self.office_asset.code])
        self.client.force_login(self.staff)
        self.client.post(self.step_page(other, "cancel"), {"note": "เลื่อนงาน"})
        other.refresh_from_db()
        self.assertEqual(other.state, Loan.State.CANCELLED)
        with translation.override("th"):
            sentences = " ".join(e.sentence for e in history_text.history(other, limit=5))
        self.assertIn("ยกเลิกคำขอยืม", sentences)


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
