from django.contrib import admin

from horizons.programmes.models import MisConnection


@admin.register(MisConnection)
class MisConnectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A platform admin connects a school's MIS (see docs/mis.md); no secret is kept here."""

    list_display = ["school", "kind", "nightly", "last_synced_at", "pending_changes", "last_error"]
    list_filter = ["kind", "nightly"]
    search_fields = ["school__name", "school__urn"]
    readonly_fields = ["last_synced_at", "last_checked_at", "pending_changes", "last_error"]
