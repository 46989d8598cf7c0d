from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import AuditEvent, LoginThrottle, User
from prongsai.core.admin import ReadOnlyAdmin


@admin.register(User)
class ProngsaiUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), (_("Preferences"), {"fields": ("language",)}))
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_superuser", "last_login")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "username", "user")
    list_filter = ("action",)
    search_fields = ("username",)
    date_hierarchy = "at"


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """Every change made in the admin, as Django records it."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "change_message")
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "change_message")
    date_hierarchy = "action_time"


@admin.register(LoginThrottle)
class LoginThrottleAdmin(ReadOnlyAdmin):
    """Failed sign-ins by (hashed) username or address; deleting a row unlocks it at once."""

    list_display = ("scope", "failures", "first_failure_at", "last_failure_at", "locked_until")
    list_filter = ("scope",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
