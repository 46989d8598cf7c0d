"""The loans demo of อบต.โพหนอง: a published rule acknowledged by some, four loans in four states, idempotent."""

from __future__ import annotations

from django.test import TestCase

from prongsai.assets import demo_loans, demo_register
from prongsai.assets.loans.rule_services import public_rule
from prongsai.assets.models import Asset, Loan, RuleAcknowledgement
from prongsai.core.models import Change
from prongsai.core.thai import local_today
from prongsai.orgs.demo import load_demo
from prongsai.orgs.models import Organisation


class LoansDemoTests(TestCase):
    def test_it_loads_the_rule_and_loans_in_every_state_and_a_second_run_changes_nothing(self) -> None:
        load_demo(steps=[demo_register.load, demo_loans.load])  # the register's assets, then the loans' step
        org = Organisation.objects.get(slug="pho-nong")
        counts = (
            Loan.objects.count(),
            RuleAcknowledgement.objects.count(),
            Change.objects.count(),
            Asset.objects.count(),
        )
        demo_loans.load(org, Organisation.objects.get(slug="sample"))
        self.assertEqual(
            (Loan.objects.count(), RuleAcknowledgement.objects.count(), Change.objects.count(), Asset.objects.count()),
            counts,
        )
        loans = Loan.objects.filter(organisation=org)
        self.assertEqual(sorted(loans.values_list("state", flat=True)), ["out", "refused", "requested", "returned"])
        overdue = loans.get(state=Loan.State.OUT)
        self.assertLess(overdue.due_on, local_today())
        self.assertNotEqual(overdue.approver_id, overdue.borrower_id)
        rule = public_rule(org)
        assert rule is not None
        self.assertIn("ใช้ทรัพย์สินของราชการเพื่อประโยชน์ของทางราชการเท่านั้น", rule.rules)
        self.assertEqual(len(rule.rule_list()), 7)
        self.assertEqual(
            set(rule.acknowledgements.values_list("user__username", flat=True)),
            {"pho-nong-executive", "pho-nong-unithead", "pho-nong-staff"},
        )
        loaned = {"416-66-0101", "416-66-0102", "416-66-0103"}  # the register's demo has its own 416-66-… too
        self.assertEqual(set(Asset.objects.filter(code__in=loaned).values_list("code", flat=True)), loaned)
