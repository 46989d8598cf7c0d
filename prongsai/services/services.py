"""Every write of the service catalogue. A save never changes a revision: it adds the next one and points the
service at it; a service is withdrawn, never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.uploads import CleanFile
from prongsai.orgs.models import Organisation, Unit
from prongsai.services.catalogue import parse_fee
from prongsai.services.models import CONTENT_FIELDS, Service, ServiceForm, ServiceRevision


@dataclass
class Content:
    """What a revision says, as the form or an import row gives it."""

    name: str
    unit: Unit | None
    standard_min: int
    fee: str
    steps: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    legal_basis: str = ""
    conditions: str = ""
    counter: str = ""
    eservice_url: str = ""
    complaint_channel: str = ""

    def values(self) -> dict[str, Any]:
        return {
            "name": " ".join(self.name.split()),
            "unit": self.unit,
            "standard_min": self.standard_min,
            "fee": parse_fee(self.fee),
            "steps": self.steps,
            "documents": self.documents,
            "legal_basis": self.legal_basis.strip(),
            "conditions": self.conditions.strip(),
            "counter": self.counter.strip(),
            "eservice_url": self.eservice_url.strip(),
            "complaint_channel": self.complaint_channel.strip(),
        }


def content_problems(content: Content) -> list[tuple[str, str]]:
    """The catalogue's own rules (the form and the import both ask them), as (field, message)."""
    problems = []
    if not content.name.strip():
        problems.append(("name", _("The service needs a name.")))
    if content.standard_min < 1:
        problems.append(("standard_min", _("The time standard is at least one minute.")))
    if not content.steps:
        problems.append(("steps", _("A service has at least one step.")))
    total = sum(int(s.get("minutes") or 0) for s in content.steps)
    if total > content.standard_min:
        message = _("The steps take %(steps)s minutes, more than the standard of %(standard)s minutes.")
        problems.append(("steps", message % {"steps": total, "standard": content.standard_min}))
    return problems


def _check(organisation: Organisation, content: Content, service: Service | None) -> None:
    problems = [message for _field, message in content_problems(content)]
    if content.unit is not None and content.unit.organisation_id != organisation.pk:
        problems.append(_("The unit is not one of this organisation's."))
    name = " ".join(content.name.split())
    clash = Service.objects.filter(organisation=organisation, name=name)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if name and clash.exists():
        problems.append(_("Another service already has this name."))
    if problems:
        raise ValidationError(problems)


def _revision(service: Service, content: Content, *, by: User | None, note: str, source: str) -> ServiceRevision:
    values = content.values()
    last = service.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = ServiceRevision.objects.create(
        service=service, number=last + 1, created_by=by, note=note.strip()[:300], source=source, **values
    )
    service.name, service.unit, service.current = revision.name, revision.unit, revision
    service.withdrawn_at, service.withdrawn_by, service.withdrawn_reason = None, None, ""
    service.save()
    public_pages_changed(service.organisation_id)
    return revision


def unchanged(service: Service, content: Content) -> bool:
    """Whether ``content`` says what the current revision says (and the service is not withdrawn)."""
    current = service.current
    if current is None or service.withdrawn:
        return False
    values = content.values()
    values["unit_id"] = values.pop("unit").pk if values["unit"] is not None else None
    return all(values[f] == getattr(current, f) for f in CONTENT_FIELDS)


@transaction.atomic
def service_create(
    *, organisation: Organisation, content: Content, by: User | None, note: str = "", source: str = "web"
) -> Service:
    _check(organisation, content, None)
    service = Service.objects.create(organisation=organisation, name=" ".join(content.name.split()), unit=content.unit)
    _revision(service, content, by=by, note=note, source=source)
    return service


@transaction.atomic
def service_revise(
    *, service: Service, content: Content, by: User | None, note: str = "", source: str = "web"
) -> ServiceRevision | None:
    """A new revision when something changed (None when nothing did); a withdrawn service comes back."""
    service = Service.objects.select_for_update(of=("self",)).select_related("current").get(pk=service.pk)
    _check(service.organisation, content, service)
    if unchanged(service, content):
        return None
    return _revision(service, content, by=by, note=note, source=source)


@transaction.atomic
def service_withdraw(*, service: Service, by: User | None, reason: str) -> Service:
    if service.withdrawn:
        raise ValidationError(_("This service is already withdrawn."))
    if not reason.strip():
        raise ValidationError(_("Say why the service is withdrawn."))
    service.withdrawn_at, service.withdrawn_by, service.withdrawn_reason = timezone.now(), by, reason.strip()[:500]
    service.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    public_pages_changed(service.organisation_id)
    return service


@transaction.atomic
def form_add(*, service: Service, title: str, upload: CleanFile, by: User | None) -> ServiceForm:
    """A downloadable form, checked by core.uploads (``clean_upload``) before it comes here."""
    if not title.strip():
        raise ValidationError(_("Give the form a title."))
    item = ServiceForm(service=service, title=title.strip()[:200], content_type=upload.content_type, added_by=by)
    item.file.save(upload.name, ContentFile(upload.content), save=False)
    item.save()
    public_pages_changed(service.organisation_id)
    return item


@transaction.atomic
def form_remove(*, form: ServiceForm) -> None:
    """Taken off the pages; the file and its record stay."""
    form.removed_at = timezone.now()
    form.save(update_fields=["removed_at"])
    public_pages_changed(form.service.organisation_id)
