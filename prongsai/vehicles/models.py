"""Official vehicles, requests to use them (แบบ ๓), the trip logbook (แบบ ๔) and fuel slips."""

from __future__ import annotations
