"""PDFs that run JavaScript, launch programs or act by themselves are refused (issue 11, §7).

Every PDF is written here by hand, with a correct cross-reference table (or stream), so that only the
active part differs from a PDF that passes.
"""

from __future__ import annotations

import zlib

import pytest
from django.utils import translation

from prongsai.core.testing import pdf_from_objects
from prongsai.core.tests.test_uploads import rejected
from prongsai.core.uploads import Kind, clean_upload

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R %s>>"
CONTENT = b"BT /F1 12 Tf 20 100 Td (/AA and /JS in the text are only words) Tj ET"


def pdf(*, catalog_extra: bytes = b"", page_extra: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """Catalog 1, pages 2, page 3, content 4, then ``extra`` objects from 5 on; a classic xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE % page_extra,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT),
        *extra,
    ]
    return pdf_from_objects(objects, version=b"1.7")


def pdf_with_object_stream(action: bytes) -> bytes:
    """Object 5 (``action``, the catalog's /OpenAction) compressed inside object stream 6; an xref stream 7."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: PAGE % b"",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT),
    }
    header = b"5 0 "
    packed = zlib.compress(header + action)
    objects[6] = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        len(header),
        len(packed),
        packed,
    )
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[7] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for number in range(1, 8):
        if number == 5:
            rows.append(b"\x02" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        len(table),
        table,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


JS = b"<< /S /JavaScript /JS (app.alert('hello')) >>"

ACTIVE = {
    "open_action_script": pdf(catalog_extra=b"/OpenAction " + JS + b" "),
    "open_action_reference": pdf(catalog_extra=b"/OpenAction 5 0 R ", extra=(JS,)),
    "page_additional_action": pdf(page_extra=b"/AA << /O 5 0 R >> ", extra=(JS,)),
    "document_scripts": pdf(catalog_extra=b"/Names << /JavaScript 5 0 R >> ", extra=(b"<< /Names [(a) 6 0 R] >>", JS)),
    "launch_link": pdf(
        page_extra=b"/Annots [5 0 R] ",
        extra=(b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /Launch /F (cmd.exe) >> >>",),
    ),
    "escaped_names": pdf(catalog_extra=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> "),
    "object_stream": pdf_with_object_stream(JS),
}


@pytest.mark.parametrize("name", list(ACTIVE))
def test_it_refuses_a_pdf_with_active_content(name: str) -> None:
    exc = rejected((f"{name}.pdf", ACTIVE[name]), allowed=[Kind.PDF])
    assert exc.code == "pdf_active_content"


def test_the_refusal_says_why_in_thai() -> None:
    exc = rejected(("แบบฟอร์ม.pdf", ACTIVE["open_action_script"]), allowed=[Kind.PDF])
    with translation.override("th"):
        text = str(exc)
    assert "แบบฟอร์ม.pdf" in text
    assert "JavaScript" in text
    assert "contains" not in text  # translated


@pytest.mark.parametrize(
    "data",
    [
        pdf(),  # words like /AA and /JS inside the page text are not actions
        pdf(catalog_extra=b"/OpenAction [3 0 R /Fit] "),  # opening at a page is fine
        pdf_with_object_stream(b"[3 0 R /Fit]"),
        pdf(
            page_extra=b"/Annots [5 0 R] ",
            extra=(
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /URI /URI (https://example.go.th/) >> >>",
            ),
        ),
    ],
)
def test_it_accepts_pdfs_that_only_open_at_a_page_or_link_to_the_web(data: bytes) -> None:
    clean = clean_upload(("plain.pdf", data), allowed=[Kind.PDF], max_bytes=1 << 20)
    assert clean.kind is Kind.PDF


def test_it_refuses_a_suspect_pdf_that_cannot_be_read() -> None:
    broken = b"%PDF-1.7\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (x) >> \nendobj\ngarbage\n%%EOF\n"
    assert rejected(("broken.pdf", broken), allowed=[Kind.PDF]).code in {"damaged", "pdf_active_content"}
