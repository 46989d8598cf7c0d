"""The data folder is 0700 and the SQLite database, its WAL and the task queue 0600 (issue 11, §7)."""

from __future__ import annotations

import sqlite3
import stat
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from prongsai.core.private import private_dir, private_file
from prongsai.core.tests.test_settings_and_security import run_prongsai


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class PrivateFileTests(SimpleTestCase):
    def test_a_fresh_installation_keeps_its_data_to_itself(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            result = run_prongsai("check", env={}, tmp=data, fresh=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(mode(data), 0o700)
            self.assertEqual(mode(data / "prongsai.sqlite3"), 0o600)
            self.assertEqual(mode(data / "huey.sqlite3"), 0o600)
            self.assertEqual(sorted(p.name for p in data.glob("huey.sqlite3*") if mode(p) != 0o600), [])

    def test_the_wal_of_a_private_database_is_private(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            database = private_file(Path(tmp) / "db.sqlite3", sqlite=True)
            connection = sqlite3.connect(database)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("CREATE TABLE t (x)")
                connection.execute("INSERT INTO t VALUES (1)")
                connection.commit()
                wal = Path(f"{database}-wal")
                self.assertTrue(wal.exists())
                self.assertEqual((mode(database), mode(wal)), (0o600, 0o600))
            finally:
                connection.close()

    def test_files_of_earlier_versions_are_narrowed(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "var"
            folder.mkdir(mode=0o755)
            folder.chmod(0o755)
            database = folder / "prongsai.sqlite3"
            database.write_bytes(b"")
            database.chmod(0o644)
            Path(f"{database}-wal").write_bytes(b"")
            Path(f"{database}-wal").chmod(0o644)
            private_dir(folder)
            private_file(database, sqlite=True)
            self.assertEqual((mode(folder), mode(database), mode(Path(f"{database}-wal"))), (0o700, 0o600, 0o600))

    def test_uploads_are_stored_for_the_service_only(self) -> None:
        self.assertEqual(settings.FILE_UPLOAD_PERMISSIONS, 0o600)
        self.assertEqual(settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS, 0o700)
