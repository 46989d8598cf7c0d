"""Read-only admins: `ReadOnlyAdmin` for the records the code writes, and the change history shown with it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prongsai.core.models import Change


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
