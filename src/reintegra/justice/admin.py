"""Reference data of the justice track, kept by an administrator: offences per
jurisdiction, facilities and their units (pavilions). Case data is never edited here.
Every change is audited (AuditedAdmin)."""

from django.contrib import admin

from reintegra.access.admin import AuditedAdmin

from .models import Facility, Offence, Unit


@admin.register(Offence)
class OffenceAdmin(AuditedAdmin):
    list_display = ["name", "jurisdiction", "code", "min_months", "max_months", "terrorism"]
    list_filter = ["jurisdiction", "terrorism"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ["name", "kind", "agency", "municipality"]
    list_filter = ["kind"]
    inlines = [UnitInline]
