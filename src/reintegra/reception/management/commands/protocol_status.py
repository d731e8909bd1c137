"""reintegra protocol_status --operation NAME [--at TIMESTAMP]

Every person's steps with deadline and status (open, done, waived, overdue) as of a
moment, as CSV: where a 72-hour plan stands at hour 50.
"""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reintegra.reception.durations import parse_moment
from reintegra.reception.models import Operation
from reintegra.reception.selectors import protocol_status_rows

COLUMNS = ["ref", "case", "person", "category", "step", "title", "agency", "due_at", "status", "closed_at"]


class Command(BaseCommand):
    help = "Print the protocol steps of an operation with their status as of a moment (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True)
        parser.add_argument("--at", help="ISO 8601 moment with its zone (default: now)")

    def handle(self, *args, **options):
        operation = Operation.objects.filter(name=options["operation"]).first()
        if operation is None:
            raise CommandError(f"No operation named {options['operation']!r}.")
        at = timezone.now()
        if options["at"]:
            try:
                at = parse_moment(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at: {exc}") from exc
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in protocol_status_rows(operation, at):
            row["due_at"] = timezone.localtime(row["due_at"]).isoformat()
            row["closed_at"] = timezone.localtime(row["closed_at"]).isoformat() if row["closed_at"] else ""
            writer.writerow(row)
