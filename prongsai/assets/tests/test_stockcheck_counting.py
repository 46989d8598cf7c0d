"""Counting: the phone's JSON queue (idempotent by scan id and by code and room), codes read from the asset's
QR address, the file import (all or nothing, Thai headers, the command), moves decided by the committee,
and who may do what."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command

from prongsai.assets.models import Asset, CommitteeMember, MoveDecision, Scan
from prongsai.assets.stockcheck import services
from prongsai.assets.stockcheck.codes import normalise_code
from prongsai.assets.stockcheck.selectors import reconciliation_of
from prongsai.core.history import changes_of
from prongsai.core.importing import ImportFailed
from prongsai.core.testing import PersonaTestCase


class CountingTests(PersonaTestCase):
    def setUp(self) -> None:
        self.asset = Asset.objects.create(
            organisation=self.org, code="416-59-0001", name="คอมพิวเตอร์", room="ห้องคลัง", unit=self.finance
        )
        Asset.objects.create(organisation=self.org, code="416-59-0002", name="ตู้", room="ห้องคลัง", unit=self.finance)
        self.round = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        CommitteeMember.objects.create(round=self.round, user=self.staff, role="member")
        self.sync_url = f"/alpha/staff/assets/stockcheck/{self.round.pk}/scans/"

    def post_scans(self, scans: list[dict[str, str]]) -> dict:
        response = self.client.post(self.sync_url, json.dumps({"scans": scans}), content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_it_reads_the_code_from_the_asset_address_or_takes_it_bare(self) -> None:
        for text in (
            "https://prongsai.example/pho-nong/a/416-59-0001/",
            "http://127.0.0.1:8000/pho-nong/a/416-59-0001",
            "/pho-nong/a/416%2D59%2D0001/",
            " 416-59-0001 ",
            "๔๑๖-๕๙-๐๐๐๑",
        ):
            with self.subTest(text=text):
                self.assertEqual(normalise_code(text), "416-59-0001")

    def test_the_same_scan_twice_counts_once(self) -> None:
        self.client.force_login(self.staff)
        scan = {
            "scan_id": "abc123",
            "code": "https://x.example/alpha/a/416-59-0001/",
            "room": "ห้องคลัง",
            "condition": "usable",
            "counted_at": "2025-10-02T02:00:00.000Z",
        }
        first = self.post_scans([scan])["results"][0]
        self.assertEqual((first["ok"], first["created"], first["code"]), (True, True, "416-59-0001"))
        again = self.post_scans([scan, {**scan, "scan_id": "other-id"}])["results"]
        self.assertEqual([r["created"] for r in again], [False, False])
        self.assertEqual(Scan.objects.filter(round=self.round).count(), 1)
        saved = Scan.objects.get()
        self.assertEqual(
            (saved.counted_by, saved.condition, saved.counted_at.isoformat()),
            (self.staff, "usable", "2025-10-02T02:00:00+00:00"),
        )
        # The same code in another room is another sighting; a bad scan is answered alone.
        answers = self.post_scans(
            [{**scan, "scan_id": "x2", "room": "ห้องปลัด"}, {"scan_id": "bad", "code": "", "room": "ห้อง"}]
        )
        self.assertEqual([r["ok"] for r in answers["results"]], [True, False])
        future = self.post_scans([{**scan, "scan_id": "x3", "counted_at": "2999-01-01T00:00:00Z"}])["results"][0]
        self.assertEqual(future["ok"], False)
        self.assertEqual(Scan.objects.filter(round=self.round).count(), 2)

    def test_only_the_committee_and_managers_count_and_no_one_from_elsewhere(self) -> None:
        scan = {"scan_id": "z", "code": "416-59-0001", "room": "ห้องคลัง"}
        body = json.dumps({"scans": [scan]})
        for user, status in (
            (self.unit_head, 403),
            (self.supervisor, 403),
            (self.ethics, 403),
            (self.other_executive, 404),
            (self.coordinator, 200),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(self.sync_url, body, content_type="application/json")
                self.assertEqual(response.status_code, status)
        # Everyone of the organisation sees the round; the room page offers counting to the committee only.
        room = self.round.rooms.get()
        page = f"/alpha/staff/assets/stockcheck/{self.round.pk}/rooms/{room.pk}/"
        self.client.force_login(self.supervisor)
        self.assertNotContains(self.client.get(page), 'id="counter"')
        self.client.force_login(self.staff)
        response = self.client.get(page)
        self.assertContains(response, 'id="counter"')
        self.assertIn("camera=(self)", response.headers["Permissions-Policy"])
        self.assertNotIn("<script>", response.content.decode())
        # The form without script records too.
        self.client.post(page, {"code": "416-59-0002", "condition": "damaged", "note": "ขาหัก"})
        self.assertEqual(Scan.objects.get(code="416-59-0002").condition, "damaged")

    def test_it_refuses_a_request_it_cannot_read(self) -> None:
        self.client.force_login(self.staff)
        for body in ("nonsense", json.dumps({"scans": "x"}), json.dumps({"nothing": []})):
            with self.subTest(body=body):
                self.assertEqual(
                    self.client.post(self.sync_url, body, content_type="application/json").status_code, 400
                )
        too_many = json.dumps({"scans": [{"code": "a", "room": "b"}] * 501})
        self.assertEqual(self.client.post(self.sync_url, too_many, content_type="application/json").status_code, 413)

    def test_the_import_takes_thai_headers_and_refuses_the_whole_file_on_one_bad_cell(self) -> None:
        good = "ห้อง,เลขครุภัณฑ์,สภาพ,วันเวลาที่นับ\nห้องคลัง,416-59-0001,ใช้การได้,2/10/2568 09:30\nห้องคลัง,๔๑๖-๕๙-๐๐๐๒,ชำรุด,2/10/2568 09:31\nห้องคลัง,416-59-0002,ชำรุด,2/10/2568 09:32\n"
        bad = good + "ห้องคลัง,416-59-0003,พังยับ,2/10/2568 09:33\n"
        with self.assertRaises(ImportFailed) as failed:
            from prongsai.assets.stockcheck.importing import scans_import

            scans_import(round_=self.round, file_name="count.csv", content=bad.encode(), by=None)
        error = failed.exception.errors[0]
        self.assertEqual((error.row, error.column, error.value), (5, "สภาพ", "พังยับ"))
        self.assertFalse(Scan.objects.exists())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "count.csv"
            path.write_text(good, encoding="utf-8")
            out = io.StringIO()
            call_command("stockcheck-import", "--org", "alpha", "--round", str(self.round.pk), str(path), stdout=out)
            self.assertIn("รายการสแกนใหม่ 2 รายการ นับไว้แล้ว 1 รายการ", out.getvalue())  # Thai by default
            call_command("stockcheck-import", "--org", "alpha", "--round", str(self.round.pk), str(path), stdout=out)
        scans = dict(Scan.objects.values_list("code", "condition"))
        self.assertEqual(scans, {"416-59-0001": "usable", "416-59-0002": "damaged"})
        self.assertEqual(Scan.objects.get(code="416-59-0001").source, "file")
        self.assertEqual(reconciliation_of(self.round).counts["damaged"], 1)

    def test_the_upload_on_the_round_page_is_all_or_nothing_too(self) -> None:
        self.client.force_login(self.staff)
        url = f"/alpha/staff/assets/stockcheck/{self.round.pk}/import/"
        upload = io.BytesIO("room,code,condition,counted_at\nห้องคลัง,416-59-0001,,\nห้องคลัง,,usable,\n".encode())
        upload.name = "count.csv"
        response = self.client.post(url, {"file": upload})
        self.assertContains(response, "เลขครุภัณฑ์")
        self.assertFalse(Scan.objects.exists())
        upload = io.BytesIO("room,code\nห้องคลัง,416-59-0001\n".encode())
        upload.name = "count.csv"
        self.assertEqual(self.client.post(url, {"file": upload}).status_code, 302)
        self.assertEqual(Scan.objects.get().condition, "usable")
        self.assertEqual(self.client.get(url + "template.xlsx").status_code, 200)

    def test_the_upload_of_a_signed_round_says_why_under_the_file_and_records_nothing(self) -> None:
        self.round.state = self.round.State.REPORTED
        self.round.save(update_fields=["state"])
        self.client.force_login(self.staff)
        upload = io.BytesIO("room,code\nห้องคลัง,416-59-0001\n".encode())
        upload.name = "count.csv"
        response = self.client.post(f"/alpha/staff/assets/stockcheck/{self.round.pk}/import/", {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["import_form"].errors["file"], ["รอบนี้ลงนามรายงานผลแล้ว แก้ไขผลการตรวจนับไม่ได้อีก"])
        self.assertFalse(Scan.objects.exists())

    def test_a_move_is_proposed_and_only_an_accepted_one_changes_the_register_through_its_history(self) -> None:
        other = Asset.objects.get(code="416-59-0002")
        for code in ("416-59-0001", "416-59-0002"):
            services.scan_record(round_=self.round, data={"code": code, "room": "ห้องประชุม"}, by=self.staff)
        result = reconciliation_of(self.round)
        self.assertEqual(
            {i.code: i.state for i in result.items}, {"416-59-0001": "elsewhere", "416-59-0002": "elsewhere"}
        )
        self.asset.refresh_from_db()
        self.assertEqual(self.asset.room, "ห้องคลัง")  # never a silent overwrite
        url = f"/alpha/staff/assets/stockcheck/{self.round.pk}/moves/{self.asset.pk}/"
        self.client.force_login(self.staff)  # a committee member, not a manager
        self.assertEqual(self.client.post(url, {"decision": "accept", "to_room": "ห้องประชุม"}).status_code, 403)
        self.client.force_login(self.executive)
        self.client.post(url, {"decision": "accept", "to_room": "ห้องประชุม"})
        self.client.post(
            f"/alpha/staff/assets/stockcheck/{self.round.pk}/moves/{other.pk}/",
            {"decision": "reject", "to_room": "ห้องประชุม"},
        )
        self.asset.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((self.asset.room, other.room), ("ห้องประชุม", "ห้องคลัง"))
        change = changes_of(self.asset)[0]
        self.assertEqual((change.changes, change.actor), ({"room": ["ห้องคลัง", "ห้องประชุม"]}, self.executive))
        self.assertEqual(MoveDecision.objects.get(asset=other).decision, "rejected")
        self.assertEqual(reconciliation_of(self.round).counts["found"], 1)
        # Decided once; not to a room where it was not counted.
        with self.assertRaises(ValidationError):
            services.move_decide(round_=self.round, asset=other, to_room="ห้องประชุม", accept=True, by=self.executive)
        third = Asset.objects.create(organisation=self.org, code="416-59-0003", name="x", room="ห้องคลัง")
        with self.assertRaises(ValidationError):
            services.move_decide(round_=self.round, asset=third, to_room="ห้องประชุม", accept=True, by=self.executive)
        response = self.client.get(f"/alpha/staff/assets/stockcheck/{self.round.pk}/")
        self.assertContains(response, "ยอมรับการย้ายที่ตั้ง")
