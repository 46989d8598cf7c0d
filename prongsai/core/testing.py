"""Test support shared by every module: named personas and the URL-kwarg registry of the tenancy walk.

`PersonaTestCase` gives each test two organisations in two provinces:

- org A (`self.org`, slug "alpha", province นครพนม) with one user per role
  (`self.executive`, `self.coordinator`, `self.unit_head`, `self.staff`,
  `self.ethics`), a supervisor of its province (`self.supervisor`);
- org B (`self.other_org`, slug "bravo", province สกลนคร) with its own
  executive (`self.other_executive`) and staff (`self.other_staff`), and a
  supervisor of that other province (`self.other_supervisor`);
- a platform admin (`self.admin`). The anonymous citizen is a logged-out client.

The walk (orgs/tests/test_tenancy_walk.py) visits every URL of the project
with org A's objects. For each URL keyword it asks `URL_KWARGS`: a module
whose URLs take new keywords (e.g. `measure_id`) registers a factory there in
its `testing.py`, returning the value for an object of org A. A keyword with
no factory fails the walk, so every new URL is covered.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import TestCase, override_settings

from prongsai.accounts.models import User
from prongsai.orgs.models import Membership, Organisation, Role, Unit

URL_KWARGS: dict[str, Callable[[PersonaTestCase], Any]] = {
    "org_slug": lambda case: case.org.slug,
    "unit_id": lambda case: case.unit.pk,
}
# A record of org A per model with a history ("app_label.Model" → factory), for the test that renders
# every history entry (core/tests/test_history.py). A module that tracks a model registers it here.
HISTORY_SAMPLES: dict[str, Callable[[PersonaTestCase], Any]] = {}


class TemporaryMedia:
    """Mixin for test classes: uploads go to a folder of the class's own, removed afterwards."""

    media: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="prongsai-media-")
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)  # type: ignore[attr-defined]
        media = override_settings(MEDIA_ROOT=cls.media)
        media.enable()
        cls.addClassCleanup(media.disable)  # type: ignore[attr-defined]
        super().setUpClass()  # type: ignore[misc]

    def stored_files(self) -> set[str]:
        """Every file under the class's media folder, as paths relative to it."""
        return {
            os.path.relpath(os.path.join(folder, name), self.media)
            for folder, _dirs, names in os.walk(self.media)
            for name in names
        }


def make_user(username: str, **extra: Any) -> User:
    user = User(username=username, first_name=extra.pop("first_name", username), **extra)
    user.set_password("password")
    user.save()
    return user


class PersonaTestCase(TestCase):
    org: Organisation
    other_org: Organisation
    unit: Unit
    finance: Unit
    other_unit: Unit
    executive: User
    coordinator: User
    unit_head: User
    staff: User
    ethics: User
    other_executive: User
    other_staff: User
    supervisor: User
    other_supervisor: User
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม", district="เมือง")
        cls.unit = Unit.objects.create(organisation=cls.org, name="สำนักปลัด", position=1)
        cls.finance = Unit.objects.create(organisation=cls.org, name="กองคลัง", position=2)
        cls.other_org = Organisation.objects.create(slug="bravo", name="อบต.บราโว", province="สกลนคร")
        cls.other_unit = Unit.objects.create(organisation=cls.other_org, name="สำนักปลัด", position=1)

        def member(username: str, org: Organisation, role: str, unit: Unit | None = None) -> User:
            user = make_user(username)
            Membership.objects.create(user=user, organisation=org, role=role, unit=unit)
            return user

        cls.executive = member("a-executive", cls.org, Role.EXECUTIVE)
        cls.coordinator = member("a-coordinator", cls.org, Role.ITA_COORDINATOR, cls.unit)
        cls.unit_head = member("a-unithead", cls.org, Role.UNIT_HEAD, cls.finance)
        cls.staff = member("a-staff", cls.org, Role.STAFF, cls.finance)
        cls.ethics = member("a-ethics", cls.org, Role.ETHICS_COMMITTEE)
        cls.other_executive = member("b-executive", cls.other_org, Role.EXECUTIVE)
        cls.other_staff = member("b-staff", cls.other_org, Role.STAFF, cls.other_unit)
        cls.supervisor = make_user("np-supervisor")
        Membership.objects.create(user=cls.supervisor, role=Role.SUPERVISOR, province="นครพนม")
        cls.other_supervisor = make_user("sk-supervisor")
        Membership.objects.create(user=cls.other_supervisor, role=Role.SUPERVISOR, province="สกลนคร")
        cls.admin = make_user("platform-admin", is_superuser=True, is_staff=True)

    # Personas by name, for loops over the role matrix.
    def personas(self) -> dict[str, User]:
        return {
            "executive": self.executive,
            "ita_coordinator": self.coordinator,
            "unit_head": self.unit_head,
            "staff": self.staff,
            "ethics_committee": self.ethics,
            "supervisor": self.supervisor,
            "other_org_executive": self.other_executive,
            "other_org_staff": self.other_staff,
            "other_province_supervisor": self.other_supervisor,
            "platform_admin": self.admin,
        }

    def outsiders(self) -> dict[str, User]:
        """People who must see nothing of org A."""
        return {
            "other_org_executive": self.other_executive,
            "other_org_staff": self.other_staff,
            "other_province_supervisor": self.other_supervisor,
        }


# --------------------------------------------------------------------------- real Chromium

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set CHROMIUM to its path"


class ChromiumTestCase(StaticLiveServerTestCase):
    """A live server thread per class (stopped with its database connection) and Debian's Chromium.

    Uses playwright's `executable_path`, so nothing is downloaded. Subclasses mark themselves
    `pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)`.
    """

    playwright: Any
    browser: Any

    @classmethod
    def setUpClass(cls) -> None:
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def sign_in(self, page: Any, username: str, password: str) -> None:
        page.goto(self.live_server_url + "/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill(password)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()


def pdf_from_objects(objects: Sequence[bytes], *, version: bytes = b"1.4", trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1, the catalog first) with a correct classic cross-reference table.

    ``trailer`` is added to the trailer dictionary after ``/Root 1 0 R`` (e.g. ``b" /Info 6 0 R"``).
    """
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)
