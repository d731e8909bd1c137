from django import forms
from django.contrib import admin

from reintegra.audit.services import audit_record

from .models import Agency, BreakGlassGrant, PolicyRule, Role, RolePermission, StaffProfile
from .permissions import permission_choices


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin is an audit event, in the admin's own transaction.

    Roles, rules, staff profiles and users decide who reads what: changing them must be
    as visible to the data-protection officer as reading a file.
    """

    def _audit(self, request, action: str, obj, detail: dict | None = None) -> None:
        audit_record(
            user=request.user, action=action, request=request, channel="admin",
            object_type=obj._meta.label_lower, object_id=obj.pk, detail=detail or {},
        )

    def save_model(self, request, obj, form, change):
        # `changed_data` names many-to-many fields too (roles); the admin saves them
        # right after, in the same transaction.
        super().save_model(request, obj, form, change)
        self._audit(request, "update" if change else "create", obj, {"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        self._audit(request, "delete", obj, {"was": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, "delete", obj, {"was": str(obj)})
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, "create", obj)
        for obj, fields in formset.changed_objects:
            self._audit(request, "update", obj, {"fields": sorted(fields)})
        for obj in formset.deleted_objects:
            self._audit(request, "delete", obj, {"was": str(obj)})


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "type", "country", "municipality"]
    list_filter = ["type", "country"]
    search_fields = ["name"]


class PolicyRuleInline(admin.TabularInline):
    model = PolicyRule
    extra = 1


class RolePermissionForm(forms.ModelForm):
    # Only permissions an app declares can be granted (see access.permissions).
    code = forms.ChoiceField(choices=permission_choices)

    class Meta:
        model = RolePermission
        fields = ["code"]


class RolePermissionInline(admin.TabularInline):
    model = RolePermission
    form = RolePermissionForm
    extra = 1


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["code", "name", "may_break_glass", "break_glass_minutes", "reads_audit"]
    inlines = [PolicyRuleInline, RolePermissionInline]


@admin.register(PolicyRule)
class PolicyRuleAdmin(AuditedAdmin):
    list_display = ["role", "compartment", "scope", "can_read", "can_write"]
    list_filter = ["role", "compartment", "scope"]
    list_editable = ["scope", "can_read", "can_write"]


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdmin):
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
class StaffUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = get_user_model().objects.get(pk=id)
            self._audit(request, "update", user, {"fields": ["password"]})
        return response
