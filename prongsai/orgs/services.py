"""Writes of the orgs app: organisations, units and memberships."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.db import transaction

from prongsai.accounts.models import User
from prongsai.core.publiccache import public_pages_changed
from prongsai.orgs.models import Membership, Organisation, Role, Unit

# The divisions of a typical อบต. (data, not interface text: they are names).
STANDARD_UNITS: tuple[str, ...] = (
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา ศาสนาและวัฒนธรรม",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองสวัสดิการสังคม",
)


@transaction.atomic
def organisation_create(
    *,
    slug: str,
    name: str,
    kind: str = Organisation.Kind.SAO,
    province: str = "",
    district: str = "",
    units: Sequence[str] = STANDARD_UNITS,
    is_sample: bool = False,
) -> Organisation:
    org = Organisation(slug=slug, name=name, kind=kind, province=province, district=district, is_sample=is_sample)
    org.full_clean()
    org.save()
    Unit.objects.bulk_create(Unit(organisation=org, name=unit, position=i) for i, unit in enumerate(units, 1))
    return org


def organisation_update(*, org: Organisation, fields: dict[str, object]) -> Organisation:
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean()
    org.save(update_fields=list(fields))
    public_pages_changed(org.pk)
    return org


def unit_create(*, org: Organisation, name: str) -> Unit:
    last = org.units.order_by("-position").values_list("position", flat=True).first() or 0
    unit = Unit(organisation=org, name=name, position=last + 1)
    unit.full_clean()
    unit.save()
    public_pages_changed(org.pk)
    return unit


def unit_update(*, unit: Unit, name: str, position: int) -> Unit:
    unit.name = name
    unit.position = position
    unit.full_clean()
    unit.save()
    public_pages_changed(unit.organisation_id)
    return unit


def new_password() -> str:
    """A temporary password that is easy to read aloud and type on a phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@transaction.atomic
def member_add(
    *,
    org: Organisation,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    unit: Unit | None = None,
    position_title: str = "",
) -> tuple[Membership, str | None]:
    """Give `username` a role in `org`, creating the account if needed.

    Returns the membership and, for a new account, its temporary password
    (shown once to the person who added it; only its hash is stored).
    """
    if role == Role.SUPERVISOR:
        raise ValueError("supervisors are assigned to a province, not an organisation")
    if unit is not None and unit.organisation_id != org.pk:
        raise ValueError("the unit belongs to another organisation")
    password: str | None = None
    user = User.objects.filter(username=username).first()
    if user is None:
        password = new_password()
        user = User.objects.create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            password=make_password(password),
        )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=org, role=role, defaults={"unit": unit, "position_title": position_title}
    )
    return membership, password


def supervisor_assign(*, user: User, province: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, role=Role.SUPERVISOR, province=province)
    return membership
