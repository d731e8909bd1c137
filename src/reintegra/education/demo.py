"""Education for the demo cohort: the children of April 2019 whose school is on their case
team are enrolled, most within six months of return or of reaching school age, some
later, some not yet; about half with catch-up support, with a month of attendance; one
more individual education plan beside the one the assessments demo starts from an
education placement profile. Everything goes through the services as the school user."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from reintegra.cases.models import Case, Stage

from . import placement, services
from .models import EducationPlan, Enrolment

SCHOOLS = ["Shkolla fillore “Naim Frashëri”", "Shkolla fillore “Ismail Qemali”", "Shkolla fillore “Faik Konica”"]
CATCH_UP = ["Albanian language, 4 hours a week", "Catch-up classes in reading and mathematics",
            "Learning support teacher in class", "Summer catch-up programme"]


def seed_demo(seeder) -> None:
    rng = seeder.rng
    school = seeder.users["school"]
    today = timezone.localdate()
    children = (Case.objects.filter(stage=Stage.COMMUNITY, team__user=school, person__birth_date__year__gte=2012)
                .select_related("person").order_by("pk"))
    for i, case in enumerate(children):
        person = case.person
        start = max(placement.return_date(case),
                    placement.school_age_from(person.birth_date, person.birth_date_precision)
                    or placement.return_date(case))
        roll = i % 10
        if roll == 9:
            continue  # not yet in school
        if roll >= 7:
            entered = start + timedelta(days=rng.randint(200, 480))  # later than six months
        else:
            entered = start + timedelta(days=rng.randint(10, 170))
        if entered > today:
            continue
        grade = placement.grade_for_age(person.birth_date, person.birth_date_precision, on=entered)
        at_grade = max(1, min(grade.low if grade else 1, 12))
        catch_up = rng.random() < 0.5
        enrolment = services.enrolment_record(
            actor=school, case=case, school=rng.choice(SCHOOLS), grade=at_grade, enrolled_on=entered,
            catch_up=catch_up, catch_up_detail=rng.choice(CATCH_UP) if catch_up else "", channel="cli")
        if i % 3 == 0:
            month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
            if month_start >= enrolment.enrolled_on:
                expected = 20
                services.attendance_record(actor=school, enrolment=enrolment, period_start=month_start,
                                           period_end=today.replace(day=1) - timedelta(days=1),
                                           days_expected=expected, days_attended=rng.randint(12, expected),
                                           channel="cli")
    # One more plan, written by the school, with a review.
    enrolled = Case.objects.filter(enrolments__catch_up=True).exclude(education_plans__isnull=False).order_by("pk")
    case = enrolled.first()
    if case is not None:
        plan = services.plan_start(
            actor=school, case=case, started_on=today - timedelta(days=120), channel="cli",
            goals=[("LIT", "Reads a short text in Albanian with understanding"),
                   ("EMD", "Joins group work without leaving the classroom"),
                   ("COG", "Adds and subtracts within 100")])
        services.review_record(actor=school, plan=plan, reviewed_on=today - timedelta(days=30),
                               progress="Reads simple sentences; stays in class for group work most days.",
                               next_review_on=today + timedelta(days=60),
                               goals_met=list(plan.goals.filter(domain="EMD").values_list("pk", flat=True)),
                               channel="cli")


def reset_demo() -> None:
    EducationPlan.objects.all().delete()
    Enrolment.objects.all().delete()
