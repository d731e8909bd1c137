"""Template helpers: show a stored code by its translated label."""

from django import template

from reintegra.access.compartments import Compartment
from reintegra.audit.models import Action
from reintegra.cases.category import Category
from reintegra.cases.models import Stage
from reintegra.people.models import (
    CitizenshipStatus,
    DatePrecision,
    DocumentKind,
    NameKind,
    RelationshipKind,
    Script,
    Sex,
)

register = template.Library()

_CHOICES = {
    "sex": Sex,
    "citizenship": CitizenshipStatus,
    "precision": DatePrecision,
    "document": DocumentKind,
    "name_kind": NameKind,
    "relationship": RelationshipKind,
    "script": Script,
    "stage": Stage,
    "category": Category,
    "compartment": Compartment,
    "action": Action,
}


@register.filter
def label(value, kind: str):
    choices = _CHOICES.get(kind)
    if choices is None or value in (None, ""):
        return value
    try:
        return choices(value).label
    except ValueError:
        return value
