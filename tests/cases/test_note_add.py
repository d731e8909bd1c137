"""Adding a note to one compartment: allowed where the policy says write, refused elsewhere."""

import pytest
from django.test import Client

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.cases.models import CaseNote
from reintegra.cases.services import CaseInputError, case_note_add


@pytest.mark.django_db
def test_school_adds_an_education_note(world):
    client = Client()
    client.force_login(world.school)
    response = client.post(f"/cases/{world.case_in.pk}/education/notes/", {"text": "Enrolled in grade 2."})
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.compartment, note.text, note.author) == ("education", "Enrolled in grade 2.", world.school)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.compartments) == ("create", "case_note", ["education"])
    assert "Enrolled in grade 2." in client.get(f"/cases/{world.case_in.pk}/education/").content.decode()


@pytest.mark.django_db
def test_school_cannot_write_identity_or_security(world):
    client = Client()
    client.force_login(world.school)
    for compartment in ("identity", "security", "health"):
        response = client.post(f"/cases/{world.case_in.pk}/{compartment}/notes/", {"text": "x"})
        assert response.status_code == 404
    with pytest.raises(AccessDenied):
        case_note_add(actor=world.school, case=world.case_in, compartment="security", text="x")
    assert not CaseNote.objects.exists()


@pytest.mark.django_db
def test_empty_note_and_unknown_compartment_are_refused(world):
    client = Client()
    client.force_login(world.school)
    response = client.post(f"/cases/{world.case_in.pk}/education/notes/", {"text": "   "}, follow=True)
    assert "The note is empty." in response.content.decode()
    with pytest.raises(CaseInputError, match="Unknown compartment"):
        case_note_add(actor=world.school, case=world.case_in, compartment="gossip", text="x")
    assert not CaseNote.objects.exists()


@pytest.mark.django_db
def test_note_on_a_case_out_of_reach_is_not_found(world):
    client = Client()
    client.force_login(world.school)
    response = client.post(f"/cases/{world.case_out.pk}/education/notes/", {"text": "x"})
    assert response.status_code == 404
