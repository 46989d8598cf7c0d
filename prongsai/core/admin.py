"""Read-only admins: `ReadOnlyAdmin` for the records the code writes, and the change history shown with it;
and the public holidays the platform admin adds or corrects over data/holidays/th.yaml (core/holidays.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from prongsai.core import holidays
from prongsai.core.models import Change, PublicHoliday


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that only shows: records written by the code (history, sign-ins, Django's log)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "organisation", "content_type", "object_repr", "action", "event", "actor")
    list_filter = ("action", "content_type", "organisation")
    search_fields = ("object_repr", "part_repr", "note")
    date_hierarchy = "at"
    list_select_related = ("organisation", "content_type", "actor")


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """A row is the last word on its day over the shipped table; deleting it gives the table's word back."""

    list_display = ("day", "name", "not_a_holiday", "in_the_table", "added_by", "added_at")
    list_filter = ("not_a_holiday",)
    search_fields = ("name", "source")
    date_hierarchy = "day"
    fields = ("day", "name", "not_a_holiday", "source", "in_the_table", "added_by", "added_at")
    readonly_fields = ("in_the_table", "added_by", "added_at")

    @admin.display(description=_("in the shipped table"))
    def in_the_table(self, obj: PublicHoliday) -> str:
        return holidays.shipped_name(obj.day) if obj.day else ""

    def save_model(self, request: HttpRequest, obj: PublicHoliday, form: Any, change: bool) -> None:
        if not change:
            obj.added_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
