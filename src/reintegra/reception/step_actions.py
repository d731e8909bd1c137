"""What happens when a step that starts something is completed: a seam for other apps.

A protocol step can record "an assessment to start" (`records: assessment`, with the
instrument code in `assessment:`) or "a referral to make" (`records: referral`, with the
service in `referral:`). When such a step is marked done, reception calls the handler
registered for its kind, inside the same transaction:

    from reintegra.reception.step_actions import step_action

    @step_action("assessment")
    def start_assessment(*, step, spec, actor, request=None) -> str:
        # step: reception.models.Step (step.case, step.agency, step.due_at ...)
        # spec: reception.protocols.StepSpec (spec.assessment is the instrument code)
        assessment = assessment_start(actor=actor, case=step.case, instrument=spec.assessment, ...)
        return f"assessment:{assessment.pk}"   # stored nowhere but the audit detail

The assessments app (issue 6) registers "assessment", the plans app (issue 7)
"referral". Without a handler, completing the step creates a `cases.Task` for the agency
that owns the step, saying what to start, so the work is not lost.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

_HANDLERS: dict[str, Callable[..., str | None]] = {}

KINDS = ("assessment", "referral")


def step_action(kind: str):
    if kind not in KINDS:
        raise ValueError(f"unknown step action {kind!r}; use one of {', '.join(KINDS)}")

    def register(fn):
        _HANDLERS[kind] = fn
        return fn

    return register


def handler_for(kind: str):
    return _HANDLERS.get(kind)


def run(*, step, spec, actor, request=None) -> str | None:
    """Start what a completed step asks for; returns a short note for the audit detail."""
    if spec.records not in KINDS:
        return None
    handler = _HANDLERS.get(spec.records)
    if handler is not None:
        return handler(step=step, spec=spec, actor=actor, request=request)
    return fallback_task(step=step, spec=spec, actor=actor, request=request)


def fallback_task(*, step, spec, actor, request=None) -> str | None:
    """A task for the step's agency saying what to start: used when no app handles the
    step's kind, and by handlers for what they cannot start themselves."""
    from reintegra.access import policy
    from reintegra.cases.services import task_create

    agency = step.agency or policy.subject(actor).agency
    if agency is None:
        return None
    if spec.records == "assessment":
        title = _("Start the assessment “%(what)s” for %(person)s") % {"what": spec.assessment, "person": step.case.person.display_name}
    else:
        title = _("Make the referral “%(what)s” for %(person)s") % {"what": spec.referral, "person": step.case.person.display_name}
    task = task_create(
        actor=actor, case=step.case, compartment=step.compartment, title=title, kind="reception_follow_up",
        assigned_agency=agency, detail=_("From the protocol step “%(step)s”.") % {"step": step.title},
        source_type="reception.step", source_id=step.pk, request=request, check_access=False,
    )
    return f"task:{task.pk}"
