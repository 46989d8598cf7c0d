"""What an import can go wrong with: a bad cell (named by sheet, row, column and value) or the whole file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _


def lazy_format(message: Any, **params: Any) -> Any:
    """A translatable message with %-parameters, rendered in the language active when it is shown."""

    def render() -> str:
        return str(message) % {key: str(value) for key, value in params.items()}

    return lazy(render, str)()


class Invalid(Exception):
    """Raised by a cell type (or a module's own check) with the reason, a lazy translation."""

    def __init__(self, reason: Any) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CellError:
    """One bad cell. ``sheet`` is None for a CSV file, which has no sheets."""

    sheet: str | None
    row: int
    column: str  # the header as written in the file
    value: str
    reason: Any  # a lazy translation, rendered in the language active when the message is shown
    order: tuple[int, int] = (0, 0)  # (sheet position, column position), to list errors as they appear

    whole_file = False

    def where(self) -> str:
        if self.sheet is None:
            return _("row %(row)s, column “%(column)s”") % {"row": self.row, "column": self.column}
        return _("sheet “%(sheet)s”, row %(row)s, column “%(column)s”") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }

    def message(self) -> str:
        return _("%(where)s: value “%(value)s” — %(reason)s") % {
            "where": self.where(),
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class FileError:
    """Something about the whole file (or a whole sheet of a workbook), not one cell."""

    file_name: str
    reason: Any
    sheet: str | None = None

    whole_file = True
    row = 0

    def message(self) -> str:
        reason = str(self.reason)
        if self.sheet is not None:
            reason = _("sheet “%(sheet)s”: %(reason)s") % {"sheet": self.sheet, "reason": reason}
        return _("The file “%(file)s” cannot be imported: %(reason)s") % {"file": self.file_name, "reason": reason}


class ImportFailed(Exception):
    """Nothing was saved. ``errors`` lists every bad cell, or the one reason the file as a whole was refused."""

    def __init__(self, errors: list[CellError] | list[FileError] | list[CellError | FileError]) -> None:
        self.errors: list[Any] = list(errors)
        super().__init__("\n".join(e.message() for e in self.errors))

    @property
    def whole_file(self) -> bool:
        return any(e.whole_file for e in self.errors)

    @property
    def file_errors(self) -> list[FileError]:
        return [e for e in self.errors if e.whole_file]

    @property
    def cell_errors(self) -> list[CellError]:
        return [e for e in self.errors if not e.whole_file]
