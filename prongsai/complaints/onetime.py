"""One submission files one case, and its receipt is shown exactly once.

A reporting form carries a signed one-time nonce (``anonymous.form_token``). Filing stores the
SHA-256 of the nonce (``SentForm``) in the same transaction as the case, so the same form sent
again — a reload, a double click, the back button, a replay — files nothing. The answer to the
POST is ``303 See Other`` to ``receipt/?t=<token>``: the receipt waits there sealed under a key
derived from that random token (``ReceiptView``), which exists only in the reporter's browser.
The first GET opens the seal and removes the row; a reload finds nothing and says that the
receipt was shown already. A form sent again before its receipt was shown is sent to the same
page (the token is kept sealed under the form's nonce, which only the sender has).

Nothing here is a time finer than a ten-minute window (for expiry) or a day.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from prongsai.complaints import crypto
from prongsai.complaints.models import ReceiptView, SentForm

VIEW_WINDOW = 10 * 60  # seconds
RECEIPT_VIEW_WINDOWS = 2  # a receipt never opened is removed after 10 to 20 minutes


class FormAlreadySent(Exception):
    """This form has filed its report already; ``view`` is its receipt page's token while it is unseen."""

    def __init__(self, view: str | None) -> None:
        super().__init__("form already sent")
        self.view = view


def _window() -> int:
    return int(time.time() // VIEW_WINDOW)


def new_view_token() -> str:
    return secrets.token_urlsafe(24)


def consume(purpose: str, nonce: str, *, today: date, view: str | None = None) -> bool:
    """Mark the form's nonce used (inside the caller's transaction); False when it was used before."""
    digest = crypto.digest(f"form:{purpose}", nonce)
    if SentForm.objects.filter(digest=digest).exists():
        return False
    SentForm.objects.create(
        digest=digest, sent_on=today, view=crypto.seal(nonce, view.encode()) if view is not None else None
    )
    return True


def consume_check(nonce: str, *, today: date) -> bool:
    """Use up a receipt form's nonce (its proof of work counts once); False when it was used before."""
    try:
        with transaction.atomic():
            return consume("receipt", nonce, today=today)
    except IntegrityError:
        return False


def view_of_sent_form(purpose: str, nonce: str) -> str | None:
    """The receipt page token of a form that was sent already, while its receipt has not been shown."""
    sent = SentForm.objects.filter(digest=crypto.digest(f"form:{purpose}", nonce)).first()
    if sent is None or sent.view is None:
        return None
    opened = crypto.unseal(nonce, sent.view)
    if opened is None:
        return None
    view = opened.decode()
    return view if ReceiptView.objects.filter(digest=crypto.digest("receipt-view", view)).exists() else None


def keep_receipt(view: str, content: dict[str, Any]) -> None:
    """Seal what the receipt page shows under ``view`` (inside the filing transaction)."""
    ReceiptView.objects.filter(window__lt=_window() - RECEIPT_VIEW_WINDOWS).delete()
    ReceiptView.objects.create(
        digest=crypto.digest("receipt-view", view),
        sealed=crypto.seal(view, json.dumps(content).encode()),
        window=_window(),
    )


def take_receipt(view: str) -> dict[str, Any] | None:
    """What the receipt page shows, once: the row is removed in the same transaction."""
    if not view or len(view) > 100:
        return None
    with transaction.atomic():
        row = (
            ReceiptView.objects.select_for_update()
            .filter(digest=crypto.digest("receipt-view", view), window__gte=_window() - RECEIPT_VIEW_WINDOWS)
            .first()
        )
        if row is None:
            return None
        row.delete()
    opened = crypto.unseal(view, row.sealed)
    return json.loads(opened) if opened is not None else None


def prune(today: date) -> int:
    """Forget used nonces once their forms have expired anyway (after a day), and receipts never shown."""
    done, _ = SentForm.objects.filter(sent_on__lt=today - timedelta(days=1)).delete()
    gone, _ = ReceiptView.objects.filter(window__lt=_window() - RECEIPT_VIEW_WINDOWS).delete()
    return done + gone
