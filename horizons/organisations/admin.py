from typing import Any

from django.contrib import admin

from horizons.organisations.models import Employer, Hub, SafeguardingCheck, School, Volunteer


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "area", "check_valid_months"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "urn", "la_name", "phase", "status", "hub"]
    list_filter = ["phase", "status", "hub"]
    search_fields = ["name", "urn", "postcode"]
    list_select_related = ["hub"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "sector", "size", "hub"]
    list_filter = ["sector", "size"]
    search_fields = ["name"]


class SafeguardingCheckInline(admin.TabularInline):  # type: ignore[type-arg]
    """Read-only here: checks are recorded on the safeguarding checks page, which works out
    the expiry from the hub's rules and records who verified them."""

    model = SafeguardingCheck
    fields = ("kind", "checked_on", "certificate_last4", "expires_on", "verified_by", "verified_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["first_name", "last_name", "job_title", "employer"]
    inlines = [SafeguardingCheckInline]
    search_fields = ["first_name", "last_name", "job_title"]
    list_select_related = ["employer"]
