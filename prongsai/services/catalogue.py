"""How steps, documents, fees and channels are written in one line, the same on the web form, in an import file
and in an export, so that a file exported imports back as it is.

- A step: ``ตรวจสอบเอกสาร (5 นาที, เจ้าหน้าที่งานทะเบียน)`` — its text, its minutes and who does it (optional).
- A document: ``สำเนาทะเบียนบ้าน (1 ฉบับ)``, or ``… (1 ฉบับ, หน่วยงานขอเอง)`` when the office fetches it itself
  (the No Copy Policy); a name alone is one copy. ``ไม่มี`` for none.
- A fee: free text; empty, ``0``, ``-`` or ``ไม่มี`` is written ``ไม่มีค่าธรรมเนียม`` (never blank).
- Channels: the counter's place and the e-Service link (an address beginning with http:// or https://).

Thai digits are read wherever a number is. Every parser raises :class:`ValueError` with a reason to show.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import lazy_format
from prongsai.core.thai import to_arabic_digits
from prongsai.services.models import NO_FEE, NONE

OFFICE_FETCHES = "หน่วยงานขอเอง"
_NONE_WORDS = {"", "-", "–", "ไม่มี", "none", "no"}
_FREE_WORDS = _NONE_WORDS | {"0", "0.00", "ฟรี", "free", NO_FEE.lower()}

_STEP = re.compile(
    r"^(?P<text>.+?)\s*[(（]\s*(?P<minutes>\d+)\s*(?:นาที|min(?:utes?)?\.?)?\s*(?:[,，]\s*(?P<who>[^()（）]*?))?\s*[)）]$",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(
    r"^(?P<name>.+?)\s*[(（]\s*(?:(?P<copies>\d+)\s*(?:ฉบับ|ชุด|copies|copy)?)?\s*[,，]?\s*"
    r"(?P<fetch>หน่วยงานขอเอง|office fetches(?: it)?)?\s*[)）]$",
    re.IGNORECASE,
)


class Unreadable(ValueError):
    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _parts(text: str) -> list[str]:
    """Items of a cell (separated by ``|``) or of a text area (one per line)."""
    return [part.strip() for part in re.split(r"[|\n]", text) if part.strip()]


def parse_step(text: str) -> dict[str, Any]:
    found = _STEP.match(to_arabic_digits(" ".join(text.split())))
    if found is None:
        raise Unreadable(_("write a step as: what is done (minutes นาที, who does it)"))
    return {"text": found["text"].strip(), "minutes": int(found["minutes"]), "who": (found["who"] or "").strip()}


def parse_steps(text: str) -> list[dict[str, Any]]:
    steps = [parse_step(part) for part in _parts(text)]
    if not steps:
        raise Unreadable(_("at least one step"))
    return steps


def format_step(step: dict[str, Any]) -> str:
    who = f", {step['who']}" if step.get("who") else ""
    return f"{step['text']} ({step['minutes']} นาที{who})"


def parse_document(text: str) -> dict[str, Any]:
    text = to_arabic_digits(" ".join(text.split()))
    if "(" not in text and "（" not in text:
        return {"name": text, "copies": 1, "office_fetches": False}
    found = _DOCUMENT.match(text)
    if found is None or not found["name"].strip():
        raise Unreadable(_("write a document as: name (copies ฉบับ) or name (copies ฉบับ, หน่วยงานขอเอง)"))
    fetches = bool(found["fetch"])
    copies = int(found["copies"]) if found["copies"] else (0 if fetches else 1)
    return {"name": found["name"].strip(), "copies": copies, "office_fetches": fetches}


def parse_documents(text: str) -> list[dict[str, Any]]:
    """``[]`` for ``ไม่มี``; an empty text is refused (none must be said, never left blank)."""
    stripped = text.strip()
    if stripped.lower() in _NONE_WORDS - {""}:
        return []
    if not stripped:
        raise Unreadable(_("write ไม่มี when no document is needed"))
    return [parse_document(part) for part in _parts(text)]


def format_document(document: dict[str, Any]) -> str:
    copies = int(document.get("copies") or 0)
    inside = [f"{copies} ฉบับ"] if copies else []
    if document.get("office_fetches"):
        inside.append(OFFICE_FETCHES)
    return f"{document['name']} ({', '.join(inside)})" if inside else document["name"]


def format_documents(documents: list[dict[str, Any]], separator: str = " | ") -> str:
    return separator.join(format_document(d) for d in documents) if documents else NONE


def parse_fee(text: str) -> str:
    fee = " ".join(text.split())
    return NO_FEE if fee.lower() in _FREE_WORDS else fee


def parse_channels(text: str) -> tuple[str, str]:
    """``(counter, e-Service link)`` from items separated by ``|``; at most one link."""
    counters, links = [], []
    for part in _parts(text):
        if re.match(r"^https?://", part, re.IGNORECASE):
            try:
                URLValidator(schemes=["http", "https"])(part)
            except ValidationError as exc:
                raise Unreadable(lazy_format(_("“%(link)s” is not a web address"), link=part)) from exc
            links.append(part)
        else:
            counters.append(part)
    if len(links) > 1:
        raise Unreadable(_("at most one e-Service link"))
    return "; ".join(counters), links[0] if links else ""


def format_channels(counter: str, eservice_url: str) -> str:
    return " | ".join(part for part in (counter, eservice_url) if part)
