from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reintegra.access import views as access_views
from reintegra.api import api
from reintegra.audit import views as audit_views
from reintegra.cases import views as case_views
from reintegra.people import views as people_views

urlpatterns = [
    path("", case_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", people_views.person_search, name="person-search"),
    path("people/<int:person_id>/", people_views.person_detail, name="person-detail"),
    path("cases/<int:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/timeline/", case_views.timeline, name="case-timeline"),
    path("cases/<int:case_id>/<slug:compartment>/", case_views.case_detail, name="case-tab"),
    path("cases/<int:case_id>/<slug:compartment>/notes/", case_views.note_add, name="case-note-add"),
    path("cases/<int:case_id>/break-glass", access_views.break_glass, name="break-glass"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("audit/break-glass/", audit_views.break_glass_reviews, name="break-glass-reviews"),
    path("audit/break-glass/<int:grant_id>/sign-off/", audit_views.break_glass_sign_off, name="break-glass-sign-off"),
    path("work/", case_views.worklist, name="worklist"),
    path("work/tasks/<int:task_id>/complete/", case_views.task_complete, name="task-complete"),
    path("notifications/", case_views.notifications, name="notifications"),
    path("", include("reintegra.reception.urls")),
    path("", include("reintegra.justice.urls")),
    path("", include("reintegra.assessments.urls")),
    path("", include("reintegra.plans.urls")),
    path("", include("reintegra.education.urls")),
    path("", include("reintegra.conferences.urls")),
    path("", include("reintegra.linkage.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
