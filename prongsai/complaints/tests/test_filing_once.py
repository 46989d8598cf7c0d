"""One submission files one case; numbers never race; a failing notice costs no receipt; no clear times stored."""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import struct
import threading
import zipfile
from datetime import UTC, date, datetime
from unittest import mock

import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client, TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from prongsai.accounts.models import Notification
from prongsai.complaints import crypto, keys, services
from prongsai.complaints.models import Case, Message, ReceiptView, SentForm
from prongsai.complaints.tests.test_reporting import ReportingCase, database_text, jpeg_with_gps
from prongsai.core.testing import TemporaryMedia, make_user
from prongsai.core.thai import local_today
from prongsai.orgs.models import Membership, Organisation, Role

FILED_AT = datetime(2026, 3, 2, 7, 37, 21, 123456, tzinfo=UTC)  # 14:37:21 in Bangkok


def report_form(client: Client, org_slug: str = "alpha", **extra: object) -> tuple[str, dict[str, object]]:
    path = reverse("complaints:new", kwargs={"org_slug": org_slug})
    page = client.get(path).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token is not None
    data: dict[str, object] = {
        "form_token": token.group(1),
        "category": "corruption",
        "reporter_kind": "public",
        "what": "ONE-SUBMISSION",
        **extra,
    }
    return path, data


class OneSubmissionTests(ReportingCase):
    def test_it_files_one_case_when_the_same_form_is_posted_twice(self) -> None:
        path, data = report_form(self.anonymous)
        first = self.anonymous.post(path, data)
        again = self.anonymous.post(path, data)  # a double click, or the browser resending the POST
        self.assertEqual((first.status_code, again.status_code), (303, 303))
        self.assertEqual(again["Location"], first["Location"], "the same receipt page, not a new case")
        self.assertEqual(Case.objects.count(), 1)
        shown = self.anonymous.get(first["Location"])
        self.assertEqual(shown.status_code, 200)
        receipt = re.search(r"<output>(\d{4} \d{4} \d{4} \d{4})</output>", shown.content.decode())
        assert receipt is not None
        self.assertEqual(services.find_case(self.org, receipt.group(1).replace(" ", "")), Case.objects.get())
        reloaded = self.anonymous.get(first["Location"])
        self.assertEqual(reloaded.status_code, 200, "reloading the receipt files nothing and shows nothing")
        self.assertNotIn(receipt.group(1), reloaded.content.decode())
        self.assertContains(reloaded, "แสดงไปแล้ว")
        third = self.anonymous.post(path, data)  # back button and send once more
        self.assertEqual(third.status_code, 409)
        self.assertEqual(Case.objects.count(), 1)

    def test_it_keeps_the_waiting_receipt_only_sealed_and_removes_it_when_shown(self) -> None:
        path, data = report_form(self.anonymous)
        answer = self.anonymous.post(path, data)
        self.assertEqual(answer.status_code, 303)
        self.assertNotIn("receipt", answer.content.decode().lower())
        dump = database_text()
        view = answer["Location"].split("t=", 1)[1]
        self.assertNotIn(view.encode(), dump, "the page token is not stored, only its hash")
        shown = self.anonymous.get(answer["Location"]).content.decode()
        digits = re.search(r"<output>([\d ]+)</output>", shown)
        assert digits is not None
        self.assertNotIn(digits.group(1).replace(" ", "").encode(), dump, "the waiting receipt is sealed")
        self.assertFalse(ReceiptView.objects.exists())
        self.assertEqual(SentForm.objects.count(), 1)
        self.assertEqual(set(SentForm.objects.values_list("sent_on", flat=True)), {local_today()})

    def test_a_refused_form_can_be_corrected_and_sent_once(self) -> None:
        path, data = report_form(self.anonymous, what="")
        refused = self.anonymous.post(path, data)
        self.assertEqual(refused.status_code, 400)
        token = re.search(r'name="form_token" value="([^"]+)"', refused.content.decode())
        assert token is not None
        self.assertEqual(self.anonymous.post(path, data | {"form_token": token.group(1), "what": "x"}).status_code, 303)
        self.assertEqual(Case.objects.count(), 1)


class CaseNumberTests(ReportingCase):
    def test_it_numbers_after_a_deleted_case_without_collision(self) -> None:
        today = date(2026, 3, 2)
        made = [
            services.file_report(self.org, services.ReportData("general", "public", "x"), [], today=today)[0]
            for _ in range(3)
        ]
        made[0].delete()
        case, _receipt = services.file_report(self.org, services.ReportData("general", "public", "x"), [], today=today)
        self.assertEqual(case.number, "2569-0004")
        other, _ = services.file_report(self.other_org, services.ReportData("general", "public", "x"), [], today=today)
        self.assertEqual(other.number, "2569-0001", "each organisation counts on its own")

    def test_a_year_with_cases_from_before_the_counter_continues_after_its_highest_number(self) -> None:
        today = date(2026, 3, 2)
        case, _ = services.file_report(self.org, services.ReportData("general", "public", "x"), [], today=today)
        Case.objects.filter(pk=case.pk).update(number="2569-0041")
        from prongsai.complaints.models import CaseCounter

        CaseCounter.objects.all().delete()
        later, _ = services.file_report(self.org, services.ReportData("general", "public", "x"), [], today=today)
        self.assertEqual(later.number, "2569-0042")


class SimultaneousReportsTests(TransactionTestCase):
    def test_it_numbers_16_simultaneous_reports_without_refusing_one(self) -> None:
        if connection.vendor == "sqlite":
            self.skipTest("SQLite has one writer at a time: the race needs PostgreSQL (DATABASE_URL)")
        org = Organisation.objects.create(slug="race", name="อบต.แข่ง")
        barrier = threading.Barrier(16)
        errors: list[BaseException] = []

        def one() -> None:
            try:
                barrier.wait(timeout=30)
                services.file_report(org, services.ReportData("general", "public", "x"), [], today=date(2026, 3, 2))
            except BaseException as exc:  # collected for the assertion
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=one) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        numbers = sorted(Case.objects.filter(organisation=org).values_list("number", flat=True))
        self.assertEqual(numbers, [f"2569-{n:04d}" for n in range(1, 17)])


class NoticeFailureTests(TemporaryMedia, TransactionTestCase):
    """Real commits, so that what runs after the commit runs inside the request as in production."""

    def setUp(self) -> None:
        self.org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา")
        self.executive = make_user("a-executive")
        Membership.objects.create(user=self.executive, organisation=self.org, role=Role.EXECUTIVE)
        self.anonymous = Client(REMOTE_ADDR="127.0.0.77")

    def test_it_gives_the_receipt_when_the_notification_fails_after_the_commit(self) -> None:
        path, data = report_form(self.anonymous)
        locked = OperationalError("database is locked")
        with mock.patch.object(Notification.objects, "create", side_effect=locked):
            answer = self.anonymous.post(path, data)
        self.assertEqual(answer.status_code, 303)
        shown = self.anonymous.get(answer["Location"])
        self.assertEqual(shown.status_code, 200)
        self.assertRegex(shown.content.decode(), r"<output>\d{4} \d{4} \d{4} \d{4}</output>")
        self.assertEqual(Case.objects.count(), 1)
        self.assertFalse(Notification.objects.exists())
        # the lost notice is sent by the half-hourly sweep
        from prongsai.complaints import notices

        self.assertEqual(notices.resend_missing(local_today()), 1)
        self.assertTrue(Notification.objects.filter(user=self.executive).exists())

    def test_it_gives_the_receipt_when_the_queue_is_down(self) -> None:
        path, data = report_form(self.anonymous)
        with mock.patch("prongsai.complaints.tasks.notify_case", side_effect=ConnectionError("queue down")):
            answer = self.anonymous.post(path, data)
        self.assertEqual(answer.status_code, 303)
        self.assertEqual(self.anonymous.get(answer["Location"]).status_code, 200)


def times_in(token: bytes, around: datetime) -> list[int]:
    """Every 8-byte big-endian number in ``token`` (raw or base64) within two days of ``around``."""
    raw = bytes(token)
    variants = [raw]
    with contextlib.suppress(ValueError):
        variants.append(base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4)))
    centre = int(around.timestamp())
    found = []
    for data in variants:
        for start in range(len(data) - 7):
            (value,) = struct.unpack(">Q", data[start : start + 8])
            if abs(value - centre) < 2 * 86400:
                found.append(value)
    return found


class NoClearTimeTests(ReportingCase):
    def test_it_stores_no_time_finer_than_a_day(self) -> None:
        with time_machine.travel(FILED_AT, tick=False):
            status, _receipt = self.file(
                files=[SimpleUploadedFile("a.jpg", jpeg_with_gps())], give_contact="on", contact="081"
            )
            case = Case.objects.get()
            services.recipient_writes(case, self.executive, "QUESTION", internal=False, today=local_today())
        self.assertEqual(status, 303)
        attachment = case.attachments.get()
        with default_storage.open(attachment.path, "rb") as handle:
            stored_file = handle.read()
        tokens = {
            "report": bytes(case.report),
            "contact": bytes(case.contact or b""),
            "attachment name": bytes(attachment.name),
            "attachment bytes": stored_file,
            "message": bytes(Message.objects.get().body),
        }
        for what, token in tokens.items():
            with self.subTest(what=what):
                self.assertTrue(token.startswith(crypto.MAGIC), "the current form, not a Fernet token")
                self.assertEqual(times_in(token, FILED_AT), [], "no timestamp inside")
        # the notification of the new case is dated at midnight
        notices = Notification.objects.filter(key__startswith=f"complaints:{case.pk}:")
        self.assertTrue(notices.exists())
        for notice in notices:
            local = timezone.localtime(notice.created_at)
            self.assertEqual((local.hour, local.minute, local.second, local.microsecond), (0, 0, 0, 0))
            self.assertEqual(local.date(), date(2026, 3, 2))
        # the stored file and its folder carry the day, not the second of the filing
        full = default_storage.path(attachment.path)
        midnight = datetime(2026, 3, 2, tzinfo=timezone.get_current_timezone()).timestamp()
        for target in (full, os.path.dirname(full)):
            self.assertEqual(os.stat(target).st_mtime, midnight, target)

    def test_a_fernet_token_of_before_still_reads_and_rotation_rewrites_it(self) -> None:
        from cryptography.fernet import Fernet

        case, _ = services.file_report(
            self.org, services.ReportData("general", "public", "x"), [], today=FILED_AT.date()
        )
        old = Fernet(crypto.read_keys()[0]).encrypt_at_time(b'{"what": "OLD-FERNET"}', int(FILED_AT.timestamp()))
        self.assertEqual(times_in(old, FILED_AT), [int(FILED_AT.timestamp())], "the check finds a Fernet time")
        Case.objects.filter(pk=case.pk).update(report=old)
        case.refresh_from_db()
        self.assertEqual(services.report_fields(case)["what"], "OLD-FERNET")
        keys.reencrypt_all()
        case.refresh_from_db()
        self.assertTrue(bytes(case.report).startswith(crypto.MAGIC))
        self.assertEqual(services.report_fields(case)["what"], "OLD-FERNET")
        self.assertEqual(times_in(bytes(case.report), FILED_AT), [])


class AttachmentMetadataTests(ReportingCase):
    def test_it_stores_docx_and_pdf_attachments_without_any_metadata(self) -> None:
        from prongsai.core.tests.test_scrub import MARKERS, all_pdf_text, docx_with_metadata, pdf_with_metadata

        files = [
            SimpleUploadedFile("บันทึก.docx", docx_with_metadata()),
            SimpleUploadedFile("หลักฐาน.pdf", pdf_with_metadata()),
        ]
        status, _receipt = self.file(files=files)
        self.assertEqual(status, 303)
        docx, pdf = Case.objects.get().attachments.order_by("pk")
        with zipfile.ZipFile(io.BytesIO(services.attachment_bytes(docx))) as archive:
            for entry in archive.infolist():
                data = archive.read(entry)
                for marker in MARKERS:
                    self.assertNotIn(marker.encode(), data, f"{marker} in {entry.filename}")
                if entry.filename.endswith(".jpeg"):
                    with Image.open(io.BytesIO(data)) as image:
                        self.assertEqual(len(image.getexif()), 0)
        stored_pdf = all_pdf_text(services.attachment_bytes(pdf))
        for marker in MARKERS:
            self.assertNotIn(marker.encode(), stored_pdf, marker)
        self.assertNotIn(b"xmpmeta", stored_pdf)


class HousekeepingTests(ReportingCase):
    def test_the_half_hourly_task_forgets_old_form_nonces_and_counters(self) -> None:
        from prongsai.complaints import receipts, tasks
        from prongsai.complaints.models import ThrottleCount

        SentForm.objects.create(digest=b"x" * 32, sent_on=date(2020, 1, 1))
        SentForm.objects.create(digest=b"y" * 32, sent_on=local_today())
        ThrottleCount.objects.create(name="fail:old", window=receipts._window() - 3, count=1)
        tasks.complaint_notices.call_local()
        self.assertEqual(list(SentForm.objects.values_list("digest", flat=True)), [b"y" * 32])
        self.assertFalse(ThrottleCount.objects.exists())
