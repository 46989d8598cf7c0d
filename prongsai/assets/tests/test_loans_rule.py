"""The asset-use rule: versions, who writes and publishes, acknowledgements with the banner, the public page."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.accounts.models import Notification
from prongsai.assets.loans.rule_services import RuleFields, public_rule, rule_draft, rule_publish, rule_update
from prongsai.assets.models import AssetRule, RuleAcknowledgement
from prongsai.assets.testing import RULE_PDF
from prongsai.core.testing import PersonaTestCase, TemporaryMedia

FIELDS = RuleFields(
    title="แนวปฏิบัติการใช้ทรัพย์สินของราชการ",
    intro="ย่อหน้าแรก\n\nย่อหน้าที่สอง",
    rules="ใช้เพื่อราชการเท่านั้น\nยืมต้องทำเป็นหนังสือ",
    effective_on=date(2025, 10, 1),
)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"assets:{name}", kwargs={"org_slug": "alpha", **kwargs})


class RuleTests(TemporaryMedia, PersonaTestCase):
    def publish(self, fields: RuleFields = FIELDS) -> AssetRule:
        with self.captureOnCommitCallbacks(execute=True):
            return rule_publish(rule=rule_draft(org=self.org, fields=fields, by=self.coordinator), by=self.executive)

    def test_writers_draft_only_executives_publish_and_published_versions_never_change(self) -> None:
        form = {"title": "แนวปฏิบัติ", "intro": "ข้อความ", "rules": "ข้อ ๑", "effective_on": "1/10/2568"}
        for persona, user in self.personas().items():
            if persona in ("executive", "ita_coordinator", "platform_admin"):
                continue
            self.client.force_login(user)
            with self.subTest(persona=persona):
                self.assertIn(self.client.post(url("rule_new"), form).status_code, (403, 404))
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(url("rule_new"), form).status_code, 302)
        draft = AssetRule.objects.get()
        self.assertEqual((draft.version, draft.state), (1, AssetRule.State.DRAFT))
        self.assertEqual(self.client.post(url("rule_publish", version=1)).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(url("rule_public")).status_code, 200)
        self.assertIsNone(public_rule(self.org))  # a draft is not public
        self.client.force_login(self.executive)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(url("rule_publish", version=1)).status_code, 302)
        draft.refresh_from_db()
        self.assertEqual((draft.state, draft.published_by), (AssetRule.State.PUBLISHED, self.executive))
        with self.assertRaises(ValidationError):
            rule_update(rule=draft, fields=FIELDS, by=self.executive)
        self.client.force_login(self.coordinator)
        self.client.post(url("rule_version", version=1), dict(form, title="แก้ไขแล้ว"))
        draft.refresh_from_db()
        self.assertEqual(draft.title, "แนวปฏิบัติ")

    def test_publishing_asks_every_member_and_shows_a_banner_until_they_acknowledge(self) -> None:
        rule = self.publish()
        told = set(
            Notification.objects.filter(key=f"asset-rule:{rule.pk}:published").values_list("user__username", flat=True)
        )
        self.assertEqual(told, {"a-executive", "a-coordinator", "a-unithead", "a-staff", "a-ethics"})  # no supervisor
        dashboard = reverse("orgs:dashboard", kwargs={"org_slug": "alpha"})
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(dashboard), "มีแนวปฏิบัติการใช้ทรัพย์สินของราชการฉบับใหม่ (ฉบับที่ 1)")
        self.client.post(url("rule_acknowledge", version=1))
        self.client.post(url("rule_acknowledge", version=1))  # twice: one acknowledgement
        self.assertEqual(RuleAcknowledgement.objects.filter(user=self.staff).count(), 1)
        self.assertNotContains(self.client.get(dashboard), "ฉบับใหม่ (ฉบับที่ 1)")
        self.assertContains(self.client.get(url("rule")), "คุณรับทราบฉบับนี้แล้วเมื่อ")
        self.client.force_login(self.supervisor)  # read-only: no banner, cannot acknowledge
        self.assertNotContains(self.client.get(dashboard), "ฉบับใหม่ (ฉบับที่ 1)")
        self.assertEqual(self.client.post(url("rule_acknowledge", version=1)).status_code, 403)
        # A new version asks again, even those who acknowledged the first.
        second = self.publish(RuleFields(**{**FIELDS.__dict__, "title": "ฉบับปรับปรุง"}))
        self.assertEqual(second.version, 2)
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(dashboard), "(ฉบับที่ 2)")
        self.assertEqual(public_rule(self.org), second)

    def test_only_executives_see_who_acknowledged_which_version_and_when(self) -> None:
        self.publish()
        self.client.force_login(self.ethics)
        self.client.post(url("rule_acknowledge", version=1))
        page = url("rule_acks", version=1)
        for persona, user in self.personas().items():
            if persona in ("executive", "platform_admin"):
                continue
            self.client.force_login(user)
            with self.subTest(persona=persona):
                self.assertIn(self.client.get(page).status_code, (403, 404))
        self.client.force_login(self.executive)
        response = self.client.get(page)
        rows = {row.user.username: row.at for row in response.context["rows"]}
        self.assertIsNotNone(rows["a-ethics"])
        self.assertIsNone(rows["a-staff"])
        self.assertEqual(set(rows), {"a-executive", "a-coordinator", "a-unithead", "a-staff", "a-ethics"})
        self.assertContains(response, "รับทราบแล้ว 1 จาก 5 คน")
        self.assertContains(response, "ยังไม่รับทราบ")

    def test_the_public_page_shows_the_current_version_and_its_signed_copy(self) -> None:
        rule = rule_draft(org=self.org, fields=FIELDS, by=self.coordinator)
        self.client.force_login(self.coordinator)
        not_pdf = SimpleUploadedFile("rule.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
        response = self.client.post(
            url("rule_version", version=1),
            {
                "title": FIELDS.title,
                "intro": FIELDS.intro,
                "rules": FIELDS.rules,
                "effective_on": "1/10/2568",
                "signed_file": not_pdf,
            },
        )
        self.assertContains(response, "errorlist")
        rule.refresh_from_db()
        self.assertFalse(rule.signed_file)
        rule_publish(rule=rule, by=self.executive)
        signed = SimpleUploadedFile("signed.pdf", RULE_PDF, content_type="application/pdf")
        self.assertEqual(self.client.post(url("rule_version", version=1), {"signed_file": signed}).status_code, 302)
        self.client.logout()
        page = self.client.get(url("rule_public"))
        self.assertContains(page, "แนวปฏิบัติการใช้ทรัพย์สินของราชการ")
        self.assertContains(page, "<li>ยืมต้องทำเป็นหนังสือ</li>", html=True)
        self.assertContains(page, "ย่อหน้าที่สอง")
        pdf = self.client.get(url("rule_public_signed", version=1))
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        rule_draft(org=self.org, fields=FIELDS, by=self.coordinator)  # a draft version 2: neither public nor served
        self.assertEqual(self.client.get(url("rule_public_signed", version=2)).status_code, 404)
        self.assertEqual(public_rule(self.org), rule)
