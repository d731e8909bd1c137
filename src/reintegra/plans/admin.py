from django.contrib import admin

from .models import Offer, Provider, Service


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 1


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "consent_required", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["agency__name"]
    inlines = [OfferInline]
