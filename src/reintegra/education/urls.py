"""Pages of the education app, mounted at the site root under the namespace `education`."""

from django.urls import path

from . import views

app_name = "education"
urlpatterns = [
    path("education/", views.overview, name="overview"),
    path("education/cases/<int:case_id>/", views.case_education, name="case"),
    path("education/cases/<int:case_id>/do/<slug:action>/", views.act, name="act"),
]
