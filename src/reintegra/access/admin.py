from django.contrib import admin

from .models import Agency, BreakGlassGrant, PolicyRule, Role, StaffProfile


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "country", "municipality"]
    list_filter = ["type", "country"]
    search_fields = ["name"]


class PolicyRuleInline(admin.TabularInline):
    model = PolicyRule
    extra = 1


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "may_break_glass", "break_glass_minutes", "reads_audit"]
    inlines = [PolicyRuleInline]


@admin.register(PolicyRule)
class PolicyRuleAdmin(admin.ModelAdmin):
    list_display = ["role", "compartment", "scope", "can_read", "can_write"]
    list_filter = ["role", "compartment", "scope"]
    list_editable = ["scope", "can_read", "can_write"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "agency"]
    list_filter = ["agency", "roles"]
    filter_horizontal = ["roles"]


@admin.register(BreakGlassGrant)
class BreakGlassGrantAdmin(admin.ModelAdmin):
    """Read-only: grants are opened by their holders and signed off in the audit viewer."""

    list_display = ["user", "case", "granted_at", "expires_at", "reviewed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Users are edited with their agency and roles on the same page.
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.admin import UserAdmin  # noqa: E402


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["roles"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
