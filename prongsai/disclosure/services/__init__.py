"""Writes of the disclosure centre: the year's items, their documents and versions, the workflow.

Every change is recorded in the item's history. A change to the evidence of an
item that is past draft sends it back to draft (it must be checked again); what
was published stays published until the item is published again.

The items, their assignment and workflow are in :mod:`.items`; their documents in :mod:`.documents`.
"""

from __future__ import annotations

from prongsai.disclosure.services.documents import (
    NAME_STEM_CHARS,
    DocumentFields,
    document_add_file,
    document_add_link,
    document_from_plan_evidence,
    document_new_version,
    document_update,
    document_withdraw,
    pdf_text_sample,
    readable_name,
)
from prongsai.disclosure.services.items import (
    DOCUMENT_HISTORY_FIELDS,
    ITEM_HISTORY_FIELDS,
    VERSION_HISTORY_FIELDS,
    assign,
    component_texts,
    ensure_items,
    is_public,
    link_activity,
    served_version,
    transition,
    window_bounds,
    window_text,
)

__all__ = [
    "DOCUMENT_HISTORY_FIELDS",
    "ITEM_HISTORY_FIELDS",
    "NAME_STEM_CHARS",
    "VERSION_HISTORY_FIELDS",
    "DocumentFields",
    "assign",
    "component_texts",
    "document_add_file",
    "document_add_link",
    "document_from_plan_evidence",
    "document_new_version",
    "document_update",
    "document_withdraw",
    "ensure_items",
    "is_public",
    "link_activity",
    "pdf_text_sample",
    "readable_name",
    "served_version",
    "transition",
    "window_bounds",
    "window_text",
]
