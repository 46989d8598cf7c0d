"""Every flag fires on its planted case and not on a clean month; km per litre is the hand computation."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from django.utils import translation

from prongsai.core import holidays
from prongsai.core.models import PublicHoliday
from prongsai.core.testing import PersonaTestCase
from prongsai.vehicles.models import UseRequest
from prongsai.vehicles.selectors import Period, report_data
from prongsai.vehicles.testing import at, make_slip, make_trip, vehicle

# January 2026 (fiscal year 2569): Mondays 5, 12, 19, 26; Saturday 10 and 17.
MONTH = Period.month(2026, 1)


class FlagCase(PersonaTestCase):
    def setUp(self) -> None:
        self.car = vehicle(self)  # announced 10.00 km/l for 2569
        self.van = vehicle(self, "นข 5678 อัลฟา")

    def codes(self) -> Counter[str]:
        with translation.override("th"):
            self.data = report_data(self.org, MONTH)
        return Counter(f["code"] for f in self.data["flags"])

    def clean_month(self) -> None:
        """Working-day trips, each approved, odometers continuous, full tanks on the rate."""
        odometer = 10000
        for day in (5, 6, 7, 8, 9, 12, 13, 14):
            make_trip(self, self.car, date(2026, 1, day), (8, 15), (odometer, odometer + 50))
            odometer += 50
        make_slip(self, self.car, date(2026, 1, 2), "40", 10000)
        make_slip(self, self.car, date(2026, 1, 14), "40", 10400)  # 400 km / 40 l = 10.0


class CleanMonthTests(FlagCase):
    def test_it_flags_nothing_in_a_clean_month(self) -> None:
        self.clean_month()
        self.assertEqual(self.codes(), Counter())
        self.assertEqual(self.data["trip_count"], 8)
        self.assertEqual(self.data["distance_km"], 400)
        self.assertEqual(self.data["km_per_litre"], 10.0)

    def test_it_accepts_recorded_reasons_and_permissions(self) -> None:
        self.clean_month()
        sat = date(2026, 1, 17)
        make_trip(self, self.car, sat, (9, 12), (10400, 10450), exception_reason="ช่วยเหลือผู้ประสบอุทกภัย")
        request = UseRequest.objects.create(
            organisation=self.org,
            vehicle=self.van,
            requester=self.staff,
            destination="อุดรธานี",
            purpose="อบรม",
            out_at=at(date(2026, 1, 19), 7),
            back_at=at(date(2026, 1, 20), 18),
            state=UseRequest.State.ALLOWED,
            approver=self.executive,
        )
        make_trip(self, self.van, date(2026, 1, 19), (7, 41), (500, 1020), request=request, approved_by=None)
        self.assertEqual(self.codes(), Counter())


class PlantedTests(FlagCase):
    def test_it_flags_a_trip_with_no_approval(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050), approved_by=None)
        self.assertEqual(self.codes(), Counter({"no_approval": 1}))
        self.assertIn("ไม่มีผู้อนุญาต", self.data["flags"][0]["detail"])
        self.assertEqual(self.data["flags"][0]["date"], "2026-01-05")

    def test_it_flags_a_trip_its_driver_approved(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050), approved_by=self.staff)
        self.assertEqual(self.codes(), Counter({"self_approved": 1}))

    def test_it_flags_a_self_approval_written_by_name(self) -> None:
        make_trip(
            self,
            self.car,
            date(2026, 1, 5),
            (8, 15),
            (10000, 10050),
            driver=None,
            driver_name="นายสมศักดิ์  ขับดี",
            approved_by=None,
            approved_by_name="นายสมศักดิ์ ขับดี",
        )
        self.assertEqual(self.codes(), Counter({"self_approved": 1}))

    def test_it_flags_one_vehicle_on_two_trips_at_once(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        make_trip(self, self.car, date(2026, 1, 5), (10, 12), (10050, 10080), driver=self.unit_head)
        self.assertEqual(self.codes(), Counter({"overlap": 1}))

    def test_it_flags_one_driver_on_two_vehicles_at_once(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        make_trip(self, self.van, date(2026, 1, 5), (10, 12), (500, 530))
        codes = self.codes()
        self.assertEqual(codes, Counter({"overlap": 1}))
        self.assertIn("กข 1234 อัลฟา", self.data["flags"][0]["detail"])

    def test_it_flags_kilometres_between_trips(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        make_trip(self, self.car, date(2026, 1, 6), (8, 15), (10135, 10180))
        self.assertEqual(self.codes(), Counter({"odometer_gap": 1}))
        self.assertIn("85", self.data["flags"][0]["detail"])

    def test_it_flags_an_odometer_going_back(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        make_trip(self, self.car, date(2026, 1, 6), (8, 15), (10020, 10070))
        self.assertEqual(self.codes(), Counter({"odometer_backwards": 1}))

    def test_it_flags_a_night_away_without_permission(self) -> None:
        make_trip(self, self.car, date(2026, 1, 6), (16, 24 + 7), (10000, 10050))  # back 07:00 the next day
        self.assertEqual(self.codes(), Counter({"overnight_away": 1}))

    def test_it_flags_a_weekend_trip_without_a_reason(self) -> None:
        make_trip(self, self.car, date(2026, 1, 10), (9, 12), (10000, 10050))
        self.assertEqual(self.codes(), Counter({"off_hours": 1}))

    def test_it_flags_a_night_trip_and_a_public_holiday(self) -> None:
        make_trip(self, self.car, date(2026, 1, 6), (18, 21), (10000, 10050))  # back at 21:00
        make_trip(self, self.car, date(2026, 1, 1), (9, 12), (9950, 10000))  # วันขึ้นปีใหม่
        self.assertEqual(self.codes(), Counter({"off_hours": 2}))
        details = " ".join(f["detail"] for f in self.data["flags"])
        self.assertIn("วันขึ้นปีใหม่", details)
        self.assertIn("21:00", details)

    def test_it_flags_a_day_the_platform_admin_made_a_holiday(self) -> None:
        self.addCleanup(holidays.clear_cache)  # the row is rolled back without a signal
        make_trip(self, self.car, date(2026, 1, 7), (9, 12), (10000, 10050))
        self.assertEqual(self.codes(), Counter())
        PublicHoliday.objects.create(day=date(2026, 1, 7), name="วันหยุดราชการเป็นกรณีพิเศษ", source="ทดสอบ")
        self.assertEqual(self.codes(), Counter({"off_hours": 1}))
        self.assertIn("วันหยุดราชการเป็นกรณีพิเศษ", self.data["flags"][0]["detail"])

    def test_it_flags_a_back_dated_entry(self) -> None:
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050), late_reason="สมุดบันทึกหาย")
        self.assertEqual(self.codes(), Counter({"late_entry": 1}))
        self.assertIn("สมุดบันทึกหาย", self.data["flags"][0]["detail"])

    def test_it_computes_km_per_litre_full_to_full_by_hand(self) -> None:
        # full at 10,000; 20 l partial at 10,150; full with 28.5 l at 10,420: 420 km / 48.5 l = 8.66 km/l
        make_slip(self, self.car, date(2026, 1, 2), "45", 10000)
        make_slip(self, self.car, date(2026, 1, 9), "20", 10150, full=False)
        make_slip(self, self.car, date(2026, 1, 16), "28.5", 10420)
        codes = self.codes()
        car = next(v for v in self.data["vehicles"] if v["plate"] == self.car.plate)
        self.assertAlmostEqual(car["km_per_litre"], 420 / 48.5, delta=0.1)
        self.assertEqual(car["intervals"][0]["distance_km"], 420)
        self.assertEqual(car["intervals"][0]["litres"], 48.5)
        # 8.66 is 13.4 % below 10.00: within the 20 % allowed
        self.assertEqual(codes, Counter())

    def test_it_flags_fuel_more_than_a_fifth_off_the_rate(self) -> None:
        make_slip(self, self.car, date(2026, 1, 2), "45", 10000)
        make_slip(self, self.car, date(2026, 1, 16), "55", 10420)  # 7.64 km/l: 23.6 % below 10.00
        self.assertEqual(self.codes(), Counter({"fuel_rate": 1}))
        self.assertEqual(self.data["flags"][0]["date"], "2026-01-16")
        self.assertIn("7.64", self.data["flags"][0]["detail"])
        self.assertEqual(self.data["km_per_litre"], round(420 / 55, 2))

    def test_it_keeps_the_rate_per_fiscal_year(self) -> None:
        from prongsai.vehicles.models import ConsumptionRate

        ConsumptionRate.objects.create(vehicle=self.car, fiscal_year=2568, km_per_litre=Decimal("7.50"))
        make_slip(self, self.car, date(2025, 9, 1), "45", 9000)
        make_slip(self, self.car, date(2025, 9, 20), "55", 9420)  # fiscal 2568: 7.64 against 7.50, no flag
        with translation.override("th"):
            data = report_data(self.org, Period.month(2025, 9))
        self.assertEqual(data["flags"], [])
