"""Document plumbing shared by every module: the Sarabun font, numbers and text, PDF through WeasyPrint.

Official Thai documents are set in Sarabun (TH Sarabun's open successor) at 16 pt.
This module gives the document model (``core/doc``: one DOCX and one HTML/PDF renderer) what they
need to agree on that:

- the Sarabun font files from the ``fontpkg_sarabun`` package (never copied into the repo);
- :func:`register_matplotlib_fonts` so charts use Sarabun, with Thai shaped correctly;
- :func:`number` and :func:`digits` for scores and free text in Thai or Arabic digits;
- :func:`html_to_pdf`: WeasyPrint with ``@font-face`` rules for Sarabun loaded from the package files,
  Sarabun as the default family and Thai fallback, and ำ kept in the PDF's text (:mod:`prongsai.core.fonts`).

The python-docx helpers of the DOCX renderer are in :mod:`prongsai.core.doc.docx_helpers`.
Everything here is a pure function of its arguments: no settings, no database.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import fontpkg_sarabun

# matplotlib is imported by the function that uses it: a web process that only serves pages never
# loads it (tests/test_memory.py).
from prongsai.core.thai import to_arabic_digits, to_thai_digits

__all__ = [
    "DASH",
    "SARABUN_BOLD",
    "SARABUN_BOLD_ITALIC",
    "SARABUN_DIR",
    "SARABUN_FAMILY",
    "SARABUN_ITALIC",
    "SARABUN_REGULAR",
    "clean_text",
    "digits",
    "html_to_pdf",
    "number",
    "register_matplotlib_fonts",
    "render_html",
    "sarabun_font_face_css",
]

# --- the font -------------------------------------------------------------------

SARABUN_FAMILY = "Sarabun"
SARABUN_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
SARABUN_REGULAR = SARABUN_DIR / "Sarabun-Regular.ttf"
SARABUN_BOLD = SARABUN_DIR / "Sarabun-Bold.ttf"
SARABUN_ITALIC = SARABUN_DIR / "Sarabun-Italic.ttf"
SARABUN_BOLD_ITALIC = SARABUN_DIR / "Sarabun-BoldItalic.ttf"

# (path, CSS font-weight, CSS font-style)
_SARABUN_FACES: tuple[tuple[Path, int, str], ...] = (
    (SARABUN_REGULAR, 400, "normal"),
    (SARABUN_BOLD, 700, "normal"),
    (SARABUN_ITALIC, 400, "italic"),
    (SARABUN_BOLD_ITALIC, 700, "italic"),
)


@functools.cache
def register_matplotlib_fonts() -> str:
    """Add the four Sarabun faces to matplotlib's font manager (once per process); return the family name.

    Charts then ask for ``family="Sarabun"`` (or set ``rcParams["font.family"]``).
    Matplotlib shapes Thai with libraqm, so stacked marks (สระบน + วรรณยุกต์) sit correctly.
    """
    import matplotlib

    matplotlib.use("Agg")  # before anything imports pyplot: no display on servers
    from matplotlib import font_manager

    for path, _weight, _style in _SARABUN_FACES:
        font_manager.fontManager.addfont(str(path))
    return SARABUN_FAMILY


# --- numbers and text -----------------------------------------------------------

DASH = "–"
"""What a missing value prints as."""

# Characters XML 1.0 forbids (python-docx refuses them; HTML parsers replace them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def digits(text: str, *, thai_digits: bool = True) -> str:
    """``text`` with every digit in the document's style: Thai ``๐-๙`` or Arabic ``0-9``."""
    return to_thai_digits(text) if thai_digits else to_arabic_digits(text)


def clean_text(value: Any, *, thai_digits: bool | None = None) -> str:
    """User text made safe for DOCX XML and HTML: ``""`` for None, control characters dropped, ends stripped.

    With ``thai_digits`` True or False the digits are converted too (None leaves them as they are).
    """
    if value is None:
        return ""
    text = _XML_ILLEGAL.sub("", str(value)).strip()
    if thai_digits is None:
        return text
    return digits(text, thai_digits=thai_digits)


def number(value: Any, *, digits: int = 2, thai_digits: bool = True) -> str:
    """``"๕๙.๒๕"``: ``value`` rounded to ``digits`` decimals in Thai (or Arabic) digits; ``"–"`` for None.

    Accepts int, float, Decimal and numeric strings (Thai digits too); anything else prints as ``"–"``.
    """
    if value is None or isinstance(value, bool):
        return DASH
    try:
        amount = Decimal(to_arabic_digits(value.strip())) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return DASH
    if not amount.is_finite():
        return DASH
    text = f"{amount:.{max(digits, 0)}f}"
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # no "-0.00"
    return to_thai_digits(text) if thai_digits else text


# --- PDF ------------------------------------------------------------------------


def sarabun_font_face_css() -> str:
    """``@font-face`` rules for Sarabun regular, bold, italic and bold italic, for WeasyPrint.

    The fonts are the package files with one glyph more, inline: the copy of SARA AA that keeps ำ in
    the text copied out of the PDF (see :mod:`prongsai.core.fonts`).
    """
    from prongsai.core import fonts

    return fonts.pdf_font_face_css(_SARABUN_FACES)


def render_html(html: str, *, base_url: str | Path | None, stylesheets: Iterable[str | Path] = ()) -> Any:
    """Lay out ``html`` with WeasyPrint in Sarabun; return its Document.

    Sarabun is the family of every element that names none and the fallback for Thai in any other
    family (see :mod:`prongsai.core.fonts`), whatever Thai fonts the system has.

    ``stylesheets`` are CSS file paths applied after the font faces. The Document's ``pages`` give the
    page count; ``write_pdf()`` gives the bytes.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from prongsai.core import fonts

    fonts.prefer_sarabun()  # Thai fallback and generic families: Sarabun, whatever fonts the system has
    font_config = FontConfiguration()
    sheets = [CSS(string=fonts.DEFAULT_FAMILY_CSS), CSS(string=sarabun_font_face_css(), font_config=font_config)]
    sheets.extend(CSS(filename=str(path), font_config=font_config) for path in stylesheets)
    base = str(base_url) if base_url is not None else None
    document = HTML(string=html, base_url=base).render(font_config=font_config, stylesheets=sheets)
    return fonts.fix_thai_text_mapping(document)


def html_to_pdf(html: str, *, base_url: str | Path | None, stylesheets: Iterable[str | Path] = ()) -> bytes:
    """``html`` as PDF bytes, set in Sarabun (see :func:`render_html`)."""
    pdf = render_html(html, base_url=base_url, stylesheets=stylesheets).write_pdf()
    return bytes(pdf)


def data_uri(content: bytes, content_type: str) -> str:
    """Embed a picture in HTML for WeasyPrint (no file or URL to fetch)."""
    return f"data:{content_type};base64," + base64.b64encode(content).decode("ascii")


# --- reading report data (shared by every report) ----------------------------------


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_date(value: Any) -> date | None:
    """A date given as a date or as ISO text (JSON); None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
