"""reintegra load_instrument_text INSTRUMENT FILE: load licensed item wording into the database.

The file is one you hold a licence for; it stays outside the repository. CSV with the
columns code,label[,guidance], or YAML `items: {CODE: {label: ..., guidance: ...}}`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegra.assessments.services import AssessmentInputError, instrument_text_load


class Command(BaseCommand):
    help = "Load the licensed wording of an instrument's items (e.g. VERA-2R) from a file into the database."

    def add_arguments(self, parser):
        parser.add_argument("instrument", help="instrument code, e.g. VERA-2R or ERG22+")
        parser.add_argument("file", help="CSV (code,label,guidance) or YAML (items: {CODE: {label, guidance}})")
        parser.add_argument("--instrument-version", type=int, default=None, dest="instrument_version",
                            help="instrument version (default: the latest)")
        parser.add_argument("--language", default="en", help="language of the wording: en, sq or sr-latn")

    def handle(self, *args, **options):
        try:
            count = instrument_text_load(
                instrument_code=options["instrument"], path=Path(options["file"]),
                version=options["instrument_version"], language=options["language"],
            )
        except AssessmentInputError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded the wording of {count} items of {options['instrument']} ({options['language']}).")
