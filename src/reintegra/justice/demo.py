"""Justice for the demo cohort, in the proportions the reports give for Kosovo.

- The 4 men of April 2019 (stage custody, "arrested on arrival"): arrested on arrival,
  pre-trial detention, indicted, convicted; in a separated unit (one high category who
  refuses every programme, 003 section 5); one is released within 90 days.
- The 32 women of April 2019: investigated (10 under house arrest, 000), indicted (most for
  "organising and participating in a terrorist group", two for joining armed conflicts
  abroad), most by plea agreement; suspended sentences of 2 to 3 years (mostly 2 years 6
  months, 003 section 6) with mandatory psychological treatment and reporting, under a
  probation officer's supervision, with evidence of sessions attended and a few breaches.
- Earlier returnees: most men convicted, on average about 3.5 years in prison (000);
  those at the custody stage are held now, at the supervision stage on parole (men) or
  on suspended sentences (women), at the community or closed stage released or acquitted;
  a few releases of years past were recorded without a release plan, and are flagged.

The base cohort is anchored in April 2019 but its stages describe today, so dates that
make a stage true today (a term still running, supervision still on) are placed relative
to today: men of April 2019 serve terms long enough to be held now (7 to 10 years, the
reports' upper range for organisers), and supervisions started within their term.
Everything goes through the services, as the demo users, so it is all audited.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reintegra.access.models import Role, StaffProfile
from reintegra.cases import services as case_services
from reintegra.cases.models import Case, Stage

from . import services as S
from .dates import Term, add_term, term_between, term_days
from .models import (
    EvidenceKind,
    Facility,
    FacilityKind,
    MeasureKind,
    MeetingStatus,
    Offence,
    Unit,
)

ARRIVAL = date(2019, 4, 20)
COURT = "Basic Court of Prishtinë, Serious Crimes Department"
MENTAL_HEALTH = "Mental Health Centre Prishtinë"


def seed_demo(seeder) -> None:
    JusticeDemo(seeder).run()


def reset_demo() -> None:
    from reintegra.cases.models import Task

    from .models import Placement, Proceeding

    Task.objects.filter(source_type=S.RELEASE_SOURCE).delete()  # some made by the court user
    Proceeding.objects.all().delete()  # cascades to verdicts, sentences, supervisions...
    Placement.objects.all().delete()
    Unit.objects.all().delete()
    Facility.objects.all().delete()
    StaffProfile.objects.filter(user__username="court").delete()
    get_user_model().objects.filter(username="court").delete()


class JusticeDemo:
    def __init__(self, seeder):
        self.s = seeder
        self.rng = seeder.rng
        self.today = timezone.localdate()
        self.users = seeder.users
        # A migration loads the offences; a database flushed since (transactional tests, an
        # admin who cleared the table) gets them back here, as the demo needs them.
        if not Offence.objects.filter(jurisdiction="XK").exists():
            from .reference import offences_load

            offences_load()
        self.offences = {o.code: o for o in Offence.objects.filter(jurisdiction="XK")}
        self.male_terms: list[Term] = []

    # --- setup ----------------------------------------------------------------------------------

    def run(self) -> None:
        self.court_user()
        self.facilities()
        cases = list(Case.objects.select_related("person").order_by("pk"))
        flight, earlier = cases[:110], cases[110:]
        for case in flight:
            if case.stage == Stage.CUSTODY:
                self.april_man(case, len([1 for c in flight[: flight.index(case)] if c.stage == Stage.CUSTODY]))
            elif case.stage == Stage.SUPERVISION:
                self.april_woman(case)
        for case in earlier:
            if case.person.sex in ("M", "F") and self._adult(case) and case.stage != Stage.ABROAD:
                self.earlier(case)
        S.pre_release_run(timezone.now())

    def court_user(self) -> None:
        user = get_user_model()(username="court", first_name="Court", last_name="Demo", email="court@demo.invalid")
        user.set_password(self.s.password)
        user.save()
        profile = StaffProfile.objects.create(user=user, agency=self.s.agencies["court"])
        profile.roles.add(Role.objects.get(code="court"))
        self.users["court"] = user

    def facilities(self) -> None:
        prison = self.s.agencies["prison"]
        dubrava = Facility.objects.create(name="Dubrava Correctional Centre", kind=FacilityKind.PRISON, agency=prison,
                                          municipality="Istog")
        high = Facility.objects.create(name="High Security Prison", kind=FacilityKind.HIGH_SECURITY, agency=prison,
                                       municipality="Podujevë")
        remand = Facility.objects.create(name="Prishtinë Detention Centre", kind=FacilityKind.DETENTION,
                                         agency=prison, municipality="Prishtinë")
        women = Facility.objects.create(name="Lipjan Correctional Centre for Women", kind=FacilityKind.WOMEN,
                                        agency=prison, municipality="Lipjan")
        juvenile = Facility.objects.create(name="Lipjan Juvenile Correctional Centre", kind=FacilityKind.JUVENILE,
                                           agency=prison, municipality="Lipjan")
        self.units = {
            "pavilion_t": Unit.objects.create(facility=dubrava, name="Pavilion T (terrorism, low and medium)",
                                              separated=True, max_category="medium"),
            "dubrava_general": Unit.objects.create(facility=dubrava, name="Pavilion 4", max_category="medium"),
            "dubrava_medical": Unit.objects.create(facility=dubrava, name="Medical unit", max_category="high"),
            "high_t": Unit.objects.create(facility=high, name="Separated unit H", separated=True, max_category="high"),
            "high_general": Unit.objects.create(facility=high, name="Block B", max_category="high"),
            "remand_t": Unit.objects.create(facility=remand, name="Remand, separated wing", separated=True,
                                            max_category="high"),
            "remand_general": Unit.objects.create(facility=remand, name="Remand wing", max_category="high"),
            "women": Unit.objects.create(facility=women, name="Wing A", max_category="high"),
            "juvenile": Unit.objects.create(facility=juvenile, name="Unit 1", max_category="medium"),
        }

    def _adult(self, case) -> bool:
        born = case.person.birth_date
        return born is None or born.year < 2000

    def _team(self, case, *names) -> None:
        for name in names:
            case_services.case_team_add(actor=None, case=case, user=self.users[name])

    # --- building blocks ----------------------------------------------------------------------------

    def proceed(self, case, *, opened: date, offence: str, indicted: date, verdict_on: date, outcome="convicted",
                arrest: date | None = None, detention_until: date | None = None, house_arrest: tuple | None = None,
                plea: bool = False):
        pros, court = self.users["prosecutor"], self.users["court"]
        p = S.proceeding_open(actor=pros, case=case, investigation_opened_on=opened,
                              reference=f"PPS-{case.reference[4:]}/{opened.year}",
                              investigating_agency=self.s.agencies["police"])
        if arrest:
            S.measure_add(actor=pros, proceeding=p, kind=MeasureKind.ARREST, starts_on=arrest,
                          ends_on=arrest + timedelta(days=2), ordered_by="Police")
            if detention_until:
                S.measure_add(actor=pros, proceeding=p, kind=MeasureKind.PRE_TRIAL_DETENTION,
                              starts_on=arrest + timedelta(days=2), ends_on=detention_until, ordered_by=COURT)
        if house_arrest:
            S.measure_add(actor=pros, proceeding=p, kind=MeasureKind.HOUSE_ARREST, starts_on=house_arrest[0],
                          ends_on=house_arrest[1], ordered_by=COURT)
        S.indictment_record(actor=pros, proceeding=p, indicted_on=indicted, offences=[self.offences[offence]])
        hearing_at = timezone.make_aware(datetime.combine(verdict_on - timedelta(days=21), time(9, 30)))
        S.hearing_add(actor=court, proceeding=p, at=hearing_at, purpose="Main trial", court=COURT)
        if plea:
            S.plea_record(actor=pros, proceeding=p, agreed_on=verdict_on - timedelta(days=14),
                          terms="Guilty plea; cooperation with the investigation")
        verdict = S.verdict_record(actor=court, proceeding=p, decided_on=verdict_on, outcome=outcome, court=COURT)
        return p, verdict

    def sentence(self, verdict, kind, term, *, starts_on=None, conditions=()):
        return S.sentence_record(actor=self.users["court"], verdict=verdict, kind=kind, term=term, starts_on=starts_on,
                                 conditions=[(c, "") for c in conditions],
                                 outside_range_reason="" if term.in_months >= 6 else "Mitigation under a plea agreement")

    def place(self, case, sentence, unit: str, category: str, on: date, reason="Serving the sentence", override=""):
        return S.placement_make(actor=self.users["prison"], case=case, unit=self.units[unit],
                                security_category=category, reason=reason, starts_on=on, sentence=sentence,
                                override_reason=override)

    def programmes(self, case, category: str, since: date) -> None:
        prison = self.users["prison"]
        on = min(self.today, since + timedelta(days=self.rng.randint(30, 200)))
        if category == "high":
            for kind in ("vocational", "religious_lectures", "psychological"):
                S.programme_record(actor=prison, case=case, programme=kind, status="refused", on=on,
                                   note="Refused to take part")
            return
        if self.rng.random() < 0.5:  # about half of low and medium category take part (003, section 5)
            S.programme_record(actor=prison, case=case, programme=self.rng.choice(["vocational", "cognitive_skills"]),
                               status="enrolled", on=on, provider="Correctional Service")
            S.programme_record(actor=prison, case=case, programme="religious_lectures", status="enrolled", on=on,
                               provider="Imam approved by the Islamic Community")
        else:
            S.programme_record(actor=prison, case=case, programme="religious_lectures", status="refused", on=on,
                               note="Does not accept the imams as legitimate")

    def supervise(self, case, sentence, starts_on: date, *, treatment: bool, breaches: int = 0):
        probation = self.users["probation"]
        sv = S.supervision_start(actor=probation, sentence=sentence, officer=probation, starts_on=starts_on)
        conditions = {c.kind: c for c in sentence.conditions.all()}
        for months_ago in (3, 2, 1):
            day = self.today - timedelta(days=30 * months_ago + self.rng.randint(0, 5))
            if day < starts_on:
                continue
            if treatment and "psychological_treatment" in conditions:
                kept = self.rng.random() < 0.85
                S.compliance_record(actor=probation, condition=conditions["psychological_treatment"], on=day,
                                    kind=EvidenceKind.SESSION_ATTENDED if kept else EvidenceKind.SESSION_MISSED,
                                    source=MENTAL_HEALTH)
            if "reporting" in conditions:
                S.compliance_record(actor=probation, condition=conditions["reporting"], on=day,
                                    kind=EvidenceKind.REPORTING_KEPT, source="Probation office")
            at = timezone.make_aware(datetime.combine(day, time(10, 0)))
            meeting = S.meeting_schedule(actor=probation, supervision=sv, at=at, place="Probation office Prishtinë")
            S.meeting_record(actor=probation, meeting=meeting,
                             status=MeetingStatus.HELD if self.rng.random() < 0.9 else MeetingStatus.MISSED)
        upcoming = timezone.make_aware(datetime.combine(self.today + timedelta(days=self.rng.randint(1, 28)),
                                                        time(self.rng.choice([9, 10, 11, 14]), 0)))
        if upcoming.date() < sv.planned_end_on:
            S.meeting_schedule(actor=probation, supervision=sv, at=upcoming, place="Probation office Prishtinë")
        for i in range(breaches):
            day = max(starts_on, self.today - timedelta(days=20 + 40 * i))
            breach = S.breach_record(actor=probation, supervision=sv, occurred_on=day,
                                     description="Missed two treatment sessions without notice",
                                     condition=conditions.get("psychological_treatment"))
            if i:
                S.breach_decide(actor=probation, breach=breach, outcome="warning", outcome_on=day + timedelta(days=7))
        return sv

    # --- the cohorts --------------------------------------------------------------------------------

    def april_man(self, case, index: int) -> None:
        """Arrested on arrival, held since; released within 90 days for the first."""
        self._team(case, "court", "probation")
        verdict_on = ARRIVAL + timedelta(days=self.rng.randint(240, 420))
        _p, verdict = self.proceed(case, opened=ARRIVAL - timedelta(days=60), offence="terrorist_group",
                                   indicted=ARRIVAL + timedelta(days=120), verdict_on=verdict_on, arrest=ARRIVAL,
                                   detention_until=verdict_on - timedelta(days=1), plea=index == 3)
        # Terms so the stage is true today: release in ~50 days, then later ones.
        target = self.today + timedelta(days=[50, 220, 540, 900][index % 4])
        credit = (verdict_on - ARRIVAL).days
        term = term_between(verdict_on, target + timedelta(days=credit))
        self.male_terms.append(term)
        sentence = self.sentence(verdict, "prison", term)
        category = "high" if index == 2 else ("medium" if index % 2 else "low")
        remand = self.place(case, None, "remand_t", category, ARRIVAL, reason="Pre-trial detention")
        S.placement_transfer(actor=self.users["prison"], placement=remand,
                             unit=self.units["high_t" if category == "high" else "pavilion_t"],
                             security_category=category, reason="Sentenced: placed by security category",
                             on=verdict_on)
        self.programmes(case, category, verdict_on)
        if index == 0:
            S.release_plan_update(actor=self.users["probation"], sentence=sentence,
                                  residence="With his parents", municipality=case.municipality or "Prishtinë",
                                  met_by="Probation officer and a case manager of the coordinating unit",
                                  continuing="Supervision on parole; vocational training continues",
                                  agencies=[self.s.agencies["police"], self.s.agencies["social"]], complete=False)

    def april_woman(self, case) -> None:
        self._team(case, "prosecutor", "court")
        index = Case.objects.filter(pk__lt=case.pk, stage=Stage.SUPERVISION, reference__lte="RKS-0110").count()
        term = [Term(2, 6)] * 5 + [Term(2)] * 2 + [Term(3)]
        term = term[index % len(term)]
        last_start = self.today - timedelta(days=40)
        first_start = self.today - timedelta(days=int(term.in_months * 30) - 60)
        verdict_on = first_start + timedelta(days=self.rng.randint(0, max(0, (last_start - first_start).days)))
        house = (ARRIVAL, ARRIVAL + timedelta(days=self.rng.randint(60, 180))) if index < 10 else None
        _p, verdict = self.proceed(
            case, opened=ARRIVAL, offence="armed_conflict_abroad" if index in (7, 19) else "terrorist_group",
            indicted=min(verdict_on - timedelta(days=60), ARRIVAL + timedelta(days=self.rng.randint(150, 330))),
            verdict_on=verdict_on, house_arrest=house, plea=index % 8 != 5,
        )
        conditions = ["psychological_treatment", "reporting"] + (["religious_counselling"] if index % 3 == 0 else [])
        sentence = self.sentence(verdict, "suspended", term, conditions=conditions)
        self.supervise(case, sentence, verdict_on, treatment=True, breaches=2 if index == 4 else (1 if index == 11 else 0))

    def _male_term(self) -> Term:
        if self.rng.random() < 0.05:  # organisers and recruiters: up to 10 years
            return Term(self.rng.randint(7, 9), self.rng.randint(0, 11))
        months = round(self.rng.triangular(6, 60, 36))
        return Term(months // 12, months % 12)

    def earlier(self, case) -> None:
        """An earlier returnee: proceedings that match the stage of the case."""
        man = case.person.sex == "M"
        stage = case.stage
        self._team(case, "prosecutor", "court", "prison" if man else "probation")
        if man and stage in (Stage.CUSTODY, Stage.SUPERVISION) or (man and self.rng.random() < 0.8):
            self.earlier_man(case)
        elif not man and stage in (Stage.SUPERVISION, Stage.COMMUNITY):
            self.earlier_woman(case)
        else:
            opened = date(self.rng.randint(2015, 2018), self.rng.randint(1, 12), self.rng.randint(1, 28))
            self.proceed(case, opened=opened, offence="armed_conflict_abroad", indicted=opened + timedelta(days=150),
                         verdict_on=opened + timedelta(days=400),
                         outcome=self.rng.choice(["acquitted", "dismissed"]))

    def earlier_man(self, case) -> None:
        term = self._male_term()
        self.male_terms.append(term)
        credit = self.rng.randint(60, 300)
        length = term_days(self.today, term)
        if case.stage == Stage.CUSTODY:
            target = self.today + timedelta(days=self.rng.randint(5, max(30, length - credit - 30)))
        elif case.stage == Stage.SUPERVISION:
            # On parole now: the latest release ahead, the earliest behind.
            target = self.today + timedelta(days=self.rng.randint(30, max(31, length // 2 - 10)))
        else:
            target = date(self.rng.randint(2016, 2024), self.rng.randint(1, 12), self.rng.randint(1, 28))
        # Work back from the latest release: term_end = target + credit.
        end = target + timedelta(days=credit)
        start = end
        while add_term(start, term) > end:  # the start whose term ends on `end` (month ends clamp)
            start -= timedelta(days=1)
        arrest = start - timedelta(days=credit)
        _p, verdict = self.proceed(case, opened=arrest - timedelta(days=90), offence="armed_conflict_abroad"
                                   if self.rng.random() < 0.6 else "terrorist_group",
                                   indicted=arrest + timedelta(days=min(credit - 10, 45)), verdict_on=start,
                                   arrest=arrest, detention_until=start - timedelta(days=1), plea=self.rng.random() < 0.4)
        sentence = self.sentence(verdict, "prison", term)
        category = "high" if self.rng.random() < 0.15 else self.rng.choice(["low", "medium"])
        unit = "high_t" if category == "high" else "pavilion_t"
        if case.stage == Stage.CUSTODY and case.reference.endswith("7"):
            placement = self.place(case, sentence, "dubrava_medical", category, start,
                                   reason="Medical care after surgery",
                                   override="Needs the medical unit; held in a single room, escorted, no contact "
                                            "with other prisoners")
            S.placement_transfer(actor=self.users["prison"], placement=placement, unit=self.units[unit],
                                 security_category=category, reason="Back from the medical unit",
                                 on=min(self.today, start + timedelta(days=30)))
        else:
            self.place(case, sentence, unit, category, start)
        self.programmes(case, category, start)
        if case.stage == Stage.CUSTODY:
            return
        released = sentence.earliest_release_on if case.stage == Stage.SUPERVISION else sentence.latest_release_on
        if case.stage == Stage.SUPERVISION:
            released = min(self.today - timedelta(days=self.rng.randint(20, 200)), sentence.latest_release_on)
            released = max(released, sentence.earliest_release_on)
        with_plan = case.stage == Stage.SUPERVISION or released.year >= 2020 or self.rng.random() < 0.5
        if with_plan:
            S.release_plan_update(actor=self.users["prison"], sentence=sentence, residence="Family home",
                                  municipality=case.municipality, met_by="Family and the probation officer",
                                  continuing="Reporting to probation", agencies=[self.s.agencies["police"]],
                                  complete=True)
        kind = "conditional" if case.stage == Stage.SUPERVISION else "end_of_term"
        S.release_record(actor=self.users["prison"], sentence=sentence, released_on=min(released, self.today),
                         kind=kind)
        if case.stage == Stage.SUPERVISION:
            self._team(case, "probation")
            sentence.refresh_from_db()
            self.supervise(case, sentence, sentence.release.released_on, treatment=False)

    def earlier_woman(self, case) -> None:
        term = self.rng.choice([Term(2), Term(2, 6), Term(3)])
        if case.stage == Stage.SUPERVISION:
            verdict_on = self.today - timedelta(days=self.rng.randint(60, int(term.in_months * 30) - 60))
        else:
            verdict_on = date(self.rng.randint(2016, 2021), self.rng.randint(1, 12), self.rng.randint(1, 28))
        _p, verdict = self.proceed(case, opened=verdict_on - timedelta(days=400), offence="terrorist_group",
                                   indicted=verdict_on - timedelta(days=150), verdict_on=verdict_on, plea=True)
        sentence = self.sentence(verdict, "suspended", term, conditions=["psychological_treatment", "reporting"])
        sv = self.supervise(case, sentence, verdict_on, treatment=case.stage == Stage.SUPERVISION) \
            if case.stage == Stage.SUPERVISION else None
        if case.stage != Stage.SUPERVISION:
            sv = S.supervision_start(actor=self.users["probation"], sentence=sentence, officer=self.users["probation"],
                                     starts_on=verdict_on)
            S.supervision_end(actor=self.users["probation"], supervision=sv, ended_on=sentence.ends_on,
                              reason="Term served; conditions kept")
