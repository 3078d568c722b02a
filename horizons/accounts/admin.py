from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from horizons.accounts.models import Invitation, Membership, SecurityEvent, SignInDomain, User


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["hub", "school", "employer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_superuser", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "role", "organisation", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["token"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The security log, read-only: nobody edits or deletes what happened."""

    list_display = ["created_at", "kind", "email", "ip", "method", "path", "detail"]
    list_filter = ["kind", "created_at"]
    search_fields = ["email", "ip", "path"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(SignInDomain)
class SignInDomainAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Switch staff sign-in with Google or Microsoft on for a hub or school (docs/integrations.md)."""

    list_display = ["value", "provider", "hub", "school", "added_by", "created_at"]
    list_filter = ["provider"]
    search_fields = ["value", "hub__name", "school__name"]
    autocomplete_fields = ["hub", "school"]
    readonly_fields = ["added_by", "created_at"]

    def save_model(
        self, request: HttpRequest, obj: SignInDomain, form: object, change: bool
    ) -> None:
        if not change:
            obj.added_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
