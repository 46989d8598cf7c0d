"""Reconciliation on a synthetic count: every asset and every scanned code in exactly one state.

The scenario is planted by category (which assets are left unscanned, scanned in the wrong room, damaged…),
so the expected state of each code comes from the plan, not from the algorithm under test.
"""

from __future__ import annotations

import io
import json
import random
import time
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.test import SimpleTestCase
from django.utils import timezone

from prongsai.assets.models import Asset, Scan
from prongsai.assets.stockcheck import services
from prongsai.assets.stockcheck.reconcile import STATES, Registered, Sighting, reconcile
from prongsai.assets.stockcheck.selectors import reconciliation_of
from prongsai.core.testing import PersonaTestCase

ROOMS = [f"ห้อง {n:02d}" for n in range(1, 13)]


class SyntheticCountTests(PersonaTestCase):
    def test_it_puts_every_asset_and_code_in_the_state_planted_for_it(self) -> None:
        rng = random.Random(20250930)  # noqa: S311  (a reproducible shuffle, not a secret)
        codes = [f"416-60-{n:04d}" for n in range(1, 361)]
        Asset.objects.bulk_create(
            [
                Asset(
                    organisation=self.org,
                    code=c,
                    name=f"ครุภัณฑ์ {c}",
                    room=ROOMS[i % 12],
                    unit=self.finance,
                    cost=Decimal("1000"),
                )
                for i, c in enumerate(codes)
            ]
        )
        # Another organisation's asset with a code scanned here is still an unknown code for org A.
        Asset.objects.create(organisation=self.other_org, code="416-99-0001", name="x", room=ROOMS[0])
        shuffled = codes[:]
        rng.shuffle(shuffled)
        plan: dict[str, str] = {}
        plan.update(dict.fromkeys(shuffled[:31], "missing"))
        plan.update(dict.fromkeys(shuffled[31:60], "elsewhere"))
        plan.update(dict.fromkeys(shuffled[60:75], "damaged"))  # damaged or deteriorated, some in the wrong room
        plan.update(dict.fromkeys(shuffled[75:85], "not_needed"))
        plan.update(dict.fromkeys(shuffled[85:], "found"))
        unknown = ["999-00-0001", "999-00-0002", "999-00-0003", "416-99-0001"]
        plan.update(dict.fromkeys(unknown, "unknown_code"))
        home = {c: ROOMS[i % 12] for i, c in enumerate(codes)}

        round_ = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568, by=self.executive)
        self.assertEqual(sorted(round_.rooms.values_list("name", flat=True)), ROOMS)
        when = timezone.make_aware(datetime(2025, 10, 2, 9, 0))
        sent: list[dict[str, object]] = []

        def scan(code: str, room: str, condition: str = "usable") -> None:
            sent.append(
                {
                    "code": code,
                    "room": room,
                    "condition": condition,
                    "counted_at": when + timedelta(seconds=len(sent)),
                    "scan_id": f"s{len(sent)}",
                }
            )

        for n, (code, state) in enumerate(plan.items()):
            other = ROOMS[(ROOMS.index(home[code]) + 1 + n % 11) % 12] if code in home else ROOMS[n % 12]
            if state == "found":
                scan(code, home[code])
                if n % 7 == 0:
                    scan(code, home[code])  # the same code twice in its room (a second scan id)
                if n % 13 == 0:
                    scan(code, other)  # also seen elsewhere (a duplicate label): still found at home
            elif state == "elsewhere":
                scan(code, other)
                if n % 5 == 0:
                    scan(code, other)
            elif state == "damaged":
                scan(code, home[code] if n % 2 else other, "damaged" if n % 3 else "deteriorated")
            elif state == "not_needed":
                scan(code, home[code], "not_needed")
            elif state == "unknown_code":
                scan(code, ROOMS[n % 12])
                scan(code, ROOMS[(n + 3) % 12])
        # The phone resends a part of its queue (same scan ids): nothing changes.
        for data in [*sent, *sent[:40]]:
            services.scan_record(round_=round_, data=data, by=self.staff)
        distinct_sightings = {(d["code"], d["room"]) for d in sent}
        self.assertEqual(Scan.objects.filter(round=round_).count(), len(distinct_sightings))

        result = reconciliation_of(round_)
        got = {item.code: item.state for item in result.items}
        self.assertEqual(len(result.items), len(got), "a code in two states")
        self.assertEqual(got, plan)
        expected_counts = {state: sum(1 for s in plan.values() if s == state) for state in STATES}
        self.assertEqual(result.counts, expected_counts)
        for item in result.items:
            if item.state == "elsewhere":
                self.assertEqual(item.room_registered, home[item.code])
                self.assertNotEqual(item.room_found, home[item.code])
            if item.state == "found":
                self.assertEqual(item.room_found, home[item.code])
            if item.state == "missing":
                self.assertIsNone(item.room_found)
            if item.state == "unknown_code":
                self.assertIsNone(item.room_registered)

        # The command's JSON says the same.
        out = io.BytesIO()
        call_command("stockcheck-report", org="alpha", round=round_.pk, format="json", output="-", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["counts"], expected_counts)
        self.assertEqual({i["code"]: i["state"] for i in data["items"]}, plan)
        self.assertEqual(set(data["items"][0]), {"code", "state", "room_registered", "room_found"})


class ReconcileSpeedTests(SimpleTestCase):
    def test_it_reconciles_5000_assets_within_two_seconds(self) -> None:
        assets = [Registered(f"A{n:05d}", f"R{n % 40}") for n in range(5000)]
        sightings = [Sighting(f"A{n:05d}", f"R{(n + (n % 9 == 0)) % 40}") for n in range(0, 5000) if n % 17]
        sightings += [Sighting(f"X{n}", "R1") for n in range(50)]
        started = time.perf_counter()
        result = reconcile(assets, sightings)
        self.assertLess(time.perf_counter() - started, 2.0)
        self.assertEqual(sum(result.counts.values()), 5050)
