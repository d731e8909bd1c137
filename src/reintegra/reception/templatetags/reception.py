"""Template helpers of the reception app: protocol texts in the active language."""

from django import template

from reintegra.reception.protocols import get_protocol, step_title

register = template.Library()


@register.filter
def local_title(step) -> str:
    """A protocol step's title in the active language (as written in English otherwise)."""
    return step_title(step)


@register.filter
def outcome_label(step) -> str:
    try:
        outcome = get_protocol(step.protocol).step(step.key).outcome(step.outcome)
    except Exception:  # a protocol file changed since: show what is stored
        return step.outcome
    return outcome.local_label if outcome else step.outcome
