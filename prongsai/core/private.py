"""Files only the service's own user may read: the data folder (0700), SQLite databases and the task queue
(0600). Plain Python: the settings module calls it before Django or SQLite open anything.

SQLite creates its ``-wal`` and ``-shm`` files with the permissions of the database file, so creating the
(empty) database file 0600 before SQLite first opens it is enough; files that exist already with wider
permissions (from earlier versions) are narrowed every time the settings are read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["private_dir", "private_file"]

_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _narrow(path: Path, mode: int) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if stat.S_IMODE(path.stat().st_mode) & ~mode:
            path.chmod(mode)


def private_dir(path: Path) -> Path:
    """``path`` created (with its parents) or narrowed to 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _narrow(path, 0o700)
    return path


def private_file(path: Path, *, sqlite: bool = False) -> Path:
    """``path`` created empty with 0600 if missing, else narrowed to 0600 (with SQLite's side files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        _narrow(path, 0o600)
    if sqlite:
        for suffix in _SQLITE_SIDE_FILES:
            _narrow(path.with_name(path.name + suffix), 0o600)
    return path
