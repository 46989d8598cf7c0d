"""Reads of the asset-use rule: the versions, who acknowledged which, and the banner of a staff page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.loans.rule_services import current_rule, members_of
from prongsai.assets.models import AssetRule, RuleAcknowledgement
from prongsai.orgs.access import ORG_MEMBERS, roles_for
from prongsai.orgs.models import Organisation


def versions(org: Organisation) -> list[AssetRule]:
    return list(
        AssetRule.objects.filter(organisation=org).select_related("published_by", "created_by").order_by("-version")
    )


def acknowledged_at(rule: AssetRule | None, user: User) -> datetime | None:
    if rule is None or not user.is_authenticated:
        return None
    ack = RuleAcknowledgement.objects.filter(rule=rule, user=user).first()
    return ack.acknowledged_at if ack else None


@dataclass(frozen=True)
class AckRow:
    user: User
    at: datetime | None


def acknowledgements(rule: AssetRule) -> list[AckRow]:
    """Every member with the time they acknowledged this version (None: not yet); those who did first."""
    acks = {a.user_id: a.acknowledged_at for a in RuleAcknowledgement.objects.filter(rule=rule)}
    members = members_of(rule.organisation)
    others = User.objects.filter(pk__in=set(acks) - {m.pk for m in members})  # acknowledged, since left
    rows = [AckRow(user, acks.get(user.pk)) for user in [*members, *others]]
    return sorted(rows, key=lambda r: (r.at is None, r.at or datetime.min.replace(tzinfo=UTC), r.user.display_name()))


def ack_counts(rule: AssetRule) -> dict[str, int]:
    rows = acknowledgements(rule)
    done = sum(1 for r in rows if r.at is not None)
    return {"done": done, "total": len(rows)}


def rule_banner(request: HttpRequest, org: Organisation) -> dict[str, object] | None:
    """The banner of every staff page of a member who has not acknowledged the current rule yet."""
    user = request.user
    if not user.is_authenticated or not (roles_for(user, org) & ORG_MEMBERS):
        return None
    rule = current_rule(org)
    if rule is None or acknowledged_at(rule, user) is not None:
        return None
    return {
        "text": _(
            "A new version of the asset-use rule has been published (version %(version)s): read it and say you have."
        )
        % {"version": rule.version},
        "url": reverse("assets:rule", kwargs={"org_slug": org.slug}),
        "link": _("Read the rule"),
    }
