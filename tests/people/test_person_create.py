"""Creating persons: names kept as written, folded tokens derived, bad input refused whole."""

from datetime import date

import pytest

from reintegra.audit.models import AuditEvent
from reintegra.people.models import NameToken, Person
from reintegra.people.services import NameInput, PersonInputError, person_create


@pytest.mark.django_db
def test_names_are_kept_as_written_and_tokens_derived():
    person = person_create(actor=None, names=[NameInput(given_name="Аднан", family_name="Хоџић")], sex="M")
    name = person.names.get()
    assert (name.given_name, name.family_name, name.script) == ("Аднан", "Хоџић", "cyrillic")
    assert set(NameToken.objects.filter(person=person).values_list("token", flat=True)) == {"adnan", "hodzic"}
    assert AuditEvent.objects.filter(object_type="person", object_id=str(person.pk), action="create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"names": []}, "needs a name"),
        ({"names": [NameInput()]}, "needs a given name"),
        ({"names": [NameInput(given_name="Besa")], "sex": "X"}, "Sex must be"),
        ({"names": [NameInput(given_name="Besa")], "birth_date": date(1990, 1, 1)}, "go together"),
        ({"names": [NameInput(given_name="Besa")], "birth_date": date(2999, 1, 1), "birth_date_precision": "day"}, "future"),
        ({"names": [NameInput(given_name="Besa"), NameInput(full_text="")]}, "needs a given name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(kwargs, message):
    with pytest.raises(PersonInputError, match=message):
        person_create(actor=None, **kwargs)
    assert not Person.objects.exists() and not NameToken.objects.exists() and not AuditEvent.objects.exists()
