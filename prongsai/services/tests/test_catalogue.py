"""The catalogue's records: every save a new revision, nothing edited or deleted; the one-line grammar."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import SimpleTestCase

from prongsai.core.testing import PersonaTestCase
from prongsai.services import catalogue, services
from prongsai.services.models import NO_FEE, ServiceRevision
from prongsai.services.testing import content, service


class GrammarTests(SimpleTestCase):
    def test_it_reads_a_step_with_thai_digits_and_who(self) -> None:
        step = catalogue.parse_step("ตรวจสอบเอกสาร (๕ นาที, นักทะเบียน)")
        self.assertEqual(step, {"text": "ตรวจสอบเอกสาร", "minutes": 5, "who": "นักทะเบียน"})
        self.assertEqual(catalogue.parse_step(catalogue.format_step(step)), step)

    def test_it_refuses_a_step_without_minutes(self) -> None:
        with self.assertRaises(catalogue.Unreadable):
            catalogue.parse_step("ตรวจสอบเอกสาร")

    def test_it_reads_documents_and_the_no_copy_mark(self) -> None:
        docs = catalogue.parse_documents("บัตรประชาชน | สำเนาทะเบียนบ้าน (2 ฉบับ, หน่วยงานขอเอง)")
        self.assertEqual(docs[0], {"name": "บัตรประชาชน", "copies": 1, "office_fetches": False})
        self.assertEqual(docs[1], {"name": "สำเนาทะเบียนบ้าน", "copies": 2, "office_fetches": True})
        self.assertEqual(catalogue.parse_documents(catalogue.format_documents(docs)), docs)

    def test_it_says_none_explicitly(self) -> None:
        self.assertEqual(catalogue.parse_documents("ไม่มี"), [])
        self.assertEqual(catalogue.format_documents([]), "ไม่มี")
        with self.assertRaises(catalogue.Unreadable):
            catalogue.parse_documents("  ")
        for free in ("", "0", "-", "ไม่มี"):
            self.assertEqual(catalogue.parse_fee(free), NO_FEE)
        self.assertEqual(catalogue.parse_fee("20 บาท"), "20 บาท")

    def test_it_splits_channels_into_counter_and_link(self) -> None:
        self.assertEqual(
            catalogue.parse_channels("ชั้น 1 | https://example.go.th/e"), ("ชั้น 1", "https://example.go.th/e")
        )
        with self.assertRaises(catalogue.Unreadable):
            catalogue.parse_channels("https://a.example | https://b.example")


class RevisionTests(PersonaTestCase):
    def test_it_keeps_every_revision_and_points_at_the_newest(self) -> None:
        found = service(self)
        first = found.current
        made = services.service_revise(
            service=found, content=content(self, standard_min=15), by=self.executive, note="ปรับเวลา"
        )
        assert made is not None
        found.refresh_from_db()
        self.assertEqual((made.number, found.current_id), (2, made.pk))
        first.refresh_from_db()
        self.assertEqual((first.number, first.standard_min), (1, 10))
        self.assertEqual(ServiceRevision.objects.filter(service=found).count(), 2)

    def test_it_makes_no_revision_when_nothing_changed(self) -> None:
        found = service(self)
        self.assertIsNone(services.service_revise(service=found, content=content(self), by=self.executive))
        self.assertEqual(found.revisions.count(), 1)

    def test_it_refuses_steps_longer_than_the_standard_and_a_name_twice(self) -> None:
        service(self)
        with self.assertRaises(ValidationError):
            services.service_create(organisation=self.org, content=content(self, "อื่น", standard_min=5), by=None)
        with self.assertRaises(ValidationError):
            services.service_create(organisation=self.org, content=content(self), by=None)

    def test_it_withdraws_without_deleting(self) -> None:
        found = service(self)
        services.service_withdraw(service=found, by=self.executive, reason="ยกเลิกภารกิจ")
        found.refresh_from_db()
        self.assertTrue(found.withdrawn)
        self.assertEqual(found.revisions.count(), 1)
        with self.assertRaises(ProtectedError):
            found.current.delete()
        services.service_revise(service=found, content=content(self), by=self.executive)
        found.refresh_from_db()
        self.assertFalse(found.withdrawn)
