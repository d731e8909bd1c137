"""One case conference of the demo, chaired by the coordinator with police, social work,
health, school and probation invited: three cases from the proposed agenda (a mother on
probation, her school-age child, an orphan), approved minutes whose actions are tasks on
the working lists; and a second conference next week with a proposed agenda."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from reintegra.cases import attention
from reintegra.cases.models import Case, Stage, Task

from . import services
from .models import Conference
from .services import TASK_SOURCE

INVITED = ["police", "social", "health", "school", "probation"]
HOME = "Prishtinë"


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_demo(seeder) -> None:
    users, agencies = seeder.users, seeder.agencies
    chair = users["coordinator"]
    today = timezone.localdate()
    mother = (Case.objects.filter(stage=Stage.SUPERVISION, person__sex="F", municipality=HOME,
                                  team__user=users["probation"]).order_by("pk").first())
    child = (Case.objects.filter(person__relationships_to__from_person=mother.person,
                                 person__relationships_to__kind="mother", team__user=users["school"])
             .order_by("pk").first() if mother else None)
    orphan = Case.objects.filter(orphan=True, municipality=HOME, team__user=users["school"]).order_by("pk").first()
    cases = [c for c in (mother, child, orphan) if c is not None]
    if not cases:
        return
    held = _at(today - timedelta(days=14), 10)
    conference = services.conference_create(
        actor=chair, chair=chair, title="Prishtinë multi-agency case conference", held_at=held,
        place="Municipal building, room 12", invited_agencies=[agencies[k] for k in INVITED],
        participants=[users[k] for k in INVITED], channel="cli")
    items = [services.agenda_add(actor=chair, conference=conference, case=c, channel="cli") for c in cases]
    services.attendance_record(actor=chair, conference=conference, channel="cli",
                               present_users=[users[k] for k in INVITED if k != "health"],
                               present_agencies=[agencies[k] for k in INVITED])
    due = _at(today + timedelta(days=14), 17)
    minutes = {
        "mother": ("Reporting to probation is regular; two therapy sessions were missed last month. "
                   "She asks for help finding work.",
                   ["Continue supervision as ordered.", "Refer to employment support."],
                   [("Confirm the therapy schedule with the mental health centre", "health", "health"),
                    ("Report attendance at supervision meetings to the next conference", "probation", "justice")]),
        "child": ("The child has settled at school; reading in Albanian is behind the class.",
                  ["Keep catch-up classes in reading until the next review."],
                  [("Arrange catch-up reading classes twice a week", "school", "education")]),
        "orphan": ("The grandmother cares well for the child; the household needs help with heating costs.",
                   ["Apply for the winter assistance scheme."],
                   [("Visit the household and apply for winter assistance", "social", "social_support")]),
    }
    by_case = {i.case_id: i for i in items}
    for key, case in (("mother", mother), ("child", child), ("orphan", orphan)):
        item = by_case.get(case.pk) if case is not None else None
        if item is None:
            continue
        discussion, decisions, actions = minutes[key]
        services.minutes_write(actor=chair, item=item, discussion=discussion,
                               next_review_on=today + timedelta(days=76), channel="cli")
        for text in decisions:
            services.decision_add(actor=chair, item=item, text=text, channel="cli")
        for title, owner, compartment in actions:
            if owner == "social":
                services.action_add(actor=chair, item=item, title=title, owner_agency=agencies["social"],
                                    due_at=due, compartment=compartment, channel="cli")
            else:
                services.action_add(actor=chair, item=item, title=title, owner_user=users[owner], due_at=due,
                                    compartment=compartment, channel="cli")
    services.minutes_approve(actor=chair, conference=conference, channel="cli")

    # Next week's conference: the agenda as the system proposes it.
    planned = services.conference_create(
        actor=chair, chair=chair, title="Prishtinë multi-agency case conference (next)",
        held_at=_at(today + timedelta(days=7), 10), place="Municipal building, room 12",
        invited_agencies=[agencies[k] for k in INVITED], participants=[users[k] for k in INVITED], channel="cli")
    proposed = attention.cases_needing_attention(chair, Case.objects.filter(municipality=HOME).exclude(
        pk__in=[c.pk for c in cases]))
    for case_id, _reasons in sorted(proposed.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]:
        services.agenda_add(actor=chair, conference=planned, case=Case.objects.get(pk=case_id), channel="cli")


def reset_demo() -> None:
    Task.objects.filter(source_type=TASK_SOURCE).delete()
    Conference.objects.all().delete()
