"""A case with five years of programme history renders fast (issue 7's target: the case
page under 300 ms at the median on this machine).

    python bench/case_history.py [--requests 30]

Builds, in a fresh SQLite database in a temporary folder (or in DATABASE_URL's database
when `--use-database-url` is given; it must be empty), one adult's case followed for
five years: five versions of the plan, the current one with 40 steps over the eight
pathways, 20 reviews, 20 referrals (every state) with 300 sessions between them, all
written through the application's services (so every write is audited) and then dated
back over five years. Then, through Django's test client signed in as the key worker
(the coordinating unit's role, which reads every compartment but security), it times
each page `--requests` times after three warm-up requests and prints median and p95:

- the case page's programme tab (/cases/<id>/programme/: notes, flags, assessments and
  the plans part, with its audited read);
- the main case page (/cases/<id>/: the identity tab, audited);
- the plan and referrals page (/plans/cases/<id>/, audited);
- the case timeline (/cases/<id>/timeline/, every readable compartment's events).

Times are wall-clock per request inside one process (no network, no web server); the
database is on local disk.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta


def _setup(use_database_url: bool) -> None:
    if not use_database_url:
        os.environ.pop("DATABASE_URL", None)
        os.environ["REINTEGRA_DATA_DIR"] = tempfile.mkdtemp(prefix="reintegra-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    os.environ.setdefault("REINTEGRA_EMAIL_NOTIFICATIONS", "0")
    import django

    django.setup()


def build():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reintegra.access.models import Agency, Role, StaffProfile
    from reintegra.cases import services as case_services
    from reintegra.people import services as people_services
    from reintegra.people.services import NameInput
    from reintegra.plans import services as S
    from reintegra.plans.models import Offer, Plan, PlanReview, Provider, Referral, Service, Session

    def staff(username, role, agency):
        user = get_user_model().objects.create_user(username=username, password="bench-pass-2026",
                                                    first_name=username.title(), last_name="Bench")
        StaffProfile.objects.create(user=user, agency=agency).roles.add(Role.objects.get(code=role))
        return user

    cu = Agency.objects.create(name="Bench coordination", type="coordinating_unit")
    mhc = Agency.objects.create(name="Bench mental health", type="health", municipality="Prishtinë")
    ngo = Agency.objects.create(name="Bench NGO", type="ngo")
    coordinator, therapist, ngo_user = staff("kw", "coordinator", cu), staff("th", "health", mhc), staff("ng", "ngo", ngo)
    providers = [Provider.objects.create(agency=mhc, kind="public"), Provider.objects.create(agency=ngo, kind="ngo")]
    users = {providers[0].pk: therapist, providers[1].pk: ngo_user}
    services = list(Service.objects.order_by("code"))
    for i, service in enumerate(services):
        Offer.objects.create(provider=providers[i % 2], service=service)
    person = people_services.person_create(actor=None, names=[NameInput(given_name="Bench", family_name="Person")],
                                           sex="F", birth_date=date(1990, 5, 17), birth_date_precision="day")
    case = case_services.case_open(actor=None, person=person, reference="BENCH-1", key_worker=coordinator,
                                   municipality="Prishtinë", stage="community")
    people_services.consent_record(actor=None, person=person, purpose=S.REFERRAL_CONSENT_PURPOSE,
                                   given_at=timezone.now() - timedelta(days=5 * 365))
    now = timezone.now()
    start = now - timedelta(days=5 * 365)

    # The plan: four earlier versions, then the current one with 40 steps (5 per pathway).
    plan = S.plan_create(actor=coordinator, case=case, summary="Five years of work")
    pathways = ["accommodation", "health", "education_work", "finance", "family", "community", "attitudes", "legal"]
    for n, pathway in enumerate(pathways):
        goal = S.goal_add(actor=coordinator, plan=plan, pathway=pathway, text=f"Goal {n + 1}")
        for k in range(5):
            step = S.step_add(actor=coordinator, goal=goal, text=f"Step {n + 1}.{k + 1}", actor_kind="person",
                              due_at=start + timedelta(days=45 * (n * 5 + k)))
            S.step_status_set(actor=coordinator, step=step, status=["done", "in_progress", "not_started",
                                                                     "blocked", "not_needed"][k])
    for version in range(4):
        for r in range(5):
            S.plan_review_record(actor=coordinator, plan=plan, reason="scheduled", notes=f"Review {version}.{r}")
        plan = S.plan_new_version(actor=coordinator, plan=plan, reason=f"Stage change {version + 1}")
    for i, p in enumerate(Plan.objects.filter(case=case).order_by("version")):
        Plan.objects.filter(pk=p.pk).update(created_at=start + timedelta(days=365 * i))
    for i, review in enumerate(PlanReview.objects.filter(plan__case=case).order_by("pk")):
        PlanReview.objects.filter(pk=review.pk).update(reviewed_at=start + timedelta(days=90 * i + 30))

    # Twenty referrals over five years: 15 with 20 sessions each (300), the rest in other states.
    for i in range(20):
        service = services[i % len(services)]
        provider = providers[i % 2] if Offer.objects.filter(provider=providers[i % 2], service=service).exists() \
            else providers[(i + 1) % 2]
        referral = S.referral_create(actor=coordinator, case=case, service=service, provider=provider,
                                     reason=f"Referral {i + 1}", shared_fields=["date_of_birth"])
        if i == 19:
            continue  # a draft
        referral = S.referral_send(actor=coordinator, referral=referral)
        if i == 18:
            continue  # waiting for an answer
        provider_user = users[provider.pk]
        if i == 17:
            S.referral_decline(actor=provider_user, referral=referral, reason="Full")
            continue
        if i == 16:
            S.referral_withdraw(actor=coordinator, referral=referral, reason="Moved")
            continue
        referral = S.referral_accept(actor=provider_user, referral=referral)
        first = start + timedelta(days=110 * i)
        for k in range(20 if i < 15 else 0):  # the sixteenth was just accepted
            S.session_record(actor=provider_user, referral=referral, at=first + timedelta(days=7 * k),
                             attendance="attended" if k % 6 else "missed", note=f"Session note {k}")
        if i < 14:
            S.referral_complete(actor=provider_user, referral=referral, outcome="achieved", feedback="Done")
        Referral.objects.filter(pk=referral.pk).update(sent_at=first - timedelta(days=10),
                                                       responded_at=first - timedelta(days=5))
    assert Session.objects.filter(referral__case=case).count() == 300
    assert Referral.objects.filter(case=case).count() == 20
    assert Plan.objects.get(case=case, current=True).goals.values("steps").count() == 40
    return case, coordinator


def measure(client, url: str, requests: int) -> list[float]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--use-database-url", action="store_true")
    args = parser.parse_args(argv)
    _setup(args.use_database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    case, user = build()
    print(f"database: {connection.vendor}; history built in {time.perf_counter() - t:.1f} s", flush=True)
    client = Client()
    client.force_login(user)
    pages = {
        "case page, programme tab": f"/cases/{case.pk}/programme/",
        "case page (main, identity tab)": f"/cases/{case.pk}/",
        "plan and referrals page": f"/plans/cases/{case.pk}/",
        "case timeline": f"/cases/{case.pk}/timeline/",
    }
    worst = 0.0
    for label, url in pages.items():
        times = sorted(measure(client, url, args.requests))
        median = statistics.median(times)
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        print(f"{label:34s} {url:28s} median {median:6.1f} ms  p95 {p95:6.1f} ms  (n={len(times)})", flush=True)
        if "case page" in label:
            worst = max(worst, median)
    ok = worst < 300
    print(f"target (case page median < 300 ms): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
