"""Every write to persons, their names, documents, relationships and consent."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.audit.services import audit_record
from reintegra.linkage.folding import fold_for_search

from .models import (
    Consent,
    DatePrecision,
    IdentityDocument,
    NameKind,
    NameToken,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
    Script,
)


class PersonInputError(ValueError):
    """Bad input for a person; the message names the field."""


@dataclass(frozen=True)
class NameInput:
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    full_text: str = ""
    kind: str = NameKind.PRIMARY
    script: str | None = None  # detected from the letters when not given


def detect_script(text: str) -> str:
    for ch in text:
        code = ord(ch)
        if 0x0400 <= code <= 0x04FF:
            return Script.CYRILLIC
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
            return Script.ARABIC
    return Script.LATIN if any(ch.isalpha() for ch in text) else Script.OTHER


def _tokens(name: PersonName) -> set[str]:
    words: set[str] = set()
    for part in (name.given_name, name.family_name, name.father_name, name.full_text):
        words.update(fold_for_search(part).split())
    return {w[:100] for w in words if w}


def _name_create(person: Person, data: NameInput) -> PersonName:
    if not (data.given_name.strip() or data.family_name.strip() or data.full_text.strip()):
        raise PersonInputError(_("A name needs a given name, a family name or the name as written."))
    if data.kind not in NameKind.values:
        raise PersonInputError(_("Unknown kind of name: %(kind)s.") % {"kind": data.kind})
    text = " ".join([data.given_name, data.family_name, data.full_text])
    name = PersonName(
        person=person,
        kind=data.kind,
        script=data.script or detect_script(text),
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        father_name=data.father_name.strip(),
        full_text=data.full_text.strip(),
    )
    name.folded = fold_for_search(name.as_written())[:300]
    name.save()
    NameToken.objects.bulk_create(
        NameToken(person=person, name=name, token=token, sort_name=person.display_name)
        for token in sorted(_tokens(name))
    )
    return name


def _validate_birth(birth_date: date | None, precision: str) -> None:
    if precision not in DatePrecision.values:
        raise PersonInputError(_("Unknown precision of the date of birth: %(p)s.") % {"p": precision})
    if (birth_date is None) != (precision == DatePrecision.UNKNOWN):
        raise PersonInputError(_("A date of birth and its precision go together."))
    if birth_date is not None and birth_date > date.today():
        raise PersonInputError(_("The date of birth is in the future."))


def person_create(
    *,
    actor,
    names: list[NameInput],
    sex: str = "U",
    birth_date: date | None = None,
    birth_date_precision: str = DatePrecision.UNKNOWN,
    place_of_birth: str = "",
    country_of_birth: str = "",
    citizenship_status: str = "claim_pending",
    request=None,
    channel: str = "page",
) -> Person:
    if not names or names[0].kind != NameKind.PRIMARY:
        raise PersonInputError(_("A person needs a name; the first name given is the primary one."))
    if sex not in ("M", "F", "U"):
        raise PersonInputError(_("Sex must be M, F or U, not %(sex)s.") % {"sex": sex})
    _validate_birth(birth_date, birth_date_precision)
    with transaction.atomic():
        primary = names[0]
        display = " ".join(p for p in (primary.given_name, primary.family_name) if p) or primary.full_text
        person = Person.objects.create(
            sex=sex,
            birth_date=birth_date,
            birth_date_precision=birth_date_precision,
            place_of_birth=place_of_birth,
            country_of_birth=country_of_birth,
            citizenship_status=citizenship_status,
            display_name=display.strip()[:300],
        )
        for data in names:
            _name_create(person, data)
        audit_record(
            user=actor, action="create", request=request, channel=channel,
            object_type="person", object_id=person.pk, person_id=person.pk,
            compartments=["identity"],
        )
    return person


def person_name_add(*, actor, person: Person, name: NameInput, request=None) -> PersonName:
    with transaction.atomic():
        created = _name_create(person, name)
        audit_record(
            user=actor, action="create", request=request, object_type="person_name",
            object_id=created.pk, person_id=person.pk, compartments=["identity"],
        )
    return created


def relationship_add(
    *, actor, from_person: Person, to_person: Person, kind: str, note: str = "", request=None
) -> Relationship:
    if from_person.pk == to_person.pk:
        raise PersonInputError(_("A person cannot be their own relative."))
    if kind not in RelationshipKind.values:
        raise PersonInputError(_("Unknown relationship: %(kind)s.") % {"kind": kind})
    with transaction.atomic():
        rel, _created = Relationship.objects.get_or_create(
            from_person=from_person, to_person=to_person, kind=kind, defaults={"note": note}
        )
        audit_record(
            user=actor, action="create", request=request, object_type="relationship",
            object_id=rel.pk, person_id=from_person.pk, compartments=["family"],
            detail={"to_person": to_person.pk, "kind": kind},
        )
    return rel


def document_add(
    *, actor, person: Person, kind: str, number: str, issuing_country: str,
    issued_on: date | None = None, expires_on: date | None = None, request=None,
) -> IdentityDocument:
    if not number.strip():
        raise PersonInputError(_("A document needs its number."))
    if issued_on and expires_on and expires_on < issued_on:
        raise PersonInputError(_("A document cannot expire before it is issued."))
    with transaction.atomic():
        doc = IdentityDocument.objects.create(
            person=person, kind=kind, number=number.strip(), issuing_country=issuing_country,
            issued_on=issued_on, expires_on=expires_on,
        )
        audit_record(
            user=actor, action="create", request=request, object_type="identity_document",
            object_id=doc.pk, person_id=person.pk, compartments=["identity"],
        )
    return doc


def consent_record(
    *, actor, person: Person, purpose: str, given_at: datetime, scope: str = "",
    given_by: Person | None = None, request=None,
) -> Consent:
    if not purpose.strip():
        raise PersonInputError(_("Say what is consented to."))
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person, purpose=purpose.strip(), scope=scope, given_by=given_by,
            given_at=given_at, recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            user=actor, action="create", request=request, object_type="consent",
            object_id=consent.pk, person_id=person.pk, compartments=["identity"],
        )
    return consent


def consent_withdraw(*, actor, consent: Consent, withdrawn_at: datetime, request=None) -> Consent:
    if consent.withdrawn_at is not None:
        raise PersonInputError(_("This consent was already withdrawn."))
    with transaction.atomic():
        consent.withdrawn_at = withdrawn_at
        consent.save(update_fields=["withdrawn_at"])
        audit_record(
            user=actor, action="update", request=request, object_type="consent",
            object_id=consent.pk, person_id=consent.person_id, compartments=["identity"],
            detail={"withdrawn": True},
        )
    return consent


def household_create(
    *, actor, name: str, members: list[tuple[Person, str]], municipality: str = "", address: str = "",
    request=None,
):
    """A household: the people who live together, so a family is seen as one."""
    from .models import Household, HouseholdMember

    if not name.strip():
        raise PersonInputError(_("A household needs a name."))
    if len({p.pk for p, _role in members}) != len(members):
        raise PersonInputError(_("A person is listed twice in the household."))
    with transaction.atomic():
        household = Household.objects.create(name=name.strip(), municipality=municipality, address=address)
        HouseholdMember.objects.bulk_create(
            HouseholdMember(household=household, person=p, role=role) for p, role in members
        )
        for person, _role in members:
            audit_record(
                user=actor, action="create", request=request, object_type="household_member",
                object_id=household.pk, person_id=person.pk, compartments=["family"],
            )
    return household


def search_record(
    *, user, request, query: str, found: int, more: bool = False, channel: str = "page"
) -> None:
    """A search shows the names and dates of birth of everyone it finds, so who looked
    for whom is on the record: the words typed, how many were found and, when the search
    stopped counting at its limit, that more matched."""
    detail = {"q": query[:200], "found": found} | ({"more": True} if more else {})
    with transaction.atomic():
        audit_record(
            user=user, action="search", request=request, channel=channel, object_type="person", detail=detail,
        )
