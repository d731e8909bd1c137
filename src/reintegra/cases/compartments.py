"""What each compartment of a case file contains, as plain data for pages and the API.

Apps add to a compartment with `@contributes("justice")`: the builder receives the case
and returns a dict merged into that compartment. The policy decides which compartments
are built at all; a builder never sees a case its compartment is not readable for.
"""

from collections import defaultdict
from collections.abc import Callable

from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.people.dates import format_partial_date

# Values are plain data: strings, numbers, lists, dicts, and aware datetimes, which the
# API writes as ISO 8601 and the pages show in the user's zone.
Builder = Callable[..., dict]
_BUILDERS: dict[str, list[Builder]] = defaultdict(list)


def contributes(compartment: str):
    if compartment not in ALL_COMPARTMENTS:
        raise ValueError(f"unknown compartment {compartment!r}")

    def register(fn: Builder) -> Builder:
        _BUILDERS[compartment].append(fn)
        return fn

    return register


def build(case, compartments: list[str], *, viewer) -> dict[str, dict]:
    """The data of the given compartments of a case (the caller has checked them).

    Notes and flags of all of them come in one query each, not one per compartment.
    """
    data: dict[str, dict] = {c: {"notes": [], "flags": []} for c in compartments}
    for note in case.notes.filter(compartment__in=compartments).select_related("author"):
        data[note.compartment]["notes"].append(
            {
                "id": note.pk,
                "text": note.text,
                "author": note.author.get_full_name() or note.author.get_username(),
                "created_at": note.created_at,
            }
        )
    for flag in case.flags.filter(compartment__in=compartments):
        data[flag.compartment]["flags"].append(
            {
                "id": flag.pk,
                "label": flag.label,
                "detail": flag.detail,
                "raised_at": flag.raised_at,
                "cleared_at": flag.cleared_at,
            }
        )
    for compartment in compartments:
        for builder in _BUILDERS.get(compartment, ()):
            data[compartment].update(builder(case, viewer=viewer))
    return data


# --- The foundation's own contributions --------------------------------------------------


def person_identity(person) -> dict:
    return {
        "person_id": person.pk,
        "display_name": person.display_name,
        "sex": person.sex,
        "date_of_birth": format_partial_date(person.birth_date, person.birth_date_precision),
        "date_of_birth_precision": person.birth_date_precision,
        "place_of_birth": person.place_of_birth,
        "country_of_birth": person.country_of_birth,
        "citizenship_status": person.citizenship_status,
        "names": [
            {
                "kind": n.kind,
                "script": n.script,
                "given_name": n.given_name,
                "family_name": n.family_name,
                "father_name": n.father_name,
                "as_written": n.as_written(),
            }
            for n in person.names.all()
        ],
        "documents": [
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country,
                "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                "expires_on": d.expires_on.isoformat() if d.expires_on else None,
            }
            for d in person.documents.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "scope": c.scope,
                "given_by": c.given_by.display_name if c.given_by_id else None,
                "given_at": c.given_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in person.consents.select_related("given_by")
        ],
    }


@contributes("identity")
def _identity(case, *, viewer) -> dict:
    from .category import case_category

    data = person_identity(case.person)
    data.update(
        {
            "reference": case.reference,
            "category": case_category(case),
            "stage": case.stage,
            "stage_reason": case.stage_reason,
            "unaccompanied_minor": case.unaccompanied_minor,
            "orphan": case.orphan,
            "municipality": case.municipality,
            "key_worker": _user_label(case.key_worker) if case.key_worker_id else None,
            "team": [
                {"user": _user_label(m.user), "agency": _agency_of(m.user), "role": m.role_in_case}
                for m in case.team.select_related("user__staff__agency")
            ],
        }
    )
    return data


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def _agency_of(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.agency.name if staff else ""


@contributes("family")
def _family(case, *, viewer) -> dict:
    from .selectors import family_of

    return family_of(viewer, case.person)
