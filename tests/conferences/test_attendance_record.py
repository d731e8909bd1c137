"""Attendance: who of the invited was present and which agencies; the chair or a manager."""

import pytest

from reintegra.conferences.models import Participant

from .conftest import client_for, plan


@pytest.mark.django_db
def test_the_chair_records_attendance(cw):
    conference, _ = plan(cw, cases=[cw.case])
    response = client_for(cw.coordinator).post(f"/conferences/{conference.pk}/attendance/", {
        "present_users": [cw.police.pk, cw.school.pk],
        "present_agencies": [cw.agencies["police"].pk, cw.agencies["school"].pk]})
    assert response.status_code == 302
    assert set(Participant.objects.filter(present=True).values_list("user__username", flat=True)) == {
        "police-user", "school-user"}
    assert set(conference.present_agencies.values_list("name", flat=True)) == {"Police Prishtinë", "Schools Prishtinë"}


@pytest.mark.django_db
def test_only_invited_people_can_be_present(cw):
    conference, _ = plan(cw, cases=[cw.case])
    response = client_for(cw.coordinator).post(f"/conferences/{conference.pk}/attendance/",
                                               {"present_users": [cw.outsider.pk]})
    assert response.status_code == 422
    assert not Participant.objects.filter(present=True).exists()


@pytest.mark.django_db
def test_participants_may_not_record_attendance_or_invite(cw):
    conference, _ = plan(cw, cases=[cw.case])
    client = client_for(cw.police)
    assert client.post(f"/conferences/{conference.pk}/attendance/", {"present_users": [cw.police.pk]}).status_code == 404
    assert client.post(f"/conferences/{conference.pk}/participants/", {"user": cw.outsider.pk}).status_code == 404
    assert not Participant.objects.filter(present=True).exists()
    assert client_for(cw.coordinator).post(f"/conferences/{conference.pk}/participants/",
                                           {"user": cw.outsider.pk}).status_code == 302
    assert client_for(cw.outsider).get(f"/conferences/{conference.pk}/").status_code == 200
