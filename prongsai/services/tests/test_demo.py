"""The demo catalogue of อบต.โพหนอง: the services the issue names with their times, marked as demo data, and a
second load that adds nothing."""

from __future__ import annotations

from django.test import TestCase

from prongsai.orgs.demo import load_demo
from prongsai.services import demo
from prongsai.services.models import Service, ServiceRevision


class DemoTests(TestCase):
    def test_it_loads_the_catalogue_once_with_its_standards(self) -> None:
        load_demo(steps=[demo.load])
        services = {s.name: s for s in Service.objects.filter(organisation__slug="pho-nong").select_related("current")}
        self.assertGreaterEqual(len(services), 8)
        self.assertLessEqual(len(services), 10)
        self.assertFalse(Service.objects.filter(organisation__slug="sample").exists())
        self.assertEqual(services["การรับแจ้งการเกิด"].current.standard_min, 10)  # type: ignore[union-attr]
        self.assertTrue(all(s.current is not None and s.current.note == demo.NOTE for s in services.values()))
        self.assertTrue(all(s.current and s.current.fee for s in services.values()))  # never a blank fee
        revisions = ServiceRevision.objects.count()
        load_demo(steps=[demo.load])
        self.assertEqual((Service.objects.count(), ServiceRevision.objects.count()), (len(services), revisions))
        page = self.client.get("/pho-nong/services/")
        self.assertContains(page, "การรับแจ้งการเกิด")

    def test_it_sets_up_two_service_points_to_try_the_queue_with(self) -> None:
        from prongsai.services.models.queue import Counter, ServicePoint

        load_demo(steps=[demo.load])
        load_demo(steps=[demo.load])  # once
        points = ServicePoint.objects.filter(organisation__slug="pho-nong")
        self.assertEqual(points.count(), 2)
        self.assertEqual(Counter.objects.filter(point__in=points).count(), 3)
        point = points.get(name="ห้องบริการสำนักปลัด")
        kiosk = self.client.get(f"/pho-nong/queue/{point.pk}/kiosk/")
        self.assertContains(kiosk, "การรับแจ้งการเกิด")
