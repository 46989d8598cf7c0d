"""The receipt and report throttles: shared by all processes, per organisation, nobody locked out by others."""

from __future__ import annotations

import re
from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from prongsai.complaints import receipts, services
from prongsai.complaints.models import ThrottleCount
from prongsai.complaints.tests.test_reporting import ReportingCase, database_text
from prongsai.core.thai import local_today

CASE_PATH = "/alpha/complaints/case/"


def receipt_form(client: Client, path: str = CASE_PATH) -> tuple[str, str]:
    """The form token and the proof-of-work challenge ('' when none is asked)."""
    page = client.get(path).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token is not None
    challenge = re.search(r'data-pow-challenge="([^"]+)"', page)
    return token.group(1), challenge.group(1) if challenge else ""


def guess(client: Client, receipt: str, path: str = CASE_PATH, *, solve: bool = False) -> int:
    token, challenge = receipt_form(client, path)
    data = {"form_token": token, "receipt": receipt}
    if challenge and solve:
        data["pow"] = receipts.solve_proof_of_work(challenge)
    return client.post(path, data).status_code


def cache_items() -> list[tuple[bytes, bytes]]:
    """Every name and value in the cache (Redis or the local memory cache), as bytes."""
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        return [(name, bytes(client.dump(name) or b"")) for name in client.scan_iter()]
    local = getattr(cache, "_cache", {})
    return [(str(name).encode(), value if isinstance(value, bytes) else b"") for name, value in local.items()]


@mock.patch.object(receipts, "POW_BITS", 8)
@mock.patch.object(receipts, "FLOOD_FAILURES_PER_ORGANISATION", 25)
class ThrottleTests(ReportingCase):
    def test_it_does_not_lock_the_real_reporter_out_when_many_addresses_guess(self) -> None:
        _status, receipt = self.file()
        statuses = set()
        for n in range(3):  # guessing spread over several addresses, beyond the organisation's flood mark
            attacker = Client(REMOTE_ADDR=f"127.0.1.{n}")
            for m in range(receipts.FAILURES_PER_CLIENT + 2):
                statuses.add(guess(attacker, f"{n + 1}{m:015d}"))
        self.assertEqual(statuses, {400, 429}, "each guessing address is stopped, on its own")
        fresh = Client(REMOTE_ADDR="127.0.2.1")
        token, challenge = receipt_form(fresh)
        self.assertTrue(challenge, "the flood makes every check need a proof of work")
        refused = fresh.post(CASE_PATH, {"form_token": token, "receipt": receipt})
        self.assertEqual(refused.status_code, 400, "no proof, no check")
        self.assertEqual(guess(fresh, receipt, solve=True), 200, "the real receipt still opens the case")

    def test_a_proof_of_work_counts_once(self) -> None:
        _status, receipt = self.file()
        for n in range(receipts.FLOOD_FAILURES_PER_ORGANISATION):
            receipts.record_failed_receipt(self.org.pk, f"1:{n}")
        token, challenge = receipt_form(self.anonymous)
        data = {"form_token": token, "receipt": receipt, "pow": receipts.solve_proof_of_work(challenge)}
        self.assertEqual(self.anonymous.post(CASE_PATH, data).status_code, 200)
        self.assertEqual(self.anonymous.post(CASE_PATH, data).status_code, 400, "the same solution again")

    def test_it_shares_the_counters_between_web_processes(self) -> None:
        for n in range(receipts.FAILURES_PER_CLIENT):
            self.assertEqual(guess(self.anonymous, f"{n + 1:016d}"), 400)
        if not settings.REDIS_URL:
            cache.clear()  # another gunicorn worker has a local cache of its own
            self.assertTrue(ThrottleCount.objects.exists(), "in the database when there is no Redis")
        self.assertEqual(guess(self.anonymous, "9" * 16), 429)

    def test_it_keeps_the_buckets_per_organisation(self) -> None:
        for n in range(receipts.FAILURES_PER_CLIENT):
            guess(self.anonymous, f"{n + 1:016d}")
        self.assertEqual(guess(self.anonymous, "9" * 16), 429)
        self.assertEqual(guess(self.anonymous, "9" * 16, "/bravo/complaints/case/"), 400, "another organisation")

    def test_it_keeps_the_window_key_nowhere(self) -> None:
        guess(self.anonymous, "1" * 16)
        key = receipts._window_key(receipts._window())
        self.assertNotIn(key, database_text())
        self.assertNotIn(key.hex().encode(), database_text())
        for name, value in cache_items():
            self.assertNotIn(key, value, name)
            self.assertNotIn(b"throttle-key", name, "no key in the cache")

    @override_settings(TRUSTED_PROXIES="127.0.0.10")
    def test_it_trusts_forwarded_addresses_only_from_the_configured_proxies(self) -> None:
        self.assertEqual(receipts.client_address("127.0.0.10", "127.0.3.1"), "127.0.3.1")
        self.assertEqual(receipts.client_address("127.0.0.10", "127.0.3.9, 127.0.3.1"), "127.0.3.1")
        self.assertEqual(receipts.client_address("127.0.0.11", "127.0.3.1"), "127.0.0.11", "not a proxy of ours")
        citizen = Client(REMOTE_ADDR="127.0.0.10", HTTP_X_FORWARDED_FOR="127.0.3.1")
        for n in range(receipts.FAILURES_PER_CLIENT):
            guess(citizen, f"{n + 1:016d}")
        self.assertEqual(guess(citizen, "9" * 16), 429)
        neighbour = Client(REMOTE_ADDR="127.0.0.10", HTTP_X_FORWARDED_FOR="127.0.3.2")
        self.assertEqual(guess(neighbour, "9" * 16), 400, "another citizen behind the same proxy")
        with override_settings(TRUSTED_PROXIES=""):
            self.assertEqual(receipts.client_address("127.0.0.10", "127.0.3.1"), "127.0.0.10")

    def test_refused_report_forms_count_towards_the_throttle(self) -> None:
        path = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        for _ in range(receipts.SUBMISSIONS_PER_CLIENT):
            self.assertEqual(self.anonymous.post(path, {"form_token": "forged"}).status_code, 403)
        status, _text = self.file()
        self.assertEqual(status, 429)

    def test_refused_receipt_forms_count_towards_the_throttle(self) -> None:
        for _ in range(receipts.FAILURES_PER_CLIENT):
            self.assertEqual(self.anonymous.post(CASE_PATH, {"form_token": "forged", "receipt": "1"}).status_code, 403)
        self.assertEqual(guess(self.anonymous, "9" * 16), 429)

    def test_old_windows_are_removed(self) -> None:
        if settings.REDIS_URL:
            self.skipTest("Redis expires its counters itself")
        ThrottleCount.objects.create(name="fail:old", window=receipts._window() - 5, count=3)
        services.policy_for(self.org)
        receipts.record_failed_receipt(self.org.pk, f"{receipts._window()}:abc")
        self.assertFalse(ThrottleCount.objects.filter(name="fail:old").exists())
        self.assertTrue(local_today())
