"""Loan steps: deciding (never one's own), handing over, returning (a damaged asset in the register), cancelling."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from prongsai.assets.loans import services
from prongsai.assets.loans.access import NotAllowed
from prongsai.assets.models import Asset, Custodian, Loan
from prongsai.assets.tests.test_loans import LoanCase
from prongsai.core import history, history_text
from prongsai.core.testing import make_user
from prongsai.orgs.models import Membership, Role


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
