"""Pages of the justice app, mounted at the site root under the namespace `justice`."""

from django.urls import path

from . import views

app_name = "justice"
urlpatterns = [
    path("justice/releases-due/", views.releases_due, name="releases-due"),
    path("justice/cases/<int:case_id>/proceedings/", views.section, {"section": "proceedings"}, name="proceedings"),
    path("justice/cases/<int:case_id>/custody/", views.section, {"section": "custody"}, name="custody"),
    path("justice/cases/<int:case_id>/release/", views.section, {"section": "release"}, name="release"),
    path("justice/cases/<int:case_id>/supervision/", views.section, {"section": "supervision"}, name="supervision"),
    path("justice/cases/<int:case_id>/do/<slug:action>/", views.act, name="act"),
]
