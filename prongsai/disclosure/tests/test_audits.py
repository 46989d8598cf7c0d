"""OIT audits against real local web sites (loopback only): health, defects, differences, command, tasks."""

from __future__ import annotations

import importlib
import io
import json
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import time_machine
from django.conf import settings
from django.utils import translation

from prongsai.accounts.models import Notification
from prongsai.core.testing import PersonaTestCase, TemporaryMedia, pdf_from_objects
from prongsai.core.thai import BANGKOK
from prongsai.core.uploads import Kind, clean_upload
from prongsai.disclosure import audit_health, audit_links, audits, tasks
from prongsai.disclosure.auditor import LinkResult
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitItem
from prongsai.disclosure.selectors import audit_diff, document_url
from prongsai.disclosure.services import (
    DocumentFields,
    assign,
    component_texts,
    document_add_file,
    document_add_link,
    ensure_items,
    transition,
)
from prongsai.ita.framework import framework_load, get_framework
from prongsai.orgs.models import Organisation

oit_audit = importlib.import_module("prongsai.disclosure.management.commands.oit-audit")

YEAR = 2568
PUBLISH = ("submit", "check", "approve", "publish")


def make_pdf(title: str, text: str = "Document of the organisation") -> bytes:
    """A one-page PDF whose metadata title (Thai, UTF-16) and page text pypdf can read."""
    stream = b"BT /F1 12 Tf 20 100 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode() + b"> >>",
    ]
    return pdf_from_objects(objects, trailer=b" /Info 6 0 R")


PDF = "application/pdf"
HTML = "text/html; charset=utf-8"
SIGN_IN = (
    b"<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body>"
    b"<h1>Sign in</h1><p>to continue to Google Drive</p><form><input type=email name=identifier>"
    b"<input type=password name=password><button>Next</button></form></body></html>"
)
NOT_FOUND = b"<!doctype html><html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>"


class LocalSite:
    """A web site on a loopback address; ``routes`` (path → status, content type, body) may change between runs."""

    def __init__(self, host: str) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve("HEAD")

            def do_GET(self) -> None:
                self._serve("GET")

            def _serve(self, method: str) -> None:
                site.hits[method, self.path] += 1
                status, content_type, body = site.routes.get(self.path, (404, HTML, NOT_FOUND))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if method == "GET":
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


ALLOW = ("127.0.0.1", "127.0.0.3")


class AuditTestCase(TemporaryMedia, PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[YEAR])

    def setUp(self) -> None:
        self.site = LocalSite("127.0.0.1")
        self.elsewhere = LocalSite("127.0.0.3")  # another host: off the organisation's site
        self.addCleanup(self.site.close)
        self.addCleanup(self.elsewhere.close)
        self.org.website_urls = [self.site.base]
        self.org.save()

    # -------------------------------------------------------------- building the year

    def items(self) -> dict[str, OitItem]:
        return {i.code: i for i in ensure_items(self.org, YEAR)}

    def link(self, item: OitItem, title: str, url: str, components: tuple[int, ...] = (0,)) -> None:
        document_add_link(item, DocumentFields(title, components=components), url, by=self.coordinator)

    def upload(
        self,
        item: OitItem,
        title: str,
        pdf: bytes,
        *,
        components: tuple[int, ...] = (0,),
        period_end: date | None = None,
    ) -> None:
        clean = clean_upload((f"{item.slug}.pdf", pdf), allowed=[Kind.PDF], max_bytes=1 << 20)
        fields = DocumentFields(title, period_end=period_end, components=components)
        document_add_file(item, fields, clean, by=self.coordinator)

    def steps(self, item: OitItem, *actions: str) -> None:
        for action in actions:
            item = transition(item, action, by=self.executive)

    def build(self) -> dict[str, OitItem]:
        """Ten items with evidence of every kind; the other sixteen of FY2568 have none."""
        s, e = self.site, self.elsewhere
        s.routes.update(
            {
                "/report-2568.pdf": (200, PDF, make_pdf("รายงานผลการดำเนินงาน ปีงบประมาณ 2568")),
                "/plan.pdf": (200, PDF, make_pdf("แผนพัฒนาท้องถิ่น ปีงบประมาณ 2565", "Local development plan")),
                "/drive-folder": (200, HTML, SIGN_IN),
            }
        )
        e.routes["/structure.pdf"] = (200, PDF, make_pdf("โครงสร้างองค์กร ปีงบประมาณ 2568"))
        items = self.items()
        self.link(items["O1"], "โครงสร้างองค์กร", e.url("/structure.pdf"))
        self.link(items["O3"], "ข้อมูลการติดต่อ", s.url("/drive-folder"), (0,))
        self.link(items["O4"], "ข่าวประชาสัมพันธ์", s.url("/report-2568.pdf"))
        assign(items["O4"], unit=self.finance, officer=self.staff, note="", by=self.executive)
        self.steps(items["O4"], *PUBLISH)
        self.link(items["O5"], "แผนพัฒนาท้องถิ่น", s.url("/plan.pdf"))
        self.link(items["O6"], "แผนดำเนินงาน", s.url("/report-2568.pdf"), (0, 1))
        self.link(items["O7"], "รายงานผลการดำเนินงานประจำปี 2567", s.url("/missing.pdf"))
        self.upload(items["O8"], "คู่มือการปฏิบัติงาน", make_pdf("คู่มือการปฏิบัติงาน"))
        self.steps(items["O8"], *PUBLISH)
        # The data period wins over the text: the file names 2565 but covers FY2568.
        self.upload(items["O12"], "รายการจัดซื้อจัดจ้าง", make_pdf("จัดซื้อจัดจ้าง 2565"), period_end=date(2025, 3, 31))
        self.steps(items["O12"], "submit", "check", "approve")
        # …and the other way round: the text names 2568, the period ends in FY2566 (the item needs 2567).
        self.upload(
            items["O13"], "รายงานผลการจัดซื้อจัดจ้าง", make_pdf("รายงาน 2568"), components=(), period_end=date(2023, 9, 30)
        )
        self.upload(items["O14"], "แผนบุคลากร", make_pdf("แผนบุคลากร ปีงบประมาณ 2568"))
        version = items["O14"].documents.get().versions.get()
        version.file.storage.delete(version.file.name)
        return items

    def run_audit(self, **options: Any) -> OitAudit:
        audit = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.COMMAND, by=self.coordinator)
        return audits.run_oit_audit(audit, allow_hosts=ALLOW, timeout=3.0, **options)


def categories(audit: OitAudit) -> dict[str, list[str]]:
    return {r.code: [d["category"] for d in r.defects] for r in OitAuditItem.objects.filter(audit=audit)}


EXPECTED = {
    "O1": (["off_site", "not_published"], 85),
    "O2": (["no_evidence", "not_published"], 0),
    "O3": (["access_wall", "components_missing", "not_published"], 70),
    "O4": ([], 100),
    "O5": (["stale", "not_published"], 85),
    "O6": (["not_published"], 100),
    "O7": (["http_error", "not_published"], 70),
    "O8": ([], 100),
    "O12": (["not_published"], 100),
    "O13": (["stale", "components_missing", "not_published"], 65),
    "O14": (["http_error", "not_published"], 70),
}


class RunTests(AuditTestCase):
    def test_it_scores_every_item_and_names_each_defect(self) -> None:
        self.build()
        seen: list[tuple[int, int]] = []
        audit = self.run_audit(progress=lambda done, total: seen.append((done, total)))

        self.assertEqual(audit.status, OitAudit.Status.DONE)
        self.assertIsNotNone(audit.started_at)
        self.assertIsNotNone(audit.finished_at)
        self.assertEqual((audit.links_total, audit.links_done), (5, 5))
        self.assertEqual(seen[-1], (5, 5))
        self.assertEqual(len(seen), 5)
        results = {r.code: r for r in OitAuditItem.objects.filter(audit=audit)}
        self.assertEqual(len(results), 26)
        got = {code: ([d["category"] for d in r.defects], r.health) for code, r in results.items()}
        for code, expected in EXPECTED.items():
            self.assertEqual(got[code], expected, code)
        for code in set(results) - set(EXPECTED):
            self.assertEqual(got[code], (["no_evidence", "not_published"], 0), code)
        self.assertEqual(audit.health, 33)  # 845 / 26 = 32.5, rounded half up

        # every distinct link fetched once, even when two items share it
        self.assertEqual(self.site.hits["GET", "/report-2568.pdf"], 1)
        self.assertEqual(self.elsewhere.hits["GET", "/structure.pdf"], 1)

        o4 = results["O4"]
        self.assertEqual(o4.state, "published")
        self.assertEqual((o4.unit_name, o4.officer_name), ("กองคลัง", "a-staff"))
        self.assertEqual(
            o4.checks, {"reachable": True, "public": True, "own_host": True, "current": True, "components": 1.0}
        )
        self.assertEqual(results["O3"].checks["public"], False)
        self.assertEqual(results["O3"].checks["components"], 0.5)
        self.assertEqual(results["O1"].checks["own_host"], False)
        self.assertEqual(results["O2"].checks["reachable"], False)

        fw = get_framework(YEAR)
        assert fw is not None
        o3_item = fw.item("O3")
        assert o3_item is not None
        second_component = component_texts(o3_item)[1]
        missing = next(d for d in results["O3"].defects if d["category"] == "components_missing")
        self.assertIn(second_component, missing["detail"])
        self.assertNotIn(component_texts(o3_item)[0], missing["detail"])
        self.assertEqual((missing["url"], missing["document"]), ("", ""))

        wall = results["O3"].defects[0]
        self.assertEqual(wall["url"], self.site.url("/drive-folder"))
        self.assertEqual(wall["document"], "ข้อมูลการติดต่อ")
        off_site = results["O1"].defects[0]
        self.assertIn("127.0.0.3", off_site["detail"])
        stale = results["O5"].defects[0]
        self.assertIn("2565", stale["detail"])  # read from the PDF's text, not the title or the address
        period = results["O13"].defects[0]
        self.assertIn("2566", period["detail"])
        self.assertEqual(period["url"], settings.SITE_URL + document_url(only_document(results["O13"])))
        self.assertIn(f"/alpha/oit/{YEAR}/o13/", period["url"])
        missing_file = results["O14"].defects[0]
        self.assertEqual(missing_file["document"], "แผนบุคลากร")

    def test_it_finds_new_and_fixed_defects_in_the_next_audit(self) -> None:
        self.build()
        first = self.run_audit()
        self.site.routes["/missing.pdf"] = (200, PDF, make_pdf("รายงานผลการดำเนินงาน ปีงบประมาณ 2567"))
        self.site.routes["/drive-folder"] = (404, HTML, NOT_FOUND)
        second = self.run_audit()

        diff = audit_diff(second)
        self.assertEqual(diff.previous, first)
        self.assertEqual([(code, d["category"]) for code, d in diff.new], [("O3", "http_error")])
        self.assertEqual(
            sorted((code, d["category"]) for code, d in diff.fixed), [("O3", "access_wall"), ("O7", "http_error")]
        )
        self.assertEqual(diff.health_change["O7"], (70, 100))
        self.assertEqual(diff.health_change["O3"], (70, 60))  # unreachable (-30) but no longer walled (+20)

    def test_it_uses_the_given_link_check_without_any_request(self) -> None:
        self.build()
        asked: list[list[str]] = []

        def recorded(urls: list[str], progress: Callable[[int, int], None]) -> dict[str, LinkResult]:
            asked.append(urls)
            for done in range(1, len(urls) + 1):
                progress(done, len(urls))
            return {url: LinkResult(url, [], "ok", 200, url, 1, "recorded") for url in urls}

        audit = self.run_audit(check_links=recorded)
        self.assertEqual(len(asked), 1)
        self.assertEqual(sorted(asked[0]), sorted(audit_links.audit_urls(self.org, YEAR)))
        self.assertEqual(sum(self.site.hits.values()) + sum(self.elsewhere.hits.values()), 0)
        got = categories(audit)
        self.assertEqual(got["O3"], ["components_missing", "not_published"])
        self.assertEqual(got["O7"], ["not_published"])
        # No PDF text from a recorded result: the stale plan is judged by its title and address only.
        self.assertEqual(got["O5"], ["not_published"])

    def test_it_writes_progress_every_ten_links_and_at_the_end(self) -> None:
        item = self.items()["O4"]
        for n in range(25):
            self.link(item, f"ข่าว {n}", f"http://127.0.0.1:9/news/{n}")
        stored: list[int] = []

        def recorded(urls: list[str], progress: Callable[[int, int], None]) -> dict[str, LinkResult]:
            audit = OitAudit.objects.get()
            self.assertEqual((audit.status, audit.links_total, audit.links_done), ("running", 25, 0))
            for done in range(1, len(urls) + 1):
                progress(done, len(urls))
                audit.refresh_from_db(fields=["links_done"])
                stored.append(audit.links_done)
            return {url: LinkResult(url, [], "ok", 200, url, 1, "recorded") for url in urls}

        self.run_audit(check_links=recorded)
        self.assertEqual(stored, [0] * 9 + [10] * 10 + [20] * 5 + [25])  # within half a second: by count

    def test_it_collects_each_distinct_link_once(self) -> None:
        items = self.items()
        self.link(items["O4"], "ข่าว", "HTTP://127.0.0.1:9/news#top")
        self.link(items["O6"], "แผน", "http://127.0.0.1:9/news")
        urls = audit_links.audit_urls(self.org, YEAR)
        self.assertEqual(list(urls), ["http://127.0.0.1:9/news"])
        self.assertEqual([d.title for d in urls["http://127.0.0.1:9/news"]], ["ข่าว", "แผน"])

    def test_it_marks_the_audit_failed_and_raises_when_the_check_breaks(self) -> None:
        self.build()

        def broken(urls: list[str], progress: Callable[[int, int], None]) -> dict[str, LinkResult]:
            raise RuntimeError("checker exploded")

        audit = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.COMMAND)
        with self.assertRaisesMessage(RuntimeError, "checker exploded"), self.assertLogs("prongsai.disclosure.audits"):
            audits.run_oit_audit(audit, check_links=broken)
        audit.refresh_from_db()
        self.assertEqual(audit.status, OitAudit.Status.FAILED)
        self.assertEqual(audit.error, "RuntimeError: checker exploded")
        self.assertIsNotNone(audit.finished_at)
        self.assertFalse(audit.items.exists())
        with self.assertRaises(ValueError):  # only a queued audit runs
            audits.run_oit_audit(audit, check_links=broken)

    def test_it_does_not_judge_the_site_when_the_organisation_has_not_named_it(self) -> None:
        self.build()
        self.org.website_urls = []
        self.org.save()
        audit = self.run_audit()
        self.assertEqual(categories(audit)["O1"], ["not_published"])


def only_document(result: OitAuditItem) -> OitDocument:
    assert result.item is not None
    return result.item.documents.get()


class CommandTests(AuditTestCase):
    def command(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with translation.override("en"):
            code = oit_audit.main(list(argv), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    def options(self, *extra: str) -> list[str]:
        return ["--org", "alpha", "--year", str(YEAR), "--timeout", "3", *[f"--allow-host={h}" for h in ALLOW], *extra]

    def test_it_prints_json_with_new_and_fixed_defects_and_exits_1(self) -> None:
        self.build()
        first = self.run_audit()
        self.site.routes["/missing.pdf"] = (200, PDF, make_pdf("รายงานผลการดำเนินงาน ปีงบประมาณ 2567"))
        code, out, err = self.command(*self.options("--json"))
        self.assertEqual((code, err), (1, ""))
        data = json.loads(out)
        audit = OitAudit.objects.exclude(pk=first.pk).get()
        self.assertEqual(audit.trigger, OitAudit.Trigger.COMMAND)
        self.assertEqual(
            set(data), {"audit_id", "organisation", "fiscal_year", "health", "items", "new_defects", "fixed_defects"}
        )
        self.assertEqual((data["audit_id"], data["organisation"], data["fiscal_year"]), (audit.pk, "alpha", YEAR))
        self.assertEqual(data["health"], audit.health)
        self.assertEqual(len(data["items"]), 26)
        o4 = next(i for i in data["items"] if i["code"] == "O4")
        self.assertEqual(
            {k: o4[k] for k in ("state", "health", "unit", "officer", "defects")},
            {"state": "published", "health": 100, "unit": "กองคลัง", "officer": "a-staff", "defects": []},
        )
        self.assertEqual(set(o4["checks"]), {"reachable", "public", "own_host", "current", "components"})
        self.assertEqual(data["new_defects"], [])
        self.assertEqual([(d["code"], d["category"]) for d in data["fixed_defects"]], [("O7", "http_error")])
        self.assertEqual(data["fixed_defects"][0]["url"], self.site.url("/missing.pdf"))

    def test_it_prints_a_table(self) -> None:
        self.build()
        code, out, _err = self.command(*self.options())
        self.assertEqual(code, 1)
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["ITEM", "STATE", "HEALTH", "OWNER", "DEFECTS"])
        o4 = next(line for line in lines if line.startswith("O4 "))
        self.assertEqual(o4.split(), ["O4", "published", "100", "กองคลัง", "/", "a-staff", "-"])
        o3 = next(line for line in lines if line.startswith("O3 "))
        self.assertTrue(o3.endswith("access_wall, components_missing, not_published"), o3)
        self.assertIn(f"O7  http_error  {self.site.url('/missing.pdf')}  HTTP 404", out)
        self.assertIn("Health 33 of 100 over 26 items", out)

    def test_it_exits_0_when_every_item_is_complete_current_and_public(self) -> None:
        pdf = make_pdf("เอกสาร ปีงบประมาณ 2568")
        fw = get_framework(YEAR)
        assert fw is not None
        for item in self.items().values():
            fw_item = fw.item(item.code)
            assert fw_item is not None
            components = tuple(range(len(component_texts(fw_item))))
            self.upload(item, f"เอกสาร {item.code}", pdf, components=components, period_end=date(2025, 9, 30))
            self.steps(item, *PUBLISH)
        code, out, _err = self.command(*self.options())
        self.assertEqual(code, 0, out)
        self.assertIn("Health 100 of 100 over 26 items", out)

    def test_it_exits_2_on_usage_errors(self) -> None:
        code, _out, err = self.command("--org", "nowhere", "--year", str(YEAR))
        self.assertEqual(code, 2)
        self.assertIn("no organisation with the slug nowhere", err)
        code, _out, err = self.command("--org", "alpha", "--year", "2590")
        self.assertEqual(code, 2)
        self.assertIn("no ITA framework for fiscal year 2590", err)
        self.assertEqual(self.command("--org", "alpha")[0], 2)
        self.assertEqual(self.command(*self.options("--concurrency", "0"))[0], 2)
        with translation.override("en"), self.assertRaises(SystemExit) as exit_:
            oit_audit.Command().run_from_argv(["prongsai", "oit-audit", "--org", "nowhere", "--year", "2568"])
        self.assertEqual(exit_.exception.code, 2)
        self.assertFalse(OitAudit.objects.exists())


class StartTests(AuditTestCase):
    def test_it_runs_a_web_audit_in_the_worker_after_the_commit(self) -> None:
        self.items()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            audit = audits.start_web_audit(self.org, YEAR, by=self.coordinator)
            self.assertEqual(audit.status, OitAudit.Status.QUEUED)
        self.assertEqual(len(callbacks), 1)
        audit.refresh_from_db()
        self.assertEqual((audit.status, audit.trigger, audit.by), (OitAudit.Status.DONE, "web", self.coordinator))
        self.assertEqual(audit.health, 0)
        self.assertEqual(audit.items.count(), 26)

    def test_it_refuses_a_second_web_audit_while_one_runs(self) -> None:
        running = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB, by=self.executive)
        OitAudit.objects.filter(pk=running.pk).update(status=OitAudit.Status.RUNNING)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            again = audits.start_web_audit(self.org, YEAR, by=self.coordinator)
        self.assertEqual(again.pk, running.pk)
        self.assertEqual(callbacks, [])
        self.assertEqual(OitAudit.objects.count(), 1)
        # another year, or another organisation, is not blocked
        with self.captureOnCommitCallbacks(execute=False):
            other = audits.start_web_audit(self.other_org, YEAR, by=self.other_executive)
        self.assertNotEqual(other.pk, running.pk)

    def test_it_starts_again_when_the_running_audit_was_interrupted(self) -> None:
        with time_machine.travel(datetime(2025, 11, 3, 9, 0, tzinfo=BANGKOK), tick=False):
            stuck = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB)
            OitAudit.objects.filter(pk=stuck.pk).update(status=OitAudit.Status.RUNNING)
        later = time_machine.travel(datetime(2025, 11, 3, 11, 1, tzinfo=BANGKOK), tick=False)
        with later, self.captureOnCommitCallbacks(execute=False):
            fresh = audits.start_web_audit(self.org, YEAR, by=self.coordinator)
        self.assertNotEqual(fresh.pk, stuck.pk)
        stuck.refresh_from_db()
        self.assertEqual((stuck.status, stuck.error), (OitAudit.Status.FAILED, "interrupted"))

    def test_the_task_runs_only_a_queued_audit(self) -> None:
        done = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB)
        OitAudit.objects.filter(pk=done.pk).update(status=OitAudit.Status.DONE)
        self.assertIsNone(tasks.run_audit_task.call_local(done.pk))
        self.assertIsNone(tasks.run_audit_task.call_local(987654))
        self.assertFalse(OitAuditItem.objects.exists())


class MonthlyTests(AuditTestCase):
    def setUp(self) -> None:
        super().setUp()
        for year in (2567, 2568):  # 2567 is too old on 1 Nov 2025 (fiscal year 2569)
            OitItem.objects.create(organisation=self.org, fiscal_year=year, code="O1", position=1)
        OitItem.objects.create(organisation=self.other_org, fiscal_year=2569, code="O1", position=1)
        sample = Organisation.objects.create(slug="sample", name="อบต.ตัวอย่าง", is_sample=True)
        OitItem.objects.create(organisation=sample, fiscal_year=2569, code="O1", position=1)

    def test_it_is_scheduled_at_six_in_bangkok_on_the_first(self) -> None:
        # huey hands periodic tasks naive UTC times
        self.assertTrue(tasks.first_of_month_bangkok(datetime(2025, 10, 31, 23, 0)))
        self.assertFalse(tasks.first_of_month_bangkok(datetime(2025, 11, 1, 23, 0)))
        self.assertFalse(tasks.first_of_month_bangkok(datetime(2025, 10, 31, 23, 1)))
        self.assertTrue(tasks.first_of_month_bangkok(datetime(2025, 11, 1, 6, 0, tzinfo=BANGKOK)))

    def test_it_audits_this_and_last_fiscal_year_and_notifies_once(self) -> None:
        with time_machine.travel(datetime(2025, 11, 1, 6, 0, tzinfo=BANGKOK), tick=False):
            self.assertEqual(
                [(o.slug, y) for o, y in audits.years_due(date(2025, 11, 1))], [("alpha", 2568), ("bravo", 2569)]
            )
            self.assertEqual(tasks.monthly_audits.call_local(), 2)
        runs = {(a.organisation.slug, a.fiscal_year): a for a in OitAudit.objects.all()}
        self.assertEqual(set(runs), {("alpha", 2568), ("bravo", 2569)})
        self.assertTrue(all(a.trigger == "monthly" and a.status == "done" for a in runs.values()))
        alpha = runs["alpha", 2568]
        self.assertEqual(alpha.items.count(), 26)  # the framework's items, created when missing
        self.assertEqual(runs["bravo", 2569].items.get().defects[0]["category"], "no_evidence")

        notices = Notification.objects.filter(key__startswith="oit-audit-")
        self.assertEqual(
            sorted((n.user.username, n.key) for n in notices),
            sorted(
                [
                    ("a-coordinator", f"oit-audit-{alpha.pk}"),
                    ("a-executive", f"oit-audit-{alpha.pk}"),
                    ("b-executive", f"oit-audit-{runs['bravo', 2569].pk}"),
                ]
            ),
        )
        notice = notices.get(user=self.coordinator)
        self.assertIn("52", notice.subject)  # 26 items × (no_evidence + not_published)
        self.assertEqual(notice.url, f"/alpha/staff/oit/2568/audits/{alpha.pk}/")
        self.assertEqual(audits.notify_audit(alpha), 0, "once per audit")

    def test_one_organisation_failing_does_not_stop_the_others(self) -> None:
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2568)
        self.link(item, "โครงสร้าง", self.site.url("/structure"))

        def broken(urls: list[str], progress: Callable[[int, int], None]) -> dict[str, LinkResult]:
            raise RuntimeError("no network today")

        with self.assertLogs("prongsai.disclosure.audits", "ERROR") as logs:
            done = audits.run_monthly_audits(date(2025, 11, 1), check_links=broken)
        self.assertEqual([(a.organisation.slug, a.fiscal_year) for a in done], [("bravo", 2569)])
        failed = OitAudit.objects.get(organisation=self.org)
        self.assertEqual((failed.status, failed.error), ("failed", "RuntimeError: no network today"))
        self.assertTrue(any("monthly OIT audit of alpha 2568 failed" in line for line in logs.output))
        self.assertFalse(Notification.objects.filter(user=self.coordinator).exists())
        self.assertTrue(Notification.objects.filter(user=self.other_executive).exists())
        self.assertEqual(self.site.hits, Counter())


class ScoreTests(AuditTestCase):
    def test_the_weights_make_100(self) -> None:
        self.assertEqual(sum(audit_health.HEALTH_WEIGHTS.values()), 100)
        self.assertEqual(
            audit_health.HEALTH_WEIGHTS,
            {"reachable": 30, "public": 20, "own_host": 15, "current": 15, "components": 20},
        )

    def test_it_gives_partial_credit_for_components(self) -> None:
        # FY2568 O6 has two components: one covered → 10 of 20.
        self.site.routes["/plan-2568.pdf"] = (200, PDF, make_pdf("แผน ปีงบประมาณ 2568"))
        item = self.items()["O6"]
        self.link(item, "แผนดำเนินงาน", self.site.url("/plan-2568.pdf"), (1,))
        audit = self.run_audit()
        result = audit.items.get(code="O6")
        self.assertEqual(result.health, 90)
        self.assertEqual(result.checks["components"], 0.5)
        self.assertEqual([d["category"] for d in result.defects], ["components_missing", "not_published"])

    def test_a_withdrawn_document_is_no_evidence(self) -> None:
        from prongsai.disclosure.services import document_withdraw

        item = self.items()["O8"]
        self.upload(item, "คู่มือ", make_pdf("คู่มือ"))
        document_withdraw(item.documents.get(), by=self.coordinator, reason="ไฟล์ผิด")
        audit = self.run_audit()
        self.assertEqual(categories(audit)["O8"], ["no_evidence", "not_published"])
        self.assertEqual(audit_links.audit_urls(self.org, YEAR), {})
