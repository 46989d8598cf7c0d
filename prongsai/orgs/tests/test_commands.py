from __future__ import annotations

import subprocess
import sys
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from prongsai.accounts.models import User
from prongsai.orgs.models import Membership, Organisation, Role
from prongsai.orgs.services import STANDARD_UNITS


class OrgCreateTests(TestCase):
    def test_it_creates_an_organisation_with_the_standard_units(self) -> None:
        out = StringIO()
        call_command(
            "org-create",
            "--slug",
            "na-kae",
            "--name",
            "อบต.นาแก",
            "--province",
            "นครพนม",
            "--district",
            "นาแก",
            stdout=out,
        )
        org = Organisation.objects.get(slug="na-kae")
        self.assertEqual((org.name, org.province, org.district, org.kind), ("อบต.นาแก", "นครพนม", "นาแก", "sao"))
        self.assertEqual([u.name for u in org.units.all()], list(STANDARD_UNITS))
        self.assertIn("6 units", out.getvalue())

    def test_it_takes_the_kind(self) -> None:
        call_command(
            "org-create", "--slug", "town", "--name", "เทศบาลเมือง", "--kind", "town_municipality", stdout=StringIO()
        )
        self.assertEqual(Organisation.objects.get(slug="town").kind, Organisation.Kind.TOWN_MUNICIPALITY)

    def test_it_refuses_bad_and_reserved_slugs_and_duplicates(self) -> None:
        for slug in ("Bad Slug", "admin", "accounts"):
            with self.subTest(slug=slug), self.assertRaises(CommandError):
                call_command("org-create", "--slug", slug, "--name", "x", stdout=StringIO())
        call_command("org-create", "--slug", "dup", "--name", "x", stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "already exists"):
            call_command("org-create", "--slug", "dup", "--name", "y", stdout=StringIO())
        self.assertEqual(Organisation.objects.count(), 1)


class DemoTests(TestCase):
    """One load of the whole demo for the class (each load draws its documents: ~2 s)."""

    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("demo", stdout=out)
        cls.output = out.getvalue()

    def test_it_loads_both_organisations_with_one_user_per_role(self) -> None:
        pho_nong = Organisation.objects.get(slug="pho-nong")
        self.assertEqual(pho_nong.name, "องค์การบริหารส่วนตำบลโพหนอง")
        self.assertEqual((pho_nong.district, pho_nong.province), ("รณนคร", "นครพนม"))
        self.assertEqual([u.name for u in pho_nong.units.all()], ["สำนักปลัด", "กองคลัง", "กองช่าง"])
        sample = Organisation.objects.get(slug="sample")
        self.assertTrue(sample.is_sample)
        self.assertIn("ข้อมูลสมมติ", sample.name)
        for org in (pho_nong, sample):
            roles = set(Membership.objects.filter(organisation=org).values_list("role", flat=True))
            self.assertEqual(roles, set(Role) - {Role.SUPERVISOR})
        self.assertTrue(Membership.objects.filter(role=Role.SUPERVISOR, province="นครพนม").exists())
        self.assertIn("pho-nong-executive", self.output)
        self.assertIn("prongsai-demo", self.output)
        self.assertTrue(User.objects.get(username="pho-nong-executive").check_password("prongsai-demo"))
        self.assertTrue(User.objects.get(username="admin").is_superuser)

    def test_it_makes_every_demo_login_work(self) -> None:
        from prongsai.orgs.demo import load_demo

        for login in load_demo():  # loaded again: the logins it gives, nothing new
            client = self.client_class()
            response = client.post("/accounts/login/", {"username": login.username, "password": "prongsai-demo"})
            with self.subTest(username=login.username):
                self.assertEqual(response.status_code, 302)
                self.assertIn("_auth_user_id", client.session)
        self.client.force_login(User.objects.get(username="nakhonphanom-supervisor"))
        for slug in ("pho-nong", "sample"):
            self.assertEqual(self.client.get(f"/{slug}/staff/").status_code, 200)

    def test_it_is_idempotent(self) -> None:
        counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
        call_command("demo", stdout=StringIO())
        self.assertEqual(counts, (Organisation.objects.count(), User.objects.count(), Membership.objects.count()))


class DemoRefusalTests(TestCase):
    @override_settings(SITE_IS_LOCAL=False)
    def test_it_refuses_a_public_installation(self) -> None:
        with self.assertRaises(CommandError):
            call_command("demo", stdout=StringIO())
        self.assertFalse(Organisation.objects.exists())


def test_it_lists_the_commands_in_help() -> None:
    result = subprocess.run([sys.executable, "-m", "prongsai", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("org-create", "demo", "serve", "compiletranslations", "run_huey", "migrate"):
        assert command in result.stdout
