from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from reintegra.cases import periodic


class Command(BaseCommand):
    help = "Run the periodic checks every app registers (deadlines, releases, stalled referrals). Run from cron."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], help="run only this job (repeatable)")
        parser.add_argument("--at", help="pretend it is this moment (ISO 8601 with offset); for tests and replays")

    def handle(self, *args, only, at, **options):
        now = timezone.now()
        if at:
            now = parse_datetime(at)
            if now is None or timezone.is_naive(now):
                raise CommandError(f"--at {at!r}: give an ISO 8601 time with its offset, e.g. 2019-04-22T08:00+02:00")
        jobs = periodic.jobs()
        unknown = set(only) - set(jobs)
        if unknown:
            raise CommandError(f"unknown job(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(jobs))}")
        for name, fn in sorted(jobs.items()):
            if only and name not in only:
                continue
            done = fn(now)
            self.stdout.write(f"{name}: {done}")
