"""Manage the keys that encrypt complaints at rest (see prongsai/complaints/crypto.py).

  prongsai complaint-keys status              where the keys come from, how many, whether every value reads
  prongsai complaint-keys generate            print a new key (for COMPLAINT_KEYS)
  prongsai complaint-keys rotate [--drop-old] key file: add a new key first and re-encrypt everything with it;
                                              COMPLAINT_KEYS: re-encrypt with its first key (put the new one first)
  prongsai complaint-keys backup --output F   copy the keys to F (mode 0600); keep it apart from database backups

Exit status: 0 on success, 1 when values cannot be read with the keys, 2 on a usage error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.complaints import crypto, keys


class Command(BaseCommand):
    help = (
        "Manage the keys that encrypt complaints at rest: status, generate, rotate (re-encrypt everything with "
        "the newest key, optionally dropping the old ones) and backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "generate", "rotate", "backup"])
        parser.add_argument(
            "--drop-old", action="store_true", help="rotate: keep only the new key afterwards (key file)"
        )
        parser.add_argument("--output", help="backup: the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        from_env = bool(getattr(settings, "COMPLAINT_KEYS", ""))
        if action == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        if action == "status":
            found = crypto.read_keys(create=False)
            where = "COMPLAINT_KEYS" if from_env else str(crypto.key_file())
            self.stdout.write(f"{len(found)} key(s) from {where}")
            bad = keys.undecryptable()
            if bad:
                raise CommandError(f"{bad} stored value(s) cannot be decrypted with these keys", returncode=1)
            self.stdout.write("every stored value can be decrypted")
            return
        if action == "backup":
            if not options["output"]:
                raise CommandError("backup needs --output FILE", returncode=2)
            output = Path(options["output"])
            if not output.parent.is_dir():
                raise CommandError(f"The folder of {output} does not exist.", returncode=2)
            crypto.write_key_file(output, crypto.read_keys(create=False))
            self.stderr.write(f"wrote {output}: keep it apart from the database backups")
            return
        # rotate
        current = crypto.read_keys(create=False)
        if not from_env:
            crypto.write_key_file(crypto.key_file(), [Fernet.generate_key(), *current])
        elif options["drop_old"]:
            raise CommandError(
                "--drop-old works on the key file; with COMPLAINT_KEYS, remove the old keys there", returncode=2
            )
        counts = keys.reencrypt_all()
        self.stdout.write(
            f"re-encrypted {counts['cases']} case(s), {counts['messages']} message(s), {counts['attachments']} attachment(s)"
        )
        if options["drop_old"]:
            crypto.write_key_file(crypto.key_file(), crypto.read_keys(create=False)[:1])
            self.stdout.write("old keys removed from the key file")
        os.sync()
