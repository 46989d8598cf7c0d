from django.contrib import admin

from prongsai.orgs.models import Membership, Organisation, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "district", "province", "is_sample")
    list_filter = ("kind", "province", "is_sample")
    search_fields = ("name", "slug", "district", "province")
    inlines = [UnitInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "province", "unit")
    list_filter = ("role", "organisation", "province")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
