from django.contrib import admin

from horizons.core.models import PupilDataAccess


@admin.register(PupilDataAccess)
class PupilDataAccessAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the log of who saw children's data is evidence, so nobody edits it."""

    list_display = ["at", "user", "school", "action", "what", "pupil_label", "ip"]
    list_filter = ["action"]
    search_fields = ["user__email", "school__name", "what"]
    date_hierarchy = "at"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
