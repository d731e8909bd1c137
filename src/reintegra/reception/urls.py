"""Pages of the reception app, mounted at the site root under the namespace `reception`."""

from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("reception/operations/", views.operations, name="operations"),
    path("reception/operations/<int:operation_id>/", views.operation_detail, name="operation"),
    path("reception/operations/<int:operation_id>/team/", views.operation_team, name="operation-team"),
    path("reception/operations/<int:operation_id>/status/", views.operation_status, name="operation-status"),
    path("reception/operations/<int:operation_id>/board/", views.board, name="board"),
    path("reception/steps/<int:step_id>/", views.step_detail, name="step"),
    path("reception/abroad/", views.abroad, name="abroad"),
    path("reception/capacity/", views.capacity, name="capacity"),
    path("reception/protocols/", views.protocols, name="protocols"),
    path("reception/cases/<int:case_id>/placement/", views.placement, name="placement"),
]
