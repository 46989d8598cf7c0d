"""Re-encryption of every stored complaint value with the newest key (used by `complaint-keys rotate`)."""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from prongsai.complaints import crypto
from prongsai.complaints.models import Attachment, Case, Message


def reencrypt_all() -> dict[str, int]:
    """Rotate every token to the newest key; returns how many values of each kind were rewritten.

    Database values are rewritten in one transaction. Attachment files are written anew under new
    random names first; the old files are removed only after the transaction has committed.
    """
    counts = {"cases": 0, "messages": 0, "attachments": 0}
    old_paths: list[str] = []
    new_paths: list[str] = []
    try:
        with transaction.atomic():
            for case in Case.objects.select_for_update().only("pk", "report", "contact"):
                case.report = crypto.rotate(case.report)
                case.contact = crypto.rotate(case.contact) if case.contact else None
                case.save(update_fields=["report", "contact"])
                counts["cases"] += 1
            for message in Message.objects.select_for_update().only("pk", "body"):
                message.body = crypto.rotate(message.body)
                message.save(update_fields=["body"])
                counts["messages"] += 1
            for attachment in Attachment.objects.select_for_update():
                with default_storage.open(attachment.path, "rb") as handle:
                    token = crypto.rotate(handle.read())
                folder = attachment.path.rsplit("/", 1)[0]
                path = default_storage.save(f"{folder}/{secrets.token_hex(16)}.bin", ContentFile(token))
                new_paths.append(path)
                old_paths.append(attachment.path)
                attachment.path = path
                attachment.name = crypto.rotate(attachment.name)
                attachment.save(update_fields=["path", "name"])
                counts["attachments"] += 1
    except BaseException:
        for path in new_paths:
            default_storage.delete(path)
        raise
    for path in old_paths:
        default_storage.delete(path)
    return counts


def undecryptable() -> int:
    """How many stored values the configured keys cannot read (0 when all is well)."""
    bad = 0
    for token in [
        *Case.objects.values_list("report", flat=True),
        *Case.objects.exclude(contact=None).values_list("contact", flat=True),
        *Message.objects.values_list("body", flat=True),
        *Attachment.objects.values_list("name", flat=True),
    ]:
        if token is None:
            continue
        try:
            crypto.decrypt(bytes(token))
        except crypto.KeyError_:
            bad += 1
    return bad
