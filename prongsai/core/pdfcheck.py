"""Finding active content in an uploaded PDF: JavaScript, launching programs, automatic actions.

Stored PDFs are served sandboxed, but a PDF viewer on a clerk's or a citizen's computer runs what the
file asks for. A PDF is refused when any of its objects has

- ``/JS`` (a script) or an action of type ``/JavaScript`` or ``/Launch`` (``/OpenAction`` that runs a
  script on opening is one of these);
- ``/AA`` (additional actions: scripts on opening a page, on focusing a field…);
- a ``/JavaScript`` name tree in the catalog's ``/Names``.

Names may be written with ``#xx`` escapes (``/J#53`` is ``/JS``) and objects may sit compressed in object
streams, so the bytes alone cannot tell: a quick scan of the raw bytes decides whether pypdf must look at
every object (it decodes names and object streams). A file pypdf cannot read then is refused as damaged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from prongsai.core.archives import Budget, BudgetExceeded

__all__ = ["PdfUnreadable", "active_content"]

_SUSPECT = re.compile(rb"/(?:JS|JavaScript|Launch|AA)(?![A-Za-z0-9])|/[A-Za-z0-9]*#[0-9A-Fa-f]{2}|/ObjStm\b")
_ACTION_TYPES = frozenset({"/JavaScript", "/Launch"})
_MAX_DEPTH = 32
_CHECK_EVERY = 100  # objects between looks at the CPU budget


class PdfUnreadable(Exception):
    """pypdf could not read a PDF whose bytes look like they may hold active content."""


def _findings(value: object, depth: int = 0) -> Iterator[str]:
    """What is active in one (direct) PDF value: dictionaries and arrays walked, references not followed."""
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > _MAX_DEPTH:
        return
    if isinstance(value, DictionaryObject):
        if "/JS" in value:
            yield "/JS"
        if "/AA" in value:
            yield "/AA"
        kind = value.get("/S")
        if kind in _ACTION_TYPES:
            yield str(kind)
        names = value.get("/Names")
        if value.get("/Type") == "/Catalog" and isinstance(names, DictionaryObject) and "/JavaScript" in names:
            yield "/Names /JavaScript"
        for item in value.values():
            yield from _findings(item, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            yield from _findings(item, depth + 1)


def _object_numbers(reader: object) -> Iterator[tuple[int, int]]:
    xref: dict[int, dict[int, object]] = getattr(reader, "xref", {})
    for generation, numbers in xref.items():
        for number in numbers:
            yield number, generation
    for number in getattr(reader, "xref_objStm", {}):
        yield number, 0


def active_content(data: bytes, budget: Budget | None = None) -> str | None:
    """The first active thing found in the PDF (``"/JS"``, ``"/Launch"``…), or None.

    Raises :class:`PdfUnreadable` when the raw bytes look suspect and pypdf cannot read the file, and
    :class:`~prongsai.core.archives.BudgetExceeded` past the CPU budget.
    """
    if not _SUSPECT.search(data):
        return None
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        trailer = reader.trailer
        root = trailer.get("/Root")
        if root is not None:
            catalog = root.get_object()
            if isinstance(catalog, DictionaryObject):
                action = catalog.get("/OpenAction")
                action = action.get_object() if isinstance(action, IndirectObject) else action
                for finding in _findings(action):
                    return f"/OpenAction {finding}"
        for count, (number, generation) in enumerate(_object_numbers(reader)):
            if budget is not None and count % _CHECK_EVERY == 0:
                budget.check()
            try:
                value = IndirectObject(number, generation, reader).get_object()
            except Exception:  # noqa: S112 - a broken object is not run by anything either
                continue
            for finding in _findings(value):
                return finding
    except BudgetExceeded:
        raise
    except RecursionError as exc:
        raise PdfUnreadable("too deeply nested") from exc
    except Exception as exc:  # untrusted input: pypdf raises many kinds of errors on malformed files
        raise PdfUnreadable(f"{type(exc).__name__}: {exc}") from exc
    return None
