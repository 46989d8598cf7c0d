from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from PIL import Image

from prongsai.core.history import changes_of
from prongsai.core.models import Change
from prongsai.core.testing import PersonaTestCase
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Membership
from prongsai.plans.models import Activity, Evidence
from prongsai.plans.services import activity_create


class PlanCase(PersonaTestCase):
    row: PlanRow
    activity: Activity

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Membership.objects.filter(user=cls.unit_head).update(unit=cls.finance)
        cls.row = PlanRow.objects.create(
            organisation=cls.org,
            fiscal_year=2568,
            indicator=4,
            kind="project",
            title="โครงการจัดระเบียบทะเบียนทรัพย์สิน",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )
        cls.row.units.set([cls.finance])
        cls.activity = activity_create(
            row=cls.row,
            fields={
                "title": "ติดตั้ง QR Logbook รถส่วนกลาง",
                "unit": cls.finance,
                "start": date(2025, 10, 1),
                "due": date(2026, 3, 31),
            },
            owners=[cls.staff],
            by=cls.coordinator,
        )

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"plans:{name}", kwargs={"org_slug": "alpha", **kwargs})

    def progress(self, **extra: object) -> dict[str, object]:
        return {"status": "in_progress", "status_reason": "", "percent": 40} | extra


class ActivityTests(PlanCase):
    def test_it_lets_the_assigned_staff_update_progress_and_records_who(self) -> None:
        self.client.force_login(self.staff)
        response = self.client.post(self.url("activity", activity_id=self.activity.pk), self.progress())
        self.assertRedirects(response, self.url("activity", activity_id=self.activity.pk))
        self.activity.refresh_from_db()
        self.assertEqual((self.activity.status, self.activity.percent), ("in_progress", 40))
        change = changes_of(self.activity).first()
        assert change is not None
        self.assertEqual((change.actor, change.action), (self.staff, Change.Action.CHANGED))
        self.assertEqual(change.changes, {"status": ["not_started", "in_progress"], "percent": [0, 40]})

    def test_it_refuses_people_who_may_not_update(self) -> None:
        for user in (self.ethics, self.supervisor):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.post(self.url("activity", activity_id=self.activity.pk), self.progress()).status_code,
                    403,
                )
                self.assertEqual(self.client.get(self.url("activity", activity_id=self.activity.pk)).status_code, 200)
        self.client.force_login(self.other_executive)
        self.assertEqual(
            self.client.post(self.url("activity", activity_id=self.activity.pk), self.progress()).status_code, 404
        )
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.status, "not_started")

    def test_it_lets_the_unit_head_add_activities_to_the_units_measures_only(self) -> None:
        self.client.force_login(self.unit_head)
        data = {
            "title": "ตรวจนับครุภัณฑ์ไตรมาส 1",
            "unit": self.finance.pk,
            "start": "2025-10-01",
            "due": "2025-12-31",
            "status": "not_started",
            "percent": 0,
            "owners": [self.staff.pk],
        }
        response = self.client.post(self.url("activity_add", row_id=self.row.pk), data)
        self.assertEqual(response.status_code, 302)
        other_row = PlanRow.objects.create(
            organisation=self.org,
            fiscal_year=2568,
            indicator=9,
            kind="measure",
            title="เว็บไซต์",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )
        other_row.units.set([self.unit])
        self.assertEqual(self.client.post(self.url("activity_add", row_id=other_row.pk), data).status_code, 403)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(self.url("activity_add", row_id=self.row.pk), data).status_code, 403)
        self.assertEqual(Activity.objects.filter(title="ตรวจนับครุภัณฑ์ไตรมาส 1").count(), 1)

    def test_it_keeps_dates_inside_the_plans_fiscal_year_and_wants_a_reason_for_blocked(self) -> None:
        self.client.force_login(self.coordinator)
        data = {
            "title": "x",
            "unit": self.finance.pk,
            "start": "2025-09-01",
            "due": "2026-10-15",
            "status": "not_started",
            "percent": 0,
        }
        response = self.client.post(self.url("activity_add", row_id=self.row.pk), data)
        self.assertContains(response, "ต้องอยู่ในปีงบประมาณของแผน")
        response = self.client.post(
            self.url("activity", activity_id=self.activity.pk),
            {
                "title": "x",
                "unit": self.finance.pk,
                "start": "2025-10-01",
                "due": "2026-03-31",
                "status": "blocked",
                "status_reason": " ",
                "percent": 10,
            },
        )
        self.assertContains(response, "กรุณาระบุเหตุผล")
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.status, "not_started")

    def test_it_marks_done_as_a_hundred_percent(self) -> None:
        self.client.force_login(self.staff)
        self.client.post(self.url("activity", activity_id=self.activity.pk), self.progress(status="done", percent=60))
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.percent, 100)

    def test_it_shows_my_work_by_urgency_under_a_frozen_clock(self) -> None:
        self.client.force_login(self.staff)
        with time_machine.travel(date(2026, 3, 20), tick=False):
            page = self.client.get(self.url("my_work"))
        self.assertEqual([a.pk for a in page.context["sections"]["soon"]], [self.activity.pk])
        with time_machine.travel(date(2026, 4, 2), tick=False):
            page = self.client.get(self.url("my_work"))
            self.assertEqual([a.pk for a in page.context["sections"]["overdue"]], [self.activity.pk])
            summary = self.client.get(self.url("overview", year=2569))
        self.assertContains(summary, "ติดตั้ง QR Logbook รถส่วนกลาง")
        self.assertEqual(len(summary.context["data"].overdue), 1)

    def test_it_filters_the_overview_by_unit_and_indicator(self) -> None:
        self.client.force_login(self.executive)
        self.assertEqual(
            self.client.get(self.url("overview", year=2569), {"unit": self.finance.pk}).context["data"].total, 1
        )
        self.assertEqual(
            self.client.get(self.url("overview", year=2569), {"unit": self.unit.pk}).context["data"].total, 0
        )
        self.assertEqual(self.client.get(self.url("overview", year=2569), {"indicator": 9}).context["data"].total, 0)

    def test_it_shows_progress_publicly_without_names_or_notes(self) -> None:
        self.activity.status_reason = "เหตุผลภายใน"
        self.activity.save()
        Evidence.objects.create(
            activity=self.activity, kind="note", caption="บันทึกภายใน", date=date(2025, 11, 1), note="ข้อสั่งการลับ"
        )
        response = self.client.get(self.url("public", year=2569))
        self.assertContains(response, "ติดตั้ง QR Logbook รถส่วนกลาง")
        self.assertContains(response, "กองคลัง")
        for hidden in ("a-staff", "เหตุผลภายใน", "ข้อสั่งการลับ", "บันทึกภายใน"):
            self.assertNotContains(response, hidden)
        self.assertContains(self.client.get(self.url("public", year=2570)), "ยังไม่มีการเผยแพร่มาตรการ")


class EvidenceTests(PlanCase):
    def jpeg_with_gps(self) -> bytes:
        image = Image.new("RGB", (3000, 2000), "orange")
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0)}  # GPS IFD
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", exif=exif)
        return buffer.getvalue()

    def test_it_stores_a_photo_resized_and_without_exif_and_serves_it_as_an_attachment(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.staff)
        upload = SimpleUploadedFile("ภาพกิจกรรม.jpg", self.jpeg_with_gps(), content_type="image/jpeg")
        response = self.client.post(
            self.url("evidence_add", activity_id=self.activity.pk),
            {"kind": "photo", "caption": "ประชุมชี้แจง", "date": "2025-11-05", "file": upload},
        )
        self.assertEqual(response.status_code, 302)
        evidence = Evidence.objects.get(activity=self.activity)
        stored = Image.open(evidence.file.open("rb"))
        self.assertLessEqual(max(stored.size), 2048)
        self.assertFalse(stored.getexif())
        download = self.client.get(self.url("evidence_file", evidence_id=evidence.pk))
        self.assertTrue(download["Content-Disposition"].startswith("attachment"))
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")

    def test_it_refuses_a_disguised_file_and_saves_nothing(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.staff)
        upload = SimpleUploadedFile(
            "report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
        )
        response = self.client.post(
            self.url("evidence_add", activity_id=self.activity.pk),
            {"kind": "file", "caption": "รายงาน", "date": "2025-11-05", "file": upload},
            follow=True,
        )
        self.assertContains(response, "report.pdf")
        self.assertFalse(Evidence.objects.exists())

    def test_it_takes_links_and_notes(self) -> None:
        self.client.force_login(self.unit_head)
        self.client.post(
            self.url("evidence_add", activity_id=self.activity.pk),
            {"kind": "note", "caption": "บันทึกข้อสั่งการ", "date": "2025-11-05", "note": "ให้ทุกกองใช้ Logbook"},
        )
        self.client.post(
            self.url("evidence_add", activity_id=self.activity.pk),
            {"kind": "link", "caption": "ประกาศบนเว็บไซต์", "date": "2025-11-06", "url": "https://example.go.th/ann.pdf"},
        )
        self.assertEqual(sorted(Evidence.objects.values_list("kind", flat=True)), ["link", "note"])
        added = changes_of(self.activity).filter(action=Change.Action.ADDED)
        self.assertEqual(sorted(added.values_list("part_repr", flat=True)), ["บันทึกข้อสั่งการ", "ประกาศบนเว็บไซต์"])
