"""What assessments plugs into other apps' seams.

reception: a protocol step that records "an assessment to start" (`records: assessment`)
starts one here when it is marked done. Protocol files name the assessment in the words of
their country's procedure (`security_risk`, `child_welfare` ...); the table below says which
shipped instrument each one is. A name the table does not know, an instrument that does not
apply to the person (a wellbeing screening for a baby under two) or a screening that needs
more than the step knows (a carer screening needs the carer) becomes a task for the step's
agency instead, so the work is never lost and never started wrongly.
"""

from __future__ import annotations

from reintegra.reception.step_actions import fallback_task, step_action

from .models import Instrument, Source
from .services import AssessmentInputError, assessment_start

# Protocol wording -> instrument code. None: no shipped instrument fits (a medical
# check-up, an adult's initial mental-health assessment by the health team), or the
# screening needs a second person (the carer), which the placement page asks for.
PROTOCOL_INSTRUMENTS: dict[str, str | None] = {
    "security_risk": "VERA-2R",
    "reception_needs": "needs-pathways",
    "child_welfare": "child-wellbeing",
    "child_trauma_development": "child-wellbeing",
    "developmental_education": "education-profile",
    "carer_suitability": None,
    "medical_psychological": None,
    "mental_health_initial": None,
}


def instrument_for(protocol_code: str) -> str | None:
    """The instrument a protocol's assessment name stands for; an instrument's own code
    is accepted as it is."""
    if protocol_code in PROTOCOL_INSTRUMENTS:
        return PROTOCOL_INSTRUMENTS[protocol_code]
    if Instrument.objects.filter(code=protocol_code).exists():
        return protocol_code
    return None


@step_action("assessment")
def assessment_from_step(*, step, spec, actor, request=None) -> str | None:
    """An unassigned draft for a trained assessor of the owning agency to take; the
    completing user need not be trained (the step records that the assessment is due)."""
    code = instrument_for(spec.assessment)
    if code is None:
        return fallback_task(step=step, spec=spec, actor=actor, request=request)
    try:
        assessment = assessment_start(
            actor=actor, case=step.case, instrument_code=code, source=Source.PROTOCOL,
            source_ref=f"reception.step:{step.pk}", reason=step.title, request=request,
        )
    except AssessmentInputError:
        # The instrument does not apply to this person (age, category): the owning
        # agency decides what to do instead, from the task.
        return fallback_task(step=step, spec=spec, actor=actor, request=request)
    return f"assessment:{assessment.pk}"
