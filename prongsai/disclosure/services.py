"""Writes of the disclosure centre: the year's items, their documents and versions, the workflow.

Every change is recorded in the item's history. A change to the evidence of an
item that is past draft sends it back to draft (it must be checked again); what
was published stays published until the item is published again.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import fiscal_year_bounds
from prongsai.core.uploads import CleanFile, Kind
from prongsai.disclosure.access import TRANSITIONS
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.ita.framework import Framework, Item, get_framework
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Activity, Evidence

# What the history keeps (see core/history.py; declared in disclosure/apps.py).
ITEM_HISTORY_FIELDS = ("unit", "officer", "note", "state")
DOCUMENT_HISTORY_FIELDS = ("title", "period_start", "period_end", "components", "url")
VERSION_HISTORY_FIELDS = ("number",)
Action = Change.Action

TEXT_SAMPLE_CHARS = 4000
PDF_PAGES_READ = 2


# --------------------------------------------------------------------------- the year's items


def ensure_items(org: Organisation, year: int, framework: Framework | None = None) -> list[OitItem]:
    """The organisation's items of ``year`` in NACC order, created from the framework when missing."""
    framework = framework or get_framework(year)
    if framework is None:
        return []
    existing = {i.code: i for i in OitItem.objects.filter(organisation=org, fiscal_year=year)}
    for position, fw_item in enumerate(framework.items, 1):
        item = existing.get(fw_item.code)
        if item is None:
            existing[fw_item.code] = OitItem.objects.create(
                organisation=org, fiscal_year=year, code=fw_item.code, position=position
            )
        elif item.position != position:  # the framework's order was corrected
            OitItem.objects.filter(pk=item.pk).update(position=position)
            item.position = position
    return sorted(existing.values(), key=lambda i: (i.position, i.pk))


def component_texts(fw_item: Item) -> list[str]:
    """The checklist of an item: the framework's components, or the item's own title when it lists none."""
    texts = [str(c.get("text", "")) for c in fw_item.components if c.get("text")]
    return texts or [fw_item.title_th]


def window_text(window: str, year: int) -> str:
    """The data period an item requires, in words, for the assessment of ``year``."""
    if window == "current_fy":
        return _("fiscal year %(year)s") % {"year": year}
    if window == "previous_fy":
        return _("fiscal year %(year)s") % {"year": year - 1}
    if window == "first_half_current_fy":
        return _("first six months of fiscal year %(year)s") % {"year": year}
    return _("current data, no fixed period")


def window_bounds(window: str, year: int) -> tuple[date, date] | None:
    if window == "current_fy":
        return fiscal_year_bounds(year)
    if window == "previous_fy":
        return fiscal_year_bounds(year - 1)
    if window == "first_half_current_fy":
        first, _last = fiscal_year_bounds(year)
        return first, date(first.year + 1, 3, 31)
    return None


# --------------------------------------------------------------------------- history


def _record_part(item: OitItem, by: User | None, action: str, event: str, part: Any, **kwargs: Any) -> None:
    """A document, version or activity added to or taken off the item (``event``: the module's name for it)."""
    history.record(item, action=action, event=event, part=part, actor=by, **kwargs)
    public_pages_changed(item.organisation_id)


def _added_with(obj: Any, fields: Sequence[str]) -> dict[str, list[Any]]:
    """The values a part was added with, as history changes (empty ones left out)."""
    return {n: [None, v] for n, v in history.snapshot(obj, fields).items() if v not in (None, "", [])}


def _reopen(item: OitItem, by: User | None) -> None:
    """Evidence changed after the unit handed the item in: it goes back to draft and must be checked again."""
    if item.state != OitItem.State.DRAFT:
        before = item.state
        item.state = OitItem.State.DRAFT
        item.save(update_fields=["state", "updated_at"])
        public_pages_changed(item.organisation_id)
        history.record(
            item,
            action=Action.STEP,
            event="reopened",
            actor=by,
            changes={"state": [before, item.state]},
            note=_("The evidence changed; the item must be checked again."),
        )


# --------------------------------------------------------------------------- assignment and links


@transaction.atomic
def assign(item: OitItem, *, unit: Unit | None, officer: User | None, note: str, by: User | None) -> OitItem:
    errors: dict[str, str] = {}
    if unit is not None and unit.organisation_id != item.organisation_id:
        errors["unit"] = _("The unit belongs to another organisation.")
    if officer is not None and not item.organisation.memberships.filter(user=officer).exists():
        errors["officer"] = _("The officer must belong to the organisation.")
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(item, ("unit", "officer", "note"))
    item.unit, item.officer, item.note = unit, officer, note.strip()
    item.save()
    history.record_changes(item, before, actor=by, event="assigned")
    public_pages_changed(item.organisation_id)
    return item


@transaction.atomic
def link_activity(item: OitItem, activity: Activity, *, by: User | None, remove: bool = False) -> None:
    if activity.organisation_id != item.organisation_id:
        raise ValidationError({"activity": _("The activity belongs to another organisation.")})
    if remove:
        item.activities.remove(activity)
        _record_part(item, by, Action.REMOVED, "activity_unlinked", activity)
    else:
        item.activities.add(activity)
        _record_part(item, by, Action.ADDED, "activity_linked", activity)


# --------------------------------------------------------------------------- documents


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
    _record_part(
        item,
        by,
        Action.ADDED,
        "document_added",
        document,
        changes=_added_with(document, ("period_start", "period_end")),
    )
    _reopen(item, by)
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
    _record_part(
        item,
        by,
        Action.ADDED,
        "link_added",
        document,
        changes=_added_with(document, ("url", "period_start", "period_end")),
    )
    _reopen(item, by)
    return document


@transaction.atomic
def document_new_version(document: OitDocument, clean: CleanFile, *, by: User | None) -> OitDocumentVersion:
    """Upload a new version; the document's URL stays the same and serves it once the item is published again."""
    if document.kind != OitDocument.Kind.FILE:
        raise ValidationError({"file": _("Only a hosted document has versions; change the link instead.")})
    version = _save_version(document, clean, by)
    _record_part(
        document.item,
        by,
        Action.ADDED,
        "version_added",
        version,
        part_repr=document.title,
        changes=_added_with(version, VERSION_HISTORY_FIELDS),
    )
    _reopen(document.item, by)
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
        _record_part(document.item, by, Action.CHANGED, "document_changed", document, changes=changed)
        _reopen(document.item, by)  # what the coordinator checked is no longer what is there
    return document


@transaction.atomic
def document_withdraw(document: OitDocument, *, by: User | None, reason: str) -> None:
    """Take a document off the item and off its public URL (e.g. it was the wrong file). It stays in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    document.withdrawn_at = timezone.now()
    document.save(update_fields=["withdrawn_at"])
    _record_part(document.item, by, Action.REMOVED, "document_withdrawn", document, note=reason.strip())
    _reopen(document.item, by)


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


# --------------------------------------------------------------------------- workflow


@transaction.atomic
def transition(item: OitItem, action: str, *, by: User | None, comment: str = "") -> OitItem:
    """Take a workflow step (the caller has checked the role with access.can_take)."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    sources, target, _roles = TRANSITIONS[action]
    item = OitItem.objects.select_for_update().get(pk=item.pk)
    if item.state not in sources:
        raise ValidationError(_("The item is no longer in a state that allows this step; reload the page."))
    live = item.documents.filter(withdrawn_at__isnull=True)
    if action == "submit" and not live.exists():
        raise ValidationError(_("Add at least one document or link before handing the item in."))
    if action == "return" and not comment.strip():
        raise ValidationError(_("Say what must be corrected."))
    before = item.state
    item.state = target
    now = timezone.now()
    if action == "publish":
        item.published_at = item.published_at or now
        for document in live:
            if document.kind == OitDocument.Kind.LINK:
                if document.published_at is None:
                    document.published_at = now
                    document.save(update_fields=["published_at"])
            else:
                newest = document.versions.order_by("-number").first()
                if newest is not None and newest.published_at is None:
                    newest.published_at = now
                    newest.save(update_fields=["published_at"])
    item.save()
    history.record(
        item, action=Action.STEP, event=action, actor=by, changes={"state": [before, target]}, note=comment.strip()
    )
    public_pages_changed(item.organisation_id)
    return item


# --------------------------------------------------------------------------- what is public


def served_version(document: OitDocument, *, staff: bool) -> OitDocumentVersion | None:
    """The version a document's permanent URL serves: the newest published one (staff: the newest)."""
    if document.withdrawn_at is not None and not staff:
        return None
    versions = document.versions.order_by("-number")
    if not staff:
        versions = versions.filter(published_at__isnull=False)
    return versions.first()


def is_public(document: OitDocument) -> bool:
    if document.withdrawn_at is not None:
        return False
    if document.kind == OitDocument.Kind.LINK:
        return document.published_at is not None
    return document.versions.filter(published_at__isnull=False).exists()
