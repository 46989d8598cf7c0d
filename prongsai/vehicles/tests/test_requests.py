"""Requests to use a vehicle (แบบ ๓): double booking, self-approval, who may do which step, form 3 on one page."""

from __future__ import annotations

import io
from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from prongsai.accounts.models import Notification, User
from prongsai.core.doc.testing import docx_text, pdf_text
from prongsai.core.testing import PersonaTestCase
from prongsai.vehicles import form3, services
from prongsai.vehicles.models import UseRequest
from prongsai.vehicles.testing import at, vehicle

DAY = date(2026, 2, 9)


class RequestCase(PersonaTestCase):
    def setUp(self) -> None:
        self.car = vehicle(self)

    def ask(self, start: int = 8, end: int = 16, requester: User | None = None, day: date = DAY) -> UseRequest:
        return services.request_create(
            vehicle=self.car,
            requester=requester or self.staff,
            requester_position="นายช่างโยธา",
            destination="ที่ว่าการอำเภอ",
            district="เมือง",
            province="นครพนม",
            purpose="ส่งเอกสาร",
            passengers=2,
            out_at=at(day, start),
            back_at=at(day, end),
            driver=self.staff,
        )


class BookingTests(RequestCase):
    def test_it_refuses_a_double_booking_naming_the_clashing_trip(self) -> None:
        first = self.ask(8, 12)
        with self.assertRaises(ValidationError) as caught:
            self.ask(11, 15, requester=self.unit_head)
        message = " ".join(caught.exception.messages)
        self.assertIn("ที่ว่าการอำเภอ", message)
        self.assertIn(str(first.pk), message)
        self.assertIn(self.car.plate, message)
        self.ask(12, 15, requester=self.unit_head)  # right after: no clash

    def test_it_frees_the_vehicle_when_a_request_is_refused(self) -> None:
        first = self.ask()
        services.request_opinion(request=first, by=self.unit_head, agrees=False, reason="ไม่เร่งด่วน")
        services.request_decide(request=first, by=self.executive, allow=False, reason="ใช้รถไปงานอื่น")
        self.ask(requester=self.coordinator)

    def test_it_goes_through_opinion_and_decision(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            request = self.ask()
        self.assertTrue(Notification.objects.filter(user=self.unit_head, key__contains="opinion").exists())
        self.assertFalse(Notification.objects.filter(user=self.staff, key__contains="opinion").exists())
        with self.captureOnCommitCallbacks(execute=True):
            services.request_opinion(request=request, by=self.unit_head, agrees=True)
        request.refresh_from_db()
        self.assertEqual(request.state, UseRequest.State.DECISION)
        self.assertTrue(Notification.objects.filter(user=self.executive, key__contains="decision").exists())
        with self.captureOnCommitCallbacks(execute=True):
            services.request_decide(request=request, by=self.executive, allow=True)
        request.refresh_from_db()
        self.assertEqual(request.state, UseRequest.State.ALLOWED)
        self.assertTrue(Notification.objects.filter(user=self.staff, key__contains="decided").exists())

    def test_it_refuses_self_approval(self) -> None:
        request = self.ask(requester=self.executive)
        with self.assertRaises(ValidationError):
            services.request_opinion(request=request, by=self.executive, agrees=True)
        services.request_opinion(request=request, by=self.unit_head, agrees=True)
        with self.assertRaises(ValidationError):
            services.request_decide(request=request, by=self.executive, allow=True)
        self.assertEqual(UseRequest.objects.get(pk=request.pk).state, UseRequest.State.DECISION)

    def test_it_needs_a_reason_to_disagree_or_refuse(self) -> None:
        request = self.ask()
        with self.assertRaises(ValidationError):
            services.request_opinion(request=request, by=self.unit_head, agrees=False)
        services.request_opinion(request=request, by=self.unit_head, agrees=False, reason="ไม่จำเป็น")
        with self.assertRaises(ValidationError):
            services.request_decide(request=request, by=self.executive, allow=False)


class RoleTests(RequestCase):
    def test_it_lets_each_role_do_its_step_only(self) -> None:
        request = self.ask()
        opinion = reverse("vehicles:request_opinion", kwargs={"org_slug": "alpha", "request_id": request.pk})
        decide = reverse("vehicles:request_decide", kwargs={"org_slug": "alpha", "request_id": request.pk})
        for persona in ("staff", "ita_coordinator", "ethics_committee", "supervisor"):
            self.client.force_login(self.personas()[persona])
            with self.subTest(persona=persona):
                self.assertEqual(self.client.post(opinion, {"agrees": "1"}).status_code, 403)
                self.assertEqual(self.client.post(decide, {"allow": "1"}).status_code, 403)
        for persona in ("other_org_executive", "other_province_supervisor"):
            self.client.force_login(self.personas()[persona])
            self.assertEqual(self.client.post(opinion, {"agrees": "1"}).status_code, 404)
        self.client.force_login(self.unit_head)
        self.assertEqual(self.client.post(decide, {"allow": "1"}).status_code, 403)
        self.assertEqual(self.client.post(opinion, {"agrees": "1"}).status_code, 302)
        self.client.force_login(self.executive)
        self.assertEqual(self.client.post(decide, {"allow": "1"}).status_code, 302)
        self.assertEqual(UseRequest.objects.get(pk=request.pk).state, UseRequest.State.ALLOWED)

    def test_it_shows_the_decision_buttons_on_the_request_page(self) -> None:
        request = self.ask()
        services.request_opinion(request=request, by=self.unit_head, agrees=True)
        url = reverse("vehicles:request", kwargs={"org_slug": "alpha", "request_id": request.pk})
        self.client.force_login(self.executive)
        page = self.client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
        self.assertContains(page, 'name="allow"')
        self.assertContains(page, 'name="viewport"')
        self.client.force_login(self.staff)  # the requester sees no buttons
        self.assertNotContains(self.client.get(url), 'name="allow"')

    def test_it_refuses_a_double_booking_from_the_form(self) -> None:
        self.ask()
        self.client.force_login(self.unit_head)
        data = {
            "vehicle": self.car.pk,
            "requester_position": "หัวหน้า",
            "destination": "จังหวัด",
            "purpose": "ประชุม",
            "passengers": 1,
            "out_day": "9/2/2569",
            "out_time": "09:00",
            "back_day": "9/2/2569",
            "back_time": "10:00",
        }
        response = self.client.post(reverse("vehicles:request_new", kwargs={"org_slug": "alpha"}), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ที่ว่าการอำเภอ")
        self.assertEqual(UseRequest.objects.count(), 1)
        data["out_day"] = data["back_day"] = "10/2/2569"
        response = self.client.post(reverse("vehicles:request_new", kwargs={"org_slug": "alpha"}), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(UseRequest.objects.count(), 2)


class FormThreeTests(RequestCase):
    def test_it_prints_form_3_on_one_page_from_the_record(self) -> None:
        request = self.ask()
        services.request_opinion(request=request, by=self.unit_head, agrees=False, reason="รถไม่ว่างช่วงบ่าย")
        services.request_decide(request=request, by=self.executive, allow=True)
        request.refresh_from_db()
        pdf = form3.render(request, "pdf")
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        text = pdf_text(pdf)
        for expected in ("ใบขออนุญาตใช้รถส่วนกลาง", "นายช่างโยธา", "ที่ว่าการอำเภอ", "รถไม่ว่างช่วงบ่าย", "อนุญาต"):
            self.assertIn(expected, text)
        docx = docx_text(form3.render(request, "docx"))
        self.assertIn("กข ๑๒๓๔ อัลฟา", docx)
        self.assertIn("☒ อนุญาต", docx)
        self.assertIn("☒ ไม่เห็นควรอนุญาต", docx)

    def test_it_downloads_form_3_for_the_organisation_only(self) -> None:
        request = self.ask()
        url = reverse("vehicles:request_form", kwargs={"org_slug": "alpha", "request_id": request.pk, "ext": "pdf"})
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(url)["Content-Type"], "application/pdf")
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.get(url).status_code, 404)
