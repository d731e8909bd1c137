"""A small operation (a man, a woman and her child) runs through every shipped protocol:
each person gets the steps of their category, and every step can be completed."""

import pytest

from reintegra.cases.models import Case
from reintegra.reception import services
from reintegra.reception.models import Step, StepStatus
from reintegra.reception.protocols import get_protocol, shipped_protocols
from tests import factories

from .helpers import family_rows, hours_after, operation_with, reception_world, superuser_role


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(shipped_protocols()))
def test_a_small_operation_runs_through_the_protocol(world, code):
    rw = reception_world(world)
    operation = operation_with(rw, family_rows(), protocol=code, name=f"Run {code}")
    protocol = get_protocol(code)
    expected = sum(len(protocol.steps_for(c)) for c in ("adult_man", "adult_woman", "minor"))
    assert Step.objects.filter(member__operation=operation).count() == expected
    worker = factories.user(f"w-{code}", "coordinator", factories.agency(f"Unit {code}", "coordinating_unit"))
    worker.staff.roles.add(superuser_role())
    # Dependencies first: keep going until nothing is left open.
    for _round in range(len(protocol.steps) + 1):
        opened = list(Step.objects.filter(member__operation=operation, status=StepStatus.OPEN).order_by("due_at", "pk"))
        if not opened:
            break
        for step in opened:
            if Step.objects.filter(member=step.member, key__in=step.depends_on, status=StepStatus.OPEN).exists():
                continue
            spec = protocol.step(step.key)
            services.step_complete(
                actor=worker, step=step, outcome=spec.outcomes[0].key if spec.outcomes else "",
                checklist=list(spec.checklist), document_number="D-1" if spec.records == "document" else "",
                done_at=hours_after(1), findings="done in the test",
            )
    assert not Step.objects.filter(member__operation=operation, status=StepStatus.OPEN).exists()
    # Where the first outcome of a decision moves the case, it moved.
    for step in Step.objects.filter(member__operation=operation, records="decision"):
        outcome = protocol.step(step.key).outcome(step.outcome)
        if outcome.stage:
            assert Case.objects.get(pk=step.case_id).stage_changes.filter(stage=outcome.stage).exists()
