"""Template helpers of the duplicate review: field labels, and whether to show the menu item."""

from django import template
from django.utils.translation import gettext_lazy as _

from reintegra.access import policy

from ..models import PairSource, PairStatus

register = template.Library()

FIELDS = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "father_name": _("Father's name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "place_of_birth": _("Place of birth"),
}


@register.filter
def comparison_label(name: str):
    return FIELDS.get(name, name)


@register.filter
def pair_status(value: str):
    try:
        return PairStatus(value).label
    except ValueError:
        return value


@register.filter
def pair_source(value: str):
    try:
        return PairSource(value).label
    except ValueError:
        return value


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{100 * float(value):.1f} %"


@register.simple_tag(takes_context=True)
def may_review_duplicates(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and policy.has_permission(user, "linkage.review"))


@register.filter
def date_of_birth(person) -> str:
    """"1990", "1990-05" or "1990-05-17", as precise as it is known; "—" when unknown."""
    from reintegra.people.dates import format_partial_date

    return format_partial_date(person.birth_date, person.birth_date_precision) or "—"
