"""The anonymous channel end to end: filing, the receipt, nothing kept of the reporter, encryption, the recipients."""

from __future__ import annotations

import io
import logging
import re
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from prongsai.accounts.models import Notification
from prongsai.complaints import anonymous, clock, crypto, receipts, services
from prongsai.complaints.models import Access, Attachment, Case, Message
from prongsai.core.testing import PersonaTestCase, TemporaryMedia, make_user
from prongsai.core.thai import local_today
from prongsai.orgs.models import Membership, Role

MARKER = "MARKER-7f3a9c-ลับมาก"
AGENT = "Mozilla/5.0 AGENT-MARKER-51c2"
ADDRESS = "127.0.0.77"
REFERRER = "http://127.0.0.1/REFERRER-MARKER-e8d1"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker-EXIF-MARKER"  # Make
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0), 3: "E", 4: (100.0, 30.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "AUTHOR-MARKER Somchai", "/Creator": "Word"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class ReportingCase(TemporaryMedia, PersonaTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.anonymous = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_REFERER=REFERRER)

    def form_page(self, path: str) -> str:
        response = self.anonymous.get(path)
        self.assertEqual(response.status_code, 200)
        match = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
        assert match is not None
        return match.group(1)

    def file(
        self, *, what: str = MARKER, files: list[SimpleUploadedFile] | None = None, **extra: object
    ) -> tuple[int, str]:
        path = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        data: dict[str, object] = {
            "form_token": self.form_page(path),
            "category": "corruption",
            "reporter_kind": "staff",
            "what": what,
            "when": "มีนาคม 2569",
            "where": "ห้องพัสดุ WHERE-MARKER-3b",
            "who": "หัวหน้าฝ่าย",
            **extra,
        }
        if files:
            data["attachments"] = files
        with self.captureOnCommitCallbacks(execute=True):
            response = self.anonymous.post(path, data)
        if response.status_code != 303:
            return response.status_code, response.content.decode()
        shown = self.anonymous.get(response["Location"])
        self.assertEqual(shown.status_code, 200)
        text = shown.content.decode()
        match = re.search(r"<output>(\d{4} \d{4} \d{4} \d{4})</output>", text)
        return response.status_code, (match.group(1) if match else text)

    def open_with_receipt(self, receipt: str) -> str:
        path = reverse("complaints:reporter_case", kwargs={"org_slug": "alpha"})
        response = self.anonymous.post(path, {"form_token": self.form_page(path), "receipt": receipt})
        self.assertEqual(response.status_code, 200, response.content.decode()[:500])
        return response.content.decode()


class FilingTests(ReportingCase):
    def test_a_report_with_attachments_gets_a_receipt_and_is_stored_encrypted_without_metadata(self) -> None:
        files = [
            SimpleUploadedFile("รูปถ่าย.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            SimpleUploadedFile("หลักฐาน.pdf", pdf_with_author(), content_type="application/pdf"),
        ]
        before = self.stored_files()
        status, receipt = self.file(files=files, give_contact="on", contact="โทร 081-000-0000 CONTACT-MARKER")
        self.assertEqual(len(self.stored_files() - before), 2, "both attachments stored")
        self.assertEqual(status, 303, receipt)
        self.assertRegex(receipt, r"^[1-9]\d{3} \d{4} \d{4} \d{4}$")
        case = Case.objects.get()
        self.assertEqual(case.number, f"{case.fiscal_year}-0001")
        self.assertEqual(services.report_fields(case)["what"], MARKER)
        self.assertIn("CONTACT-MARKER", services.contact_text(case))
        self.assertEqual(case.due_on, date.fromordinal(case.received_on.toordinal() + 15))
        photo, pdf = case.attachments.order_by("pk")
        self.assertEqual(services.attachment_name(photo), "รูปถ่าย.jpg")
        image = Image.open(io.BytesIO(services.attachment_bytes(photo)))
        self.assertEqual(len(image.getexif()), 0, "EXIF and GPS removed")
        self.assertIsNone(PdfReader(io.BytesIO(services.attachment_bytes(pdf))).metadata)
        with default_storage.open(photo.path, "rb") as handle:
            stored = handle.read()
        self.assertNotIn(b"\xff\xd8", stored[:4], "the stored file is encrypted")
        self.assertNotIn(b"CameraMaker", services.attachment_bytes(photo))
        self.assertNotIn(b"AUTHOR-MARKER", services.attachment_bytes(pdf))
        # the receipt opens the case; the hash, not the receipt, is stored
        self.assertEqual(services.find_case(self.org, receipt.replace(" ", "")), case)
        self.assertNotIn(receipt.replace(" ", "").encode(), bytes(case.receipt_hash))

    def test_contact_details_are_dropped_unless_the_box_is_ticked(self) -> None:
        status, _receipt = self.file(contact="typed then unticked")
        self.assertEqual(status, 303)
        self.assertIsNone(Case.objects.get().contact)

    def test_wrong_type_and_oversized_files_are_refused_by_name_and_nothing_is_saved(self) -> None:
        before = self.stored_files()
        html = SimpleUploadedFile(
            "report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
        )
        status, text = self.file(files=[html])
        self.assertEqual(status, 400)
        self.assertIn("report.pdf", text)
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n")
        status, text = self.file(files=[big])
        self.assertEqual(status, 400)
        self.assertIn("big.pdf", text)
        self.assertIn("10", text)
        good = SimpleUploadedFile("ok.jpg", jpeg_with_gps())
        status, text = self.file(files=[good, html])
        self.assertEqual(status, 400, "one bad file refuses the whole report")
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), before, "no file left behind")

    def test_a_request_beyond_five_full_files_is_refused_with_a_message(self) -> None:
        big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + b"\n%%EOF\n"
        files = [SimpleUploadedFile(f"f{n}.pdf", big) for n in range(5)]
        status, text = self.file(files=files)
        self.assertEqual(status, 400)
        self.assertIn("10 MB", text)
        self.assertIn(MARKER, text, "what was typed before the files is kept")
        self.assertFalse(Case.objects.exists())

    def test_missing_fields_and_everyone_excluded_are_named(self) -> None:
        path = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        response = self.anonymous.post(path, {"form_token": self.form_page(path), "category": "corruption"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'href="#id_what"', status_code=400)
        self.assertContains(response, 'href="#id_reporter_kind"', status_code=400)
        status, _text = self.file(excluded=[self.executive.pk, self.ethics.pk])
        self.assertEqual(status, 400)
        self.assertFalse(Case.objects.exists())

    def test_the_form_needs_its_token_and_refuses_other_sites(self) -> None:
        path = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        data = {"category": "corruption", "reporter_kind": "public", "what": "x"}
        self.assertEqual(self.anonymous.post(path, data).status_code, 403)
        self.assertEqual(self.anonymous.post(path, data | {"form_token": "forged"}).status_code, 403)
        token = self.form_page(path)
        response = self.anonymous.post(path, data | {"form_token": token}, HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(response.status_code, 403)
        receipt_token = anonymous.form_token("receipt")
        self.assertEqual(self.anonymous.post(path, data | {"form_token": receipt_token}).status_code, 403)
        self.assertFalse(Case.objects.exists())

    def test_text_is_escaped_everywhere(self) -> None:
        script = "<script>alert('x')</script>"
        status, receipt = self.file(what=script, who=script)
        self.assertEqual(status, 303)
        case = Case.objects.get()
        self.client.force_login(self.executive)
        page = self.client.get(reverse("complaints:case", kwargs={"org_slug": "alpha", "case_number": case.number}))
        self.assertNotContains(page, script)
        self.assertContains(page, "&lt;script&gt;")
        reporter = self.open_with_receipt(receipt)
        self.assertNotIn(script, reporter)


class NothingThatIdentifiesTests(ReportingCase):
    def test_no_cookie_no_referrer_no_cache_no_third_party_assets(self) -> None:
        for name in ("start", "new", "reporter_case", "protection"):
            response = self.anonymous.get(reverse(f"complaints:{name}", kwargs={"org_slug": "alpha"}))
            with self.subTest(name=name):
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Referrer-Policy"], "no-referrer")
                self.assertEqual(response["Cache-Control"], "no-store")
                self.assertFalse(response.cookies, "no cookie set")
                self.assertNotIn("Set-Cookie", response.headers)
                for url in re.findall(r'(?:src|href)="([^"]+)"', response.content.decode()):
                    self.assertFalse(url.startswith(("http:", "https:", "//")), url)

    def test_a_signed_in_staff_member_reports_as_nobody(self) -> None:
        self.client.force_login(self.staff)
        path = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        page = self.client.get(path)
        self.assertNotContains(page, self.staff.display_name())
        token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
        assert token is not None
        response = self.client.post(
            path, {"form_token": token.group(1), "category": "general", "reporter_kind": "staff", "what": MARKER}
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(response.cookies)

    def test_no_address_agent_or_referrer_in_the_database_or_the_logs(self) -> None:
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("prongsai").debug("start")
            status, receipt = self.file(files=[SimpleUploadedFile("a.jpg", jpeg_with_gps())])
            self.open_with_receipt(receipt)
        self.assertEqual(status, 303)
        text = "\n".join(logs.output)
        for marker in (ADDRESS, "AGENT-MARKER", "REFERRER-MARKER"):
            self.assertNotIn(marker, text)
        dump = database_text()
        for marker in (ADDRESS, "AGENT-MARKER", "REFERRER-MARKER", MARKER, "MARKER-7f3a9c"):
            self.assertNotIn(marker.encode(), dump, f"{marker} found in the database")

    def test_the_database_file_holds_no_plaintext(self) -> None:
        status, _receipt = self.file(give_contact="on", contact="CONTACT-MARKER-99")
        self.assertEqual(status, 303)
        case = Case.objects.get()
        services.recipient_writes(case, self.executive, "RECIPIENT-MARKER-42", internal=False, today=local_today())
        if connection.vendor != "sqlite":
            self.skipTest("the PostgreSQL dump is tested in test_dump.py")
        connection.ensure_connection()
        # The database file's bytes as SQLite would write them (the test database lives in memory),
        # taken on the test's own connection so its uncommitted rows are included.
        data = connection.connection.serialize()
        self.assertGreater(len(data), 10000)
        self.assertIn(b"corruption", data, "the search finds what is stored in the clear")
        for marker in ("MARKER-7f3a9c", "CONTACT-MARKER-99", "RECIPIENT-MARKER-42", "WHERE-MARKER-3b", "ห้องพัสดุ"):
            self.assertNotIn(marker.encode(), data, marker)


def database_text() -> bytes:
    """Every value of every table, as bytes (for searching)."""
    out = io.BytesIO()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                for value in row:
                    out.write(bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode())
                    out.write(b"\n")
    return out.getvalue()


class ReceiptTests(ReportingCase):
    def test_the_reporter_reads_a_question_and_answers_it_with_the_receipt_alone(self) -> None:
        _status, receipt = self.file()
        case = Case.objects.get()
        services.recipient_writes(case, self.ethics, "QUESTION: เกิดขึ้นกี่ครั้ง", internal=False, today=local_today())
        services.recipient_writes(case, self.ethics, "INTERNAL-NOTE", internal=True, today=local_today())
        page = self.open_with_receipt(receipt.replace(" ", "-"))
        self.assertIn("QUESTION", page)
        self.assertNotIn("INTERNAL-NOTE", page)
        form_token = re.search(r'name="form_token" value="([^"]+)"', page)
        case_token = re.search(r'name="case_token" value="([^"]+)"', page)
        assert form_token
        assert case_token
        path = reverse("complaints:reporter_case", kwargs={"org_slug": "alpha"})
        reply = {"form_token": form_token.group(1), "case_token": case_token.group(1), "body": "ANSWER สามครั้ง"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.anonymous.post(path, reply)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ANSWER สามครั้ง")
        self.assertEqual(self.anonymous.post(path, reply).status_code, 200, "the same form sent again")
        answers = [services.message_body(m) for m in case.messages.filter(author_kind=Message.Author.REPORTER)]
        self.assertEqual(answers, ["ANSWER สามครั้ง"], "stored once")
        keys = Notification.objects.filter(user=self.executive).values_list("key", flat=True)
        self.assertEqual(len([k for k in keys if k.startswith(f"complaints:{case.pk}:reporter:")]), 1)

    def test_a_case_token_does_not_open_another_organisations_case(self) -> None:
        self.file()
        case = Case.objects.get()
        path = reverse("complaints:reporter_case", kwargs={"org_slug": "bravo"})
        response = self.anonymous.post(
            path,
            {"form_token": anonymous.form_token("reply"), "case_token": anonymous.case_token(case.pk), "body": "x"},
        )
        self.assertEqual(response.status_code, 403)

    def test_guessing_receipts_is_throttled_without_storing_who_tried(self) -> None:
        path = reverse("complaints:reporter_case", kwargs={"org_slug": "alpha"})
        statuses = []
        for n in range(receipts.FAILURES_PER_CLIENT + 2):
            response = self.anonymous.post(path, {"form_token": self.form_page(path), "receipt": f"{n + 1:016d}"})
            statuses.append(response.status_code)
        self.assertEqual(statuses[: receipts.FAILURES_PER_CLIENT], [400] * receipts.FAILURES_PER_CLIENT)
        self.assertEqual(statuses[-1], 429)
        other = Client(REMOTE_ADDR="127.0.0.78")
        response = other.get(path)
        token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
        assert token is not None
        self.assertEqual(other.post(path, {"form_token": token.group(1), "receipt": "1" * 16}).status_code, 400)
        self.assertNotIn(ADDRESS.encode(), database_text())
        # the counters are opaque, per organisation, and rotate with their key
        bucket = receipts.client_bucket("alpha", ADDRESS)
        self.assertNotIn(ADDRESS, bucket)
        self.assertNotEqual(bucket, receipts.client_bucket("bravo", ADDRESS))
        with time_machine.travel(receipts.THROTTLE_WINDOW * 3, tick=False):
            self.assertNotEqual(receipts.client_bucket("alpha", ADDRESS).split(":")[1], bucket.split(":")[1])

    def test_receipts_are_normalised(self) -> None:
        self.assertEqual(receipts.normalise("๔๘๒๑ ๐๓๗๕-9916 2048"), "4821037599162048")
        self.assertIsNone(receipts.normalise("4821 0375"))
        self.assertEqual(receipts.display("4821037599162048"), "4821 0375 9916 2048")


class RecipientTests(ReportingCase):
    def setUp(self) -> None:
        super().setUp()
        self.file(excluded=[self.ethics.pk])
        self.case = Case.objects.get()

    def url(self, name: str = "case", **kwargs: object) -> str:
        return reverse(f"complaints:{name}", kwargs={"org_slug": "alpha", "case_number": self.case.number, **kwargs})

    def test_only_the_routed_recipients_read_a_case(self) -> None:
        expected = {
            "executive": 200,
            "ethics_committee": 404,  # excluded by the reporter
            "ita_coordinator": 403,  # of the organisation, not a recipient
            "unit_head": 403,
            "staff": 403,
            "supervisor": 403,
            "other_org_executive": 404,
            "other_org_staff": 404,
            "other_province_supervisor": 404,
            "platform_admin": 404,
        }
        for persona, user in self.personas().items():
            self.client.force_login(user)
            with self.subTest(persona=persona):
                self.assertEqual(self.client.get(self.url()).status_code, expected[persona])
                attachment_url = self.url("case_message")
                self.assertIn(self.client.post(attachment_url, {"body": "x"}).status_code, (302, 403, 404))
        authors = set(self.case.messages.values_list("author__username", flat=True))
        self.assertEqual(authors, {self.executive.username}, "only the recipient's message was saved")
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_reads_are_logged_where_recipients_see_them(self) -> None:
        second = make_user("second-ethics")
        Membership.objects.create(user=second, organisation=self.org, role=Role.ETHICS_COMMITTEE)
        self.client.force_login(self.executive)
        self.client.get(self.url())
        self.client.force_login(second)
        page = self.client.get(self.url())
        self.assertContains(page, self.executive.display_name())
        self.assertEqual(Access.objects.filter(case=self.case, action=Access.Action.READ_CASE).count(), 2)

    def test_the_workflow_with_messages_to_the_reporter(self) -> None:
        self.client.force_login(self.executive)
        for state in ("acknowledged", "fact_finding"):
            self.assertEqual(self.client.post(self.url("case_step"), {"to_state": state}).status_code, 302)
        self.client.post(self.url("case_step"), {"to_state": "concluded", "outcome": "referred"})
        self.case.refresh_from_db()
        self.assertEqual(self.case.state, "fact_finding", "a referral needs the agency")
        self.client.post(self.url("case_step"), {"to_state": "concluded", "outcome": "referred", "referred_to": "สตง."})
        self.client.post(self.url("case_step"), {"to_state": "fact_finding"})
        self.case.refresh_from_db()
        self.assertEqual((self.case.state, self.case.outcome, self.case.referred_to), ("concluded", "referred", "สตง."))
        to_reporter = [m.to_state for m in self.case.messages.filter(internal=False)]
        self.assertEqual(to_reporter, ["acknowledged", "fact_finding", "concluded"])

    def test_notifications_say_nothing_of_the_case(self) -> None:
        notes = Notification.objects.filter(user=self.executive)
        self.assertEqual(notes.count(), 1)
        note = notes.get()
        self.assertNotIn("MARKER", note.subject + note.body)
        self.assertNotIn("corruption", (note.subject + note.body).lower())
        self.assertNotIn("ทุจริต", note.subject + note.body)
        self.assertFalse(Notification.objects.filter(user=self.ethics).exists(), "the excluded recipient is not told")


class ClockTests(PersonaTestCase):
    def test_reminders_on_day_10_and_14_and_escalation_when_overdue(self) -> None:
        received = date(2026, 3, 2)
        case, _receipt = services.file_report(
            self.org, services.ReportData("corruption", "public", "x"), [], today=received
        )
        Notification.objects.all().delete()
        sent_on: dict[date, int] = {}
        for offset in range(0, 20):
            day = date.fromordinal(received.toordinal() + offset)
            with time_machine.travel(day, tick=False):
                sent_on[day] = clock.send_clock_reminders(day)
                clock.send_clock_reminders(day)  # twice: nothing twice
        days = {(day - received).days: n for day, n in sent_on.items() if n}
        # day 10 and day 14 of the 15-day clock, then the day after the due day
        self.assertEqual(sorted(days), [10, 14, 16])
        self.assertEqual(days[10], 2, "the executive and the ethics committee")
        self.assertEqual(days[16], 1, "the executive only")
        case.refresh_from_db()
        self.assertEqual(case.escalated_on, date(2026, 3, 18))

    def test_a_concluded_case_gets_no_reminder(self) -> None:
        received = date(2026, 3, 2)
        case, _ = services.file_report(self.org, services.ReportData("general", "public", "x"), [], today=received)
        for state in ("acknowledged", "fact_finding"):
            case = services.step(case, self.executive, state, message="", today=received)
        services.step(case, self.executive, "concluded", message="", outcome="substantiated", today=received)
        self.assertEqual(clock.send_clock_reminders(date(2026, 3, 12)), 0)


@override_settings(COMPLAINT_KEYS="")
class KeyFileTests(PersonaTestCase):
    def test_a_key_file_is_made_once_and_rotation_reencrypts(self) -> None:
        from django.core.management import call_command

        with TemporaryDirectory() as folder, override_settings(COMPLAINT_KEY_FILE=Path(folder) / "keys"):
            case, receipt = services.file_report(
                self.org, services.ReportData("general", "public", "ROTATE-ME"), [], today=date(2026, 3, 2)
            )
            key_file = Path(folder) / "keys"
            self.assertEqual(key_file.stat().st_mode & 0o777, 0o600)
            first = key_file.read_text().split()
            out = io.StringIO()
            call_command("complaint-keys", "rotate", "--drop-old", stdout=out)
            after = key_file.read_text().split()
            self.assertEqual(len(after), 1)
            self.assertNotEqual(after, first)
            case.refresh_from_db()
            self.assertEqual(services.report_fields(case)["what"], "ROTATE-ME")
            crypto.clear_cache()
            call_command("complaint-keys", "status", stdout=out)
            self.assertIn("every stored value can be decrypted", out.getvalue())
            self.assertEqual(services.find_case(self.org, receipt), case, "receipts do not depend on the keys")


class PosterAndGuidelineTests(ReportingCase):
    def test_the_poster_is_one_a4_page_with_the_reporting_address(self) -> None:
        response = self.anonymous.get(reverse("complaints:poster", kwargs={"org_slug": "alpha"}))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        reader = PdfReader(io.BytesIO(response.content))
        self.assertEqual(len(reader.pages), 1)
        box = reader.pages[0].mediabox
        self.assertEqual((round(float(box.width)), round(float(box.height))), (595, 842))
        self.assertIn("/alpha/complaints/new/", reader.pages[0].extract_text())

    def test_the_guideline_names_the_clock_and_the_protection(self) -> None:
        page = self.anonymous.get(reverse("complaints:protection", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, "15")
        self.assertContains(page, "แนวทางคุ้มครองผู้แจ้งเบาะแส")


class OitStatisticsTests(PersonaTestCase):
    def test_the_statistics_become_versions_of_the_oit_item(self) -> None:
        from prongsai.complaints.oit import attach_statistics
        from prongsai.disclosure.models import OitItem
        from prongsai.ita.framework import framework_load

        framework_load(fiscal_years=[2569])
        services.file_report(self.org, services.ReportData("corruption", "public", "x"), [], today=date(2025, 11, 3))
        self.client.force_login(self.ethics)
        with time_machine.travel(date(2026, 4, 2), tick=False):
            response = self.client.post(
                reverse("complaints:oit_statistics", kwargs={"org_slug": "alpha"}), {"year": 2569}
            )
        self.assertEqual(response.status_code, 302)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O18")  # the framework's item of 2569
        self.assertEqual(response["Location"], f"/alpha/staff/oit/2569/{item.slug}/")
        documents = list(item.documents.order_by("position"))
        self.assertEqual([d.name.rsplit(".", 1)[-1] for d in documents], ["pdf", "xlsx"])
        self.assertEqual(documents[0].period_end, date(2026, 4, 2))
        attach_statistics(self.org, 2569, by=self.executive, today=date(2026, 5, 1))
        self.assertEqual([d.versions.count() for d in item.documents.order_by("position")], [2, 2])
        item.refresh_from_db()
        self.assertEqual(item.state, "draft")
        self.assertFalse(OitItem.objects.filter(organisation=self.other_org).exists())

    def test_only_recipients_may_send_and_a_year_without_the_item_says_so(self) -> None:
        url = reverse("complaints:oit_statistics", kwargs={"org_slug": "alpha"})
        self.client.force_login(self.staff)
        self.assertIn(self.client.post(url, {"year": 2569}).status_code, (403, 404))
        self.client.force_login(self.executive)
        response = self.client.post(url, {"year": 2590}, follow=True)
        self.assertContains(response, "2590")


class RetentionTests(PersonaTestCase):
    def test_old_closed_cases_are_listed_never_deleted(self) -> None:
        received = date(2014, 3, 3)
        case, _ = services.file_report(self.org, services.ReportData("general", "public", "old"), [], today=received)
        for state in ("acknowledged", "fact_finding"):
            case = services.step(case, self.executive, state, message="", today=received)
        case = services.step(case, self.executive, "concluded", message="", outcome="substantiated", today=received)
        case = services.step(case, self.executive, "closed", message="", today=received)
        self.assertEqual(list(clock.due_for_review(self.org, date(2026, 3, 2))), [case])
        self.assertEqual(list(clock.due_for_review(self.org, date(2024, 3, 2))), [])
        services.set_legal_hold(case, self.executive, True)
        self.assertEqual(list(clock.due_for_review(self.org, date(2026, 3, 2))), [])
        clock.send_clock_reminders(date(2026, 3, 2))
        self.assertTrue(Case.objects.filter(pk=case.pk).exists())


class StaffCsrfAndDemoBoardTests(PersonaTestCase):
    def test_recipients_forms_need_the_csrf_token(self) -> None:
        case, _ = services.file_report(
            self.org, services.ReportData("general", "public", "x"), [], today=date(2026, 3, 2)
        )
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.executive)
        kwargs = {"org_slug": "alpha", "case_number": case.number}
        self.assertEqual(
            client.post(reverse("complaints:case_step", kwargs=kwargs), {"to_state": "acknowledged"}).status_code, 403
        )
        self.assertEqual(client.post(reverse("complaints:case_message", kwargs=kwargs), {"body": "x"}).status_code, 403)
        case.refresh_from_db()
        self.assertEqual((case.state, case.messages.count()), ("received", 0))

    def test_the_board_shows_the_demo_cases(self) -> None:
        from prongsai.complaints import demo
        from prongsai.orgs.demo import load_demo

        load_demo(steps=[demo.load])  # the organisations and the complaints' step: the rest is not on the board
        with time_machine.travel(date(2026, 4, 2), tick=False):
            html = self.client.get("/pho-nong/complaints/board/?year=2569").content.decode()
        self.assertIn("&lt; 3", html, "small counts suppressed")
        self.assertIn(">8<", html, "the demo's eight cases of FY2569")
        self.assertNotIn("ข้อมูลสาธิต", html, "no text of a case")


class InboxTests(PersonaTestCase):
    def test_the_inbox_lists_the_cases_under_a_plain_title(self) -> None:
        case, _ = services.file_report(
            self.org, services.ReportData("general", "public", "x"), [], today=date(2026, 3, 2)
        )
        self.client.force_login(self.executive)
        html = self.client.get(reverse("complaints:inbox", kwargs={"org_slug": "alpha"})).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None
        self.assertNotIn("<", title.group(1))
        self.assertEqual(html.count('name="year"'), 1, "the statistics form once, in the page")
        self.assertIn(case.number, html)
