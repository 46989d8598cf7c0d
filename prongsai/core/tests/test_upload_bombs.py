"""ZIP packages that lie about their size, or take too long to check, are refused cheaply (issue 11, §7).

The bomb is built here: a DOCX whose extra entry inflates to 128 MB of zeros while its local header and
central directory say it is 1 KB. Refusing it must cost a few chunks of memory and CPU, not the bomb.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from prongsai.core import archives
from prongsai.core.tests.test_uploads import MB, english, make_docx, rejected
from prongsai.core.uploads import Kind, UploadRejected, clean_upload, sniff

BOMB_NAME = "word/media/image1.png"
BOMB_BYTES = 128 * MB
CLAIMED = 1024


def lying_docx(real_size: int = BOMB_BYTES, claimed: int = CLAIMED, *, package: bytes | None = None) -> bytes:
    """A real DOCX (or ``package``) plus one deflated entry of ``real_size`` zeros whose headers claim ``claimed``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with zipfile.ZipFile(io.BytesIO(package or make_docx())) as source:
            for info in source.infolist():
                archive.writestr(info.filename, source.read(info))
        with archive.open(BOMB_NAME, "w") as entry:
            chunk = bytes(MB)
            for _ in range(real_size // MB):
                entry.write(chunk)
    data = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(BOMB_NAME)
    # Local file header: signature(4) version(2) flags(2) method(2) time(2) date(2) crc(4) csize(4) usize(4)
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 22, claimed)
    # Central directory header: ... crc at 16, csize at 20, usize at 24, then the name at 46.
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(BOMB_NAME)] != BOMB_NAME.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, claimed)
    return bytes(data)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = lying_docx()
    assert len(data) < 2 * MB  # small on disk
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(BOMB_NAME).file_size == CLAIMED  # and it says it is small unpacked
    return data


def cost(action: object) -> tuple[int, float]:
    """Peak Python memory (bytes) and CPU seconds of ``action()``."""
    assert callable(action)
    tracemalloc.start()
    started = time.thread_time()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, time.thread_time() - started


@pytest.mark.parametrize("strip", [True, False])
def test_it_refuses_a_docx_whose_entry_lies_about_its_size_cheaply(bomb: bytes, strip: bool) -> None:
    caught: list[str] = []

    def upload() -> None:
        with pytest.raises(UploadRejected) as exc:
            clean_upload(("lies.docx", bomb), allowed=[Kind.DOCX], max_bytes=10 * MB, strip_document_metadata=strip)
        caught.append(exc.value.code)

    peak, seconds = cost(upload)
    assert peak < 16 * MB, f"refusing the bomb took {peak / MB:.0f} MB"
    assert seconds < 1.0, f"refusing the bomb took {seconds:.2f} s of CPU"
    assert caught == ["not_accepted"]  # a package that lies is not a DOCX


def test_it_does_not_sniff_a_lying_docx(bomb: bytes) -> None:
    assert sniff(bomb) is None


def test_it_refuses_an_entry_that_claims_more_than_it_unpacks_to() -> None:
    short = lying_docx(real_size=MB, claimed=2 * MB)
    assert rejected(("short.docx", short)).code == "not_accepted"


def test_it_counts_the_bytes_actually_unpacked_against_the_archive_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    honest = lying_docx(real_size=3 * MB, claimed=3 * MB)
    assert sniff(honest) is Kind.DOCX
    monkeypatch.setattr(archives, "MAX_ARCHIVE_UNCOMPRESSED_BYTES", 2 * MB)
    exc = rejected(("big.docx", honest))
    assert exc.code == "archive_too_large"


def test_it_refuses_compression_methods_office_does_not_use() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, zipfile.ZipFile(io.BytesIO(make_docx())) as source:
        for info in source.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename == "word/document.xml" else zipfile.ZIP_DEFLATED
            archive.writestr(info.filename, source.read(info), compress_type=method)
    assert rejected(("bzip2.docx", out.getvalue())).code == "not_accepted"


def test_it_refuses_an_upload_that_spends_its_cpu_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    honest = lying_docx(real_size=8 * MB, claimed=8 * MB)
    assert clean_upload(("ok.docx", honest), allowed=[Kind.DOCX], max_bytes=10 * MB).kind is Kind.DOCX
    monkeypatch.setattr(archives, "UPLOAD_CPU_SECONDS", 0.0)
    exc = rejected(("slow.docx", honest))
    assert exc.code == "too_slow"
    assert english(exc) == "“slow.docx” takes too long to be checked safely."


def test_it_reads_one_entry_within_its_limit() -> None:
    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        assert archives.read_entry(archive, "word/document.xml", limit=MB).startswith(b"<?xml")
        with pytest.raises(archives.ArchiveTooLarge):
            archives.read_entry(archive, "word/document.xml", limit=10)


def test_a_package_can_be_checked_before_another_library_opens_it(bomb: bytes) -> None:
    with pytest.raises(zipfile.BadZipFile):
        archives.check_package(bomb)
    archives.check_package(make_docx())
