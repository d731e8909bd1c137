"""reintegra load_instruments [FILE ...]: load instrument files as versioned rows.

Without files, every shipped file under assessments/instruments/ that is not yet in the
database. A file that does not validate is refused with file, line and reason, and
nothing is loaded.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegra.assessments.instruments import InstrumentFileError
from reintegra.assessments.services import instruments_sync


class Command(BaseCommand):
    help = "Validate and load instrument files (default: the shipped ones) as versioned rows."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="instrument YAML files (default: the shipped ones)")
        parser.add_argument("--check", action="store_true", help="validate only; load nothing")

    def handle(self, *args, **options):
        from reintegra.assessments import instruments

        paths = [Path(f) for f in options["files"]] or None
        try:
            if options["check"]:
                found = [instruments.read_instrument_file(p) for p in paths] if paths else instruments.shipped_instruments()
                self.stdout.write(f"{len(found)} instrument files validate.")
                return
            created = instruments_sync(paths=paths)
        except InstrumentFileError as exc:
            raise CommandError("\n" + "\n".join(exc.problems)) from exc
        for instrument in created:
            self.stdout.write(f"Loaded {instrument.code} version {instrument.version}.")
        if not created:
            self.stdout.write("Nothing new to load.")
