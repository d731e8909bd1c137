"""Demo assessments: training records, a few locked assessments over time, supervision levels.

One returnee in Prishtinë has four VERA-2R assessments over three years (high, high,
moderate, low), so the history chart shows change; another's ERG22+ reassessment is
overdue on the coordinator's working list; children have a wellbeing screening and an
education placement profile; an orphan's grandmother is screened as carer. Everything
goes through the services (backdated with `at=`), so every step is audited.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reintegra.access.models import Role, StaffProfile
from reintegra.cases import services as case_services
from reintegra.cases.category import Category, case_category
from reintegra.cases.models import Case, Stage, Task
from reintegra.people.models import Relationship

from . import selectors, services
from .models import Assessment, InstrumentText, Supervision, SupervisionChange, TrainingRecord

HOME = "Prishtinë"
# Extra demo users, so that screenings by health and school have a second qualified
# person to countersign them: (username, agency key, role, full name).
EXTRA_USERS = [
    ("psychologist", "health", "health", "Psychologist Demo"),
    ("pedagogue", "school", "school", "Pedagogue Demo"),
]
TRAINING = {
    "police": ["VERA-2R", "ERG22+"],
    "intelligence": ["VERA-2R", "ERG22+"],
    "health": ["child-wellbeing"],
    "psychologist": ["child-wellbeing"],
    "school": ["education-profile"],
    "pedagogue": ["education-profile"],
    "probation": ["needs-pathways"],
    "coordinator": ["needs-pathways", "carer-suitability", "family-biography"],
    "social": ["carer-suitability", "family-biography"],
}
EVIDENCE = {
    "high": "Repeated statements in support of the group at the interview; contacts abroad confirmed.",
    "moderate": "Ambivalent statements; keeps some contact with former associates.",
    "low": "Distances himself from the group in sessions; stable work and family support.",
}


def _extra_users(seeder) -> None:
    User = get_user_model()
    roles = {r.code: r for r in Role.objects.filter(code__in=[r for _u, _a, r, _n in EXTRA_USERS])}
    for username, agency_key, role_code, full_name in EXTRA_USERS:
        first, last = full_name.split(" ", 1)
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        user.set_password(seeder.password)
        user.save()
        profile = StaffProfile.objects.create(user=user, agency=seeder.agencies[agency_key])
        profile.roles.add(roles[role_code])
        seeder.users[username] = user


def _train(seeder) -> None:
    admin = seeder.users["admin"]
    for username, codes in TRAINING.items():
        for code in codes:
            services.training_record_add(
                actor=admin, user=seeder.users[username], instrument_code=code, valid_from=date(2019, 1, 1),
                note="Demo: instrument induction", channel="cli",
            )


def _rate_all(assessment, actor, *, pick, evidence: str, level: str, justification: str, at) -> None:
    items = selectors.items_of(assessment.instrument)
    scales = assessment.instrument.definition["scales"]
    ratings = {}
    for code, item in items.items():
        values = [o["value"] for o in scales[item["scale"]] if o["rank"] is not None]
        ratings[code] = (pick(code, values), evidence)
    services.assessment_rate(actor=actor, assessment=assessment, ratings=ratings, overall_level=level,
                             overall_justification=justification, channel="cli")
    services.assessment_submit(actor=actor, assessment=assessment, at=at, channel="cli")


def _locked(seeder, *, case, code, assessor, signer, level, at, pick, evidence, subject_person=None,
            justification="The assessor's judgement on the whole picture.") -> Assessment:
    assessment = services.assessment_start(
        actor=seeder.users[assessor], case=case, instrument_code=code, reason="Demo", at=at,
        subject_person=subject_person, channel="cli",
    )
    _rate_all(assessment, seeder.users[assessor], pick=pick, evidence=evidence, level=level,
              justification=justification, at=at)
    return services.assessment_countersign(actor=seeder.users[signer], assessment=assessment,
                                           at=at + timedelta(days=2), channel="cli")


def _by_level(level: str, *, protective_high: bool = False):
    """Ratings that fit a level, item by item, with some spread (never a rule: the overall
    judgement stays the assessor's)."""
    def pick(code: str, values: list[str]) -> str:
        top = len(values) - 1
        target = {"high": top, "moderate": top // 2 + (top % 2), "low": 0}[level]
        if code.startswith("P.") and protective_high:
            target = top - target
        wobble = (sum(map(ord, code)) % 3) - 1  # -1, 0 or 1, fixed per item
        return values[max(0, min(top, target + (wobble if code[-1] in "24" else 0)))]
    return pick


def _adult_man_in_prishtine(exclude=()) -> Case:
    for case in (Case.objects.filter(municipality=HOME, stage__in=[Stage.SUPERVISION, Stage.COMMUNITY],
                                     key_worker__username="coordinator")
                 .exclude(pk__in=exclude).select_related("person").order_by("pk")):
        if case_category(case) == Category.ADULT_MAN:
            return case
    raise LookupError("the demo cohort has no adult man in Prishtinë with the coordinator as key worker")


def seed_demo(seeder) -> None:
    services.instruments_sync()
    _extra_users(seeder)
    _train(seeder)
    now = timezone.now()
    users = seeder.users

    # Four VERA-2R assessments of one man over three years: the history chart shows change.
    four = _adult_man_in_prishtine()
    case_services.case_team_add(actor=None, case=four, user=users["police"])
    for months_ago, level in ((34, "high"), (28, "high"), (16, "moderate"), (3, "low")):
        _locked(seeder, case=four, code="VERA-2R", assessor="police", signer="intelligence", level=level,
                at=now - timedelta(days=30 * months_ago), pick=_by_level(level, protective_high=True),
                evidence=EVIDENCE[level])

    # An ERG22+ reassessment overdue on the coordinator's list (moderate: due after 6 months).
    overdue = _adult_man_in_prishtine(exclude=[four.pk])
    case_services.case_team_add(actor=None, case=overdue, user=users["police"])
    _locked(seeder, case=overdue, code="ERG22+", assessor="police", signer="intelligence", level="moderate",
            at=now - timedelta(days=240), pick=_by_level("moderate"), evidence=EVIDENCE["moderate"])
    # And one waiting for countersigning, on the intelligence analyst's list.
    waiting = services.assessment_start(actor=users["police"], case=overdue, instrument_code="VERA-2R",
                                        reason="Reassessment", channel="cli")
    _rate_all(waiting, users["police"], pick=_by_level("moderate"), evidence=EVIDENCE["moderate"],
              level="moderate", justification="Little has changed since the last assessment.", at=now)

    # A mother on probation: a needs assessment (programme compartment).
    mother = Case.objects.filter(stage=Stage.SUPERVISION, team__user=users["probation"],
                                 person__sex="F").order_by("pk").first()
    _locked(seeder, case=mother, code="needs-pathways", assessor="probation", signer="coordinator", level="moderate",
            at=now - timedelta(days=60), pick=lambda code, values: values[1 if code[:3] in ("HLT", "ETW") else 0],
            evidence="From the home visit and the probation interview.")

    # Her children: a wellbeing screening, and an education profile that starts a plan.
    child = (Case.objects.filter(person__relationships_to__from_person=mother.person,
                                 person__relationships_to__kind="mother", team__user=users["school"])
             .order_by("pk").first())
    if child is not None:
        for extra in ("psychologist", "pedagogue"):
            case_services.case_team_add(actor=None, case=child, user=users[extra])
        _locked(seeder, case=child, code="child-wellbeing", assessor="health", signer="psychologist", level="refer",
                at=now - timedelta(days=45), pick=lambda code, values: values[1 if code.startswith("TRA") else 0],
                evidence="Observed at play and told by the mother.")
        _locked(seeder, case=child, code="education-profile", assessor="school", signer="pedagogue",
                level="age_grade_support", at=now - timedelta(days=20),
                pick=lambda code, values: values[1 if code.startswith(("LIT", "SPC")) else 0],
                evidence="Two weeks of observation in class.")

    # An orphan's grandmother, screened as carer before the placement is confirmed.
    orphan = Case.objects.filter(orphan=True, municipality=HOME).order_by("pk").first()
    carer = Relationship.objects.filter(to_person=orphan.person, kind="guardian").first() if orphan else None
    if carer is not None:
        _locked(seeder, case=orphan, code="carer-suitability", assessor="social", signer="coordinator",
                level="suitable_with_support", at=now - timedelta(days=400), subject_person=carer.from_person,
                pick=lambda code, values: values[2 if code == "CARE.3" else 1],
                evidence="Home visit; talked with the grandmother and the child.")


def reset_demo() -> None:
    Task.objects.filter(source_type="assessments.assessment").delete()
    Supervision.objects.all().delete()
    SupervisionChange.objects.all().delete()
    Assessment.objects.filter(independent_of__isnull=False).delete()
    Assessment.objects.all().delete()
    InstrumentText.objects.all().delete()
    TrainingRecord.objects.all().delete()
    get_user_model().objects.filter(username__in=[u for u, _a, _r, _n in EXTRA_USERS]).delete()
