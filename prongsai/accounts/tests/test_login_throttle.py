"""Sign-in throttling per username with a growing delay, and per address, separately (issue 11, §7).

Before, django-axes locked a (username, address) pair: ten addresses gave forty more guesses, and behind a
proxy five wrong passwords locked the account for everyone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.http import HttpRequest
from django.urls import reverse

from prongsai.accounts import throttle
from prongsai.accounts.models import AuditEvent, LoginThrottle
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK

LOGIN = reverse("accounts:login")
START = datetime(2026, 1, 5, 9, 0, tzinfo=BANGKOK)


class ThrottleTests(PersonaTestCase):
    def sign_in(self, username: str, password: str, address: str = "192.0.2.1") -> int:
        """The status of one try: 302 signed in, 200 wrong password, 429 must wait."""
        self.client.logout()
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code

    def test_more_addresses_give_no_more_guesses(self) -> None:
        with time_machine.travel(START, tick=False):
            for number in range(throttle.USERNAME_FREE_FAILURES):
                self.assertEqual(self.sign_in("a-staff", "wrong", f"198.51.100.{number}"), 200)
            # from a sixth address, even the right password waits
            self.assertEqual(self.sign_in("a-staff", "password", "203.0.113.9"), 429)
            self.assertFalse(AuditEvent.objects.filter(action="login", user=self.staff).exists())

    def test_the_delay_grows_with_every_failure_and_a_success_clears_it(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            for _ in range(5):
                self.sign_in("a-staff", "wrong")
            self.assertEqual(self.sign_in("a-staff", "password"), 429)
            response = self.client.post(LOGIN, {"username": "a-staff", "password": "wrong"})
            self.assertContains(response, "1", status_code=429)
            self.assertEqual(response["Retry-After"], "60")
            clock.shift(timedelta(seconds=61))
            self.assertEqual(self.sign_in("a-staff", "wrong"), 200)  # the sixth failure: two minutes now
            clock.shift(timedelta(seconds=61))
            self.assertEqual(self.sign_in("a-staff", "password"), 429)
            clock.shift(timedelta(seconds=60))
            self.assertEqual(self.sign_in("a-staff", "wrong"), 200)  # the seventh: four minutes
            clock.shift(timedelta(minutes=3))
            self.assertEqual(self.sign_in("a-staff", "password"), 429)
            clock.shift(timedelta(minutes=1, seconds=1))
            self.assertEqual(self.sign_in("a-staff", "password"), 302)
            self.assertEqual(self.sign_in("a-staff", "wrong"), 200)  # counting starts again
            self.assertEqual(self.sign_in("a-staff", "password"), 302)

    def test_tries_refused_while_waiting_do_not_lengthen_the_wait(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            for _ in range(5):
                self.sign_in("a-staff", "wrong")
            for _ in range(10):
                self.assertEqual(self.sign_in("a-staff", "wrong"), 429)
            clock.shift(timedelta(seconds=61))
            self.assertEqual(self.sign_in("a-staff", "password"), 302)

    def test_one_account_failing_behind_a_proxy_does_not_lock_the_others(self) -> None:
        proxy = "10.1.1.1"
        with time_machine.travel(START, tick=False):
            for _ in range(8):
                self.sign_in("a-staff", "wrong", proxy)
            self.assertEqual(self.sign_in("a-staff", "password", proxy), 429)
            self.assertEqual(self.sign_in("a-coordinator", "password", proxy), 302)

    def test_an_address_that_fails_for_many_usernames_waits_on_its_own(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            for number in range(throttle.ADDRESS_FAILURES):
                self.assertEqual(self.sign_in(f"nobody-{number}", "wrong", "192.0.2.66"), 200)
            self.assertEqual(self.sign_in("a-staff", "password", "192.0.2.66"), 429)
            self.assertEqual(self.sign_in("a-staff", "password", "192.0.2.67"), 302)  # the account is fine
            clock.shift(throttle.ADDRESS_LOCK + timedelta(seconds=1))
            self.assertEqual(self.sign_in("a-coordinator", "password", "192.0.2.66"), 302)

    def test_behind_a_trusted_proxy_each_client_address_waits_on_its_own(self) -> None:
        proxy = "127.0.0.10"
        with self.settings(TRUSTED_PROXIES=["127.0.0.10/32"]), time_machine.travel(START, tick=False):
            for number in range(throttle.ADDRESS_FAILURES):
                self.client.logout()
                self.client.post(
                    LOGIN,
                    {"username": f"nobody-{number}", "password": "wrong"},
                    REMOTE_ADDR=proxy,
                    HTTP_X_FORWARDED_FOR="192.0.2.66",
                )
            status = self.client.post(
                LOGIN,
                {"username": "a-staff", "password": "password"},
                REMOTE_ADDR=proxy,
                HTTP_X_FORWARDED_FOR="192.0.2.66",
            ).status_code
            self.assertEqual(status, 429)
            self.client.logout()
            other = self.client.post(
                LOGIN,
                {"username": "a-staff", "password": "password"},
                REMOTE_ADDR=proxy,
                HTTP_X_FORWARDED_FOR="192.0.2.67",
            )
            self.assertEqual(other.status_code, 302)  # another citizen behind the same proxy signs in
            # a forwarded address from a machine that is not our proxy is not believed
            self.assertEqual(throttle.client_address(self._request("192.0.2.99", "192.0.2.1")), "192.0.2.99")

    def _request(self, remote: str, forwarded: str) -> HttpRequest:
        from django.test import RequestFactory

        return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    def test_neither_username_nor_address_is_stored(self) -> None:
        self.sign_in("a-staff", "wrong", "198.51.100.77")
        rows = list(LoginThrottle.objects.values_list("scope", "key"))
        self.assertEqual(sorted(scope for scope, _key in rows), ["address", "username"])
        for _scope, key in rows:
            self.assertNotIn("a-staff", key)
            self.assertNotIn("198.51.100.77", key)
            self.assertEqual(len(key), 64)

    def test_the_admin_sign_in_is_throttled_too(self) -> None:
        with time_machine.travel(START, tick=False):
            for _ in range(5):
                self.sign_in("admin", "wrong")
            self.client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
            self.assertNotIn("_auth_user_id", self.client.session)
