"""Pages of the plans app, mounted at the site root under the namespace `plans`."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/services/", views.services_catalogue, name="services"),
    path("plans/referrals/", views.provider_inbox, name="provider-referrals"),
    path("plans/referrals/<int:referral_id>/", views.referral, name="referral"),
    path("plans/referrals/<int:referral_id>/do/<slug:action>/", views.referral_act, name="referral-act"),
    path("plans/cases/<int:case_id>/", views.programme, name="programme"),
    path("plans/cases/<int:case_id>/do/<slug:action>/", views.programme_act, name="act"),
]
