"""reintegra check_protocols [FILE ...]: validate protocol files (the shipped ones by default)."""

from django.core.management.base import BaseCommand, CommandError

from reintegra.reception.protocols import PROTOCOL_DIR, ProtocolError, load_protocol_file


class Command(BaseCommand):
    help = "Validate country protocol files; print file:line: reason for each problem."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*")

    def handle(self, *args, **options):
        files = options["files"] or sorted(str(p) for p in PROTOCOL_DIR.glob("*.yaml"))
        problems = 0
        for path in files:
            try:
                protocol = load_protocol_file(path)
            except ProtocolError as exc:
                for error in exc.errors:
                    self.stderr.write(error)
                problems += len(exc.errors)
                continue
            self.stdout.write(f"{path}: {protocol.code}, {len(protocol.steps)} steps, follows "
                              f"{protocol.source_file} ({protocol.source_section})")
        if problems:
            raise CommandError(f"{problems} problem(s).")
