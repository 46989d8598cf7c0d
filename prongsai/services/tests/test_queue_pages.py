"""The queue's pages: the kiosk without sign-in (and its flood guard), the ticket and display showing counter
numbers only, the counter page for members, the set-up pages for managers."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.services import queue, queue_throttle
from prongsai.services.models import QueueEvent, Ticket
from prongsai.services.testing import point, service


class QueuePagesCase(PersonaTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.point = point(self)
        self.birth = service(self)
        self.kwargs = {"org_slug": "alpha", "point_id": self.point.pk}
        self.counter_url = reverse("services:queue_counter", kwargs=self.kwargs | {"counter_number": 1})

    def take(self) -> Ticket:
        offer = self.point.offers.get(prefix="A")
        response = self.client.post(reverse("services:queue_kiosk", kwargs=self.kwargs), {"offer": offer.pk})
        self.assertEqual(response.status_code, 302)
        return Ticket.objects.order_by("-pk").first()  # type: ignore[return-value]


class KioskTests(QueuePagesCase):
    def test_it_gives_a_ticket_without_sign_in_and_shows_it_with_a_qr(self) -> None:
        page = self.client.get(reverse("services:queue_kiosk", kwargs=self.kwargs))
        self.assertContains(page, "การรับแจ้งการเกิด")
        ticket = self.take()
        self.assertEqual(ticket.code, "A001")
        shown = self.client.get(
            reverse("services:queue_ticket", kwargs={"org_slug": "alpha", "ticket_token": ticket.token})
        )
        self.assertContains(shown, "A001")
        self.assertContains(shown, "data:image/svg+xml;base64,")
        self.assertContains(shown, "@media print", count=0)  # print CSS lives in the static file
        self.assertEqual(shown["Cache-Control"], "no-store")

    def test_another_organisations_slug_does_not_find_the_ticket(self) -> None:
        ticket = self.take()
        url = reverse("services:queue_ticket", kwargs={"org_slug": "bravo", "ticket_token": ticket.token})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_flood_from_one_address_is_refused(self) -> None:
        offer = self.point.offers.get(prefix="A")
        url = reverse("services:queue_kiosk", kwargs=self.kwargs)
        codes = [self.client.post(url, {"offer": offer.pk}).status_code for _ in range(queue_throttle.PER_CLIENT + 3)]
        self.assertEqual(codes.count(302), queue_throttle.PER_CLIENT)
        self.assertEqual(codes[-1], 429)
        self.assertEqual(Ticket.objects.count(), queue_throttle.PER_CLIENT)

    def test_an_unknown_service_is_refused(self) -> None:
        response = self.client.post(reverse("services:queue_kiosk", kwargs=self.kwargs), {"offer": "999"})
        self.assertEqual(response.status_code, 400)


class PublicScreensTests(QueuePagesCase):
    def test_display_and_ticket_show_the_counter_number_and_no_staff_name(self) -> None:
        ticket = self.take()
        self.client.force_login(self.staff)
        self.client.post(self.counter_url, {"action": "next"})
        self.client.logout()
        data = self.client.get(reverse("services:queue_display_json", kwargs=self.kwargs)).json()
        self.assertEqual(data["counters"][0], {"counter": 1, "ticket": "A001"})
        self.assertGreater(data["last_call"], 0)
        names = {self.staff.username, self.staff.display_name()}
        for url in (
            reverse("services:queue_display", kwargs=self.kwargs),
            reverse("services:queue_display_json", kwargs=self.kwargs),
            reverse("services:queue_ticket", kwargs={"org_slug": "alpha", "ticket_token": ticket.token}),
        ):
            text = self.client.get(url).content.decode()
            for name in names:
                self.assertNotIn(name, text, url)
        shown = self.client.get(
            reverse("services:queue_ticket", kwargs={"org_slug": "alpha", "ticket_token": ticket.token})
        )
        self.assertContains(shown, "ช่องบริการ 1")

    def test_the_display_has_no_inline_script(self) -> None:
        page = self.client.get(reverse("services:queue_display", kwargs=self.kwargs)).content.decode()
        self.assertIn("services/queue-display", page)
        self.assertNotIn("<script>", page)


class CounterPageTests(QueuePagesCase):
    def test_a_member_calls_next_and_serves(self) -> None:
        ticket = self.take()
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.counter_url).status_code, 200)
        self.assertEqual(self.client.post(self.counter_url, {"action": "next"}).status_code, 302)
        for action in ("recall", "start", "end"):
            self.assertEqual(
                self.client.post(self.counter_url, {"action": action, "ticket": ticket.pk}).status_code, 302
            )
        ticket.refresh_from_db()
        self.assertEqual(ticket.outcome, "served")
        self.assertEqual(QueueEvent.objects.filter(ticket=ticket, by=self.staff).count(), 4)

    def test_calling_out_of_turn_without_a_reason_is_refused(self) -> None:
        self.take()
        later = self.take()
        self.client.force_login(self.staff)
        refused = self.client.post(self.counter_url, {"action": "call", "ticket": later.pk})
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "ต้องระบุเหตุผล", status_code=400)
        ok = self.client.post(self.counter_url, {"action": "call", "ticket": later.pk, "reason": "appointment"})
        self.assertEqual(ok.status_code, 302)
        self.assertEqual(QueueEvent.objects.get(ticket=later, kind="called").reason, "appointment")

    def test_the_supervisor_reads_but_works_no_counter_and_other_organisations_see_nothing(self) -> None:
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(self.counter_url).status_code, 403)
        self.client.force_login(self.other_staff)
        self.assertEqual(self.client.get(self.counter_url).status_code, 404)
        self.assertEqual(self.client.put(self.counter_url).status_code, 405)


class SetUpTests(QueuePagesCase):
    def test_managers_set_up_points_and_staff_may_not(self) -> None:
        url = reverse("services:queue_points", kwargs={"org_slug": "alpha"})
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(url, {"name": "จุดบริการเคลื่อนที่"}).status_code, 403)
        self.client.force_login(self.unit_head)  # heads กองคลัง
        response = self.client.post(url, {"name": "จุดบริการเคลื่อนที่", "unit": self.finance.pk})
        self.assertEqual(response.status_code, 302)
        made = self.point.organisation.service_points.get(name="จุดบริการเคลื่อนที่")
        offer_url = reverse("services:queue_offer", kwargs={"org_slug": "alpha", "point_id": made.pk})
        self.client.post(offer_url, {"service": self.birth.pk, "prefix": "c"})
        counters_url = reverse("services:queue_counter_save", kwargs={"org_slug": "alpha", "point_id": made.pk})
        self.client.post(counters_url, {"number": "3", "services": [self.birth.pk]})
        self.assertEqual(made.offers.get().prefix, "C")
        self.assertEqual(list(made.counters.get(number=3).services.all()), [self.birth])
        self.assertEqual(queue.ticket_take(point=made, service=self.birth).code, "C001")
