"""Test helpers: the text of a DOCX or PDF, compared with a golden text file.

``docx_text`` walks the body in order (paragraphs and tables; a merged cell once), ``pdf_text`` is
pypdf's extraction. :func:`assert_golden` compares after normalising whitespace (and the PDF's page
footers and list markers, which fall where the page breaks fall); ``UPDATE_GOLDEN=1`` rewrites the file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

__all__ = ["assert_golden", "docx_text", "normalise", "pdf_font_names", "pdf_text", "qr_codes_on_page"]


def _paragraph_text(element: object) -> str:
    texts = []
    for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):  # type: ignore[attr-defined]
        texts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(texts)


def docx_text(data: bytes) -> str:
    """The body text of a DOCX in document order: one line per paragraph, table cells one per line."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(parent: object) -> None:
        for child in parent:  # type: ignore[attr-defined]
            if child.tag == qn("w:p"):
                lines.append(_paragraph_text(child))
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    for cell in row.findall(qn("w:tc")):
                        merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                        if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                            continue
                        walk(cell)

    walk(document.element.body)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pypdf extracts it, page after page, in content-stream order.

    pypdf rather than poppler's ``pdftotext``: ``make test`` needs nothing but Python on a fresh machine.
    Where ``pdftotext`` is installed (CI installs it) its ``-raw`` text must be the same once whitespace is
    normalised, so what a user copies out of the PDF with either tool is checked (ำ included).
    """
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    program = shutil.which("pdftotext")
    if program is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(data)
            raw = subprocess.run([program, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)  # noqa: S603
        _same_text(normalise(raw.stdout.decode("utf-8"), pdf=True), normalise(text, pdf=True), "pdftotext", "pypdf")
    return text


def _same_text(expected: str, actual: str, expected_name: str, actual_name: str) -> None:
    if expected != actual:
        at = next(
            (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
            min(len(expected), len(actual)),
        )
        raise AssertionError(
            f"text differs at character {at}:\n"
            f"{expected_name}: …{expected[max(0, at - 60) : at + 60]}…\n"
            f"{actual_name}: …{actual[max(0, at - 60) : at + 60]}…"
        )


def pdf_font_names(data: bytes) -> list[str]:
    """The base names (subset prefix ``ABCDEF+`` removed) of the fonts the pages of a PDF use, sorted.

    Each font object once, as poppler's ``pdffonts`` lists them; fonts of form XObjects included.
    """
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    seen: dict[object, str] = {}

    def visit(resources: object) -> None:
        resources = resources.get_object() if isinstance(resources, IndirectObject) else resources
        if not hasattr(resources, "get"):
            return
        fonts = resources.get("/Font")
        for key, ref in fonts.get_object().items() if fonts is not None else []:
            font = ref.get_object()
            seen[ref.idnum if isinstance(ref, IndirectObject) else key] = str(font.get("/BaseFont", ""))
        xobjects = resources.get("/XObject")
        for ref in xobjects.get_object().values() if xobjects is not None else []:
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(data)).pages:
        visit(page.get("/Resources"))
    return sorted(name.lstrip("/").split("+")[-1] for name in seen.values())


def qr_codes_on_page(pdf: bytes, page: int = 1) -> list[str]:
    """The texts of every QR code on one page of a PDF, sorted: the page rendered at 200 dpi by poppler's
    ``pdftoppm`` (callers skip when it is missing) and read with zxing-cpp, as a phone camera would."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(page), "-l", str(page), str(source), f"{folder}/p"],  # noqa: S607
            check=True,
        )
        (png,) = Path(folder).glob("p*.png")
        image = Image.open(png)
        image.load()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
    return sorted(r.text for r in found)


_FOOTER = re.compile(r"^\s*(หน้า|Page)\s*[0-9๐-๙]+\s*$", re.MULTILINE)


def normalise(text: str, *, pdf: bool = False) -> str:
    """Whitespace removed (line wrapping differs between layouts); for a PDF also the footers and "•" markers.

    Sara am (ำ) is compared as it is: ``core.fonts`` makes text extraction give it back (issue 11).
    """
    if pdf:  # page footers and list markers: where they fall in the text depends on the page breaks
        text = _FOOTER.sub("", text).replace("•", "")
    return re.sub(r"\s+", "", text)


def assert_golden(text: str, path: Path, *, pdf: bool = False) -> None:
    """``text`` must equal the golden file's (both normalised); ``UPDATE_GOLDEN=1`` writes the file instead."""
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get("UPDATE_GOLDEN") != "1":
            raise AssertionError(f"golden text {path} was missing and has been written: check it and run again")
        return
    expected = normalise(path.read_text(encoding="utf-8"), pdf=pdf)
    _same_text(expected, normalise(text, pdf=pdf), f"golden {path.name}", "actual")
