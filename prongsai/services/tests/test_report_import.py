"""Sampled service times: the import (good file, a bad cell named, nothing saved), the command, the report's
documents and who may read and import."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.core.importing import ImportFailed
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK
from prongsai.services.models import TimeSample
from prongsai.services.report import report_data
from prongsai.services.testing import service
from prongsai.services.times_import import times_import

HEADER = ["งานบริการ", "เลขคิว", "เวลารับบัตรคิว", "เวลาเรียกคิว", "เวลาเริ่มบริการ", "เวลาเสร็จสิ้น", "ช่อง", "ผล"]
TAX = "การชำระภาษีที่ดินและสิ่งปลูกสร้าง"
ROWS = [
    ["การรับแจ้งการเกิด", "A001", "2/3/2569 09:00", "2/3/2569 09:05", "2/3/2569 09:06", "2/3/2569 09:14", "1", "served"],
    [
        "การรับแจ้งการเกิด",
        "A002",
        "2026-03-02 09:10",
        "2026-03-02 09:30",
        "2026-03-02 09:31",
        "2026-03-02 09:46",
        "2",
        "ให้บริการแล้ว",
    ],
    ["การรับแจ้งการเกิด", "A003", "๒/๓/๒๕๖๙ ๐๙:๒๐", "2/3/2569 09:40", "", "", "1", "no_show"],
    [TAX, "B001", "2/3/2569 10:00", "2/3/2569 10:02", "2/3/2569 10:02", "2/3/2569 10:05", "1", "served"],
    [TAX, "B002", "2/3/2569 10:05", "2/3/2569 10:09", "", "", "1", "transferred"],
]


def _csv(*rows: list[str], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


class TimesImportTests(PersonaTestCase):
    def setUp(self) -> None:
        self.birth, self.tax = service(self), service(self, TAX)

    def test_a_good_file_with_thai_headers_be_and_iso_times(self) -> None:
        done = times_import(org=self.org, file_name="t.csv", content=_csv(*ROWS), user=self.coordinator)
        self.assertEqual(done.count, 5)
        first = TimeSample.objects.get(ticket="A001")
        self.assertEqual(first.taken_at, datetime(2026, 3, 2, 9, 0, tzinfo=BANGKOK))
        self.assertEqual(TimeSample.objects.get(ticket="A003").taken_at, datetime(2026, 3, 2, 9, 20, tzinfo=BANGKOK))
        self.assertEqual(TimeSample.objects.get(ticket="A002").outcome, "served")
        data = report_data(self.org, year=2569, quarter=2)
        birth = next(r for r in data["services"] if r["name"] == self.birth.name)
        # service times 8 and 15 minutes, standard 10: median 11.5, p90 8 + 0.9 * 7 = 14.3, one of two within
        self.assertEqual((birth["served"], birth["no_shows"]), (2, 1))
        self.assertEqual(
            (birth["wait_median_min"], birth["wait_p90_min"]), (12.5, 18.5)
        )  # waits 5 and 20: 5 + 0.9 * 15
        self.assertEqual((birth["service_median_min"], birth["service_p90_min"]), (11.5, 14.3))
        self.assertEqual(birth["within_standard_share"], 0.5)
        self.assertEqual(data["sources"], {"queue": 0, "imported": 5})

    def test_every_bad_cell_is_named_and_nothing_is_saved(self) -> None:
        bad = [
            ROWS[0],
            ["งานที่ไม่มี", "A009", "2/3/2569 09:00", "", "", "", "", "served"],
            ["การรับแจ้งการเกิด", "A010", "31/2/2569 09:00", "", "", "", "", "served"],
            [
                "การรับแจ้งการเกิด",
                "A011",
                "2/3/2569 09:00",
                "2/3/2569 08:00",
                "2/3/2569 09:06",
                "2/3/2569 09:14",
                "",
                "maybe",
            ],
            ["การรับแจ้งการเกิด", "A012", "2/3/2569 09:00", "2/3/2569 09:05", "", "2/3/2569 09:14", "", "served"],
        ]
        with self.assertRaises(ImportFailed) as caught:
            times_import(org=self.org, file_name="t.csv", content=_csv(*bad), user=self.coordinator)
        found = {(e.row, e.column) for e in caught.exception.errors}
        self.assertEqual(found, {(3, "งานบริการ"), (4, "เวลารับบัตรคิว"), (5, "ผล"), (6, "เวลาเริ่มบริการ")})
        self.assertFalse(TimeSample.objects.exists())
        with self.assertRaises(ImportFailed) as caught:
            times_import(org=self.org, file_name="t.csv", content=_csv([*bad[3][:7], "served"]), user=None)
        self.assertEqual([(e.row, e.column) for e in caught.exception.errors], [(2, "เวลาเรียกคิว")])

    def test_a_row_imported_twice_is_refused(self) -> None:
        times_import(org=self.org, file_name="t.csv", content=_csv(ROWS[0]), user=None)
        with self.assertRaises(ImportFailed) as caught:
            times_import(org=self.org, file_name="t.csv", content=_csv(*ROWS), user=None)
        self.assertEqual([(e.row, e.column) for e in caught.exception.errors], [(2, "เลขคิว")])
        self.assertEqual(TimeSample.objects.count(), 1)

    def test_the_commands(self) -> None:
        with TemporaryDirectory() as folder:
            path = Path(folder) / "times.csv"
            path.write_bytes(_csv(*ROWS))
            out = StringIO()
            call_command("service-times-import", "--org", "alpha", str(path), stdout=out)
            self.assertEqual(TimeSample.objects.count(), 5)
            for fmt in ("json", "xlsx", "docx", "pdf"):
                target = Path(folder) / f"r.{fmt}"
                call_command("service-report", org="alpha", year="2569", quarter=2, format=fmt, output=str(target))
                self.assertGreater(target.stat().st_size, 100)
            data = json.loads((Path(folder) / "r.json").read_text())
            tax = next(r for r in data["services"] if r["name"] == TAX)
            self.assertEqual((tax["served"], tax["service_median_min"], tax["within_standard_share"]), (1, 3.0, 1.0))
            sheet = load_workbook(Path(folder) / "r.xlsx").active
            names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
            self.assertIn(TAX, names)
            self.assertTrue((Path(folder) / "r.pdf").read_bytes().startswith(b"%PDF"))


class AccessTests(PersonaTestCase):
    def setUp(self) -> None:
        self.birth, self.tax = service(self), service(self, TAX)  # both of กองคลัง (the unit head's)

    def url(self, name: str, **kwargs: str) -> str:
        return reverse(f"services:{name}", kwargs={"org_slug": "alpha", **kwargs})

    def test_members_read_the_report(self) -> None:
        self.client.force_login(self.staff)
        answer = self.client.get(self.url("report", ext="json") + "?year=2569&quarter=2")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(json.loads(answer.getvalue())["quarter"], 2)
        self.assertEqual(self.client.get(self.url("report", ext="exe")).status_code, 404)
        self.assertEqual(self.client.get(self.url("report", ext="json") + "?quarter=7").status_code, 404)
        self.client.force_login(self.other_staff)
        self.assertEqual(self.client.get(self.url("report", ext="json")).status_code, 404)

    def test_who_imports(self) -> None:
        upload = _csv(ROWS[0])
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url("times_import")).status_code, 403)
        for user in (self.executive, self.coordinator, self.unit_head):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url("times_import")).status_code, 200, user)
        self.client.force_login(self.unit_head)
        answer = self.client.post(self.url("times_import"), {"file": _upload(upload)})
        self.assertEqual(answer.status_code, 302)
        self.assertEqual(TimeSample.objects.count(), 1)

    def test_a_unit_head_imports_only_the_times_of_their_units_services(self) -> None:
        from prongsai.services import services as writes
        from prongsai.services.testing import content

        other = writes.service_create(
            organisation=self.org, content=content(self, "การขอใบอนุญาต", unit=self.unit), by=self.coordinator
        )
        self.client.force_login(self.unit_head)
        row = [other.name, *ROWS[0][1:]]
        answer = self.client.post(self.url("times_import"), {"file": _upload(_csv(row))})
        self.assertEqual(answer.status_code, 200)
        self.assertContains(answer, "งานบริการ")
        self.assertFalse(TimeSample.objects.exists())


def _upload(content: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("times.csv", content, content_type="text/csv")
