"""A PostgreSQL dump of a database with complaints holds none of their text (run in CI's PostgreSQL pass)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.test import TransactionTestCase

from prongsai.complaints import services
from prongsai.core.testing import make_user
from prongsai.orgs.models import Membership, Organisation, Role

MARKERS = ("DUMP-MARKER-report-41", "DUMP-MARKER-contact-42", "DUMP-MARKER-message-43")


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
class PostgresDumpTests(TransactionTestCase):
    def test_a_dump_shows_no_plaintext(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only (the SQLite file is searched in test_reporting)")
        org = Organisation.objects.create(slug="dump", name="อบต.ทดสอบ", province="นครพนม")
        executive = make_user("dump-executive")
        Membership.objects.create(user=executive, organisation=org, role=Role.EXECUTIVE)
        case, _receipt = services.file_report(
            org,
            services.ReportData("corruption", "public", MARKERS[0], where="ห้องพัสดุ", contact=MARKERS[1]),
            [],
            today=date(2026, 3, 2),
        )
        services.recipient_writes(case, executive, MARKERS[2], internal=False, today=date(2026, 3, 3))
        settings = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = ["pg_dump", "--data-only", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
        command += ["-U", settings["USER"] or "postgres", settings["NAME"]]
        dump = subprocess.run(command, capture_output=True, env=env, timeout=120, check=True).stdout
        self.assertIn("อบต.ทดสอบ".encode(), dump, "the dump holds the clear-text tables")
        for marker in (*MARKERS, "ห้องพัสดุ"):
            self.assertNotIn(marker.encode(), dump, marker)
