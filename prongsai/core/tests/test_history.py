"""The one change history: every entry of every module reads as a sentence, in bulk, within one organisation."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import time_machine
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connection, models
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.module_loading import autodiscover_modules

from prongsai.accounts.models import User
from prongsai.core import history, history_text
from prongsai.core.models import Change
from prongsai.core.testing import HISTORY_SAMPLES, PersonaTestCase
from prongsai.core.thai import BANGKOK
from prongsai.orgs.models import Unit

autodiscover_modules("testing")  # each module's testing.py registers its HISTORY_SAMPLES

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RAW_WORDS = ("None", "True", "False", "bound method", "[", "]", "{", "}")
TEXT = "ข้อความทดสอบ"
URL = "https://example.go.th/ประกาศ.pdf"


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


class HistoryCase(PersonaTestCase):
    records: dict[type[models.Model], Any]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coordinator.first_name, cls.coordinator.last_name = "สมชาย", "ใจดี"
        cls.coordinator.save()
        cls.records = {}
        for declared in history.tracked_models():
            record_model = declared.part_of or declared.model
            factory = HISTORY_SAMPLES.get(_label(record_model))
            assert factory, f"no HISTORY_SAMPLES factory for {_label(record_model)} (add one to its testing.py)"
            cls.records[record_model] = factory(cls)  # type: ignore[arg-type]

    def pair(self, model_field: Any) -> list[Any]:
        """Raw before and after values of a field, as a service would store them."""
        if model_field.choices:
            values = [value for value, _label in model_field.flatchoices]
            return [values[0], values[-1]]
        if isinstance(model_field, models.BooleanField):
            return [False, True]
        if isinstance(model_field, models.DateTimeField):
            return ["2025-11-01T09:30:00+07:00", "2025-11-02T10:00:00+07:00"]
        if isinstance(model_field, models.DateField):
            return ["2025-11-01", "2025-11-02"]
        if model_field.is_relation:
            related = model_field.related_model
            if related is User:
                keys = [self.staff.pk, self.coordinator.pk]
            else:
                assert related is Unit, f"pick two {related} of org A for {model_field}"
                keys = [self.finance.pk, self.unit.pk]
            return [keys[:1], keys] if model_field.many_to_many else [None, keys[1]]
        if isinstance(model_field, models.JSONField):
            return [[0], [0, 1]]
        if isinstance(model_field, models.IntegerField):
            return [0, 40]
        if isinstance(model_field, models.URLField):
            return ["", URL]
        return ["", TEXT]

    def entries(self) -> list[Change]:
        """For every tracked model: created, each field changed, deleted, every declared event; parts added/removed."""
        rows: list[Change] = []
        for declared in history.tracked_models():
            model = declared.model
            pairs = {name: self.pair(model._meta.get_field(name)) for name in declared.fields}
            if declared.part_of is None:
                record = self.records[model]
                rows.append(
                    history.entry(
                        record,
                        action=Change.Action.CREATED,
                        changes={n: [None, p[1]] for n, p in pairs.items()},
                        actor=self.coordinator,
                    )
                )
                rows += [
                    history.entry(record, action=Change.Action.CHANGED, changes={n: p}, actor=self.coordinator)
                    for n, p in pairs.items()
                ]
                rows.append(history.entry(record, action=Change.Action.CHANGED, changes=pairs, actor=None))
                rows.append(history.entry(record, action=Change.Action.DELETED, actor=self.coordinator))
                for event in declared.verbs:
                    state = {n: p for n, p in pairs.items() if getattr(model._meta.get_field(n), "choices", None)}
                    rows.append(
                        history.entry(
                            record,
                            action=Change.Action.STEP,
                            event=event,
                            changes=state,
                            note=TEXT,
                            actor=self.coordinator,
                        )
                    )
            else:
                record = self.records[declared.part_of]
                added = {n: [None, p[1]] for n, p in pairs.items()}
                for action, changes in (
                    (Change.Action.ADDED, added),
                    (Change.Action.REMOVED, {}),
                    (Change.Action.CHANGED, pairs),
                ):
                    for event in ("", *self.events_of(declared.part_of)) if action != Change.Action.CHANGED else ("",):
                        rows.append(
                            history.entry(
                                record,
                                action=action,
                                event=event,
                                part=model,
                                part_repr=TEXT,
                                changes=changes,
                                actor=self.coordinator,
                            )
                        )
        return history.record_many(rows)

    def record(self, model_name: str) -> Any:
        return next(record for model, record in self.records.items() if model.__name__ == model_name)

    def events_of(self, model: type[models.Model]) -> list[str]:
        return list(history.tracked(model).verbs)

    def shown(self, record: Any, language: str) -> str:
        with translation.override(language):
            html = render_to_string("core/history.html", {"history": history_text.history(record, limit=1000)})
        return " ".join(strip_tags(html).split())


class HistoryTests(HistoryCase):
    def test_it_renders_every_entry_of_every_module_without_a_raw_name_or_value(self) -> None:
        self.entries()
        raw: set[str] = set()
        for declared in history.tracked_models():
            raw.update(declared.fields, declared.verbs)
            for name in declared.fields:
                model_field = declared.model._meta.get_field(name)
                raw.update(str(value) for value, _label in getattr(model_field, "flatchoices", []))
        for record in self.records.values():
            for language in ("th", "en"):
                text = self.shown(record, language)
                with self.subTest(record=str(record), language=language):
                    self.assertGreater(text.count("“"), 20)
                    self.assertEqual(ISO_DATE.findall(text), [])
                    self.assertEqual([w for w in RAW_WORDS if w in text], [])
                    # English labels are the field names themselves ("status"); only names with "_" are raw there.
                    names = raw if language == "th" else {r for r in raw if "_" in r}
                    found = sorted(
                        n for n in names if re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w.-])", text, re.ASCII)
                    )
                    self.assertEqual(found, [])
                    self.assertEqual([n for n in ("สำนักปลัด", "สมชาย ใจดี", TEXT) if n not in text], [])

    def test_it_words_a_status_change_as_the_clerk_reads_it(self) -> None:
        activity = self.record("Activity")
        with time_machine.travel(datetime(2025, 11, 1, 9, 30, tzinfo=BANGKOK), tick=False):
            history.record(
                activity,
                action=Change.Action.CHANGED,
                actor=self.coordinator,
                changes={"status": ["not_started", "in_progress"]},
            )
        with translation.override("th"):
            [entry] = history_text.history(activity, limit=1)
        self.assertEqual(
            entry.sentence, "สมชาย ใจดี เปลี่ยนสถานะจาก “ยังไม่เริ่ม” เป็น “กำลังดำเนินการ” เมื่อ 1 พ.ย. 2568 09:30 น."
        )
        with translation.override("en"):
            [entry] = history_text.history(activity, limit=1)
        self.assertEqual(
            entry.sentence, "สมชาย ใจดี changed status from “not started” to “in progress” on 1 Nov 2025, 09:30."
        )

    def test_it_says_created_in_one_sentence_and_shows_units_people_and_empty_values(self) -> None:
        activity = self.record("Activity")
        history.changes_of(activity).delete()
        history.record_created(activity, actor=None)
        history.record(
            activity,
            action=Change.Action.CHANGED,
            actor=self.coordinator,
            changes={"unit": [None, self.finance.pk], "owners": [[], [self.staff.pk, self.coordinator.pk]]},
        )
        text = self.shown(activity, "th")
        self.assertIn(f"ระบบ สร้างกิจกรรม “{activity.title}” เมื่อ", text)
        self.assertEqual(text.count("สร้าง"), 1)
        self.assertIn("สำนัก/กองที่รับผิดชอบจาก ไม่มี เป็น “กองคลัง” และผู้รับผิดชอบจาก ไม่มี เป็น “a-staff, สมชาย ใจดี”", text)

    def test_it_reads_a_page_of_history_in_a_fixed_number_of_queries(self) -> None:
        record = self.record("Activity")

        def queries(count: int) -> int:
            history.changes_of(record).delete()
            history.record_many(
                history.entry(
                    record,
                    action=Change.Action.CHANGED,
                    actor=self.coordinator,
                    changes={"unit": [self.unit.pk, self.finance.pk], "owners": [[], [self.staff.pk]]},
                )
                for _ in range(count)
            )
            with CaptureQueriesContext(connection) as captured:
                history_text.history(record)
            return len(captured)

        self.assertEqual(queries(3), queries(60))
        self.assertLessEqual(queries(60), 3)  # the entries with their actors, the units, the people

    def test_it_writes_an_import_in_bulk(self) -> None:
        record = self.record("Activity")
        rows = [history.created(record, actor=self.coordinator) for _ in range(300)]  # no query per row
        with CaptureQueriesContext(connection) as captured:
            history.record_many(rows)
        self.assertLess(len(captured), 10)
        self.assertEqual(history.changes_of(record).filter(action=Change.Action.CREATED).count(), 300)

    def test_it_never_shows_one_organisations_history_to_another(self) -> None:
        activity = self.record("Activity")
        item = self.record("OitItem")
        # A row of org B that names org A's records (as a bug or a forged import would) stays out of A's pages.
        for record, field in ((activity, "title"), (item, "note")):
            history.record(
                record,
                action=Change.Action.CHANGED,
                actor=self.other_executive,
                organisation_id=self.other_org.pk,
                changes={field: ["", "ของหน่วยงานอื่น"]},
            )
        history.record(
            activity, action=Change.Action.CHANGED, actor=self.coordinator, changes={"title": ["เดิม", "ใหม่"]}
        )
        pages = {
            activity: reverse("plans:activity", kwargs={"org_slug": self.org.slug, "activity_id": activity.pk}),
            item: reverse(
                "disclosure:item", kwargs={"org_slug": self.org.slug, "year": item.fiscal_year, "item_code": item.slug}
            ),
        }
        for url in pages.values():
            self.client.force_login(self.executive)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "ของหน่วยงานอื่น")
            self.assertNotContains(response, "b-executive")
            for name, outsider in self.outsiders().items():
                self.client.force_login(outsider)
                with self.subTest(page=url, outsider=name):
                    self.assertIn(self.client.get(url).status_code, (403, 404))
        self.assertContains(self.client_for(self.executive).get(pages[activity]), "“ใหม่”")
        self.assertFalse(history.changes_of(activity).filter(organisation=self.other_org).exists())

    def client_for(self, user: User) -> Any:
        self.client.force_login(user)
        return self.client

    def test_it_refuses_what_it_could_not_put_into_words(self) -> None:
        item = self.record("OitItem")
        with self.assertRaises(ValueError):
            history.entry(item, action=Change.Action.STEP, event="teleport")
        with self.assertRaises(FieldDoesNotExist):  # it would show as a raw name
            history.entry(item, action=Change.Action.CHANGED, changes={"colour": ["red", "blue"]})
        with self.assertRaises(ImproperlyConfigured):
            history.entry(self.unit, action=Change.Action.CREATED)

    def test_it_lists_the_history_read_only_for_platform_admins(self) -> None:
        history.record_created(self.record("Activity"), actor=self.coordinator)
        self.client.force_login(self.admin)
        response = self.client.get("/admin/core/change/")
        self.assertContains(response, self.record("Activity").title)
        self.assertEqual(self.client.get("/admin/core/change/add/").status_code, 403)
        self.client.force_login(self.executive)
        self.assertNotEqual(self.client.get("/admin/core/change/").status_code, 200)
