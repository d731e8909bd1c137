"""What a referral can share with a provider: a small, fixed menu of facts.

The key worker chooses among these when making a referral; the values are copied into
the referral when it is sent, and the provider's users read that copy and nothing else.
The name is always shared: a provider cannot work with someone it cannot name.
"""

from django.utils.translation import gettext_lazy as _

from reintegra.cases.category import Category, case_category
from reintegra.people.dates import format_partial_date

ALWAYS = ("name",)

SHAREABLE = {
    "name": _("Name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "category": _("Category (adult, child)"),
    "municipality": _("Municipality"),
    "key_worker": _("Key worker (to contact)"),
    "languages": _("Names in other scripts"),
}


def _key_worker(case) -> str:
    user = case.key_worker
    if user is None:
        return ""
    return " ".join(filter(None, [user.get_full_name() or user.get_username(), user.email]))


_VALUES = {
    "name": lambda case: case.person.display_name,
    "date_of_birth": lambda case: format_partial_date(case.person.birth_date, case.person.birth_date_precision),
    "sex": lambda case: case.person.get_sex_display(),
    "category": lambda case: str(Category(case_category(case)).label),
    "municipality": lambda case: case.municipality,
    "key_worker": _key_worker,
    "languages": lambda case: "; ".join(sorted({n.as_written() for n in case.person.names.all()}
                                               - {case.person.display_name})),
}


def normalise(fields) -> list[str]:
    """The chosen keys, known ones only, in menu order, with the name always in."""
    chosen = set(fields or ()) | set(ALWAYS)
    unknown = chosen - set(SHAREABLE)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return [key for key in SHAREABLE if key in chosen]


def snapshot(case, fields: list[str]) -> dict:
    return {key: str(_VALUES[key](case) or "") for key in fields}


def labelled(shared: dict) -> list[tuple[str, str]]:
    return [(str(SHAREABLE.get(key, key)), value) for key, value in shared.items()]
