"""The logbook on a phone: the vehicle's permanent QR address, start and close, the odometer only going up,
late entries only with a reason (shown back-dated), fuel slips."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from prongsai.core.testing import PersonaTestCase, TemporaryMedia
from prongsai.vehicles import trip_services
from prongsai.vehicles.models import Trip, Vehicle
from prongsai.vehicles.poster import vehicle_url
from prongsai.vehicles.testing import at, make_slip, make_trip, vehicle


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


class QrTests(TemporaryMedia, PersonaTestCase):
    def setUp(self) -> None:
        self.car = vehicle(self)
        self.url = reverse("vehicles:qr", kwargs={"org_slug": "alpha", "plate": self.car.slug})

    def test_it_gives_each_vehicle_a_permanent_address_behind_sign_in(self) -> None:
        self.assertEqual(self.url, "/alpha/v/%E0%B8%81%E0%B8%82-1234-%E0%B8%AD%E0%B8%B1%E0%B8%A5%E0%B8%9F%E0%B8%B2/")
        self.assertTrue(vehicle_url(self.org, self.car.slug).endswith(self.url))
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.client.force_login(self.other_staff)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_starts_and_closes_a_trip_from_a_phone(self) -> None:
        self.client.force_login(self.staff)
        start = reverse("vehicles:trip_start", kwargs={"org_slug": "alpha", "plate": self.car.slug})
        photo = SimpleUploadedFile("odo.jpg", jpeg(), content_type="image/jpeg")
        response = self.client.post(
            start, {"destination": "บ้านนาคำ", "purpose": "สำรวจ", "odometer_out": 500, "photo": photo}
        )
        self.assertEqual(response.status_code, 302)
        trip = Trip.objects.get()
        self.assertTrue(trip.is_open)
        self.assertEqual(trip.driver, self.staff)
        self.assertEqual(trip.source, Trip.Source.QR)
        self.assertTrue(trip.photo_out.name)
        self.assertContains(self.client.get(self.url), "บ้านนาคำ")
        again = self.client.post(start, {"destination": "ที่อื่น", "odometer_out": 510})
        self.assertContains(again, "บ้านนาคำ", status_code=200)  # already out: named, not started
        close = reverse("vehicles:trip_close", kwargs={"org_slug": "alpha", "plate": self.car.slug})
        self.assertContains(self.client.post(close, {"odometer_in": 450}), "500", status_code=200)
        self.assertEqual(self.client.post(close, {"odometer_in": 562}).status_code, 302)
        trip.refresh_from_db()
        self.assertEqual(trip.distance_km, 62)
        self.assertFalse(trip.is_open)

    def test_it_refuses_an_odometer_below_the_last_reading(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        with self.assertRaises(ValidationError) as caught:
            trip_services.trip_start(vehicle=self.car, by=self.staff, destination="ตลาด", odometer_out=10040)
        self.assertIn("10,050", " ".join(caught.exception.messages))
        trip_services.trip_start(vehicle=self.car, by=self.staff, destination="ตลาด", odometer_out=10050)

    def test_it_refuses_a_picture_that_is_not_one(self) -> None:
        self.client.force_login(self.staff)
        start = reverse("vehicles:trip_start", kwargs={"org_slug": "alpha", "plate": self.car.slug})
        fake = SimpleUploadedFile("odo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
        response = self.client.post(start, {"destination": "บ้านนาคำ", "odometer_out": 500, "photo": fake})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Trip.objects.exists())

    def test_it_lists_the_vehicles_for_the_poster_qr(self) -> None:
        self.client.force_login(self.staff)
        page = self.client.get(reverse("vehicles:logbook", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, self.url)


class LateEntryTests(PersonaTestCase):
    def setUp(self) -> None:
        self.car = vehicle(self)

    def record(self, days_ago: int, odometers: tuple[int, int], **extra: object) -> Trip:
        day = timezone.localdate() - timedelta(days=days_ago)
        return trip_services.trip_record(
            vehicle=self.car,
            by=self.staff,
            out_at=at(day, 8),
            in_at=at(day, 12),
            odometer_out=odometers[0],
            odometer_in=odometers[1],
            destination="อำเภอ",
            driver=self.staff,
            approved_by=self.executive,
            **extra,  # type: ignore[arg-type]
        )

    def test_it_needs_a_reason_to_enter_a_trip_late_and_shows_it_back_dated(self) -> None:
        with self.assertRaises(ValidationError):
            self.record(5, (100, 150))
        trip = self.record(5, (100, 150), late_reason="ลืมบันทึก")
        self.assertTrue(trip.backdated)
        self.client.force_login(self.staff)
        page = self.client.get(reverse("vehicles:vehicle", kwargs={"org_slug": "alpha", "plate": self.car.slug}))
        self.assertContains(page, "ลืมบันทึก")

    def test_it_fits_a_late_trip_between_the_readings_around_it(self) -> None:
        self.record(10, (100, 150), late_reason="ลืม")
        self.record(2, (300, 350), late_reason="ลืม")
        with self.assertRaises(ValidationError):  # back at 400 km, above the 300 km of day -2
            self.record(5, (320, 400), late_reason="ลืม")
        with self.assertRaises(ValidationError):
            self.record(5, (120, 200), late_reason="ลืม")  # left below the 150 km of day -10
        trip = self.record(5, (160, 290), late_reason="ลืม")
        self.assertEqual(trip.distance_km, 130)

    def test_it_refuses_a_trip_over_another_of_the_same_vehicle(self) -> None:
        self.record(3, (100, 150), late_reason="ลืม")
        with self.assertRaises(ValidationError):
            self.record(3, (150, 200), late_reason="ลืม")

    def test_it_keeps_a_trip_entered_the_same_day_on_time(self) -> None:
        now = timezone.now()
        trip = trip_services.trip_record(
            vehicle=self.car,
            by=self.staff,
            out_at=now - timedelta(hours=3),
            in_at=now - timedelta(hours=1),
            odometer_out=10,
            odometer_in=40,
            destination="อำเภอ",
            late_reason="ไม่จำเป็น",
        )
        self.assertFalse(trip.backdated)


class FuelTests(PersonaTestCase):
    def test_it_refuses_a_slip_whose_odometer_goes_down(self) -> None:
        car = vehicle(self)
        make_slip(self, car, date(2026, 1, 5), "40", 10400)
        with self.assertRaises(ValidationError):
            trip_services.fuel_add(
                vehicle=car,
                by=self.staff,
                date=date(2026, 1, 9),
                litres=Decimal(40),
                amount=Decimal(0),
                odometer=10300,
                full_tank=True,
            )
        with self.assertRaises(ValidationError):
            trip_services.fuel_add(
                vehicle=car,
                by=self.staff,
                date=date(2026, 1, 2),
                litres=Decimal(40),
                amount=Decimal(0),
                odometer=10500,
                full_tank=True,
            )
        trip_services.fuel_add(
            vehicle=car,
            by=self.staff,
            date=date(2026, 1, 9),
            litres=Decimal(40),
            amount=Decimal(1300),
            odometer=10800,
            full_tank=True,
        )

    def test_it_enters_a_slip_from_the_page(self) -> None:
        car = vehicle(self)
        self.client.force_login(self.staff)
        url = reverse("vehicles:fuel_new", kwargs={"org_slug": "alpha", "plate": car.slug})
        data = {"date": "9/1/2569", "litres": "35.5", "amount": "1169.37", "odometer": "10420", "full_tank": "on"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        slip = car.fuel_slips.get()
        self.assertEqual(slip.date, date(2026, 1, 9))
        self.assertTrue(slip.full_tank)
        self.client.force_login(self.supervisor)  # read only
        self.assertEqual(self.client.post(url, data).status_code, 403)

    def test_it_lets_managers_only_register_vehicles(self) -> None:
        url = reverse("vehicles:vehicle_new", kwargs={"org_slug": "alpha"})
        data = {"plate": "บท 77 อัลฟา", "kind": "van", "fuel": "diesel", "in_service": "on"}
        for persona in ("staff", "ethics_committee", "supervisor"):
            self.client.force_login(self.personas()[persona])
            self.assertEqual(self.client.post(url, data).status_code, 403, persona)
        self.client.force_login(self.unit_head)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertTrue(Vehicle.objects.filter(organisation=self.org, slug="บท-77-อัลฟา").exists())
        self.assertEqual(self.client.post(url, data).status_code, 200)  # the same plate again: refused
