"""Test helpers: the text of a DOCX or PDF, compared with a golden text file.

``docx_text`` walks the body in order (paragraphs and tables; a merged cell once), ``pdf_text`` runs
``pdftotext -raw``. :func:`assert_golden` compares after normalising whitespace (and the PDF's page
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

__all__ = ["assert_golden", "docx_text", "normalise", "pdf_text"]


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
    """``pdftotext -raw`` of a PDF (content-stream order, so Thai marks stay on their line)."""
    program = shutil.which("pdftotext")
    if program is None:  # pragma: no cover - poppler-utils is installed with the project
        raise RuntimeError("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run([program, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


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
    actual = normalise(text, pdf=pdf)
    if expected != actual:
        at = next(
            (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
            min(len(expected), len(actual)),
        )
        raise AssertionError(
            f"text differs from {path.name} at character {at}:\n"
            f"golden: …{expected[max(0, at - 60) : at + 60]}…\n"
            f"actual: …{actual[max(0, at - 60) : at + 60]}…"
        )
