import re

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from reintegra.audit.services import audit_record
from reintegra.justice.models import Placement
from reintegra.justice.selectors import releases_due
from reintegra.justice.services import COMPARTMENT, pre_release_days

_WITHIN = re.compile(r"^(\d+)\s*([dw]?)$")


def parse_within(text: str) -> int:
    """'90d' -> 90, '12w' -> 84, '30' -> 30."""
    match = _WITHIN.match((text or "").strip().lower())
    if not match or int(match.group(1)) < 1:
        raise CommandError(f"--within {text!r}: write a number of days or weeks, e.g. 90d or 12w")
    number, unit = int(match.group(1)), match.group(2)
    return number * 7 if unit == "w" else number


class Command(BaseCommand):
    help = ("List prison sentences whose release may come within the window (default: the pre-release "
            "window, REINTEGRA_PRE_RELEASE_DAYS) or is overdue, with their release plan. The listing is audited.")

    def add_arguments(self, parser):
        parser.add_argument("--within", default=None, help="e.g. 90d or 12w (default: the pre-release window)")
        parser.add_argument("--today", default=None, help="pretend today is this day (YYYY-MM-DD); for replays")

    def handle(self, *args, within, today, **options):
        days = parse_within(within) if within else pre_release_days()
        day = timezone.localdate()
        if today:
            day = parse_date(today)
            if day is None:
                raise CommandError(f"--today {today!r}: write YYYY-MM-DD")
        rows = list(releases_due(within_days=days, today=day))
        held = {p.case_id: p for p in Placement.objects.filter(case_id__in=[s.case_id for s in rows],
                                                               ends_on__isnull=True).select_related("unit__facility")}
        with transaction.atomic():
            audit_record(user=None, action="read", channel="cli", object_type="justice_releases_due",
                         compartments=[COMPARTMENT] if rows else [],
                         detail={"within_days": days, "cases": sorted({s.case_id for s in rows})})
        self.stdout.write(f"Releases due within {days} days of {day.isoformat()}: {len(rows)}")
        if not rows:
            return
        self.stdout.write(f"{'case':<10} {'earliest':<10} {'latest':<10} {'plan':<10} {'held in':<40} person")
        for s in rows:
            plan = getattr(s, "release_plan", None)
            status = "none" if plan is None else ("complete" if plan.complete else "incomplete")
            place = held.get(s.case_id)
            self.stdout.write(
                f"{s.case.reference:<10} {s.earliest_release_on.isoformat():<10} {s.latest_release_on.isoformat():<10} "
                f"{status:<10} {str(place.unit) if place else '-':<40} {s.case.person.display_name}"
            )
