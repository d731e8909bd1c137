"""Synthetic registry of any size for benchmarks (never part of `make test`).

    python bench/generate.py --persons 100000 --audit-events 1000000

Runs against the database in DATABASE_URL (default: the SQLite file in REINTEGRA_DATA_DIR
or the current directory). It loads the demo cohort first when the database is empty
(agencies, one user per role), then adds persons, names in Latin and Cyrillic, folded
name tokens, cases with teams across municipalities, relationships, and an audit log
whose hash chain verifies. Rows are written in bulk; the derivation of folded tokens and
hashes is the application's own code, so the data is what the app would have written.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

import django


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    django.setup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--password", default="bench-pass-2026")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args(argv)
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(args)
    return 0


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def generate(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from reintegra.audit.chain import GENESIS_HASH, event_hash
    from reintegra.audit.models import AuditEvent, AuditHead
    from reintegra.cases.models import Case, CaseTeamMember
    from reintegra.demo import names as N
    from reintegra.demo.seed import database_has_data, seed_demo
    from reintegra.linkage.folding import fold_for_search
    from reintegra.people.models import NameToken, Person, PersonName, Relationship

    rng = random.Random(args.seed)
    if not database_has_data():
        _log("empty database: loading the demo cohort for agencies and users")
        seed_demo(password=args.password)
    users = {u.username: u for u in get_user_model().objects.filter(staff__isnull=False)}
    team_pool = [users[n] for n in ("police", "prosecutor", "prison", "probation", "social", "health", "school", "ngo")]
    existing = Person.objects.count()
    to_make = max(args.persons - existing, 0)
    _log(f"{existing} persons present; adding {to_make}")
    next_case = Case.objects.count() + 1
    made = 0
    while made < to_make:
        n = min(args.batch, to_make - made)
        with transaction.atomic():
            people, names_rows = [], []
            for _ in range(n):
                bosnian = rng.random() < 0.3
                sex = rng.choice("MF")
                if bosnian:
                    given = rng.choice(N.BOSNIAN_MALE if sex == "M" else N.BOSNIAN_FEMALE)
                    family = rng.choice(N.BOSNIAN_SURNAMES)
                else:
                    given = rng.choice(N.ALBANIAN_MALE if sex == "M" else N.ALBANIAN_FEMALE)
                    family = rng.choice(N.ALBANIAN_SURNAMES)
                father = rng.choice(N.ALBANIAN_MALE)
                if bosnian and rng.random() < 0.1:
                    given, family, father = N.to_cyrillic(given), N.to_cyrillic(family), N.to_cyrillic(father)
                born = date(rng.randint(1950, 2018), rng.randint(1, 12), rng.randint(1, 28))
                people.append(Person(sex=sex, birth_date=born, birth_date_precision="day",
                                     display_name=f"{given} {family}", citizenship_status="citizen"))
                names_rows.append((given, family, father))
            Person.objects.bulk_create(people, batch_size=1000)
            if people[0].pk is None:  # SQLite before RETURNING support: fetch ids back
                ids = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[:n])[::-1]
                for p, pk in zip(people, ids, strict=True):
                    p.pk = p.id = pk
            name_objs = [
                PersonName(person=p, kind="primary", script="cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in g) else "latin",
                           given_name=g, family_name=f, father_name=fa, folded=fold_for_search(f"{g} {f}"))
                for p, (g, f, fa) in zip(people, names_rows, strict=True)
            ]
            PersonName.objects.bulk_create(name_objs, batch_size=1000)
            tokens = []
            for person, name in zip(people, name_objs, strict=True):
                words = set(fold_for_search(" ".join((name.given_name, name.family_name, name.father_name))).split())
                tokens.extend(NameToken(person_id=person.pk, name=name, token=w, sort_name=person.display_name)
                              for w in words)
            NameToken.objects.bulk_create(tokens, batch_size=2000)
            cases, team = [], []
            opened = datetime(2019, 4, 20, tzinfo=UTC)
            for p in people:
                if rng.random() < 0.7:
                    cases.append(Case(person=p, reference=f"B-{next_case:07d}", stage=rng.choice(
                        ["reception", "custody", "supervision", "community"]),
                        municipality=rng.choice(N.MUNICIPALITIES), opened_at=opened))
                    next_case += 1
            Case.objects.bulk_create(cases, batch_size=1000)
            if cases and cases[0].pk is None:
                refs = {c.reference: c for c in cases}
                for pk, ref in Case.objects.filter(reference__in=list(refs)).values_list("pk", "reference"):
                    refs[ref].pk = refs[ref].id = pk
            for c in cases:
                for member in rng.sample(team_pool, 2):
                    team.append(CaseTeamMember(case=c, user=member, added_at=opened))
            CaseTeamMember.objects.bulk_create(team, batch_size=2000)
            rels = [
                Relationship(from_person=a, to_person=b, kind="mother")
                for a, b in zip(people[::2], people[1::2], strict=False) if rng.random() < 0.3
            ]
            Relationship.objects.bulk_create(rels, batch_size=1000, ignore_conflicts=True)
        made += n
        _log(f"persons {existing + made}/{args.persons}")

    head = AuditHead.objects.filter(pk=1).first()
    seq, prev = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    to_log = max(args.audit_events - seq, 0)
    _log(f"{seq} audit events present; adding {to_log}")
    case_ids = list(Case.objects.values_list("pk", "person_id")[:200_000])
    staff = list(users.values())
    start = datetime.now(UTC) - timedelta(days=365)
    written = 0
    while written < to_log:
        n = min(args.batch * 4, to_log - written)
        batch = []
        for _ in range(n):
            seq += 1
            user = rng.choice(staff)
            case_id, person_id = rng.choice(case_ids)
            fields = {
                "seq": seq, "occurred_at": start + timedelta(seconds=seq * 20), "user_id": user.pk,
                "username": user.username, "agency": "", "action": "read", "object_type": "case",
                "object_id": str(case_id), "person_id": person_id, "case_id": case_id,
                "compartments": ["identity"], "ip_address": "127.0.0.1", "channel": "page",
                "reason": "", "detail": {}, "prev_hash": prev,
            }
            prev = event_hash(**fields)
            batch.append(AuditEvent(hash=prev, **fields))
        with transaction.atomic():
            AuditEvent.objects.bulk_create(batch, batch_size=2000)
            AuditHead.objects.update_or_create(pk=1, defaults={"last_seq": seq, "last_hash": prev})
        written += n
        _log(f"audit events {seq}/{args.audit_events}")
    from django.db import connection

    # Fresh statistics, as a deployment's nightly maintenance would leave them: both
    # planners choose their search plans from these.
    with connection.cursor() as cursor:
        # PostgreSQL also sets its visibility map, so index-only scans work as they would
        # after autovacuum on a running system.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    _log("done")


if __name__ == "__main__":
    sys.exit(main())
