"""Cell types that name something of the organisation (a person, a unit) and lists of values."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import Invalid, lazy_format
from prongsai.core.importing.types import CellType, Context, cell_text, normalise

_TITLES = re.compile(r"^(นางสาว|นาย|นาง|น\s*\.\s*ส\s*\.?)\s*")


def _name_key(text: str) -> str:
    return normalise(_TITLES.sub("", str(text).strip()))


def _organisation(context: Context) -> Any:
    if context.organisation is None:
        raise RuntimeError("this column names people or units: give the import an organisation")
    return context.organisation


class Member(CellType):
    """A person of the organisation by full name (นาย/นาง/นางสาว allowed before it), user name or e-mail."""

    text_format = True

    def _people(self, context: Context) -> dict[str, list[Any]]:
        key = ("members", id(self))
        if key not in context.cache:
            from prongsai.accounts.models import User

            people: dict[str, list[Any]] = {}
            users = User.objects.filter(memberships__organisation=_organisation(context), is_active=True).distinct()
            for user in users:
                for name in {_name_key(user.get_full_name()), normalise(user.username), normalise(user.email)} - {""}:
                    people.setdefault(name, []).append(user)
            context.cache[key] = people
        return context.cache[key]

    def parse(self, value: Any, context: Context) -> Any:
        found = self._people(context).get(_name_key(cell_text(value)), [])
        if not found:
            raise Invalid(_("no one of this organisation has this name or user name"))
        if len(found) > 1:
            raise Invalid(_("more than one person of this organisation has this name: write the user name"))
        return found[0]

    def describe(self) -> Any:
        return _("the full name or user name of a person of the organisation")

    def example(self, context: Context) -> str:
        if context.organisation is None:
            return ""
        for users in self._people(context).values():
            if len(users) == 1 and users[0].get_full_name():
                return str(users[0].get_full_name())
        return ""


class OrgUnit(CellType):
    """A unit (สำนัก/กอง) of the organisation by its name."""

    text_format = True

    def _units(self, context: Context) -> dict[str, Any]:
        key = ("units", id(self))
        if key not in context.cache:
            units = _organisation(context).units.order_by("position", "name")
            context.cache[key] = {normalise(unit.name): unit for unit in units}
        return context.cache[key]

    def parse(self, value: Any, context: Context) -> Any:
        unit = self._units(context).get(normalise(cell_text(value)))
        if unit is None:
            raise Invalid(_("no unit of this organisation has this name"))
        return unit

    def describe(self) -> Any:
        return _("the name of a unit (สำนัก/กอง) of the organisation")

    def example(self, context: Context) -> str:
        if context.organisation is None:
            return ""
        return next((unit.name for unit in self._units(context).values()), "")

    def choices(self, context: Context) -> list[str]:
        return [] if context.organisation is None else [unit.name for unit in self._units(context).values()]


class ListOf(CellType):
    """Several values of one type in one cell, separated by ``|`` or ``;``; gives a list."""

    text_format = True

    def __init__(self, inner: CellType) -> None:
        self.inner = inner

    def parse(self, value: Any, context: Context) -> list[Any]:
        items = [part.strip() for part in re.split(r"[|;]", cell_text(value))]
        values = []
        for item in items:
            if self.inner.is_empty(item):
                continue
            try:
                values.append(self.inner.parse(item, context))
            except Invalid as exc:
                raise Invalid(lazy_format(_("“%(item)s”: %(reason)s"), item=item, reason=exc.reason)) from exc
        return values

    def describe(self) -> Any:
        return lazy_format(_("%(type)s; several separated by | or ;"), type=self.inner.describe())

    def example(self, context: Context) -> str:
        return self.inner.example(context)
