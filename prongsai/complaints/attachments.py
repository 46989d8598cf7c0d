"""Attachment files of complaints: encrypted into the default storage under random names, dated by the day only."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Sequence
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from prongsai.complaints import crypto
from prongsai.complaints.models import Attachment, Case, Message
from prongsai.core.uploads import CleanFile


def stamp_day(path: str, day: date) -> None:
    """Give a stored file and its folder the day's midnight as their times, not the second of the filing.

    (The inode's change time cannot be set from user space; keep the media folder on a file system
    whose times are not copied into backups, or in an object store.)"""
    try:
        full = default_storage.path(path)
    except NotImplementedError:  # not on a file system: nothing to reset
        return
    stamp = timezone.make_aware(datetime.combine(day, time.min)).timestamp()
    for target in (full, os.path.dirname(full)):
        with contextlib.suppress(OSError):
            os.utime(target, (stamp, stamp))


def store(
    case: Case, message: Message | None, files: Sequence[CleanFile], *, from_reporter: bool, today: date
) -> list[str]:
    """Encrypt and store ``files``; return the storage paths written (to remove if the transaction fails)."""
    written: list[str] = []
    for clean in files:
        path = default_storage.save(
            f"complaints/{case.organisation_id}/{secrets.token_hex(16)}.bin", ContentFile(crypto.encrypt(clean.content))
        )
        written.append(path)
        stamp_day(path, today)
        Attachment.objects.create(
            case=case,
            message=message,
            from_reporter=from_reporter,
            path=path,
            name=crypto.encrypt_text(clean.name),
            content_type=clean.content_type,
            size=clean.size,
        )
    return written


def remove(paths: Sequence[str]) -> None:
    for path in paths:
        default_storage.delete(path)
