from django.contrib import admin

from horizons.organisations.models import Employer, Hub, School, Volunteer


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "area"]
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


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["first_name", "last_name", "job_title", "employer", "safeguarding_checked_on"]
    search_fields = ["first_name", "last_name", "job_title"]
    list_select_related = ["employer"]
