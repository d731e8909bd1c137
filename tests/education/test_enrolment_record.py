"""Enrolment, attendance and the education file: the school writes for its caseload; the
social worker reads; the police and cases out of reach get 404. Bad input names its field."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.education.models import Attendance, Enrolment
from tests.factories import api_token

from .conftest import client_for


def _enrol(**extra):
    data = {"enrolment-school": "Shkolla Naim Frashëri", "enrolment-grade": "3",
            "enrolment-enrolled_on": (timezone.localdate() - timedelta(days=20)).isoformat(),
            "enrolment-catch_up": "on", "enrolment-catch_up_detail": "Albanian language, 4 hours a week"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_school_enrols_the_child_and_records_attendance(ew):
    client = client_for(ew.school)
    assert client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol()).status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.grade, enrolment.catch_up) == (3, True)
    start = enrolment.enrolled_on
    response = client.post(f"/education/cases/{ew.child.pk}/do/attendance/", {
        "attendance-period_start": start.isoformat(), "attendance-period_end": (start + timedelta(days=14)).isoformat(),
        "attendance-days_expected": "10", "attendance-days_attended": "8"})
    assert response.status_code == 302 and Attendance.objects.get().rate == 80
    html = client.get(f"/education/cases/{ew.child.pk}/").content.decode()
    assert "Shkolla Naim Frashëri" in html and "8 / 10" in html and "Albanian language" in html
    assert AuditEvent.objects.filter(object_type="education_enrolment", action="create").exists()
    assert AuditEvent.objects.filter(object_type="education_file", action="read", compartments=["education"]).exists()


@pytest.mark.django_db
def test_a_new_school_ends_the_previous_enrolment(ew):
    client = client_for(ew.school)
    client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol())
    client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol(**{
        "enrolment-school": "Second school", "enrolment-enrolled_on": timezone.localdate().isoformat()}))
    first, second = Enrolment.objects.order_by("pk")
    assert first.left_on == second.enrolled_on and second.left_on is None


@pytest.mark.django_db
def test_bad_input_names_its_field(ew):
    client = client_for(ew.school)
    future = client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol(**{
        "enrolment-enrolled_on": (timezone.localdate() + timedelta(days=3)).isoformat()}))
    assert future.status_code == 422 and "The date is in the future." in future.content.decode()
    grade = client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol(**{"enrolment-grade": "14"}))
    assert grade.status_code == 422
    client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol())
    day = Enrolment.objects.get().enrolled_on
    too_many = client.post(f"/education/cases/{ew.child.pk}/do/attendance/", {
        "attendance-period_start": day.isoformat(), "attendance-period_end": day.isoformat(),
        "attendance-days_expected": "5", "attendance-days_attended": "6"})
    assert too_many.status_code == 422 and "Days attended are between 0" in too_many.content.decode()
    assert Enrolment.objects.count() == 1 and not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_social_worker_reads_but_may_not_write(ew):
    client = client_for(ew.social)
    assert client.get(f"/education/cases/{ew.child.pk}/").status_code == 200
    assert "Record an enrolment" not in client.get(f"/education/cases/{ew.child.pk}/").content.decode()
    assert client.post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol()).status_code == 404
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_the_police_and_cases_out_of_reach_get_404(ew):
    assert client_for(ew.police).get(f"/education/cases/{ew.child.pk}/").status_code == 404
    assert client_for(ew.police).post(f"/education/cases/{ew.child.pk}/do/enrolment/", _enrol()).status_code == 404
    assert client_for(ew.school).get(f"/education/cases/{ew.other_child.pk}/").status_code == 404
    assert client_for(ew.school).post(f"/education/cases/{ew.other_child.pk}/do/enrolment/",
                                      _enrol()).status_code == 404
    assert client_for(ew.school).get("/education/cases/999999/").status_code == 404
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_the_api(ew):
    school = {"Authorization": f"Bearer {api_token('teacher')}"}
    police = {"Authorization": f"Bearer {api_token('officer')}"}
    body = {"school": "Shkolla Test", "grade": 2, "enrolled_on": (timezone.localdate() - timedelta(days=5)).isoformat()}
    client = Client()
    assert client.post(f"/api/v1/education/cases/{ew.child.pk}/enrolments", body, content_type="application/json",
                       headers=school).status_code == 201
    assert client.post(f"/api/v1/education/cases/{ew.child.pk}/enrolments", body, content_type="application/json",
                       headers=police).status_code == 404
    bad = client.post(f"/api/v1/education/cases/{ew.child.pk}/enrolments", {**body, "grade": 0},
                      content_type="application/json", headers=school)
    assert bad.status_code == 422 and bad.json()["field"] == "grade"
    got = client.get(f"/api/v1/education/cases/{ew.child.pk}", headers=school).json()
    assert got["enrolments"][0]["school"] == "Shkolla Test" and got["grade_for_age"]["low"] >= 1
    assert client.get(f"/api/v1/education/cases/{ew.child.pk}", headers=police).status_code == 404
    assert client.get("/api/v1/education/overview", headers=school).json()["children"] == 1
