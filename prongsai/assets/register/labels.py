"""Label sheets: A4 sheets of stickers, each with the organisation's name, the asset number, the item and its QR.

The stocks are data (:data:`STOCKS`: columns, rows, label size, margins and gaps in millimetres, as printed on
the box of the label paper); one function lays out any of them. The PDF is drawn with reportlab, straight
onto the page: the QR is vector squares from segno's matrix (sharp at any zoom, nothing to decode or
interpolate), the text in Sarabun. Printed at 100 % ("actual size", not "fit to page") a label falls on its
sticker. WeasyPrint took 30–55 s for 2,000 labels on the 2-core machine (an image and a block of text
each); reportlab draws them in about 2 s of CPU (``benchmarks/labels.py``, figures in benchmarks/RESULTS.md).

Every line is shaped by HarfBuzz (uharfbuzz, which reportlab uses when it is installed): a tone mark over an
upper vowel (สิ่ง, ที่) is raised above the vowel, as WeasyPrint and Word draw it, rather than drawn over it.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import segno
from django.utils.translation import gettext_lazy as _

from prongsai.assets.register.qr import asset_url

if TYPE_CHECKING:
    from prongsai.assets.models import Asset
    from prongsai.orgs.models import Organisation

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Stock:
    """A sheet of labels as the box describes it (millimetres)."""

    key: str
    label: Any
    columns: int
    rows: int
    width: float
    height: float
    top: float  # page edge to the first row
    left: float  # page edge to the first column
    gap_x: float = 0.0  # between columns
    gap_y: float = 0.0  # between rows

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """The top-left corner (mm from the page's top-left) of the ``index``-th label of a sheet, row by row."""
        row, column = divmod(index, self.columns)
        return self.left + column * (self.width + self.gap_x), self.top + row * (self.height + self.gap_y)

    def fits(self) -> bool:
        right = self.left + self.columns * self.width + (self.columns - 1) * self.gap_x
        bottom = self.top + self.rows * self.height + (self.rows - 1) * self.gap_y
        return right <= A4[0] + 0.01 and bottom <= A4[1] + 0.01


STOCKS: dict[str, Stock] = {
    s.key: s
    for s in (
        # 24 per sheet, 70 × 37 mm, edge to edge (the common "A4 24 ดวง" stock).
        Stock("a4-3x8-70x37", _("A4, 3 × 8 labels of 70 × 37 mm (24 per sheet)"), 3, 8, 70, 37, top=0.5, left=0),
        # 21 per sheet, 70 × 42.3 mm, edge to edge ("A4 21 ดวง").
        Stock("a4-3x7-70x42", _("A4, 3 × 7 labels of 70 × 42.3 mm (21 per sheet)"), 3, 7, 70, 42.3, top=0.45, left=0),
        # 14 per sheet, 99.1 × 38.1 mm with margins and a gap between the columns ("A4 14 ดวง", L7163 layout).
        Stock(
            "a4-2x7-99x38",
            _("A4, 2 × 7 labels of 99.1 × 38.1 mm (14 per sheet)"),
            2,
            7,
            99.1,
            38.1,
            top=15.15,
            left=4.65,
            gap_x=2.5,
        ),
    )
}
DEFAULT_STOCK = "a4-3x8-70x37"

PADDING = 2.5  # mm inside each label
QR_MAX = 30.0  # mm: 0.8 mm modules for a label's address, read at once by a phone; the rest is for the text
ORG_SIZE, CODE_SIZE, NAME_SIZE = 7.5, 11.0, 8.5  # points


@functools.cache
def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from prongsai.core.documents import SARABUN_BOLD, SARABUN_REGULAR

    pdfmetrics.registerFont(TTFont("Sarabun", str(SARABUN_REGULAR), shapable=True))
    pdfmetrics.registerFont(TTFont("Sarabun-Bold", str(SARABUN_BOLD), shapable=True))
    return "Sarabun", "Sarabun-Bold"


def _draw_line(canvas: Any, x: float, y: float, text: str, font: str, size: float) -> None:
    """``text`` at (x, y), shaped: the marks placed by the font's own rules (GSUB/GPOS)."""
    from reportlab.pdfbase.ttfonts import shapeStr

    line = canvas.beginText(x, y)
    line.setFont(font, size)
    line.textLine(shapeStr(text, font, size))
    canvas.drawText(line)


def _clusters(text: str) -> list[str]:
    """Letters with the marks that sit on them (a line never breaks between a letter and its vowel or tone)."""
    out: list[str] = []
    for char in text:
        if out and (
            unicodedata.combining(char)
            or char
            in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e33"
        ):
            out[-1] += char
        else:
            out.append(char)
    return out


# The kinds of local organisation: a long name breaks after them rather than inside the place name.
_ORG_KINDS = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร")


def org_line_text(name: str) -> str:
    """``name`` with a space after the kind of organisation, where a line may break."""
    for kind in _ORG_KINDS:
        if name.startswith(kind) and not name[len(kind) :].startswith(" "):
            return f"{kind} {name[len(kind) :]}"
    return name


# Thai leading vowels and marks a line may not start with or end after.
_NO_END = set("เแโใไ")


def fit_size(words: Iterable[str], width: float, font: str, size: float, *, minimum: float = 5.5) -> float:
    """The largest size up to ``size`` (by half points, at least ``minimum``) at which every word fits ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(word, font, 1) for word in words), default=0)
    while size > minimum and widest * size > width:
        size -= 0.5
    return size


def wrap(text: str, width: float, font: str, size: float, *, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` points: broken at spaces where possible, else between
    letters (Thai has no spaces between words); the last line ends with … when the text does not fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
            current = ""
        # the word alone: split between letters where it is too wide
        piece = ""
        for cluster in _clusters(word):
            if stringWidth(piece + cluster, font, size) > width and piece and piece[-1] not in _NO_END:
                out.append(piece)
                piece = ""
            piece += cluster
        current = piece
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        out = [*out[: lines - 1], last + "…"]
    return out


# segno picks the best of the eight QR masks by scoring each (most of its time); any mask is valid and
# a label's short address reads as well with a fixed one: 2,000 codes in about a second instead of six.
QR_MASK = 1


def _qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR's size in modules and its dark modules as horizontal runs (row, start, length)."""
    matrix = segno.make(url, error="m", micro=False, mask=QR_MASK).matrix
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(matrix):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


def _draw_qr(canvas: Any, url: str, x: float, y_top: float, side: float) -> None:
    """The QR of ``url`` as one filled path of squares in a ``side`` points square whose top-left is (x, y_top).

    Written as PDF operators in module units under one scaling (``addLiteral``): whole numbers only, so the
    path costs a string join rather than a float formatting per square.
    """
    size, runs = _qr_runs(url)
    quiet = 2  # modules of white border inside the square (the label around it is white too)
    module = side / (size + 2 * quiet)
    ops = " ".join(f"{start} {-row - 1} {length} 1 re" for row, start, length in runs)
    canvas.addLiteral(
        f"q {module:.5f} 0 0 {module:.5f} {x + quiet * module:.3f} {y_top - quiet * module:.3f} cm {ops} f Q"
    )


@dataclass(frozen=True)
class Label:
    code: str
    name: str
    url: str


def labels_for(assets: Iterable[Asset], org: Organisation) -> list[Label]:
    return [Label(asset.code, asset.name, asset_url(org, asset.code)) for asset in assets]


def labels_pdf(
    org_name: str, labels: Sequence[Label], *, stock: Stock | str = DEFAULT_STOCK, outline: bool = False
) -> bytes:
    """The sheets of ``labels`` as PDF bytes (A4, one page per sheet). ``outline`` draws each label's edge
    (to check a test print against the paper)."""
    from reportlab.pdfgen.canvas import Canvas

    stock = STOCKS[stock] if isinstance(stock, str) else stock
    regular, bold = _fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(A4[0] * MM, A4[1] * MM), pageCompression=1)
    canvas.setTitle(str(_("Asset labels")) + f" — {org_name}")
    canvas.setAuthor(org_name)
    canvas.setViewerPreference("PrintScaling", "None")  # the print dialog offers 100 %, not "fit to page"
    page_height = A4[1] * MM
    width, height, pad = stock.width * MM, stock.height * MM, PADDING * MM
    side = min(height - 2 * pad, QR_MAX * MM)  # the QR square, centred on the label's height
    qr_top = (height - side) / 2
    text_x = side + pad + 1.5 * MM
    text_width = width - text_x - pad
    org_text = org_line_text(org_name)
    org_size = fit_size(org_text.split(), text_width, regular, ORG_SIZE)
    org_lines = wrap(org_text, text_width, regular, org_size, lines=2)
    if not labels:
        canvas.setFont(regular, 12)
        canvas.drawString(20 * MM, page_height - 30 * MM, str(_("No assets to label.")))
    for index, label in enumerate(labels):
        slot = index % stock.per_sheet
        if index and slot == 0:
            canvas.showPage()
        left_mm, top_mm = stock.origin(slot)
        x, y_top = left_mm * MM, page_height - top_mm * MM
        if outline:
            canvas.setLineWidth(0.2)
            canvas.rect(x, y_top - height, width, height, stroke=1, fill=0)
        _draw_qr(canvas, label.url, x + pad, y_top - qr_top, side)
        tx = x + text_x
        ty = y_top - pad - org_size
        for line in org_lines:
            _draw_line(canvas, tx, ty, line, regular, org_size)
            ty -= org_size * 1.15
        ty -= CODE_SIZE * 0.35
        _draw_line(canvas, tx, ty - CODE_SIZE * 0.6, label.code, bold, CODE_SIZE)
        ty -= CODE_SIZE * 1.6
        room = max(1, int((ty - (y_top - height + pad)) // (NAME_SIZE * 1.2)) + 1)
        for line in wrap(label.name, text_width, regular, NAME_SIZE, lines=min(room, 3)):
            _draw_line(canvas, tx, ty - NAME_SIZE * 0.2, line, regular, NAME_SIZE)
            ty -= NAME_SIZE * 1.2
    canvas.showPage()
    canvas.save()
    return out.getvalue()
