"""The blocks of a document: what a module builds from its data and hands to :func:`prongsai.core.doc.render`.

A :class:`Document` is a flat list of blocks plus its metadata. Every text is a string or runs
(:class:`Run`: bold, italic, verbatim); its digits are written in the document's style (Thai ``๐-๙``
or Arabic) by the renderers, once for the whole document — a verbatim run (a command, an address)
keeps the digits it has. Sizes are in points and centimetres; colours are ``"RRGGBB"``.

Nothing here knows DOCX or HTML: ``core/doc/docx.py`` and ``core/doc/html.py`` lay the same blocks out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "FILL_HEADER",
    "FILL_NOTICE",
    "FILL_TOTAL",
    "Block",
    "BulletList",
    "Cell",
    "Document",
    "Figure",
    "Figures",
    "Heading",
    "MemoHead",
    "NoteBox",
    "OrderHead",
    "PageBreak",
    "Paragraph",
    "Row",
    "Run",
    "SectionBreak",
    "Signature",
    "Table",
    "Text",
    "Title",
    "display",
    "runs_of",
]

Align = Literal["left", "center", "right", "justify"]
VAlign = Literal["top", "center", "bottom"]

FILL_HEADER = "D9D9D9"
"""The light grey of header rows."""
FILL_TOTAL = "F2F2F2"
"""The lighter grey of total and label cells."""
FILL_NOTICE = "FFF4E0"
"""The pale orange inside a warning box."""


@dataclass(frozen=True)
class Run:
    """A piece of text in one style. ``verbatim`` keeps its digits (commands, web addresses)."""

    text: str
    bold: bool = False
    italic: bool = False
    verbatim: bool = False
    mono: bool = False
    color: str | None = None


Text: TypeAlias = "str | Run | Sequence[str | Run]"

# Characters XML 1.0 forbids (python-docx refuses them; HTML parsers replace them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def display(text: str, *, thai_digits: bool, verbatim: bool = False) -> str:
    """``text`` as printed: characters XML forbids dropped, digits in the document's style unless ``verbatim``."""
    text = _XML_ILLEGAL.sub("", text)
    if verbatim:
        return text
    return text.translate(_TO_THAI if thai_digits else _TO_ARABIC)


def runs_of(text: Text, *, bold: bool = False) -> tuple[Run, ...]:
    """``text`` as runs; plain strings become runs (bold when ``bold``)."""
    if isinstance(text, str):
        return (Run(text, bold=bold),) if text else ()
    if isinstance(text, Run):
        return (text,)
    return tuple(part if isinstance(part, Run) else Run(part, bold=bold) for part in text if part)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph. ``first_line_cm`` below 0 is a hanging indent; ``size_pt`` None is the body size (16 pt)."""

    text: Text = ""
    bold: bool = False
    align: Align = "left"
    size_pt: float | None = None
    indent_cm: float = 0.0
    first_line_cm: float = 0.0
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    keep_with_next: bool = False
    color: str | None = None

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs_of(self.text, bold=self.bold)


@dataclass(frozen=True)
class Title:
    """The centred bold title block: the first ``large`` lines at 18 pt, the rest at 16 pt, then plain ``notes``."""

    lines: Sequence[str]
    large: int = 2
    notes: Sequence[str] = ()
    notes_size_pt: float | None = None


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (a part) or 2 (within a part), kept with what follows."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class BulletList:
    """Items with "•" hanging ``indent_cm`` from the margin, their text 0.5 cm further in."""

    items: Sequence[Text]
    size_pt: float | None = None
    indent_cm: float = 0.5


CellLine: TypeAlias = "str | Run | Sequence[str | Run] | Paragraph"


@dataclass(frozen=True)
class Cell:
    """A table cell: one paragraph per line; several lines as bullets when ``bullets``.

    ``colspan``/``rowspan`` merge it with the cells to its right / below (those rows then leave
    the slot out). In a header row, cells default to bold, centred, grey and vertically centred.
    """

    lines: Sequence[CellLine] = ()
    bold: bool | None = None
    align: Align | None = None
    valign: VAlign | None = None
    shade: str | None = None
    colspan: int = 1
    rowspan: int = 1
    bullets: bool = False

    @classmethod
    def of(cls, value: Cell | CellLine | None) -> Cell:
        if isinstance(value, Cell):
            return value
        if value is None or value == "":
            return cls(())
        if isinstance(value, str | Run | Paragraph):
            return cls((value,))
        return cls(tuple(value))  # a sequence of lines


@dataclass(frozen=True)
class Row:
    """A row of cells (or plain strings). ``keep``: never split across pages. ``min_height_cm`` is a least height,
    or with ``exact_height`` the height itself (the blank rows of a form: the same in Word, LibreOffice and the PDF,
    whatever an empty line measures in each)."""

    cells: Sequence[Cell | CellLine | None]
    keep: bool = True
    shade: str | None = None
    bold: bool = False
    min_height_cm: float | None = None
    exact_height: bool = False

    @property
    def cell_list(self) -> list[Cell]:
        return [Cell.of(cell) for cell in self.cells]


@dataclass(frozen=True)
class Table:
    """A table of fixed column widths. Header rows repeat on every page; ``size_pt`` is the text size."""

    widths_cm: Sequence[float]
    rows: Sequence[Row]
    header: Sequence[Row] = ()
    size_pt: float | None = 14
    borders: bool = True
    space_before_pt: float | None = None
    dense: bool = False  # less padding and line spacing (long tables of figures)


@dataclass(frozen=True)
class Figure:
    """A picture (PNG or JPEG bytes) ``width_cm`` wide (``height_cm`` from its ratio when None), centred."""

    data: bytes
    width_cm: float
    height_cm: float | None = None
    alt: str = ""
    content_type: str = "image/png"
    caption: Sequence[str] = ()
    note: str = ""  # a grey line under the caption (a date)
    space_before_pt: float | None = None


@dataclass(frozen=True)
class Figures:
    """Pictures ``per_row`` to a row in columns ``column_cm`` wide, bottom-aligned, captions under each."""

    figures: Sequence[Figure]
    per_row: int
    column_cm: float
    frame_height_cm: float | None = None
    caption_size_pt: float | None = 14


@dataclass(frozen=True)
class NoteBox:
    """A framed box: ``style="warning"`` (red frame, pale orange) or ``"plain"`` (black frame, bold, centred)."""

    lines: Sequence[Text] = ()
    title: str = ""
    bullets: Sequence[str] = ()
    code: str = ""  # a command to type, set in a monospace font, digits as they are
    style: Literal["warning", "plain"] = "warning"


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page."""


@dataclass(frozen=True)
class SectionBreak:
    """A new section on a new page, A4 landscape or portrait."""

    landscape: bool = False


@dataclass(frozen=True)
class Signature:
    """``ลงชื่อ .................`` / ``(name)`` / ``ตำแหน่ง position``, on the right half of the page."""

    name: str = ""
    position: str = ""
    lead: str = "ลงชื่อ"
    position_label: str = "ตำแหน่ง"


@dataclass(frozen=True)
class MemoHead:
    """The head of a Thai official memo (บันทึกข้อความ): ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน."""

    agency: str
    ref: str = ""
    date: str = ""
    subject: str = ""
    to: str = ""


@dataclass(frozen=True)
class OrderHead:
    """The head of an order: ``คำสั่ง<issuer>`` / ``ที่ <number>/<year>`` / ``เรื่อง <subject>`` and a rule."""

    issuer: str
    number: str = ""
    year: str = ""
    subject: str = ""


Block: TypeAlias = (
    "Title | Heading | Paragraph | BulletList | Table | Figure | Figures | NoteBox | PageBreak | SectionBreak "
    "| Signature | MemoHead | OrderHead"
)


@dataclass
class Document:
    """Blocks and metadata. ``thai_digits`` is decided here once; ``page_label`` prefixes the page number."""

    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    language: str = "th"
    thai_digits: bool = True
    page_label: str = "หน้า "
