"""Every write to persons, their names, documents, relationships and consent."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.audit.services import AuditEntry, audit_record, audit_record_many
from reintegra.bulk import columns_of, insert_objects, insert_rows
from reintegra.linkage.folding import fold_for_search
from reintegra.linkage.services import person_arrival_check

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


# Choice values as sets, built once: a bulk import checks them for every row, and
# `Choices.values` builds a new list on each call.
_NAME_KINDS = frozenset(NameKind.values)
_PRECISIONS = frozenset(DatePrecision.values)
_RELATIONSHIP_KINDS = frozenset(RelationshipKind.values)


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


def _name_build(person: Person, data: NameInput) -> PersonName:
    """An unsaved name with its folded form; the caller saves it and its tokens."""
    if not (data.given_name.strip() or data.family_name.strip() or data.full_text.strip()):
        raise PersonInputError(_("A name needs a given name, a family name or the name as written."))
    if data.kind not in _NAME_KINDS:
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
    return name


def _name_tokens(name: PersonName) -> list[NameToken]:
    # sort_name: the person's display name, so a search reads its matches in name order
    # from the token index alone (people.selectors.person_search_ids).
    return [
        NameToken(person_id=name.person_id, name=name, token=token, sort_name=name.person.display_name)
        for token in sorted(_tokens(name))
    ]


def _name_create(person: Person, data: NameInput) -> PersonName:
    name = _name_build(person, data)
    name.save()
    insert_objects(_name_tokens(name))
    return name


def _validate_birth(birth_date: date | None, precision: str) -> None:
    if precision not in _PRECISIONS:
        raise PersonInputError(_("Unknown precision of the date of birth: %(p)s.") % {"p": precision})
    if (birth_date is None) != (precision == DatePrecision.UNKNOWN):
        raise PersonInputError(_("A date of birth and its precision go together."))
    if birth_date is not None and birth_date > date.today():
        raise PersonInputError(_("The date of birth is in the future."))


@dataclass(slots=True)
class PersonInput:
    """One person for `persons_create_bulk`; the same fields as `person_create`."""

    names: list[NameInput]
    sex: str = "U"
    birth_date: date | None = None
    birth_date_precision: str = DatePrecision.UNKNOWN
    place_of_birth: str = ""
    country_of_birth: str = ""
    citizenship_status: str = "claim_pending"


def _person_check(data: PersonInput) -> None:
    if not data.names or data.names[0].kind != NameKind.PRIMARY:
        raise PersonInputError(_("A person needs a name; the first name given is the primary one."))
    if data.sex not in ("M", "F", "U"):
        raise PersonInputError(_("Sex must be M, F or U, not %(sex)s.") % {"sex": data.sex})
    _validate_birth(data.birth_date, data.birth_date_precision)


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
    data = PersonInput(
        names=names, sex=sex, birth_date=birth_date, birth_date_precision=birth_date_precision,
        place_of_birth=place_of_birth, country_of_birth=country_of_birth,
        citizenship_status=citizenship_status,
    )
    with transaction.atomic():
        person = persons_create_bulk(actor=actor, people=[data], request=request, channel=channel)[0]
        # Someone entered by hand may already be on the registry: likely duplicates go to
        # the review queue (a cheap check on name tokens and year of birth, no model run).
        person_arrival_check(actor=actor, person=person, request=request, channel=channel)
    return person


def persons_create_bulk(
    *, actor, people: list[PersonInput], request=None, channel: str = "page"
) -> list[Person]:
    """Create many persons with their names and search tokens in a few queries.

    Every person is checked before anything is written, and each gets its own audit
    event, in the same transaction, as `person_create` gives one."""
    for data in people:
        _person_check(data)
    with transaction.atomic():
        persons = []
        for data in people:
            primary = data.names[0]
            display = " ".join(p for p in (primary.given_name, primary.family_name) if p) or primary.full_text
            persons.append(Person(
                sex=data.sex,
                birth_date=data.birth_date,
                birth_date_precision=data.birth_date_precision,
                place_of_birth=data.place_of_birth,
                country_of_birth=data.country_of_birth,
                citizenship_status=data.citizenship_status,
                display_name=display.strip()[:300],
            ))
        insert_objects(persons)
        names = [_name_build(person, n) for person, data in zip(persons, people, strict=True) for n in data.names]
        insert_objects(names)
        insert_rows(NameToken, columns_of(NameToken, ["person", "name", "token", "sort_name"]),
                    [(name.person_id, name.pk, token, name.person.display_name)
                     for name in names for token in sorted(_tokens(name))])
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="person", object_id=p.pk, person_id=p.pk,
                               compartments=["identity"]) for p in persons],
        )
    return persons


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
    if kind not in _RELATIONSHIP_KINDS:
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
    return households_create_bulk(
        actor=actor, households=[HouseholdInput(name, members, municipality, address)], request=request
    )[0]


@dataclass(slots=True)
class HouseholdInput:
    name: str
    members: list[tuple[Person, str]]  # (person, role in the household)
    municipality: str = ""
    address: str = ""


def households_create_bulk(*, actor, households: list[HouseholdInput], request=None, channel: str = "page"):
    """Many households at once; one audit event per member added, as `household_create`."""
    from .models import Household, HouseholdMember

    for data in households:
        if not data.name.strip():
            raise PersonInputError(_("A household needs a name."))
        if len({p.pk for p, _role in data.members}) != len(data.members):
            raise PersonInputError(_("A person is listed twice in the household."))
    with transaction.atomic():
        made = [Household(name=d.name.strip(), municipality=d.municipality, address=d.address) for d in households]
        insert_objects(made)
        insert_rows(HouseholdMember, columns_of(HouseholdMember, ["household", "person", "role"]),
                    [(h.pk, p.pk, role) for h, d in zip(made, households, strict=True) for p, role in d.members])
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="household_member", object_id=h.pk,
                               person_id=p.pk, compartments=["family"])
                    for h, d in zip(made, households, strict=True) for p, _role in d.members],
        )
    return made


def relationships_add_bulk(
    *, actor, relationships: list[tuple[Person, Person, str]], request=None, channel: str = "page"
) -> list[int]:
    """New relationships (from, to, kind) between people who have none of that kind yet,
    e.g. the mothers and children of a manifest; one audit event each. Returns their ids."""
    for from_person, to_person, kind in relationships:
        if from_person.pk == to_person.pk:
            raise PersonInputError(_("A person cannot be their own relative."))
        if kind not in _RELATIONSHIP_KINDS:
            raise PersonInputError(_("Unknown relationship: %(kind)s.") % {"kind": kind})
    with transaction.atomic():
        keys = insert_rows(Relationship, columns_of(Relationship, ["from_person", "to_person", "kind", "note", "since"]),
                           [(a.pk, b.pk, kind, "", None) for a, b, kind in relationships], returning=True)
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="relationship", object_id=pk,
                               person_id=a.pk, compartments=["family"],
                               detail={"to_person": b.pk, "kind": kind})
                    for pk, (a, b, kind) in zip(keys, relationships, strict=True)],
        )
    return keys


def consents_record_bulk(
    *, actor, consents: list[tuple[Person, str, Person | None, datetime, str]], request=None,
    channel: str = "page",
) -> list[int]:
    """Many consents (person, purpose, given_by, given_at, scope); one audit event each.
    Returns their ids."""
    for _person, purpose, _by, _at, _scope in consents:
        if not purpose.strip():
            raise PersonInputError(_("Say what is consented to."))
    recorder = actor.pk if getattr(actor, "pk", None) else None
    with transaction.atomic():
        keys = insert_rows(
            Consent, columns_of(Consent, ["person", "purpose", "scope", "given_by", "given_at", "withdrawn_at",
                                          "recorded_by"]),
            [(p.pk, purpose.strip(), scope, by.pk if by else None, at, None, recorder)
             for p, purpose, by, at, scope in consents],
            returning=True,
        )
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="consent", object_id=pk, person_id=c[0].pk,
                               compartments=["identity"]) for pk, c in zip(keys, consents, strict=True)],
        )
    return keys


def search_record(
    *, user, request, query: str, found: int, more: bool = False, channel: str = "page"
) -> None:
    """A search shows the names and dates of birth of everyone it finds, so who looked
    for whom is on the record: the words typed, how many were found and, when the search
    stopped counting at its limit, that more matched."""
    detail = {"q": query[:200], "found": found} | ({"more": True} if more else {})
    # The append is its own transaction (see cases.selectors.case_file_read).
    audit_record(user=user, action="search", request=request, channel=channel, object_type="person", detail=detail)
