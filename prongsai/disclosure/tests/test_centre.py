"""The disclosure centre through its pages: items, documents with versions, the workflow, the public page."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.core.history import changes_of
from prongsai.core.testing import PersonaTestCase, pdf_from_objects
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.services import ensure_items
from prongsai.ita.framework import framework_load
from prongsai.ita.models import PlanRow
from prongsai.plans.models import Activity, Evidence

YEAR = 2568


def pdf(text: str) -> bytes:
    """A small real PDF whose first page says ``text`` (ASCII) — enough for pypdf and core.uploads."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    return pdf_from_objects(objects)


class CentreCase(PersonaTestCase):
    item: OitItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[YEAR])
        ensure_items(cls.org, YEAR)
        cls.item = OitItem.objects.get(organisation=cls.org, fiscal_year=YEAR, code="O13")
        cls.item.unit, cls.item.officer = cls.finance, cls.staff
        cls.item.save()

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"disclosure:{name}", kwargs={"org_slug": "alpha", **kwargs})

    def item_url(self, name: str = "item", **kwargs: object) -> str:
        return self.url(name, year=YEAR, item_code="o13", **kwargs)

    def upload(self, user: object, title: str = "รายงานผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2567", **extra: object) -> object:
        self.client.force_login(user)  # type: ignore[arg-type]
        data = {
            "kind": "file",
            "title": title,
            "file": SimpleUploadedFile("report.pdf", pdf("FY2567 procurement report"), "application/pdf"),
            "components": ["0"],
        } | extra
        return self.client.post(self.item_url("document_add"), data)

    def step(self, user: object, action: str, comment: str = "") -> object:
        self.client.force_login(user)  # type: ignore[arg-type]
        return self.client.post(self.item_url("step"), {"action": action, "comment": comment})


class ItemsTests(CentreCase):
    def test_it_creates_the_years_items_in_nacc_order(self) -> None:
        codes = list(OitItem.objects.filter(organisation=self.org, fiscal_year=YEAR).values_list("code", flat=True))
        self.assertEqual(codes, [f"O{n}" for n in range(1, 27)])
        self.assertEqual(ensure_items(self.org, YEAR)[0].code, "O1")  # idempotent
        self.assertEqual(OitItem.objects.filter(organisation=self.org, fiscal_year=YEAR).count(), 26)

    def test_the_year_page_lists_every_item_with_its_owner_and_checklist(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(self.url("year", year=YEAR))
        self.assertContains(response, "รายงานผลการจัดซื้อจัดจ้าง")
        self.assertContains(response, "กองคลัง")
        self.assertContains(response, ">O26<")
        self.assertContains(response, "0/1")

    def test_the_coordinator_assigns_and_the_history_says_who(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.item_url(), {"unit": self.unit.pk, "officer": self.coordinator.pk, "note": ""})
        self.assertRedirects(response, self.item_url())
        self.item.refresh_from_db()
        self.assertEqual((self.item.unit, self.item.officer), (self.unit, self.coordinator))
        change = changes_of(self.item).get(event="assigned")
        self.assertEqual(change.actor, self.coordinator)
        self.assertEqual(change.changes["unit"], [self.finance.pk, self.unit.pk])
        self.assertContains(self.client.get(self.item_url()), "เปลี่ยนหน่วยงานผู้รับผิดชอบจาก “กองคลัง” เป็น “สำนักปลัด”")

    def test_staff_cannot_assign_and_other_organisations_see_nothing(self) -> None:
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(self.item_url(), {"unit": self.unit.pk}).status_code, 403)
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.get(self.item_url()).status_code, 404)
        self.assertEqual(self.upload(self.other_executive).status_code, 404)  # type: ignore[attr-defined]


class DocumentTests(CentreCase):
    def test_the_officer_uploads_a_document_with_a_readable_permanent_address(self) -> None:
        response = self.upload(self.staff)
        self.assertRedirects(response, self.item_url())  # type: ignore[arg-type]
        document = OitDocument.objects.get(item=self.item)
        self.assertEqual(document.name, "รายงานผลการจัดซื้อจัดจ้าง-ปีงบประมาณ-2567.pdf")
        self.assertEqual(document.components, [0])
        version = document.versions.get()
        self.assertIn("FY2567", version.text_sample)
        self.assertEqual(version.content_type, "application/pdf")
        # Not published: the public address answers 404; the staff preview serves it.
        public = reverse(
            "disclosure:file", kwargs={"org_slug": "alpha", "year": YEAR, "item_code": "o13", "name": document.name}
        )
        self.assertEqual(Client().get(public).status_code, 404)
        preview = self.client.get(self.item_url("version_preview", document_id=document.pk, number=1))
        self.assertEqual(preview.status_code, 200)
        self.assertIn("attachment", preview["Content-Disposition"])

    def test_a_disguised_file_is_refused_with_its_name_and_nothing_is_saved(self) -> None:
        self.client.force_login(self.staff)
        fake = SimpleUploadedFile("คำสั่ง.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
        response = self.client.post(
            self.item_url("document_add"), {"kind": "file", "title": "คำสั่ง", "file": fake}, follow=True
        )
        self.assertContains(response, "คำสั่ง.pdf")
        self.assertFalse(OitDocument.objects.exists())
        self.assertFalse(OitDocumentVersion.objects.exists())

    def test_a_link_needs_an_address_and_people_outside_the_item_cannot_add(self) -> None:
        self.client.force_login(self.staff)
        response = self.client.post(self.item_url("document_add"), {"kind": "link", "title": "x"}, follow=True)
        self.assertContains(response, "ที่อยู่เว็บไซต์:")  # the field is named in the message
        self.assertFalse(OitDocument.objects.exists())
        self.client.force_login(self.ethics)
        response = self.client.post(
            self.item_url("document_add"), {"kind": "link", "title": "x", "url": "https://example.org/a.pdf"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_unit_head_of_the_items_unit_may_edit(self) -> None:
        response = self.upload(self.unit_head)
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        self.assertEqual(OitDocument.objects.count(), 1)


class WorkflowTests(CentreCase):
    def publish(self) -> OitDocument:
        self.upload(self.staff)
        self.assertEqual(self.step(self.staff, "submit").status_code, 302)  # type: ignore[attr-defined]
        self.assertEqual(self.step(self.coordinator, "check").status_code, 302)  # type: ignore[attr-defined]
        self.assertEqual(self.step(self.executive, "approve").status_code, 302)  # type: ignore[attr-defined]
        self.assertEqual(self.step(self.coordinator, "publish").status_code, 302)  # type: ignore[attr-defined]
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "published")
        return OitDocument.objects.get(item=self.item)

    def test_the_whole_workflow_with_history_and_the_public_page(self) -> None:
        document = self.publish()
        steps = list(
            changes_of(self.item).filter(action="step").order_by("at", "id").values_list("event", "actor__username")
        )
        self.assertEqual(
            steps,
            [
                ("submit", "a-staff"),
                ("check", "a-coordinator"),
                ("approve", "a-executive"),
                ("publish", "a-coordinator"),
            ],
        )
        anonymous = Client()
        page = anonymous.get(self.url("public", year=YEAR))
        self.assertContains(page, document.title)
        file_url = reverse(
            "disclosure:file", kwargs={"org_slug": "alpha", "year": YEAR, "item_code": "o13", "name": document.name}
        )
        self.assertContains(page, file_url)
        response = anonymous.get(file_url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_roles_are_held_to_their_steps(self) -> None:
        self.upload(self.staff)
        self.assertEqual(self.step(self.ethics, "submit").status_code, 403)  # type: ignore[attr-defined]
        self.step(self.staff, "submit")
        self.assertEqual(self.step(self.staff, "check").status_code, 403)  # type: ignore[attr-defined]
        self.assertEqual(self.step(self.executive, "check").status_code, 403)  # type: ignore[attr-defined]
        self.step(self.coordinator, "check")
        self.assertEqual(self.step(self.coordinator, "approve").status_code, 403)  # type: ignore[attr-defined]
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "checked")

    def test_handing_in_needs_evidence_and_sending_back_needs_a_reason(self) -> None:
        response = self.client.get(self.item_url())  # not signed in
        self.assertEqual(response.status_code, 302)
        self.step(self.staff, "submit")
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "draft")
        self.upload(self.staff)
        self.step(self.staff, "submit")
        self.step(self.coordinator, "return")
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "submitted")
        self.step(self.coordinator, "return", "ขาดองค์ประกอบข้อ 2")
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "draft")
        self.assertEqual(changes_of(self.item).get(event="return").note, "ขาดองค์ประกอบข้อ 2")

    def test_a_new_version_never_breaks_the_address_and_waits_for_publication(self) -> None:
        document = self.publish()
        kwargs = {"org_slug": "alpha", "year": YEAR, "item_code": "o13", "name": document.name}
        file_url = reverse("disclosure:file", kwargs=kwargs)
        first = Client().get(file_url)
        self.client.force_login(self.staff)
        newer = SimpleUploadedFile("report-v2.pdf", pdf("FY2567 procurement report, corrected"), "application/pdf")
        self.client.post(self.item_url("document_change", document_id=document.pk), {"op": "version", "file": newer})
        self.item.refresh_from_db()
        self.assertEqual(self.item.state, "draft")  # changed evidence goes back through the checks
        self.assertEqual(Client().get(file_url).content, first.content)  # v1 still served until published
        for user, action in (
            (self.staff, "submit"),
            (self.coordinator, "check"),
            (self.executive, "approve"),
            (self.coordinator, "publish"),
        ):
            self.step(user, action)
        second = Client().get(file_url)
        self.assertNotEqual(second.content, first.content)
        self.assertIn(b"corrected", second.content)
        v1 = Client().get(reverse("disclosure:version_file", kwargs=kwargs | {"number": 1}))
        self.assertEqual(v1.content, first.content)
        # The public page stays on the same address.
        self.assertContains(Client().get(self.url("public", year=YEAR)), file_url)

    def test_a_withdrawn_document_leaves_the_public_address(self) -> None:
        document = self.publish()
        file_url = reverse(
            "disclosure:file", kwargs={"org_slug": "alpha", "year": YEAR, "item_code": "o13", "name": document.name}
        )
        self.client.force_login(self.staff)
        response = self.client.post(
            self.item_url("document_change", document_id=document.pk), {"op": "withdraw", "reason": ""}, follow=True
        )
        self.assertEqual(Client().get(file_url).status_code, 200)  # no reason, nothing done
        self.client.post(
            self.item_url("document_change", document_id=document.pk), {"op": "withdraw", "reason": "ไฟล์ผิด"}
        )
        self.assertEqual(Client().get(file_url).status_code, 404)
        self.assertEqual(response.status_code, 200)

    def test_titles_are_escaped_on_every_page(self) -> None:
        self.upload(self.staff, title='<script>alert("x")</script>')
        for user, action in (
            (self.staff, "submit"),
            (self.coordinator, "check"),
            (self.executive, "approve"),
            (self.coordinator, "publish"),
        ):
            self.step(user, action)
        for page in (self.client.get(self.item_url()), Client().get(self.url("public", year=YEAR))):
            self.assertNotContains(page, '<script>alert("x")</script>')
            self.assertContains(page, "&lt;script&gt;")

    def test_posts_need_the_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)
        self.assertEqual(client.post(self.item_url("step"), {"action": "submit"}).status_code, 403)


class PlanLinkTests(CentreCase):
    def test_activities_and_their_evidence_are_shared_with_the_item(self) -> None:
        row = PlanRow.objects.create(
            organisation=self.org,
            fiscal_year=YEAR,
            indicator=9,
            kind="measure",
            title="Big Cleaning Day",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )
        activity = Activity.objects.create(
            organisation=self.org, plan_row=row, title="ตรวจลิงก์เสีย", start=date(2025, 10, 1), due=date(2026, 3, 31)
        )
        evidence = Evidence.objects.create(
            activity=activity,
            kind="link",
            caption="รายงานการตรวจลิงก์",
            date=date(2025, 11, 1),
            url="https://example.org/r.pdf",
        )
        self.client.force_login(self.coordinator)
        self.client.post(self.item_url("link"), {"activity": activity.pk})
        self.assertEqual(list(self.item.activities.all()), [activity])
        self.client.post(self.item_url("link"), {"evidence": evidence.pk})
        document = OitDocument.objects.get(item=self.item)
        self.assertEqual((document.kind, document.url, document.plan_evidence), ("link", evidence.url, evidence))
        self.assertContains(self.client.get(self.item_url()), "ตรวจลิงก์เสีย")
        # Another organisation's activity is not found.
        other_row = PlanRow.objects.create(
            organisation=self.other_org,
            fiscal_year=YEAR,
            indicator=9,
            kind="measure",
            title="x",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )
        other = Activity.objects.create(
            organisation=self.other_org, plan_row=other_row, title="y", start=date(2025, 10, 1), due=date(2026, 3, 31)
        )
        self.assertEqual(self.client.post(self.item_url("link"), {"activity": other.pk}).status_code, 404)
