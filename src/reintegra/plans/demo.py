"""Plans, services and referrals for the synthetic demo (`reintegra seed_demo`).

- Providers: the Mental Health Centre (public: psychological, psychiatric, art and play
  therapy), Open Doors (NGO, the demo `ngo` user's agency: mentoring, vocational courses,
  parenting classes, employment support, the helpline), the Islamic Community
  Counselling Service (approved imams and female preachers; demo user `religious`), the
  IOM office (donor project: vocational courses, legal aid and documents), the
  municipality (housing support) and the education directorate (catch-up classes).
- The 32 women on suspended sentences with mandatory treatment: a psychological-care
  referral, accepted, with months of sessions recorded by the `health` user, so the
  probation officer's supervision page shows sessions attended and missed (facts only);
  a third of them religious counselling too.
- A plan for most of the April 2019 cohort: pathways for adults, the four pillars for
  children, with goals, steps (some overdue), agreement and reviews.
- Referrals in every state (draft, sent, accepted, declined, completed, withdrawn), and
  one that waited past its deadline, so the stalled-referral alert shows.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reintegra.access.models import Role, StaffProfile
from reintegra.cases.category import Category, case_category
from reintegra.cases.models import Case, Stage
from reintegra.people import services as people_services

from . import services as S
from .models import Offer, Plan, Provider, Referral, Service, Session

PROVIDERS = [
    # (agency key in the seeder, kind, [(service code, municipality, categories, capacity)])
    ("health", "public", [("psychological_care", "Prishtinë", [], 60), ("psychiatric_care", "Prishtinë", [], 15),
                          ("art_play_therapy", "Prishtinë", ["minor", "unaccompanied_minor"], 40)]),
    ("ngo", "ngo", [("mentoring", "", [], 20), ("vocational_course", "", ["adult_woman", "adult_man"], 30),
                    ("parenting_classes", "", ["adult_woman", "adult_man"], 25), ("employment_support", "", [], None),
                    ("helpline", "", [], None)]),
    ("religious", "religious", [("religious_counselling", "", [], 50)]),
    ("io", "donor_project", [("vocational_course", "Prishtinë", ["adult_woman"], 20), ("legal_aid", "", [], None)]),
    ("municipality", "public", [("housing_support", "Prishtinë", [], 10)]),
    ("school", "public", [("catch_up_classes", "Prishtinë", ["minor", "unaccompanied_minor"], 80)]),
]

ADULT_GOALS = [
    ("accommodation", "A safe home", [("Apply for municipal housing support", "agency", "municipality"),
                                                  ("Visit the flat with the social worker", "key_worker", None)]),
    ("health", "Sleep and cope with what happened", [("Attend psychological care", "provider", "health"),
                                                     ("Register with a family doctor", "person", None)]),
    ("education_work", "Earn a living", [("Join a vocational course", "provider", "ngo"),
                                         ("Prepare a CV with the mentor", "person", None)]),
    ("finance", "Documents and benefits in order", [("Apply for an identity card", "person", None),
                                                     ("Apply for social assistance", "key_worker", None)]),
    ("family", "Family life after return", [("Parenting classes", "provider", "ngo"),
                                           ("Grandmother helps with school mornings", "family", None)]),
]
CHILD_GOALS = [
    ("custody", "Stable care with the mother", [("Check the custody arrangement", "agency", "social")]),
    ("security_risk", "Ordinary childhood, no labels", [("Review at the case conference", "key_worker", None)]),
    ("care", "Process trauma through play", [("Art and play therapy", "provider", "health"),
                                             ("Paediatric check-up", "agency", "health")]),
    ("education", "Catch up and join a class", [("Catch-up classes", "provider", "school"),
                                                ("Enrol in the local school", "family", None)]),
]


def seed_demo(seeder) -> None:
    PlansDemo(seeder).run()


def reset_demo() -> None:
    Session.objects.all().delete()
    Referral.objects.all().delete()
    Plan.objects.all().delete()
    Offer.objects.all().delete()
    Provider.objects.all().delete()
    StaffProfile.objects.filter(user__username="religious").delete()
    get_user_model().objects.filter(username="religious").delete()


class PlansDemo:
    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng
        self.users = seeder.users
        self.now = timezone.now()
        # A migration loads the catalogue; a database flushed since (transactional tests)
        # gets it back here, as the demo's referrals need it.
        if not Service.objects.exists():
            from .reference import services_load

            services_load(service_model=Service)
        self.services = {s.code: s for s in Service.objects.all()}
        self.providers: dict[str, Provider] = {}
        self.coordinator = self.users["coordinator"]

    def run(self) -> None:
        self.religious_user()
        self.catalogue()
        cases = list(Case.objects.select_related("person", "key_worker").order_by("pk")[:110])
        women = [c for c in cases if c.stage == Stage.SUPERVISION and c.person.sex == "F"]
        for index, case in enumerate(women):
            self.treatment(case, index)
        self.consents(cases)
        for index, case in enumerate(cases):
            if case.stage != Stage.ABROAD and index % 5 != 4:  # four in five
                self.plan(case, index)
        self.other_referrals(cases, women)
        S.referrals_stalled_run(timezone.now())

    # --- setup -------------------------------------------------------------------------------

    def religious_user(self) -> None:
        user = get_user_model()(username="religious", first_name="Religious", last_name="Demo",
                                email="religious@demo.invalid")
        user.set_password(self.s.password)
        user.save()
        profile = StaffProfile.objects.create(user=user, agency=self.s.agencies["religious"])
        profile.roles.add(Role.objects.get(code="ngo"))
        self.users["religious"] = user

    def catalogue(self) -> None:
        for key, kind, offers in PROVIDERS:
            provider = Provider.objects.create(agency=self.s.agencies[key], kind=kind,
                                               contact=f"{key}@demo.invalid")
            self.providers[key] = provider
            for code, municipality, categories, capacity in offers:
                Offer.objects.create(provider=provider, service=self.services[code], municipality=municipality,
                                     categories=categories, capacity=capacity)

    def consents(self, cases) -> None:
        """Most adults, and the children through their mothers, agreed to be referred."""
        for index, case in enumerate(cases):
            if index % 7 == 6 or case.stage == Stage.ABROAD:
                continue  # a few have not (yet): their referrals wait for consent
            minor = case_category(case) in (Category.MINOR, Category.UNACCOMPANIED_MINOR)
            guardian = None
            if minor:
                rel = case.person.relationships_to.filter(kind__in=["mother", "guardian"]).select_related(
                    "from_person").first()
                guardian = rel.from_person if rel else None
            if case.person.consents.filter(purpose=S.REFERRAL_CONSENT_PURPOSE).exists():
                continue
            people_services.consent_record(
                actor=None, person=case.person, purpose=S.REFERRAL_CONSENT_PURPOSE, given_by=guardian,
                given_at=self.now - timedelta(days=300), scope="services of the reintegration plan",
            )

    # --- referrals ---------------------------------------------------------------------------

    def _backdate(self, referral: Referral, sent_days_ago: int, answered_days_ago: int | None = None) -> None:
        sent = self.now - timedelta(days=sent_days_ago)
        fields = {"sent_at": sent, "created_at": sent - timedelta(days=1), "moved_at": sent,
                  "response_due_at": sent + timedelta(days=S.response_days())}
        if answered_days_ago is not None:
            fields["responded_at"] = fields["moved_at"] = self.now - timedelta(days=answered_days_ago)
        Referral.objects.filter(pk=referral.pk).update(**fields)

    def _referral(self, case, service: str, provider: str, reason: str, fields=("date_of_birth",),
                  send: bool = True, override: str = "") -> Referral:
        referral = S.referral_create(actor=self.coordinator, case=case, service=self.services[service],
                                     provider=self.providers[provider], reason=reason, shared_fields=list(fields))
        if send:
            if S.consent_for_referral(case, referral.service) is None and not override:
                override = "Court-ordered treatment; consent to be recorded at the first meeting"
            referral = S.referral_send(actor=self.coordinator, referral=referral, override_reason=override)
        return referral

    def _sessions(self, referral: Referral, provider_user, weeks: int, *, miss: float = 0.12) -> None:
        last = None
        for week in range(weeks, 0, -1):
            at = (self.now - timedelta(days=7 * week - self.rng.randint(0, 2))).replace(hour=9, minute=0, second=0,
                                                                                         microsecond=0)
            roll = self.rng.random()
            attendance = "attended" if roll > miss else ("missed" if roll > miss / 3 else "cancelled")
            S.session_record(actor=provider_user, referral=referral, at=at, attendance=attendance)
            last = at
        if last is not None:
            Referral.objects.filter(pk=referral.pk).update(moved_at=last)

    def treatment(self, case, index: int) -> None:
        """Court-ordered psychological treatment (and, for some, religious counselling)."""
        health, religious = self.users["health"], self.users["religious"]
        referral = self._referral(case, "psychological_care", "health",
                                  "Mandatory psychological treatment set by the court with the suspended sentence.",
                                  fields=("date_of_birth", "municipality", "key_worker"))
        S.referral_accept(actor=health, referral=referral)
        weeks = self.rng.randint(10, 24)
        self._backdate(referral, sent_days_ago=7 * weeks + 10, answered_days_ago=7 * weeks + 4)
        self._sessions(referral, health, weeks)
        if index % 3 == 0:
            counselling = self._referral(case, "religious_counselling", "religious",
                                         "Counselling by an approved female preacher, as the court ordered.")
            S.referral_accept(actor=religious, referral=counselling)
            self._backdate(counselling, sent_days_ago=70, answered_days_ago=65)
            self._sessions(counselling, religious, 8, miss=0.2)

    def other_referrals(self, cases, women) -> None:
        ngo = self.users["ngo"]
        adults = [c for c in cases if c.stage != Stage.ABROAD and case_category(c) == Category.ADULT_WOMAN
                  and c not in women]
        children = [c for c in cases if c.stage != Stage.ABROAD
                    and case_category(c) in (Category.MINOR, Category.UNACCOMPANIED_MINOR)]
        pool = women + adults
        # Waiting for Open Doors to answer (the ngo user's list).
        for case in pool[:4]:
            r = self._referral(case, "mentoring", "ngo", "A mentor who came back herself, to talk about return.")
            self._backdate(r, sent_days_ago=self.rng.randint(1, 5))
        # Accepted by Open Doors, with sessions.
        for case in pool[4:8]:
            r = self._referral(case, "vocational_course", "ngo", "Tailoring course; she asked for it.",
                               fields=("date_of_birth", "municipality"))
            S.referral_accept(actor=ngo, referral=r)
            self._backdate(r, sent_days_ago=60, answered_days_ago=55)
            self._sessions(r, ngo, 6)
        # Completed, with feedback to the key worker.
        for case in pool[8:10]:
            r = self._referral(case, "parenting_classes", "ngo", "Parenting classes after years in the camp.")
            S.referral_accept(actor=ngo, referral=r)
            self._sessions(r, ngo, 8, miss=0.05)
            S.referral_complete(actor=ngo, referral=r, outcome="achieved",
                                feedback="Came to every class but one; wants to join the mothers' group.")
        # Declined, with a reason.
        r = self._referral(pool[10], "employment_support", "ngo", "Help finding work in Prishtinë.")
        S.referral_decline(actor=ngo, referral=r, reason="No places until the spring intake; please refer again.")
        # Withdrawn by the key worker.
        r = self._referral(pool[11], "mentoring", "ngo", "Mentoring.")
        S.referral_withdraw(actor=self.coordinator, referral=r, reason="She moved to Prizren.")
        # Drafts not yet sent (one waiting for consent).
        self._referral(pool[12], "legal_aid", "io", "Birth certificates for her children.", send=False)
        no_consent = next((c for c in pool if S.consent_for_referral(c, self.services["housing_support"]) is None),
                          None)
        if no_consent is not None:
            self._referral(no_consent, "housing_support", "municipality", "Rent support.", send=False)
        # Children: art and play therapy, and catch-up classes.
        for case in children[:10]:
            if S.consent_for_referral(case, self.services["art_play_therapy"]) is None:
                continue
            r = self._referral(case, "art_play_therapy", "health", "Play therapy for a young child after the camp.",
                               fields=("date_of_birth", "category"))
            S.referral_accept(actor=self.users["health"], referral=r)
            self._backdate(r, sent_days_ago=80, answered_days_ago=78)
            self._sessions(r, self.users["health"], 10)
        # Stalled: sent to Open Doors a month ago, never answered.
        stalled_case = next((c for c in cases if c.key_worker_id and c.stage != Stage.ABROAD
                             and S.consent_for_referral(c, self.services["mentoring"]) is not None), pool[13])
        r = self._referral(stalled_case, "mentoring", "ngo", "Mentoring by a former returnee.")
        self._backdate(r, sent_days_ago=30)

    # --- plans -------------------------------------------------------------------------------

    def plan(self, case, index: int) -> None:
        plan = S.plan_create(actor=self.coordinator, case=case,
                             summary="Agreed at the first meeting after return; reviewed with the person.")
        child = plan.framework == "child_pillars"
        goals = CHILD_GOALS if child else ADULT_GOALS[: 3 + index % 3]
        steps = []
        for pathway, text, goal_steps in goals:
            goal = S.goal_add(actor=self.coordinator, plan=plan, pathway=pathway, text=text)
            for n, (step_text, actor, who) in enumerate(goal_steps):
                due = self.now + timedelta(days=self.rng.randint(-60, 120) + 30 * n)
                kwargs = {}
                if actor == "agency":
                    kwargs["agency"] = self.s.agencies[who]
                elif actor == "provider":
                    kwargs["provider"] = self.providers[who]
                elif actor == "family":
                    kwargs["family_member"] = "Grandmother" if not child else "Mother"
                steps.append(S.step_add(actor=self.coordinator, goal=goal, text=step_text, actor_kind=actor,
                                        due_at=due, **kwargs))
        for step in steps:
            roll = self.rng.random()
            if step.due_at < self.now and roll < 0.6:
                S.step_status_set(actor=self.coordinator, step=step, status="done")
            elif roll < 0.5:
                S.step_status_set(actor=self.coordinator, step=step, status="in_progress")
            elif roll < 0.55:
                S.step_status_set(actor=self.coordinator, step=step, status="blocked")
        agreement = ["agreed", "agreed", "agreed", "partly", "disagrees"][index % 5]
        words = {"partly": "Work yes, but I will not see the imam.",
                 "disagrees": "I do not need any of this; I want to be left alone."}.get(agreement, "")
        if child:
            agreement, words = "agreed", ""
        S.plan_agreement_record(actor=self.coordinator, plan=plan, agreement=agreement, words=words)
        if index % 2 == 0:
            S.plan_review_record(actor=self.coordinator, plan=plan, reason="scheduled",
                                 notes="Reviewed with the person and the agencies on the team.")
        if index % 4 == 1:  # a few reviews fall due
            Plan.objects.filter(pk=plan.pk).update(review_due_at=self.now - timedelta(days=self.rng.randint(1, 20)))
