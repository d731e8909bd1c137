"""Pages of the conferences app, mounted at the site root under the namespace `conferences`."""

from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("conferences/", views.conference_list, name="list"),
    path("conferences/new/", views.conference_create, name="create"),
    path("conferences/<int:conference_id>/", views.conference_detail, name="detail"),
    path("conferences/<int:conference_id>/proposal/", views.proposal, name="proposal"),
    path("conferences/<int:conference_id>/agenda/", views.agenda_add, name="agenda-add"),
    path("conferences/<int:conference_id>/attendance/", views.attendance, name="attendance"),
    path("conferences/<int:conference_id>/participants/", views.participant_add, name="participant-add"),
    path("conferences/<int:conference_id>/approve/", views.approve, name="approve"),
    path("conferences/<int:conference_id>/items/<int:item_id>/", views.item_detail, name="item"),
    path("conferences/<int:conference_id>/items/<int:item_id>/do/<slug:action>/", views.item_act, name="item-act"),
]
