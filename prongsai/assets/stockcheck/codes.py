"""Asset codes as scanned: a bare code, or the asset's QR address ``…/<slug>/a/<code>/``."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from prongsai.core.thai import to_arabic_digits

_QR_PATH = re.compile(r"/a/([^/]+)/?$")


def normalise_code(text: str) -> str:
    """The code in ``text``: the last part of an asset URL, or the text itself, trimmed, Arabic digits."""
    text = to_arabic_digits((text or "").strip())
    if "/" in text:
        path = urlsplit(text).path if "://" in text else text
        match = _QR_PATH.search(path)
        if match:
            text = unquote(match.group(1))
    return text.strip()
