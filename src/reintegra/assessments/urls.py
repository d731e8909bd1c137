"""Pages of the assessments app, mounted at the site root under the namespace `assessments`."""

from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("assessments/cases/<int:case_id>/", views.history, name="history"),
    path("assessments/cases/<int:case_id>/start/", views.start, name="start"),
    path("assessments/<int:assessment_id>/", views.detail, name="detail"),
    path("assessments/<int:assessment_id>/rate/", views.rate, name="rate"),
    path("assessments/<int:assessment_id>/submit/", views.submit, name="submit"),
    path("assessments/<int:assessment_id>/countersign/", views.countersign, name="countersign"),
    path("assessments/<int:assessment_id>/return/", views.send_back, name="return"),
    path("assessments/<int:assessment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("assessments/<int:assessment_id>/second/", views.second, name="second"),
    path("assessments/<int:assessment_id>/assign/", views.assign, name="assign"),
    path("assessments/training/", views.training, name="training"),
]
