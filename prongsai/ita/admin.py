from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from prongsai.ita.framework import FrameworkError, apply_override, build_framework, effective_data
from prongsai.ita.models import FrameworkOverride, FrameworkYear, ItaResult, MeasureTemplate, PlanRow, ResultRevision


class FrameworkOverrideInline(admin.TabularInline):
    model = FrameworkOverride
    extra = 0
    fields = ("path", "value", "reason", "active", "created_by", "created_at")
    readonly_fields = ("path", "value", "reason", "created_by", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FrameworkYear)
class FrameworkYearAdmin(admin.ModelAdmin):
    list_display = ("fiscal_year", "file_name", "loaded_at", "corrections")
    readonly_fields = ("fiscal_year", "file_name", "file_sha256", "loaded_at", "effective")
    exclude = ("data",)
    inlines = [FrameworkOverrideInline]

    @admin.display(description=_("corrections in force"))
    def corrections(self, obj: FrameworkYear) -> int:
        return obj.overrides.filter(active=True).count()

    @admin.display(description=_("framework in force (file + corrections)"))
    def effective(self, obj: FrameworkYear) -> str:
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>", json.dumps(effective_data(obj), ensure_ascii=False, indent=1)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # years come from data/ita/ with `prongsai ita-framework-load`


class FrameworkOverrideForm(forms.ModelForm):
    class Meta:
        model = FrameworkOverride
        fields = ("year", "path", "value", "reason", "active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, path = data.get("year"), data.get("path")
        if year and path and "value" in data:
            doc = effective_data(year)
            try:
                apply_override(doc, path, data["value"])
                build_framework(doc)
            except FrameworkError as exc:
                raise ValidationError(
                    _("This correction does not give a coherent framework: %(error)s"), params={"error": exc}
                ) from exc
        return data


@admin.register(FrameworkOverride)
class FrameworkOverrideAdmin(admin.ModelAdmin):
    """Corrections are never deleted: switch one off (active) and add a new one, so the history stays."""

    form = FrameworkOverrideForm
    list_display = ("year", "path", "value", "active", "created_by", "created_at")
    list_filter = ("year", "active")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request: HttpRequest, obj: FrameworkOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MeasureTemplate)
class MeasureTemplateAdmin(admin.ModelAdmin):
    list_display = ("indicator", "kind", "title", "o25_candidate")
    list_filter = ("indicator", "kind", "o25_candidate")
    search_fields = ("title", "activity", "analysis")


@admin.register(ItaResult)
class ItaResultAdmin(admin.ModelAdmin):
    list_display = ("organisation", "fiscal_year", "reported_overall", "updated_at")
    list_filter = ("fiscal_year",)


admin.site.register(PlanRow)
admin.site.register(ResultRevision)
