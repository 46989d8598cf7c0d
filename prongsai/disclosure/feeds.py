"""Documents Prongsai writes itself, fed into the OIT items they are evidence of.

A module registers a :class:`Feed` in its ``AppConfig.ready()``: what it is, the titles the item has
in the frameworks (the item is found by title in the year's framework, never by a number: the
complaint statistics are O19 in 2568 and O18 in 2569), which roles may press the button, and a
function that renders the documents (e.g. a PDF and a DOCX). :func:`feed_attach` is the one call that
renders them, adds each as a new version of its document on the item (the permanent address stays;
older versions keep theirs) and, through the disclosure services, sends the item back to draft so
that it is checked, approved and published again.

Registered today: the complaint statistics (``complaints/oit.py``), the ITA analysis report
(``ita/oit.py``) and the 6- and 12-month progress reports (``plans/oit.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from prongsai.core.thai import local_today
from prongsai.core.uploads import Kind, clean_upload
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.services import (
    DocumentFields,
    component_texts,
    document_add_file,
    document_new_version,
    document_update,
    ensure_items,
    readable_name,
)
from prongsai.ita.framework import FrameworkError, Item, get_framework

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from prongsai.accounts.models import User
    from prongsai.orgs.models import Organisation

MAX_BYTES = 20 * 1024 * 1024
KINDS = {kind.value: kind for kind in Kind}


class FeedUnavailable(LookupError):
    """The documents cannot be attached; the message (in the user's language) says why."""


@dataclass(frozen=True)
class Rendered:
    """One document a feed writes: its bytes, its title on the item and its name in the permanent address."""

    fmt: str  # "pdf", "docx", "xlsx"
    content: bytes
    title: str
    name: str  # short and ASCII: "ita-analysis-2568.pdf"
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class Feed:
    key: str  # in URLs and on the documents: "complaint-statistics"
    label: str | Promise  # what it is, for the pages: "Complaint statistics (PDF, Excel)"
    titles: tuple[str, ...]  # the item's title in the frameworks of the years it exists
    # (organisation, source year, today) → the documents; raise FeedUnavailable when there is nothing to write
    render: Callable[[Organisation, int, date], list[Rendered]]
    roles: frozenset[str]  # who may attach it
    year_offset: int = 0  # the OIT year is the source year plus this (the ITA results of 2568 go to OIT 2569)
    source_url_name: str | None = None  # the page the documents are made from (kwargs org_slug, year)
    order: int = 100

    def oit_year(self, source_year: int) -> int:
        return source_year + self.year_offset

    def source_year(self, oit_year: int) -> int:
        return oit_year - self.year_offset


_registry: dict[str, Feed] = {}


def register_feed(feed: Feed) -> None:
    _registry[feed.key] = feed


def registered() -> list[Feed]:
    return sorted(_registry.values(), key=lambda f: (f.order, f.key))


def get_feed(key: str) -> Feed | None:
    return _registry.get(key)


# --------------------------------------------------------------------------- finding the item


_SPACES = re.compile(r"\s+")


def _normal(title: str) -> str:
    return _SPACES.sub("", title)


def framework_item(feed: Feed, oit_year: int) -> Item:
    """The framework item of ``oit_year`` the feed belongs to, or FeedUnavailable saying why there is none."""
    try:
        framework = get_framework(oit_year)
    except FrameworkError:
        framework = None
    if framework is None:
        raise FeedUnavailable(
            _("There is no ITA framework for fiscal year %(year)s yet, so it has no OIT items.") % {"year": oit_year}
        )
    titles = {_normal(t) for t in feed.titles}
    for item in framework.items:
        if _normal(item.title_th) in titles:
            return item
    raise FeedUnavailable(
        _("The ITA framework of %(year)s has no OIT item for %(what)s: there is no such item this year.")
        % {"year": oit_year, "what": feed.label}
    )


def feeds_of_item(code: str, oit_year: int) -> list[Feed]:
    """The feeds whose item in ``oit_year`` is ``code``."""
    found = []
    for feed in registered():
        try:
            if framework_item(feed, oit_year).code == code:
                found.append(feed)
        except FeedUnavailable:
            continue
    return found


def feed_documents(item: OitItem, feed: Feed) -> list[OitDocument]:
    """The live documents the feed keeps on the item (one per format)."""
    prefix = f"{feed.key}:"
    return [d for d in item.documents.all() if d.feed.startswith(prefix) and d.withdrawn_at is None]


def last_refreshed(documents: Collection[OitDocument]) -> datetime | None:
    """When the newest version of any of ``documents`` was made."""
    found = OitDocumentVersion.objects.filter(document__in=list(documents)).aggregate(m=Max("uploaded_at"))
    return found["m"]


# --------------------------------------------------------------------------- attaching


@dataclass(frozen=True)
class Attached:
    item: OitItem
    feed: Feed
    versions: list[OitDocumentVersion]


def _document_for(item: OitItem, feed: Feed, rendered: Rendered) -> OitDocument | None:
    key = f"{feed.key}:{rendered.fmt}"
    live = item.documents.filter(kind=OitDocument.Kind.FILE, withdrawn_at__isnull=True)
    document = live.filter(feed=key).first()
    if document is None:  # made before feeds existed (the complaint statistics): found by its title, adopted once
        document = live.filter(feed="", title=rendered.title).first()
        if document is not None:
            document.feed = key
            document.save(update_fields=["feed"])
    return document


def feed_attach(
    *, org: Organisation, year: int, feed: Feed | str, by: User | None, today: date | None = None
) -> Attached:
    """Render the feed's documents for OIT year ``year`` and add them as new versions on its item.

    Raises FeedUnavailable (no framework for the year, no such item in it, nothing to report yet).
    """
    if isinstance(feed, str):
        found = get_feed(feed)
        if found is None:
            raise FeedUnavailable(_("Prongsai does not write such a document."))
        feed = found
    today = today or local_today()
    spec = framework_item(feed, year)
    source_year = feed.source_year(year)
    with override("th"):  # the published documents are in Thai whoever presses the button
        documents = feed.render(org, source_year, today)
    cleaned = [(r, clean_upload((r.name, r.content), allowed=[KINDS[r.fmt]], max_bytes=MAX_BYTES)) for r in documents]
    components = list(range(len(component_texts(spec)))) if spec.components else []
    versions = []
    with transaction.atomic():
        ensure_items(org, year)
        item = OitItem.objects.select_for_update().get(organisation=org, fiscal_year=year, code=spec.code)
        for rendered, clean in cleaned:
            fields = DocumentFields(
                rendered.title,
                period_start=rendered.period_start,
                period_end=rendered.period_end,
                components=components,
            )
            document = _document_for(item, feed, rendered)
            if document is None:
                document = document_add_file(item, fields, clean, by=by)
                taken = item.documents.exclude(pk=document.pk).exclude(name="").values_list("name", flat=True)
                document.feed = f"{feed.key}:{rendered.fmt}"
                if rendered.name not in taken:
                    document.name = rendered.name
                else:
                    stem, _dot, extension = rendered.name.rpartition(".")
                    document.name = readable_name(stem, extension, taken)
                document.save(update_fields=["feed", "name"])
                versions.append(document.versions.get())
            else:
                versions.append(document_new_version(document, clean, by=by))
                document_update(document, fields, by=by)
    item.refresh_from_db()
    return Attached(item=item, feed=feed, versions=versions)


def version_summary(attached: Attached) -> str:
    """ "PDF version 3, DOCX version 3" for the message after attaching."""
    return ", ".join(
        _("%(format)s version %(number)s")
        % {"format": v.original_name.rsplit(".", 1)[-1].upper().replace("XLSX", "Excel"), "number": v.number}
        for v in attached.versions
    )


# --------------------------------------------------------------------------- for the pages


@dataclass(frozen=True)
class Target:
    """Where a feed's documents of a source year go: the item of the OIT year, or why there is none."""

    feed: Feed
    source_year: int
    oit_year: int
    code: str | None
    title: str
    reason: str
    can_attach: bool
    refreshed: datetime | None = None


def target(feed: Feed | str, source_year: int, *, org: Organisation, user: object) -> Target:
    from prongsai.orgs.access import can

    if isinstance(feed, str):
        found = get_feed(feed)
        if found is None:
            raise KeyError(feed)
        feed = found
    oit_year = feed.oit_year(source_year)
    allowed = can(user, org, feed.roles)  # type: ignore[arg-type]
    try:
        spec = framework_item(feed, oit_year)
    except FeedUnavailable as exc:
        return Target(feed, source_year, oit_year, None, "", str(exc), allowed)
    item = OitItem.objects.filter(organisation=org, fiscal_year=oit_year, code=spec.code).first()
    refreshed = last_refreshed(feed_documents(item, feed)) if item else None
    return Target(feed, source_year, oit_year, spec.code, spec.title_th, "", allowed, refreshed)


def item_targets(
    org: Organisation, oit_year: int, items: Collection[OitItem], *, user: object
) -> dict[str, list[Target]]:
    """For the OIT year page: item code → the feeds that write its documents, with when they were last refreshed."""
    from prongsai.orgs.access import can

    by_code = {item.code: item for item in items}
    found: dict[str, list[Target]] = {}
    for feed in registered():
        try:
            spec = framework_item(feed, oit_year)
        except FeedUnavailable:
            continue
        item = by_code.get(spec.code)
        refreshed = last_refreshed(feed_documents(item, feed)) if item else None
        found.setdefault(spec.code, []).append(
            Target(
                feed,
                feed.source_year(oit_year),
                oit_year,
                spec.code,
                spec.title_th,
                "",
                can(user, org, feed.roles),  # type: ignore[arg-type]
                refreshed,
            )
        )
    return {item.code: found[item.code] for item in items if item.code in found}
