"""The documents of an item: hosted files with their versions, links, plan evidence disclosed; their names."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.uploads import CleanFile, Kind
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.services.items import (
    DOCUMENT_HISTORY_FIELDS,
    VERSION_HISTORY_FIELDS,
    Action,
    added_with,
    component_texts,
    record_part,
    reopen,
)
from prongsai.ita.framework import Item, get_framework
from prongsai.plans.models import Evidence

TEXT_SAMPLE_CHARS = 4000
PDF_PAGES_READ = 2


_NAME_CLEAN = re.compile(r"[^0-9a-z\u0e00-\u0e7f._-]+")
# The name's stem is at most this many characters, cut between words, keeping the numbers at its end (the year,
# which the period check also reads from the name): a Thai character takes nine in a percent-encoded address, and
# the 80 of before made addresses of 700 characters. Names already given keep working: they are stored, and the
# URL finds the document by its stored name.
NAME_STEM_CHARS = 48


def _cut(word: str, size: int) -> str:
    """The start of ``word`` in at most ``size`` characters, not cutting a vowel or tone mark off its letter."""
    size = max(size, 8)
    while 0 < size < len(word) and unicodedata.category(word[size]) == "Mn":
        size -= 1
    return word[:size]


def _short_stem(stem: str) -> str:
    if len(stem) <= NAME_STEM_CHARS:
        return stem
    words = [w for w in stem.split("-") if w]
    numbered = [n for n, w in enumerate(words) if any(ch.isdigit() for ch in w)]
    tail = [words.pop(numbered[-1])] if numbered else []  # the year, wherever it was
    budget = NAME_STEM_CHARS - sum(len(w) + 1 for w in tail)
    head: list[str] = []
    for word in words:
        room = budget - sum(len(w) + 1 for w in head)
        if len(word) > room:
            if not head:  # one long word first: its start
                head.append(_cut(word, room))
            break
        head.append(word)
    return "-".join(head + tail).strip("-.")


def readable_name(title: str, extension: str, taken: Iterable[str]) -> str:
    """A file name for the permanent URL: from the title (Thai kept), lower case, short, unique within the item."""
    stem = _short_stem(_NAME_CLEAN.sub("-", title.strip().lower()).strip("-.")) or "document"
    taken = set(taken)
    name = f"{stem}.{extension}"
    counter = 2
    while name in taken:
        name = f"{stem}-{counter}.{extension}"
        counter += 1
    return name


def pdf_text_sample(content: bytes) -> str:
    """The title, subject and the start of the text of a PDF (for the data-period check); "" when unreadable."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        meta = reader.metadata
        parts = [str(meta.title or ""), str(meta.subject or "")] if meta else []
        for page in reader.pages[:PDF_PAGES_READ]:
            parts.append(page.extract_text() or "")
        return " ".join(p for p in parts if p)[:TEXT_SAMPLE_CHARS]
    except Exception:  # a PDF pypdf cannot read still passed core.uploads; the period is judged by eye
        return ""


def _validate_document(item: OitItem, document: OitDocument, fw_item: Item | None) -> None:
    errors: dict[str, str] = {}
    if not document.title.strip():
        errors["title"] = _("Give the document a title.")
    if document.period_start and document.period_end and document.period_end < document.period_start:
        errors["period_end"] = _("The end of the data period is before its start.")
    count = len(component_texts(fw_item)) if fw_item else 0
    if any(not isinstance(i, int) or not 0 <= i < count for i in document.components):
        errors["components"] = _("Choose components of this item only.")
    if errors:
        raise ValidationError(errors)


def _fw_item(item: OitItem) -> Item | None:
    framework = get_framework(item.fiscal_year)
    return framework.item(item.code) if framework else None


def _next_position(item: OitItem) -> int:
    return (item.documents.aggregate(m=Max("position"))["m"] or 0) + 1


def _save_version(document: OitDocument, clean: CleanFile, by: User | None) -> OitDocumentVersion:
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = OitDocumentVersion(
        document=document,
        number=number,
        original_name=clean.name,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=clean.sha256,
        text_sample=pdf_text_sample(clean.content) if clean.kind is Kind.PDF else "",
        uploaded_by=by,
    )
    version.file.save(clean.name, ContentFile(clean.content), save=False)
    version.save()
    return version


@dataclass(frozen=True)
class DocumentFields:
    title: str
    period_start: date | None = None
    period_end: date | None = None
    components: Sequence[int] = ()


@transaction.atomic
def document_add_file(item: OitItem, fields: DocumentFields, clean: CleanFile, *, by: User | None) -> OitDocument:
    """A document hosted by Prongsai; its first version is ``clean`` (checked by core.uploads)."""
    taken = item.documents.exclude(name="").values_list("name", flat=True)
    extension = clean.name.rsplit(".", 1)[-1].lower() if "." in clean.name else clean.kind.value
    document = OitDocument(
        item=item,
        kind=OitDocument.Kind.FILE,
        title=fields.title.strip(),
        name=readable_name(fields.title, extension, taken),
        period_start=fields.period_start,
        period_end=fields.period_end,
        components=sorted(set(fields.components)),
        position=_next_position(item),
        added_by=by,
    )
    _validate_document(item, document, _fw_item(item))
    document.save()
    _save_version(document, clean, by)
    record_part(
        item,
        by,
        Action.ADDED,
        "document_added",
        document,
        changes=added_with(document, ("period_start", "period_end")),
    )
    reopen(item, by)
    return document


@transaction.atomic
def document_add_link(item: OitItem, fields: DocumentFields, url: str, *, by: User | None) -> OitDocument:
    document = OitDocument(
        item=item,
        kind=OitDocument.Kind.LINK,
        title=fields.title.strip(),
        url=url.strip(),
        period_start=fields.period_start,
        period_end=fields.period_end,
        components=sorted(set(fields.components)),
        position=_next_position(item),
        added_by=by,
    )
    if not document.url:
        raise ValidationError({"url": _("Give the web address.")})
    _validate_document(item, document, _fw_item(item))
    document.full_clean(exclude=["item", "added_by", "plan_evidence", "name"])
    document.save()
    record_part(
        item,
        by,
        Action.ADDED,
        "link_added",
        document,
        changes=added_with(document, ("url", "period_start", "period_end")),
    )
    reopen(item, by)
    return document


@transaction.atomic
def document_new_version(document: OitDocument, clean: CleanFile, *, by: User | None) -> OitDocumentVersion:
    """Upload a new version; the document's URL stays the same and serves it once the item is published again."""
    if document.kind != OitDocument.Kind.FILE:
        raise ValidationError({"file": _("Only a hosted document has versions; change the link instead.")})
    version = _save_version(document, clean, by)
    record_part(
        document.item,
        by,
        Action.ADDED,
        "version_added",
        version,
        part_repr=document.title,
        changes=added_with(version, VERSION_HISTORY_FIELDS),
    )
    reopen(document.item, by)
    return version


@transaction.atomic
def document_update(
    document: OitDocument, fields: DocumentFields, *, url: str | None = None, by: User | None
) -> OitDocument:
    before = history.snapshot(document, DOCUMENT_HISTORY_FIELDS)
    document.title = fields.title.strip()
    document.period_start, document.period_end = fields.period_start, fields.period_end
    document.components = sorted(set(fields.components))
    if url is not None and document.kind == OitDocument.Kind.LINK:
        if not url.strip():
            raise ValidationError({"url": _("Give the web address.")})
        document.url = url.strip()
    _validate_document(document.item, document, _fw_item(document.item))
    document.full_clean(exclude=["item", "added_by", "plan_evidence", "name"])
    document.save()
    changed = history.diff(before, history.snapshot(document, DOCUMENT_HISTORY_FIELDS))
    if changed:
        record_part(document.item, by, Action.CHANGED, "document_changed", document, changes=changed)
        reopen(document.item, by)  # what the coordinator checked is no longer what is there
    return document


@transaction.atomic
def document_withdraw(document: OitDocument, *, by: User | None, reason: str) -> None:
    """Take a document off the item and off its public URL (e.g. it was the wrong file). It stays in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    document.withdrawn_at = timezone.now()
    document.save(update_fields=["withdrawn_at"])
    record_part(document.item, by, Action.REMOVED, "document_withdrawn", document, note=reason.strip())
    reopen(document.item, by)


@transaction.atomic
def document_from_plan_evidence(item: OitItem, evidence: Evidence, *, title: str = "", by: User | None) -> OitDocument:
    """Disclose a plan activity's evidence under the item: one record for the progress report and the OIT."""
    if evidence.activity.organisation_id != item.organisation_id:
        raise ValidationError({"evidence": _("The evidence belongs to another organisation.")})
    fields = DocumentFields(title=title or evidence.caption)
    if evidence.kind == Evidence.Kind.LINK:
        document = document_add_link(item, fields, evidence.url, by=by)
    elif evidence.kind in (Evidence.Kind.FILE, Evidence.Kind.PHOTO) and evidence.file:
        with evidence.file.open("rb") as handle:
            content = handle.read()
        kind = Kind.PDF
        for candidate in Kind:
            if candidate.content_type == evidence.content_type:
                kind = candidate
        clean = CleanFile(
            name=evidence.file_name,
            kind=kind,
            content=content,
            content_type=evidence.content_type,
            sha256=evidence.sha256,
            width=None,
            height=None,
        )
        document = document_add_file(item, fields, clean, by=by)
    else:
        raise ValidationError({"evidence": _("A note cannot be published as a document; add a file or a link.")})
    document.plan_evidence = evidence
    document.save(update_fields=["plan_evidence"])
    item.activities.add(evidence.activity)
    return document
