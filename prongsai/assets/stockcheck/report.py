"""A round's outputs: the reconciliation as JSON, the document set as DOCX/PDF, the lists as XLSX."""

from __future__ import annotations

import json

from prongsai.assets.models import CountRound
from prongsai.assets.stockcheck.selectors import reconciliation_of

FORMATS = ("json", "docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_name(round_: CountRound, fmt: str) -> str:
    return f"stockcheck-{round_.fiscal_year}-{round_.pk}.{fmt}"


def render(round_: CountRound, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the round in ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    result = reconciliation_of(round_)
    if fmt == "json":
        data = {"round": round_.pk, "kind": round_.kind, "fiscal_year": round_.fiscal_year, **result.as_json()}
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    elif fmt == "xlsx":
        from prongsai.assets.stockcheck.xlsx import render_xlsx

        content = render_xlsx(round_, result)
    else:
        from prongsai.assets.stockcheck.documents import build
        from prongsai.core import doc

        content = doc.render(build(round_, result), fmt)
    return content, CONTENT_TYPES[fmt], file_name(round_, fmt)
