"""reintegra import_manifest FILE --operation NAME [--arrival ISO --protocol CODE] [--encoding ENC]

Checks the whole manifest first; on any problem prints every one (row, column, reason),
writes nothing and exits 1. Creates the operation when it does not exist yet (then
--arrival and --protocol are needed); when the arrival is past, the steps follow at once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reintegra.reception import services
from reintegra.reception.durations import parse_moment
from reintegra.reception.manifest import parse_manifest
from reintegra.reception.models import Operation


class Command(BaseCommand):
    help = "Import a repatriation manifest (CSV or XLSX) into an operation."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--operation", required=True, help="the operation's name")
        parser.add_argument("--arrival", help="arrival time, ISO 8601 with its zone: 2019-04-20T06:00+02:00")
        parser.add_argument("--protocol", help="country protocol code, e.g. kosovo")
        parser.add_argument("--municipality", default="", help="where the people are received")
        parser.add_argument("--encoding", help="the file's encoding when it is not UTF-8, e.g. cp1250")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        arrival = None
        if options["arrival"]:
            try:
                arrival = parse_moment(options["arrival"])
            except ValueError as exc:
                raise CommandError(f"--arrival: {exc}") from exc
        manifest = parse_manifest(data, path.name, encoding=options["encoding"])
        for warning in manifest.warnings:
            self.stderr.write(f"{path}: warning: {warning}")
        if not manifest.ok:
            for problem in manifest.errors:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(manifest.errors)} problem(s); nothing was imported.")
        try:
            with transaction.atomic():
                operation = self._operation(options, arrival)
                result = services.manifest_import(
                    actor=None, operation=operation, data=data, filename=path.name,
                    encoding=options["encoding"], channel="cli", manifest=manifest,
                )
        except services.ManifestRejected as exc:
            for problem in exc.manifest.errors:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(exc.manifest.errors)} problem(s); nothing was imported.") from exc
        except services.ReceptionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{operation.name}: {len(result.members)} people imported, {result.steps} steps, "
            f"{result.candidates} registry candidates to review."
        )

    def _operation(self, options, arrival) -> Operation:
        operation = Operation.objects.filter(name=options["operation"]).first()
        if operation is None:
            if arrival is None or not options["protocol"]:
                raise CommandError("A new operation needs --arrival and --protocol.")
            operation = services.operation_create(
                actor=None, name=options["operation"], arrival_at=arrival, protocol=options["protocol"],
                municipality=options["municipality"], channel="cli",
            )
            if arrival <= timezone.now():
                services.operation_arrive(actor=None, operation=operation, channel="cli")
            return operation
        if options["protocol"] and options["protocol"] != operation.protocol:
            raise CommandError(f"{operation.name} follows the protocol {operation.protocol}, not {options['protocol']}.")
        if arrival is not None and arrival != operation.arrival_at:
            raise CommandError(f"{operation.name} arrives at {operation.arrival_at.isoformat()}, not {arrival.isoformat()}.")
        return operation
