from django.contrib import admin

from horizons.benchmarks.models import (
    Action,
    ActionUpdate,
    AreaMeeting,
    Audit,
    Resource,
    VisitNote,
)


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["school", "term", "framework_version", "submitted_at", "fully_achieved_count"]
    list_filter = ["framework_version", "term"]
    search_fields = ["school__name", "school__urn"]
    raw_id_fields = ["school", "copied_from", "started_by", "submitted_by"]
    readonly_fields = ["fully_achieved_count", "overall_percentage"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text", "school", "benchmark", "status", "achieve_by"]
    list_filter = ["status", "benchmark"]
    raw_id_fields = ["school", "audit", "owner_user", "carried_from"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["action", "kind", "by", "at"]
    list_filter = ["kind"]
    raw_id_fields = ["action", "by"]


admin.site.register(VisitNote)
admin.site.register(AreaMeeting)
admin.site.register(Resource)
