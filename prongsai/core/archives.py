"""Reading untrusted ZIP packages (DOCX, XLSX) with bounds that do not trust what the archive declares.

A ZIP entry says how large it unpacks to, and that number can lie: an entry that "is 1 KB" may inflate to
gigabytes. Nothing here reads an entry in one go. :func:`check_archive` streams every entry in small chunks
and counts the bytes actually produced, so a package passes only when

- it has at most :data:`MAX_ARCHIVE_ENTRIES` entries, no duplicate names, no encrypted entries, and only
  the methods OOXML uses (stored, deflate: bzip2 and LZMA would inflate a whole chunk at once);
- every entry unpacks to exactly the size it declares, with the right CRC;
- all entries together unpack to at most :data:`MAX_ARCHIVE_UNCOMPRESSED_BYTES`;
- the checking stays within its :class:`Budget` of CPU seconds.

A lying or oversized entry is refused as soon as the bytes read pass what it may have: a refusal costs a
few chunks, not the bomb. :func:`read_entry` reads one entry of a checked package with the same bounds.
"""

from __future__ import annotations

import io
import time
import zipfile

__all__ = [
    "MAX_ARCHIVE_ENTRIES",
    "MAX_ARCHIVE_UNCOMPRESSED_BYTES",
    "UPLOAD_CPU_SECONDS",
    "ArchiveTooLarge",
    "Budget",
    "BudgetExceeded",
    "check_archive",
    "check_package",
    "read_entry",
]

MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
UPLOAD_CPU_SECONDS = 5.0  # CPU time one upload may take to be checked and cleaned
_CHUNK = 64 * 1024
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class ArchiveTooLarge(Exception):
    """The package has, or unpacks to, more than we are willing to read."""


class BudgetExceeded(Exception):
    """Checking an upload took more CPU time than its budget."""


class Budget:
    """CPU seconds of the current thread that one upload may spend; :meth:`check` raises when they are spent.

    Thread CPU time (not wall time): a busy machine does not refuse honest files, and a gunicorn thread
    is measured alone.
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = UPLOAD_CPU_SECONDS if seconds is None else seconds
        self.started = time.thread_time()

    @property
    def spent(self) -> float:
        """CPU seconds used since the budget was made."""
        return time.thread_time() - self.started

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` once the seconds are spent."""
        if self.spent > self.seconds:
            raise BudgetExceeded(f"{self.spent:.2f} s of CPU time (budget {self.seconds:.2f} s)")


def _stream(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, limit: int, budget: Budget | None) -> int:
    """Unpack ``entry`` chunk by chunk; refuse it past ``limit`` bytes or its declared size.

    zipfile inflates at most about the asked size per ``read(n)`` call and checks the CRC at the end;
    a bare ``read()`` would inflate the whole entry in one call, whatever it declares.
    """
    if entry.compress_type not in _METHODS:
        raise zipfile.BadZipFile(f"{entry.filename}: compression method {entry.compress_type} is not allowed")
    size = 0
    with archive.open(entry) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > entry.file_size:
                raise zipfile.BadZipFile(f"{entry.filename} unpacks to more than it declares")
            if size > limit:
                raise ArchiveTooLarge(f"{entry.filename} unpacks to more than {limit} bytes")
            if budget is not None:
                budget.check()
    if size != entry.file_size:
        raise zipfile.BadZipFile(f"{entry.filename} unpacks to {size} bytes, not the {entry.file_size} it declares")
    return size


def check_archive(archive: zipfile.ZipFile, budget: Budget | None = None) -> list[zipfile.ZipInfo]:
    """The entries of ``archive`` once every one has been unpacked (and dropped) within the bounds.

    Raises :class:`ArchiveTooLarge` (too many entries or bytes), :class:`BudgetExceeded`, or
    ``zipfile.BadZipFile`` for a damaged, encrypted, oddly compressed or lying package.
    """
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ArchiveTooLarge(f"{len(entries)} entries")
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNCOMPRESSED_BYTES:
        raise ArchiveTooLarge("too many uncompressed bytes declared")
    if len({entry.filename for entry in entries}) != len(entries):
        raise zipfile.BadZipFile("duplicate entry names")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise zipfile.BadZipFile("encrypted entries")
    left = MAX_ARCHIVE_UNCOMPRESSED_BYTES
    for entry in entries:
        left -= _stream(archive, entry, limit=left, budget=budget)
    return entries


def read_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo | str, *, limit: int, budget: Budget | None = None
) -> bytes:
    """The bytes of one entry, read in chunks: refused past ``limit`` or past its declared size (see _stream)."""
    info = archive.getinfo(entry) if isinstance(entry, str) else entry
    if info.compress_type not in _METHODS:
        raise zipfile.BadZipFile(f"{info.filename}: compression method {info.compress_type} is not allowed")
    if info.file_size > limit:
        raise ArchiveTooLarge(f"{info.filename} declares more than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > info.file_size or size > limit:
                raise zipfile.BadZipFile(f"{info.filename} unpacks to more than it declares")
            chunks.append(chunk)
            if budget is not None:
                budget.check()
    return b"".join(chunks)


def check_package(data: bytes, budget: Budget | None = None) -> None:
    """Check a whole ZIP package given as bytes (e.g. an XLSX before openpyxl opens it: openpyxl reads each
    part in one go, trusting the sizes declared). Raises what :func:`check_archive` raises."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_archive(archive, budget if budget is not None else Budget())
