"""The asset-use rule (แนวปฏิบัติการใช้ทรัพย์สินของราชการ): drafts, publication, acknowledgements.

A new version starts as a draft (from the text of the current one); publishing it freezes it, makes it
the organisation's current rule (public on its asset page) and asks every member to acknowledge it: a
notification each, and a banner on their staff pages until they do. The signed copy (a PDF, checked by
``core.uploads``) may be attached to a draft, or once to a published version that has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.models import AssetRule, RuleAcknowledgement
from prongsai.core.notify import notify
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import format_date_long
from prongsai.core.uploads import CleanFile
from prongsai.orgs.models import Membership, Organisation, Role


@dataclass(frozen=True)
class RuleFields:
    title: str
    intro: str
    rules: str
    effective_on: date
    reference: str = ""
    signed_by: str = ""


def members_of(org: Organisation) -> list[User]:
    """Everyone who acts in the organisation (not the province's read-only supervisors), by name."""
    ids = Membership.objects.filter(organisation=org).exclude(role=Role.SUPERVISOR).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "username"))


def current_rule(org: Organisation) -> AssetRule | None:
    return AssetRule.objects.filter(organisation=org, state=AssetRule.State.PUBLISHED).order_by("-version").first()


def public_rule(org: Organisation) -> AssetRule | None:
    """The rule in force for the public asset page of the organisation (None before the first is published)."""
    return current_rule(org)


def _apply(rule: AssetRule, fields: RuleFields) -> None:
    rule.title = fields.title.strip()
    rule.intro = fields.intro.strip()
    rule.rules = fields.rules.strip()
    rule.effective_on = fields.effective_on
    rule.reference = fields.reference.strip()
    rule.signed_by = fields.signed_by.strip()
    if not rule.paragraphs() and not rule.rule_list():
        raise ValidationError({"intro": _("Write the text of the rule, or its list of rules.")})


def _attach(rule: AssetRule, signed: CleanFile) -> None:
    rule.signed_file.save(f"rule-{rule.version}.pdf", ContentFile(signed.content), save=False)
    rule.signed_file_sha256 = signed.sha256


@transaction.atomic
def rule_draft(*, org: Organisation, fields: RuleFields, by: User | None, signed: CleanFile | None = None) -> AssetRule:
    """A new draft version (the next number)."""
    for _attempt in range(3):
        version = (AssetRule.objects.filter(organisation=org).aggregate(m=Max("version"))["m"] or 0) + 1
        rule = AssetRule(organisation=org, version=version, created_by=by)
        _apply(rule, fields)
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError:  # two drafts at once: take the next number
            continue
        if signed is not None:
            _attach(rule, signed)
            rule.save(update_fields=["signed_file", "signed_file_sha256"])
        return rule
    raise ValidationError(_("Another version was being written at the same time; try again."))


@transaction.atomic
def rule_update(
    *, rule: AssetRule, fields: RuleFields | None, by: User | None, signed: CleanFile | None = None
) -> AssetRule:
    """Change a draft; a published version only takes its signed copy, once."""
    rule = AssetRule.objects.select_for_update().get(pk=rule.pk)
    if rule.state == AssetRule.State.PUBLISHED:
        if fields is not None:
            raise ValidationError(_("A published version is never changed: write a new version instead."))
        if rule.signed_file:
            raise ValidationError(_("This version has its signed copy already."))
    elif fields is not None:
        _apply(rule, fields)
    if signed is not None:
        _attach(rule, signed)
    rule.save()
    if rule.state == AssetRule.State.PUBLISHED:
        public_pages_changed(rule.organisation_id)
    return rule


@transaction.atomic
def rule_publish(*, rule: AssetRule, by: User, at: datetime | None = None) -> AssetRule:
    """Publish a draft: it becomes the current rule and every member is asked to acknowledge it."""
    rule = AssetRule.objects.select_for_update().get(pk=rule.pk)
    if rule.state != AssetRule.State.DRAFT:
        raise ValidationError(_("This version has been published already."))
    newer = AssetRule.objects.filter(
        organisation_id=rule.organisation_id, state=AssetRule.State.PUBLISHED, version__gt=rule.version
    )
    if newer.exists():
        raise ValidationError(_("A later version is published already: write a new version instead."))
    rule.state = AssetRule.State.PUBLISHED
    rule.published_by = by
    rule.published_at = at or timezone.now()
    rule.save()
    public_pages_changed(rule.organisation_id)
    from prongsai.assets.loans.tasks import rule_notice

    transaction.on_commit(lambda: rule_notice(rule.pk))
    return rule


def rule_acknowledge(*, rule: AssetRule, user: User, at: datetime | None = None) -> RuleAcknowledgement:
    """``user`` has read this version (a second press changes nothing)."""
    if rule.state != AssetRule.State.PUBLISHED:
        raise ValidationError(_("Only a published version can be acknowledged."))
    ack, _created = RuleAcknowledgement.objects.get_or_create(
        rule=rule, user=user, defaults={"acknowledged_at": at or timezone.now()}
    )
    return ack


def send_rule_notices(rule: AssetRule) -> int:
    """Ask every member to read and acknowledge a published version (once each)."""
    if rule.state != AssetRule.State.PUBLISHED:
        return 0
    org = rule.organisation
    url = reverse("assets:rule", kwargs={"org_slug": org.slug})
    sent = 0
    for user in members_of(org):
        with translation.override(user.language):
            sent += notify(
                user=user,
                key=f"asset-rule:{rule.pk}:published",
                subject=_("New asset-use rule: please read and acknowledge it"),
                body=_("%(title)s (version %(version)s), in force from %(date)s.")
                % {
                    "title": rule.title,
                    "version": rule.version,
                    "date": format_date_long(rule.effective_on, thai_digits=False),
                },
                url=url,
            )
    return sent
