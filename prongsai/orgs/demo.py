"""The demo installation: อบต.โพหนอง of the seed document and a clearly fictional sample organisation.

Idempotent: running it again updates the same records and resets the demo
passwords, nothing is duplicated. Modules add their own demo data through
`DEMO_STEPS` as they arrive.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from prongsai.accounts.models import User
from prongsai.orgs.models import Membership, Organisation, Role, Unit
from prongsai.orgs.services import STANDARD_UNITS

DEMO_PASSWORD_DEFAULT = "prongsai-demo"  # noqa: S105  (printed by the demo; refused on public sites)

# The units the seed document names for อบต.โพหนอง.
PHO_NONG_UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


# Demo user per role: (role, Thai display name, unit index or None). The names say
# they are demo accounts, so nobody mistakes them for the real office holders.
DEMO_ROLES: tuple[tuple[str, str, int | None], ...] = (
    (Role.EXECUTIVE, "ผู้บริหาร (บัญชีทดลอง)", None),
    (Role.ITA_COORDINATOR, "ผู้รับผิดชอบ ITA (บัญชีทดลอง)", 0),
    (Role.UNIT_HEAD, "หัวหน้ากองคลัง (บัญชีทดลอง)", 1),
    (Role.STAFF, "พนักงานกองช่าง (บัญชีทดลอง)", 2),
    (Role.ETHICS_COMMITTEE, "กรรมการจริยธรรม (บัญชีทดลอง)", None),
)
ROLE_USERNAME: dict[str, str] = {
    Role.EXECUTIVE: "executive",
    Role.ITA_COORDINATOR: "coordinator",
    Role.UNIT_HEAD: "unithead",
    Role.STAFF: "staff",
    Role.ETHICS_COMMITTEE: "ethics",
}

# Further demo steps registered by modules: each gets the two organisations.
DEMO_STEPS: list[Callable[[Organisation, Organisation], None]] = []


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def _user(username: str, first_name: str, password: str, *, superuser: bool = False) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = first_name
    user.is_superuser = user.is_staff = superuser
    user.set_password(password)
    user.save()
    return user


def _organisation(
    slug: str, name: str, *, province: str, district: str, units: tuple[str, ...], is_sample: bool
) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "province": province, "district": district, "is_sample": is_sample}
    )
    for position, unit in enumerate(units, 1):
        Unit.objects.update_or_create(organisation=org, name=unit, defaults={"position": position})
    return org


@transaction.atomic
def load_demo(steps: list[Callable[[Organisation, Organisation], None]] | None = None) -> list[DemoLogin]:
    """The demo organisations, people and logins, then every module's step (or only ``steps``: tests of one module)."""
    password = demo_password()
    pho_nong = _organisation(
        "pho-nong",
        "องค์การบริหารส่วนตำบลโพหนอง",
        province="นครพนม",
        district="รณนคร",
        units=PHO_NONG_UNITS,
        is_sample=False,
    )
    sample = _organisation(
        "sample",
        "องค์การบริหารส่วนตำบลตัวอย่าง (ข้อมูลสมมติ)",
        province="นครพนม",
        district="ตัวอย่าง (สมมติ)",
        units=STANDARD_UNITS,
        is_sample=True,
    )
    logins = []
    for org in (pho_nong, sample):
        units = list(org.units.order_by("position"))
        for role, name, unit_index in DEMO_ROLES:
            username = f"{org.slug}-{ROLE_USERNAME[role]}"
            user = _user(username, name, password)
            unit = units[unit_index] if unit_index is not None and unit_index < len(units) else None
            Membership.objects.update_or_create(user=user, organisation=org, role=role, defaults={"unit": unit})
            logins.append(DemoLogin(username, str(Role(role).label), org.name))
    supervisor = _user("nakhonphanom-supervisor", "ผู้กำกับดูแลจังหวัดนครพนม (บัญชีทดลอง)", password)
    Membership.objects.get_or_create(user=supervisor, role=Role.SUPERVISOR, province="นครพนม")
    logins.append(DemoLogin(supervisor.username, str(Role.SUPERVISOR.label), "จังหวัดนครพนม"))
    admin = _user("admin", "ผู้ดูแลระบบ (บัญชีทดลอง)", password, superuser=True)
    logins.append(DemoLogin(admin.username, gettext("Platform admin"), gettext("the whole installation")))
    for step in DEMO_STEPS if steps is None else steps:
        step(pho_nong, sample)
    return logins
