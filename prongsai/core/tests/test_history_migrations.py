"""The data migrations that moved ActivityChange and OitItemChange rows into core.Change.

The old tables are gone, so the old rows are handed to each migration's ``forwards`` through a stand-in
for the historical model; everything else (core.Change, units, people, content types) is the real thing.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.apps import apps as real_apps
from django.utils import translation

from prongsai.core import history, history_text
from prongsai.core.models import Change
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK
from prongsai.disclosure.testing import _item
from prongsai.plans.models import Evidence
from prongsai.plans.testing import _activity_object

AT = datetime(2025, 11, 1, 9, 30, tzinfo=BANGKOK)


class _OldRows:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def select_related(self, *names: str) -> _OldRows:
        return self

    def order_by(self, *names: str) -> _OldRows:
        return self

    def iterator(self, chunk_size: int = 0) -> Any:
        return iter(self.rows)


class _Apps:
    def __init__(self, old_model: str, rows: list[Any]) -> None:
        self.old_model, self.old = old_model, SimpleNamespace(objects=_OldRows(rows))

    def get_model(self, app_label: str, name: str) -> Any:
        return self.old if f"{app_label}.{name}" == self.old_model else real_apps.get_model(app_label, name)


def _forwards(module: str) -> Any:
    return importlib.import_module(module).forwards


class MigrationTests(PersonaTestCase):
    def test_it_moves_the_activity_history(self) -> None:
        activity = _activity_object(self)
        history.changes_of(activity).delete()
        old = [
            {
                "created": [None, "ประชุม"],
                "title": [None, "ประชุม"],
                "unit_id": [None, self.finance.pk],
                "start": [None, "2025-10-01"],
                "status": [None, "not_started"],
            },
            {"status": ["not_started", "in_progress"], "owners": [[], ["a-staff"]]},
            {"evidence": [None, "ภาพการประชุม"]},
        ]
        rows = [
            SimpleNamespace(activity=activity, activity_id=activity.pk, changes=c, by_id=self.staff.pk, at=AT)
            for c in old
        ]
        _forwards("prongsai.plans.migrations.0003_activity_history_to_core")(_Apps("plans.ActivityChange", rows), None)

        created, changed, added = history.changes_of(activity).order_by("id")
        self.assertEqual(created.action, Change.Action.CREATED)
        self.assertEqual(created.changes["unit"], [None, self.finance.pk])
        self.assertNotIn("created", created.changes)
        self.assertEqual(changed.changes["owners"], [[], [self.staff.pk]])
        self.assertEqual(
            (added.action, added.part_repr, added.part_type and added.part_type.model_class()),
            (Change.Action.ADDED, "ภาพการประชุม", Evidence),
        )
        self.assertEqual({c.at for c in (created, changed, added)}, {AT})
        with translation.override("th"):
            text = " ".join(e.sentence for e in history_text.history(activity))
        self.assertIn("a-staff สร้างกิจกรรม", text)
        self.assertIn("เปลี่ยนสถานะจาก “ยังไม่เริ่ม” เป็น “กำลังดำเนินการ” และผู้รับผิดชอบจาก ไม่มี เป็น “a-staff”", text)
        self.assertIn("เพิ่มหลักฐาน “ภาพการประชุม”", text)

    def test_it_moves_the_oit_item_history(self) -> None:
        item = _item(self)
        history.changes_of(item).delete()
        old = [
            ("submit", "draft", "submitted", "", {}),
            ("return", "submitted", "draft", "ขาดองค์ประกอบ", {}),
            ("assigned", "", "", "", {"unit": ["กองคลัง", "สำนักปลัด"], "officer": ["a-staff", "หน่วยงานที่ยุบแล้ว"]}),
            ("link_added", "", "", "", {"document": [None, "ประกาศ"], "url": [None, "https://example.go.th/a"]}),
            ("version_added", "", "", "", {"document": ["คู่มือ", "คู่มือ"], "version": [1, 2]}),
            ("document_changed", "", "", "", {"title": ["คู่มือ", "คู่มือบริการ"]}),
            ("document_withdrawn", "", "", "ผิดไฟล์", {"document": ["คู่มือบริการ", None]}),
            ("activity_linked", "", "", "", {"activity": [None, "ประชุม"]}),
        ]
        rows = [
            SimpleNamespace(
                item=item,
                item_id=item.pk,
                action=a,
                from_state=f,
                to_state=t,
                comment=c,
                changes=ch,
                by_id=self.coordinator.pk,
                at=AT,
            )
            for a, f, t, c, ch in old
        ]
        _forwards("prongsai.disclosure.migrations.0002_item_history_to_core")(
            _Apps("disclosure.OitItemChange", rows), None
        )

        moved = list(history.changes_of(item).order_by("id"))
        self.assertEqual([c.event for c in moved], [a for a, *_rest in old])
        submit, back, assigned, link, version, changed, withdrawn, linked = moved
        self.assertEqual((submit.action, submit.changes), (Change.Action.STEP, {"state": ["draft", "submitted"]}))
        self.assertEqual(back.note, "ขาดองค์ประกอบ")
        self.assertEqual(assigned.changes["unit"], [self.finance.pk, self.unit.pk])
        self.assertEqual(assigned.changes["officer"], [self.staff.pk, "หน่วยงานที่ยุบแล้ว"])  # a name no one has stays
        self.assertEqual(
            (link.action, link.part_repr, link.changes),
            (Change.Action.ADDED, "ประกาศ", {"url": [None, "https://example.go.th/a"]}),
        )
        self.assertEqual(version.changes, {"number": [None, 2]})
        self.assertEqual((changed.action, changed.part_repr), (Change.Action.CHANGED, "คู่มือบริการ"))
        self.assertEqual((withdrawn.action, withdrawn.note), (Change.Action.REMOVED, "ผิดไฟล์"))
        self.assertEqual((linked.action, linked.part_repr), (Change.Action.ADDED, "ประชุม"))
        with translation.override("th"):
            text = " ".join(e.sentence for e in history_text.history(item))
        self.assertIn("ส่งข้อนี้ให้ตรวจ (สถานะจาก “ร่าง” เป็น “หน่วยงานส่งตรวจแล้ว”)", text)
        self.assertIn(
            "เปลี่ยนหน่วยงานผู้รับผิดชอบจาก “กองคลัง” เป็น “สำนักปลัด” และเจ้าหน้าที่ผู้รับผิดชอบจาก “a-staff” เป็น “หน่วยงานที่ยุบแล้ว”", text
        )
        self.assertIn("เพิ่มลิงก์ “ประกาศ” (ที่อยู่เว็บไซต์ “https://example.go.th/a”)", text)
        self.assertIn("เชื่อมกิจกรรมตามแผน “ประชุม”", text)
