"""Pages of the duplicate review, mounted at the site root under the namespace `linkage`."""

from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("linkage/duplicates/", views.queue, name="queue"),
    path("linkage/duplicates/<int:pair_id>/", views.pair, name="pair"),
    path("linkage/duplicates/<int:pair_id>/decide/", views.decide, name="decide"),
    path("linkage/merges/<int:merge_id>/unmerge/", views.unmerge, name="unmerge"),
]
